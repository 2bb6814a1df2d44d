"""The review log as CSV or JSON, streamed so a million reviews never sit in memory at once."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from quizapp.store.models import CardRow, ReviewRow

# The CSV header, in order; the README documents each column.
COLUMNS = (
    "review_id", "time", "card", "deck", "kind", "quality", "suggested", "correct",
    "response_ms", "interval_after", "ease_after",
)
ANSWERS = ("review", "drill")  # undo rows are bookkeeping, not answers
BATCH = 20_000


@dataclass(frozen=True)
class Filter:
    since: date | None = None  # the learner's local calendar day, inclusive
    decks: Sequence[str] = ()

    def apply(self, query: Select[Any]) -> Select[Any]:
        query = query.where(ReviewRow.kind.in_(ANSWERS))
        if self.since is not None:
            query = query.where(ReviewRow.day >= self.since.toordinal())
        if self.decks:
            query = query.where(CardRow.deck.in_(list(self.decks)))
        return query


def _time(value: datetime | None) -> str | None:
    """Naive UTC from the store, written unambiguously as UTC."""
    return value.isoformat() + "Z" if value is not None else None


def _ease(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def reviews(s: Session, where: Filter) -> Iterator[tuple[Any, ...]]:
    """Review-log rows in the order they were written, joined with their card and deck."""
    query = where.apply(
        select(
            ReviewRow.id, ReviewRow.at, CardRow.key, CardRow.deck, ReviewRow.kind,
            ReviewRow.quality, ReviewRow.suggested, ReviewRow.correct, ReviewRow.response_ms,
            ReviewRow.interval_after, ReviewRow.ease_after,
        ).join(CardRow, CardRow.id == ReviewRow.card_id)
    ).order_by(ReviewRow.id)
    for partition in s.execute(query.execution_options(yield_per=BATCH)).partitions():
        yield from partition


def write_csv(s: Session, out: TextIO, where: Filter) -> int:
    """One header row, then one row per answer; returns the number of data rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for rid, at, key, deck, kind, quality, suggested, correct, ms, interval, ease in reviews(
        s, where
    ):
        flag = "" if correct is None else int(correct)
        writer.writerow((rid, _time(at), key, deck, kind, quality, suggested, flag, ms,
                         interval, _ease(ease)))
        count += 1
    return count


def _review_json(row: tuple[Any, ...]) -> dict[str, Any]:
    record = dict(zip(COLUMNS, row, strict=True))
    record["time"] = _time(record["time"])
    record["ease_after"] = record["ease_after"] / 100
    return record


def card_states(s: Session, where: Filter) -> Iterator[dict[str, Any]]:
    query = select(CardRow).order_by(CardRow.id)
    if where.decks:
        query = query.where(CardRow.deck.in_(list(where.decks)))
    for c in s.scalars(query.execution_options(yield_per=BATCH)):
        yield {
            "card": c.key, "deck": c.deck, "repetitions": c.repetitions, "ease": c.ease / 100,
            "interval": c.interval, "due": _time(c.due), "lapses": c.lapses, "leech": c.leech,
            "suspended": c.suspended, "retired": c.retired, "last_review": _time(c.last_review),
        }


def daily_totals(s: Session, where: Filter) -> list[dict[str, Any]]:
    """Answers per local calendar day: all of them, new cards, and those graded 3 or more."""
    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = where.apply(
        select(ReviewRow.day, func.count(), count(ReviewRow.was_new.is_(True)),
               count(ReviewRow.quality >= 3))
        .join(CardRow, CardRow.id == ReviewRow.card_id)
    ).group_by(ReviewRow.day).order_by(ReviewRow.day)
    return [
        {"date": date.fromordinal(day).isoformat(), "reviews": int(n), "new": int(new),
         "graded_3_or_more": int(good)}
        for day, n, new, good in s.execute(query)
    ]


def _stream_list(out: TextIO, name: str, items: Iterator[dict[str, Any]]) -> int:
    out.write(f'  "{name}": [')
    count = 0
    for item in items:
        out.write(("\n    " if count == 0 else ",\n    ") + json.dumps(item, ensure_ascii=False))
        count += 1
    out.write("\n  ]" if count else "]")
    return count


def write_json(s: Session, out: TextIO, where: Filter, now: datetime) -> int:
    """One JSON object: the filters, every answer, each card's state, and daily totals."""
    header = {"exported_at": _time(now), "since": where.since.isoformat() if where.since else None,
              "decks": list(where.decks) or None}
    out.write("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in header.items()))
    out.write(",\n")
    count = _stream_list(out, "reviews", (_review_json(r) for r in reviews(s, where)))
    out.write(",\n")
    _stream_list(out, "cards", card_states(s, where))
    out.write(",\n")
    _stream_list(out, "daily", iter(daily_totals(s, where)))
    out.write("\n}\n")
    return count
