"""The card browser's data: every card with its state, suspending, and a live preview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.deck import Card
from quizapp.core.i18n import _
from quizapp.store import browse
from quizapp.store.browse import STATES, CardState
from quizapp.store.db import saving

if TYPE_CHECKING:
    from quizapp.services.library import Library
    from quizapp.services.runner import CardRunner
    from quizapp.verify.engine import Computed

__all__ = ["STATES", "Browser", "CardState"]


@dataclass
class Browser:
    sessions: sessionmaker[Session]
    library: Library
    runner: CardRunner
    clock: Callable[[], datetime]

    def cards(self) -> tuple[dict[str, Card], dict[str, CardState]]:
        """Every card of every deck being studied, and its state; a card must be both in a
        deck file and in the database to be shown (and suspended)."""
        names = self.library.names
        cards = {card.key: card for name in names for card in self.library.deck(name).cards}
        with self.sessions() as s:
            states = browse.card_states(s, names)
        return cards, {key: state for key, state in states.items() if key in cards}

    def toggle_suspend(self, key: str) -> CardState:
        with saving(_("the card's new state")), self.sessions.begin() as s:
            browse.toggle_suspended(s, key)
            state = browse.card_state(s, key)
        assert state is not None
        return state

    def params(self, card: Card, seed: int) -> dict[str, Any]:
        return self.runner.params(card, seed) if card.kind == "quiz" else {}

    def answer(self, card: Card, params: dict[str, Any]) -> Computed:
        return self.runner.compute(card, params)
