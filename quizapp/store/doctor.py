"""Database health: integrity checks, and card states (SM-2 and FSRS) compared with a replay of
the review log."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from quizapp.core.fsrs_model import FsrsConfig
from quizapp.core.rebuild import LoggedReview, rebuild
from quizapp.store.history import logged
from quizapp.store.models import CardRow, ReviewRow

COMPARED = ("repetitions", "ease", "interval", "due", "lapses", "stability", "difficulty")
FsrsFor = Callable[[str], "FsrsConfig | None"]  # deck name -> its FSRS config, None: SM-2


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):  # a database round trip of a double
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


@dataclass(frozen=True)
class Difference:
    """One card whose stored state disagrees with its review log."""

    card_id: int
    key: str
    stored: dict[str, object]
    rebuilt: dict[str, object]

    def describe(self) -> str:
        changed = [f"{name} {self.stored[name]} -> {self.rebuilt[name]}"
                   for name in COMPARED if not _same(self.stored[name], self.rebuilt[name])]
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


def _stored(row: CardRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in COMPARED}


def check_states(s: Session, fsrs_for: FsrsFor = lambda deck: None
                 ) -> tuple[int, list[Difference]]:
    """(cards checked, cards whose stored state differs from the replayed log); `fsrs_for`
    names the decks scheduled by FSRS, whose cards' memory states are replayed too."""
    cards = {c.id: c for c in s.scalars(select(CardRow))}
    differences = []

    def compare(card_id: int, events: list[LoggedReview]) -> None:
        row = cards[card_id]
        rebuilt, stored = rebuild(events, fsrs_for(row.deck)).fields(), _stored(row)
        if not all(_same(stored[name], rebuilt[name]) for name in COMPARED):
            differences.append(Difference(card_id, row.key, stored, rebuilt))

    replayed = set()
    for card_id, events in logged(s):
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


def examine(s: Session, fix: bool = False, fsrs_for: FsrsFor = lambda deck: None) -> Report:
    """Check everything; with `fix`, repair card states in the caller's transaction."""
    report = Report(integrity=integrity_problems(s))
    report.cards_checked, report.differences = check_states(s, fsrs_for)
    if fix and report.differences:
        report.fixed = repair(s, report.differences)
    return report

