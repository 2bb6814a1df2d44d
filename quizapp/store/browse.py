"""The card browser's queries: every live card with its state, and suspending one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from quizapp.store.models import CardRow
from quizapp.store.stats import MATURE_DAYS

STATES = ("new", "learning", "due", "suspended", "buried", "leech")
LEARNING_DAYS = 6  # the same line as stats: below the second SM-2 step a card is learning


@dataclass(frozen=True)
class CardState:
    """One card's scheduling state as the browser lists it."""

    key: str
    deck: str
    kind: str
    suspended: bool
    leech: bool
    due: datetime | None
    ease: int  # hundredths
    interval: int
    lapses: int
    buried_until: datetime | None = None

    def buried(self, now: datetime) -> bool:
        return self.buried_until is not None and self.buried_until > now

    def states(self, now: datetime) -> set[str]:
        """Every filter this card matches; a suspended leech that is due matches all three."""
        found = set()
        if self.suspended:
            found.add("suspended")
        if self.buried(now):
            found.add("buried")
        if self.leech:
            found.add("leech")
        if self.due is None:
            found.add("new")
        else:
            if self.interval < LEARNING_DAYS:
                found.add("learning")
            if self.due <= now and not self.suspended and not self.buried(now):
                found.add("due")
        return found

    def label(self, now: datetime) -> str:
        """The one word the table shows: what most limits studying the card, first."""
        states = self.states(now)
        for state in ("suspended", "buried", "leech", "new", "due", "learning"):
            if state in states:
                return state
        return "mature" if self.interval >= MATURE_DAYS else "young"


def _select_states() -> Any:  # Select's type parameters differ between SQLAlchemy 2.0 and 2.1
    return select(
        CardRow.key, CardRow.deck, CardRow.kind, CardRow.suspended, CardRow.leech,
        CardRow.due, CardRow.ease, CardRow.interval, CardRow.lapses, CardRow.buried_until,
    )


def card_states(s: Session, decks: Iterable[str]) -> dict[str, CardState]:
    """key -> state for every card still in one of `decks`, in deck order."""
    query = (
        _select_states()
        .where(CardRow.deck.in_(list(decks)), CardRow.retired.is_(False))
        .order_by(CardRow.id)
    )
    return {row.key: CardState(*row) for row in s.execute(query)}


def card_state(s: Session, key: str) -> CardState | None:
    row = s.execute(_select_states().where(CardRow.key == key)).one_or_none()
    return CardState(*row) if row is not None else None


def toggle_suspended(s: Session, key: str) -> bool:
    """Flip a card's suspension in the caller's transaction; returns the new value."""
    # One UPDATE that negates in SQL, so two browsers toggling at once cannot lose a flip.
    result = s.execute(
        update(CardRow).where(CardRow.key == key)
        .values(suspended=~CardRow.suspended)
        .returning(CardRow.suspended)
    )
    value = result.scalar_one_or_none()
    if value is None:
        raise KeyError(key)
    return bool(value)
