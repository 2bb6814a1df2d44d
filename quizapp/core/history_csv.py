"""The two CSV layouts `quizapp import` reads: quizapp's own export, and the FSRS optimizer's
review log (card_id, review_time in epoch milliseconds, review_rating 1-4, review_duration
in milliseconds), both streamed row by row."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from quizapp.core.history_rows import (
    EARLIEST,
    FOREIGN_ID,
    IMPORTED_DECK,
    INT_MAX,
    LATEST,
    Imported,
    Problem,
    Source,
    answer,
    integer,
)
from quizapp.core.i18n import _

# quizapp's export: the first twelve columns are required (every export has them), the
# later ones optional (an export made before they were added lacks them).
APP_COLUMNS = ("review_id", "time", "card", "deck", "kind", "quality", "suggested", "correct",
               "response_ms", "interval_after", "ease_after", "slip")
APP_LATER = ("rating", "scheduler", "due_after", "stability_after", "difficulty_after", "day")
FSRS_COLUMNS = ("card_id", "review_time", "review_rating")
FSRS_LATER = ("review_state", "review_duration")  # review_state is read past: we replay
EPOCH = datetime(1970, 1, 1)
EARLIEST_MS = int((EARLIEST - EPOCH).total_seconds() * 1000)
LATEST_MS = int((LATEST - EPOCH).total_seconds() * 1000)


def layout(header: list[str]) -> str | None:
    """Which of the two layouts a header row is, None for neither."""
    names = set(header)
    if {"review_id", "time", "card"} <= names:
        return QuizappCsv.format
    if {"card_id", "review_time"} <= names:
        return FsrsCsv.format
    return None


class _Csv(Source):
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def __init__(self, name: str, reader: Any, header: list[str]) -> None:
        super().__init__(name)
        self.reader, self.header = reader, header
        unknown = [c for c in header if c not in self.required + self.optional]
        missing = [c for c in self.required if c not in header]
        if unknown or missing or len(set(header)) != len(header):
            raise self.bad(1, _("this {layout} header has {unknown} (unknown) and lacks "
                                "{missing}; expected {columns}").format(
                layout=self.format, unknown=", ".join(unknown) or "-",
                missing=", ".join(missing) or "-",
                columns=",".join(self.required + self.optional)))

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, fields) of every non-empty row; a malformed one stops the import."""
        reader = self.reader
        line = 1
        try:
            for row in reader:
                line = reader.line_num  # the row's last physical line (quoted newlines)
                if not row:
                    continue
                if len(row) != len(self.header):
                    raise self.bad(line, _("{n} fields where the header has {m}").format(
                        n=len(row), m=len(self.header)))
                yield line, row
        except UnicodeDecodeError:
            raise self.bad(line + 1, _("not UTF-8 text")) from None
        except csv.Error as exc:
            raise self.bad(line + 1, _("not valid CSV ({why})").format(why=exc)) from None


class QuizappCsv(_Csv):
    format = "quizapp-csv"
    required, optional = APP_COLUMNS, APP_LATER

    def reviews(self) -> Iterator[Imported]:
        header = self.header
        memory = "stability_after" in header and "difficulty_after" in header
        for line, row in self.rows():
            try:
                yield answer(line, dict(zip(header, row, strict=True)), memory)
            except Problem as problem:
                raise self.bad(line, str(problem)) from None


class FsrsCsv(_Csv):
    """Another app's history: each card becomes _imported/<card_id>. Rows are sorted by time
    (the layout promises no order), so the whole file is read before the first is given."""

    format = "fsrs-csv"
    required, optional = FSRS_COLUMNS, FSRS_LATER

    def reviews(self) -> Iterator[Imported]:
        at = {name: i for i, name in enumerate(self.header)}
        card, time, rating = (at[name] for name in FSRS_COLUMNS)
        duration = at.get("review_duration")
        ids: dict[str, str] = {}  # one string per card, not one per row
        rows: list[tuple[int, int, str, int, int | None]] = []
        for line, row in self.rows():
            try:
                if not FOREIGN_ID.fullmatch(row[card]):
                    raise Problem(_("card_id {value!r} is not an id (letters, digits and "
                                    "._:- up to 100)").format(value=row[card][:40]))
                ms = integer(row[time], "review_time", EARLIEST_MS, LATEST_MS, empty=False)
                grade = integer(row[rating], "review_rating", 1, 4, empty=False)
                spent = None if duration is None else integer(
                    row[duration], "review_duration", 0, INT_MAX)
            except Problem as problem:
                raise self.bad(line, str(problem)) from None
            assert ms is not None and grade is not None
            rows.append((ms, line, ids.setdefault(row[card], row[card]), grade, spent))
        rows.sort()
        for ms, line, card_id, grade, spent in rows:
            # srs-benchmark's SM-2 mapping: Again 2, Hard 3, Good 4, Easy 5.
            yield Imported(line=line, card=f"{IMPORTED_DECK}/{card_id}",
                           at=EPOCH + timedelta(milliseconds=ms), kind="review",
                           quality=grade + 1, rating=grade, scheduler="sm2", response_ms=spent)


def open_csv(name: str, lines: Iterable[str]) -> Source:
    """The reader for a CSV file's layout; an unknown layout is a BadHistory."""
    reader = csv.reader(lines)
    try:
        header = next(reader, [])
    except (UnicodeDecodeError, csv.Error):
        header = []
    kind = {QuizappCsv.format: QuizappCsv, FsrsCsv.format: FsrsCsv}.get(layout(header) or "")
    if kind is None:
        raise Source(name).bad(1, _(
            "unknown format: expected quizapp's export (stats --export, CSV or JSON) or the "
            "FSRS optimizer's CSV (card_id,review_time,review_rating,review_duration)"))
    return kind(name, reader, header)
