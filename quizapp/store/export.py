"""The review log as CSV or JSON, streamed in batches so a million reviews never sit in memory."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO, TypeVar

from sqlalchemy import Integer, Select, String, case, cast, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from quizapp.store import scheduling
from quizapp.store.models import CardRow, ReviewRow
from quizapp.store.repo import answers

# The CSV header, in order; the README documents each column. Columns are only ever added
# at the end, so a script reading the first twelve by position keeps working.
COLUMNS = (
    "review_id", "time", "card", "deck", "kind", "quality", "suggested", "correct",
    "response_ms", "interval_after", "ease_after", "slip",
    # Added with import (what an exact restore needs that the first twelve lack):
    "rating", "scheduler", "due_after", "stability_after", "difficulty_after", "day",
)
BATCH = 20_000
Q = TypeVar("Q", bound=Select)


@dataclass(frozen=True)
class Filter:
    since: date | None = None  # the learner's local calendar day, inclusive
    decks: Sequence[str] = ()

    def apply(self, query: Q) -> Q:
        # The same rows `quizapp stats` counts, read in id order straight from the table.
        query = query.where(*answers(whole_log=True))
        if self.since is not None:
            query = query.where(ReviewRow.day >= self.since.toordinal())
        return query


def _time(value: datetime | None) -> str | None:
    """Naive UTC from the store, written unambiguously as UTC, always with microseconds."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if value is not None else None


def _csv_field(text: str) -> str:
    """Deck and card ids are slugs, but a hand-edited database must still give valid CSV."""
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


class _Days(dict[int, str]):
    """Day ordinal -> 'YYYY-MM-DD', each computed once: a log has a few thousand days."""

    def __missing__(self, day: int) -> str:
        self[day] = text = date.fromordinal(day).isoformat()
        return text


class _Eases(dict[int, str]):
    """Ease in hundredths -> '2.50', each computed once (a dict hit is 0.3 s cheaper at 1M
    rows than formatting): a log has a few dozen distinct eases."""

    def __missing__(self, ease: int) -> str:
        self[ease] = text = f"{ease // 100}.{ease % 100:02d}"
        return text


