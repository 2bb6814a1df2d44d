"""Database health: integrity checks, and card states compared with a replay of the review log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from quizapp.core.rebuild import LoggedReview, rebuild
from quizapp.store.models import CardRow, ReviewRow

COMPARED = ("repetitions", "ease", "interval", "due", "lapses")


@dataclass(frozen=True)
class Difference:
    """One card whose stored state disagrees with its review log."""

    card_id: int
    key: str
    stored: dict[str, object]
    rebuilt: dict[str, object]

    def describe(self) -> str:
        changed = [f"{name} {self.stored[name]} -> {self.rebuilt[name]}"
                   for name in COMPARED if self.stored[name] != self.rebuilt[name]]
        return f"{self.key}: " + ", ".join(changed)


@dataclass
class Report:
    integrity: list[str] = field(default_factory=list)  # empty: the database is sound
    cards_checked: int = 0
    differences: list[Difference] = field(default_factory=list)
    fixed: int = 0

    @property
    def healthy(self) -> bool:
        return not self.integrity and len(self.differences) == self.fixed


def integrity_problems(s: Session) -> list[str]:
    """SQLite's own page-level check plus foreign keys; on PostgreSQL, orphaned rows only
    (the server keeps its pages consistent itself)."""
    problems: list[str] = []
    if s.get_bind().dialect.name == "sqlite":
        result = [str(row[0]) for row in s.execute(text("PRAGMA integrity_check"))]
        problems += [line for line in result if line != "ok"]
        problems += [f"review log row {row[1]} points at a missing {row[2]} row"
                     for row in s.execute(text("PRAGMA foreign_key_check"))]
    else:
        orphans = s.scalar(
            select(ReviewRow.id).where(~ReviewRow.card_id.in_(select(CardRow.id))).limit(1)
        )
        if orphans is not None:
            problems.append(f"review {orphans} points at a missing card")
    return problems


def _logged(s: Session) -> Iterator[tuple[int, list[LoggedReview]]]:
    """Every card's log rows, streamed in card order so memory stays flat at any size."""
    query = select(
        ReviewRow.card_id, ReviewRow.id, ReviewRow.at, ReviewRow.kind, ReviewRow.quality,
        ReviewRow.undoes, ReviewRow.reps_after, ReviewRow.ease_after, ReviewRow.interval_after,
        ReviewRow.due_after,
    ).order_by(ReviewRow.card_id, ReviewRow.id)
    rows = s.execute(query.execution_options(yield_per=10_000))
    for card_id, group in groupby(rows, key=lambda r: r[0]):
        yield card_id, [
            LoggedReview(id=r.id, at=r.at, kind=r.kind, quality=r.quality, undoes=r.undoes,
                         reps_after=r.reps_after, ease_after=r.ease_after,
                         interval_after=r.interval_after, due_after=r.due_after)
            for r in group
        ]


def _stored(row: CardRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in COMPARED}


def check_states(s: Session) -> tuple[int, list[Difference]]:
    """(cards checked, cards whose stored state differs from the replayed log)."""
    cards = {c.id: c for c in s.scalars(select(CardRow))}
    differences = []

    def compare(card_id: int, events: list[LoggedReview]) -> None:
        row = cards[card_id]
        rebuilt, stored = rebuild(events).fields(), _stored(row)
        if stored != rebuilt:
            differences.append(Difference(card_id, row.key, stored, rebuilt))

    replayed = set()
    for card_id, events in _logged(s):
        replayed.add(card_id)
        compare(card_id, events)
    for card_id in cards.keys() - replayed:
        compare(card_id, [])  # never reviewed: must still look like a new card
    differences.sort(key=lambda d: d.card_id)
    return len(cards), differences


def repair(s: Session, differences: list[Difference]) -> int:
    """Write the replayed state over the stored one; the log itself is never changed."""
    for diff in differences:
        s.execute(update(CardRow).where(CardRow.id == diff.card_id).values(**diff.rebuilt))
    return len(differences)


def examine(s: Session, fix: bool = False) -> Report:
    """Check everything; with `fix`, repair card states in the caller's transaction."""
    report = Report(integrity=integrity_problems(s))
    report.cards_checked, report.differences = check_states(s)
    if fix and report.differences:
        report.fixed = repair(s, report.differences)
    return report

