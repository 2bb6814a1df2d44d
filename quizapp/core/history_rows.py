"""Review-history files for `quizapp import`: the records they are read into, and the checks
every field passes, each failure naming the line (or JSON index) it came from.

A file is read as a stream of `Imported` records; nothing here knows the database. The
readers are quizapp/core/history_csv.py (quizapp's CSV export and the FSRS optimizer's
layout) and history_json.py (quizapp's JSON export).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _

# Cards of other apps' history (the FSRS optimizer's CSV) live in this deck. Deck names are
# slugs, so no deck file can ever take this name; the row is created removed, never studied.
IMPORTED_DECK = "_imported"
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
FOREIGN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")  # an Anki card id, a UUID...
INT_MAX = 2**31 - 1  # PostgreSQL's INTEGER
# No review predates 1980 or follows 2200 (a time in seconds read as milliseconds falls in
# 1970); a due date may be up to 100 years after one.
EARLIEST, LATEST, LATEST_DUE = datetime(1980, 1, 1), datetime(2200, 1, 1), datetime(2400, 1, 1)


class Imported(NamedTuple):
    """One answer read from a file; None where the file has no value."""

    line: int  # CSV line, or index in the JSON "reviews" list
    card: str  # deck/id
    at: datetime  # naive UTC
    kind: str  # review | drill
    quality: int
    suggested: int | None = None
    correct: bool | None = None
    response_ms: int | None = None
    slip: str | None = None
    rating: int | None = None
    scheduler: str | None = None
    interval_after: int | None = None
    ease_after: int | None = None  # hundredths
    due_after: datetime | None = None
    memory: tuple[float | None, float | None] | None = None  # None: not in the file
    day: int | None = None  # local day ordinal as logged; None: from `at` here


class CardFlags(NamedTuple):
    """A card's state from the JSON export's "cards" list: what the log cannot rebuild."""

    position: int  # in the "cards" list
    card: str
    kind: str | None
    suspended: bool
    buried_until: datetime | None
    leech: bool
    due: datetime | None
    last_review: datetime | None


class Problem(ValueError):
    """One field is not usable; the reader adds the file and line."""


class BadHistory(InvalidInput):
    """A history file that cannot be imported: nothing was written."""


def integer(value: Any, name: str, low: int, high: int, empty: bool = True) -> int | None:
    """An integer from CSV text or a JSON number, within [low, high]."""
    if value is None or value == "":
        if empty:
            return None
        raise Problem(_("{field} is empty").format(field=name))
    if isinstance(value, str):
        try:
            number = int(value)
        except ValueError:
            raise Problem(_("{field} {value!r} is not a whole number").format(
                field=name, value=value[:40])) from None
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raise Problem(_("{field} {value!r} is not a whole number").format(
            field=name, value=str(value)[:40]))
    if not low <= number <= high:
        raise Problem(_("{field} {value} is not within {low}-{high}").format(
            field=name, value=number, low=low, high=high))
    return number


def number(value: Any, name: str, low: float, high: float) -> float | None:
    """A finite float within [low, high], or None for an empty field."""
    if value is None or value == "":
        return None
    try:
        result = float(value) if isinstance(value, str | int | float) else math.nan
    except ValueError:
        result = math.nan
    if isinstance(value, bool) or not (math.isfinite(result) and low <= result <= high):
        raise Problem(_("{field} {value!r} is not a number within {low}-{high}").format(
            field=name, value=str(value)[:40], low=low, high=high))
    return result


def instant(value: Any, name: str, latest: datetime = LATEST,
            empty: bool = False) -> datetime | None:
    """An ISO 8601 time with a zone ('...Z' as exported), as naive UTC."""
    if empty and (value is None or value == ""):
        return None
    if not isinstance(value, str):
        raise Problem(_("{field} is missing").format(field=name))
    try:
        if value.endswith("Z"):  # the export's own form: UTC, read without converting
            parsed = datetime.fromisoformat(value[:-1])
            if parsed.tzinfo is not None:  # '...+01:00Z' names two zones
                raise ValueError(value)
            if EARLIEST <= parsed < latest:
                return parsed
            parsed = parsed.replace(tzinfo=UTC)
        else:
            parsed = datetime.fromisoformat(value)
    except ValueError:
        raise Problem(_("{field} {value!r} is not an ISO 8601 time").format(
            field=name, value=value[:40])) from None
    if parsed.tzinfo is None:
        raise Problem(_("{field} {value!r} has no time zone (end it with Z for UTC)").format(
            field=name, value=value[:40]))
    at = parsed.astimezone(UTC).replace(tzinfo=None)
    if not EARLIEST <= at < latest:
        raise Problem(_("{field} {value!r} is not between {low} and {high}").format(
            field=name, value=value[:40], low=EARLIEST.year, high=latest.year))
    return at


def local_date(value: Any, at: datetime) -> int | None:
    """The logged local day; it can differ from the UTC date by one day at most."""
    if value is None or value == "":
        return None
    try:
        day = date.fromisoformat(value).toordinal() if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or abs(day - at.date().toordinal()) > 1:
        raise Problem(_("day {value!r} is not the date of {time}").format(
            value=str(value)[:40], time=at.isoformat()))
    return day


def card_key(card: Any, deck: Any) -> str:
    """'deck/id' whose deck part is `deck`: a slug id, or any id in the imported deck."""
    if not isinstance(card, str) or not isinstance(deck, str):
        raise Problem(_("card and deck must both be given"))
    head, slash, tail = card.partition("/")
    pattern = FOREIGN_ID if head == IMPORTED_DECK else SLUG
    if not slash or head != deck or not pattern.fullmatch(tail):
        raise Problem(_("card {card!r} is not {deck}/ID").format(card=card[:120],
                                                                 deck=deck[:80]))
    return card


def choice(value: Any, name: str, allowed: tuple[str, ...], empty: bool = True) -> str | None:
    if empty and (value is None or value == ""):
        return None
    if value not in allowed:
        raise Problem(_("{field} {value!r} is not one of {allowed}").format(
            field=name, value=str(value)[:40], allowed=", ".join(allowed)))
    return str(value)


def slip_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise Problem(_("slip {value!r} is not a slip id").format(value=str(value)[:40]))
    return value


def answer(line: int, f: dict[str, Any], memory: bool) -> Imported:
    """One row of quizapp's own export (CSV text or JSON values) as a record; `memory`: the
    file has the FSRS columns (an export older than them does not)."""
    at = instant(f.get("time"), "time")
    assert at is not None
    correct = f.get("correct")
    if correct is None or correct == "" or isinstance(correct, bool):
        ok = correct if isinstance(correct, bool) else None
    elif correct in ("0", "1"):
        ok = correct == "1"
    else:
        raise Problem(_("correct {value!r} is not 1, 0 or empty").format(value=str(correct)[:40]))
    ease = number(f.get("ease_after"), "ease_after", 0, 100)
    quality = integer(f.get("quality"), "quality", 0, 5, empty=False)
    assert quality is not None
    return Imported(  # by position, in the fields' order: keywords cost 1 us a row
        line, card_key(f.get("card"), f.get("deck")), at,
        str(choice(f.get("kind"), "kind", ("review", "drill"), empty=False)), quality,
        integer(f.get("suggested"), "suggested", 0, 5), ok,
        integer(f.get("response_ms"), "response_ms", 0, INT_MAX), slip_id(f.get("slip")),
        integer(f.get("rating"), "rating", 1, 4),
        choice(f.get("scheduler"), "scheduler", ("sm2", "fsrs")),
        integer(f.get("interval_after"), "interval_after", 0, INT_MAX),
        None if ease is None else round(ease * 100),
        instant(f.get("due_after"), "due_after", LATEST_DUE, empty=True),
        (number(f.get("stability_after"), "stability_after", 0, 1e9),
         number(f.get("difficulty_after"), "difficulty_after", 0, 11)) if memory else None,
        local_date(f.get("day"), at),
    )


class Source:
    """An open history file: its records streamed by `reviews()`; `cards`, `scheduler` and
    `exported_at` are filled in once `reviews()` is exhausted (JSON keeps them after)."""

    format = ""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cards: list[CardFlags] = []
        self.scheduler: dict[str, Any] | None = None
        self.exported_at: datetime | None = None

    def reviews(self) -> Iterator[Imported]:
        raise NotImplementedError

    def bad(self, line: int, problem: str) -> BadHistory:
        return BadHistory(_("{file}, line {line}: {problem}").format(
            file=self.name, line=line, problem=problem))

    def bad_card(self, index: int, problem: str) -> BadHistory:
        return BadHistory(_("{file}, cards[{index}]: {problem}").format(
            file=self.name, index=index, problem=problem))