def _iso(conn: Any, column: Any) -> Any:
    """A timestamp column as 'YYYY-MM-DDTHH:MM:SS.ffffffZ', formatted by the database: SQLite
    stores exactly 'YYYY-MM-DD HH:MM:SS.ffffff', and the server's to_char costs nothing."""
    if conn.dialect.name == "sqlite":
        return func.replace(type_coerce(column, String), " ", "T").concat(literal("Z"))
    return func.to_char(column, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')


def card_names(s: Session, where: Filter) -> dict[int, tuple[str, str]]:
    """card id -> (key, deck) for the cards in scope; the deck filter is applied here."""
    query = select(CardRow.id, CardRow.key, CardRow.deck)
    if where.decks:
        query = query.where(CardRow.deck.in_(list(where.decks)))
    return {card_id: (key, deck) for card_id, key, deck in s.execute(query)}


def reviews(s: Session, where: Filter) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of raw log rows in the order they were written: (id, time as ISO text, card id,
    kind, quality, suggested, correct as 0/1, response ms, interval after, ease after, the id
    of the known slip that fired, rating, scheduler, due after as ISO text, stability after,
    difficulty after, local day ordinal).

    This reads through the driver's own cursor: SQLAlchemy's per-row result processing costs
    more than the query itself at a million rows (the CSV budget is 3 s). Joining the card
    names in Python is cheaper than SQL's per-row lookup for the same reason. Every value
    is rendered by SQLAlchemy's literal compiler; none comes from the user as text.
    """
    conn = s.connection()
    query = where.apply(select(
        ReviewRow.id, _iso(conn, ReviewRow.at), ReviewRow.card_id, ReviewRow.kind,
        ReviewRow.quality, ReviewRow.suggested, cast(ReviewRow.correct, Integer),
        ReviewRow.response_ms, ReviewRow.interval_after, ReviewRow.ease_after, ReviewRow.slip,
        ReviewRow.rating, ReviewRow.scheduler, _iso(conn, ReviewRow.due_after),
        ReviewRow.stability_after, ReviewRow.difficulty_after, ReviewRow.day,
    )).order_by(ReviewRow.id)
    sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
    driver = conn.connection.driver_connection
    assert driver is not None
    # A named cursor on PostgreSQL streams from the server instead of loading every row.
    cursor = driver.cursor() if conn.dialect.name == "sqlite" else driver.cursor("export")
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(BATCH):
            yield batch
    finally:
        cursor.close()


def write_csv(s: Session, out: TextIO, where: Filter) -> int:
    """One header row, then one row per answer; returns the number of data rows."""
    names = {cid: f"{_csv_field(key)},{_csv_field(deck)}"
             for cid, (key, deck) in card_names(s, where).items()}
    days, eases = _Days(), _Eases()
    out.write(",".join(COLUMNS) + "\n")
    count = 0
    for batch in reviews(s, where):
        lines = [
            # Inline conditionals, not a helper: four calls per row cost 0.3 s at 1M rows.
            # A float is written as repr() writes it, the shortest text that reads back exact.
            f"{rid},{at},{names[cid]},{kind},{'' if q is None else q},"
            f"{'' if sug is None else sug},{'' if ok is None else ok},"
            f"{'' if ms is None else ms},{interval},{eases[ease]},"
            f"{'' if slip is None else _csv_field(slip)},{'' if rating is None else rating},"
            f"{'' if sched is None else sched},{'' if due is None else due},"
            f"{'' if st is None else st},{'' if df is None else df},{days[day]}\n"
            for rid, at, cid, kind, q, sug, ok, ms, interval, ease, slip, rating, sched, due,
            st, df, day in batch
            if cid in names
        ]
        out.write("".join(lines))
        count += len(lines)
    return count


def _review_json(s: Session, where: Filter) -> Iterator[dict[str, Any]]:
    names, days = card_names(s, where), _Days()
    for batch in reviews(s, where):
        for (rid, at, cid, kind, q, sug, ok, ms, interval, ease, slip, rating, sched, due,
             st, df, day) in batch:
            if cid in names:
                yield {
                    "review_id": rid, "time": at, "card": names[cid][0],
                    "deck": names[cid][1], "kind": kind, "quality": q, "suggested": sug,
                    "correct": None if ok is None else bool(ok), "response_ms": ms,
                    "interval_after": interval, "ease_after": ease / 100, "slip": slip,
                    "rating": rating, "scheduler": sched, "due_after": due,
                    "stability_after": st, "difficulty_after": df, "day": days[day],
                }


def card_states(s: Session, where: Filter) -> Iterator[dict[str, Any]]:
    query = select(CardRow).order_by(CardRow.id)
    if where.decks:
        query = query.where(CardRow.deck.in_(list(where.decks)))
    for c in s.scalars(query.execution_options(yield_per=BATCH)):
        yield {
            "card": c.key, "deck": c.deck, "repetitions": c.repetitions, "ease": c.ease / 100,
            "interval": c.interval, "due": _time(c.due), "lapses": c.lapses, "leech": c.leech,
            "suspended": c.suspended, "retired": c.retired, "last_review": _time(c.last_review),
            "kind": c.kind, "buried_until": _time(c.buried_until), "stability": c.stability,
            "difficulty": c.difficulty,
        }


def daily_totals(s: Session, where: Filter) -> list[dict[str, Any]]:
    """Answers per local calendar day: all of them, new cards, and those graded 3 or more."""
    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = where.apply(
        select(ReviewRow.day, func.count(), count(ReviewRow.was_new.is_(True)),
               count(ReviewRow.quality >= 3))
    ).group_by(ReviewRow.day).order_by(ReviewRow.day)
    if where.decks:
        in_decks = select(CardRow.id).where(CardRow.deck.in_(list(where.decks)))
        query = query.where(ReviewRow.card_id.in_(in_decks))
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


def scheduler_settings(s: Session) -> dict[str, Any]:
    """The scheduling choices card states are replayed under, so an import can restore them."""
    c = scheduling.choices(s)
    return {"default": c.default, "decks": dict(c.by_deck), "desired_retention": c.retention,
            "parameters": list(c.parameters) if c.parameters else None, "fitted": c.fitted}


def write_json(s: Session, out: TextIO, where: Filter, now: datetime) -> int:
    """One JSON object: the filters and scheduler settings, every answer, each card's state,
    and daily totals."""
    header = {"exported_at": _time(now), "since": where.since.isoformat() if where.since else None,
              "decks": list(where.decks) or None, "scheduler": scheduler_settings(s)}
    out.write("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in header.items()))
    out.write(",\n")
    count = _stream_list(out, "reviews", _review_json(s, where))
    out.write(",\n")
    _stream_list(out, "cards", card_states(s, where))
    out.write(",\n")
    _stream_list(out, "daily", iter(daily_totals(s, where)))
    out.write("\n}\n")
    return count
