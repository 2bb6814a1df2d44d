"""Which scheduler each deck uses, switching between SM-2 and FSRS-6, and fitting FSRS.

SM-2 is the default and its state is kept on every review whatever the scheduler, so a
switch either way is a replay of the review log, never a conversion that loses anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp import store
from quizapp.core import fsrs_model
from quizapp.core.errors import InvalidInput, NotFound
from quizapp.core.fsrs_model import FsrsConfig
from quizapp.core.i18n import _
from quizapp.core.scheduler_choices import RETENTION, Choices
from quizapp.core.training import TrainingReview

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from quizapp.store.scheduling import Replayed

MODES = ("sm2", "fsrs")
RETENTION_RANGE = (0.70, 0.99)


@dataclass(frozen=True)
class Optimized:
    parameters: tuple[float, ...]
    reviews: int
    fell_back: bool  # below the optimizer's minimum: FSRS-6's defaults are kept
    states: int  # FSRS cards whose memory state was replayed with the new parameters


@dataclass
class Scheduling:
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime]
    _choices: Choices | None = None

    def choices(self) -> Choices:
        """Read once and kept: a study session asks for every answer it records."""
        if self._choices is None:
            with self.sessions() as s:
                self._choices = store.scheduling.choices(s)
        return self._choices

    def config(self) -> FsrsConfig:
        c = self.choices()
        return FsrsConfig(c.parameters or fsrs_model.default_parameters(), c.retention)

    def mode(self, deck: str) -> str:
        return self.choices().mode(deck)

    def fsrs_for(self, deck: str) -> FsrsConfig | None:
        """The FSRS configuration of a deck scheduled by FSRS; None for SM-2."""
        return self.config() if self.mode(deck) == "fsrs" else None

    def switch(self, mode: str, deck: str | None = None, reschedule: bool = False) -> Replayed:
        """Schedule the collection (or one deck) with `mode`, replaying every affected card's
        log into that scheduler's state; due dates stay unless `reschedule`."""
        if mode not in MODES:
            raise InvalidInput(_("scheduler is one of {values}").format(values=", ".join(MODES)))
        with store.db.saving(_("the scheduler")), self.sessions.begin() as s:
            names = [d.name for d in store.deck_rows.all_decks(s)]
            if deck is not None and deck not in names:
                raise NotFound(_("no deck named {names} (see `quizapp deck list`)").format(
                    names=deck))
            store.scheduling.save_mode(s, mode, deck)
            s.flush()
            self._choices = store.scheduling.choices(s)
            affected = names if deck is None else [deck]
            return store.scheduling.replay_states(s, affected, self.fsrs_for, self.clock(),
                                                  reschedule)

    def training_reviews(self, decks: Sequence[str] = ()) -> list[TrainingReview]:
        """Every scheduled review that still counts (of `decks`, if given): what FSRS is
        fitted and evaluated on."""
        with self.sessions() as s:
            return store.scheduling.training_reviews(s, list(decks) or None)

    def set_retention(self, value: str, force: bool = False) -> float:
        try:
            retention = float(value)
        except ValueError:
            retention = -1.0
        low, high = RETENTION_RANGE
        if not low <= retention <= high:
            raise InvalidInput(_("desired_retention is a number from {low} to {high}").format(
                low=low, high=high))
        if retention > fsrs_model.SAFE_RETENTION and not force:
            raise InvalidInput(_(
                "a desired retention above {safe} multiplies the reviews for little gain "
                "(at 0.99 the intervals are about 1/15 of those at 0.90); add --force to "
                "save {value} anyway").format(safe=fsrs_model.SAFE_RETENTION, value=retention))
        with store.db.saving(_("the setting")), self.sessions.begin() as s:
            store.settings_repo.put(s, RETENTION, repr(retention))
        self._choices = None
        return retention

    def optimize(self, progress: bool = False) -> Optimized:
        """Fit FSRS-6 on the learner's scheduled reviews, save the parameters with the date
        and the number of reviews, and replay the FSRS cards' memory states with them."""
        from quizapp.services import fitting

        fit = fitting.fit(self.training_reviews(), progress)
        with store.db.saving(_("the fitted parameters")), self.sessions.begin() as s:
            store.scheduling.save_parameters(s, list(fit.parameters), {
                "date": self.clock().date().isoformat(), "reviews": fit.reviews,
                "defaults": fit.fell_back})
            s.flush()
            self._choices = store.scheduling.choices(s)
            fsrs_decks = [d.name for d in store.deck_rows.all_decks(s)
                          if self.mode(d.name) == "fsrs"]
            replayed = store.scheduling.replay_states(s, fsrs_decks, self.fsrs_for,
                                                      self.clock(), False)
        return Optimized(fit.parameters, fit.reviews, fit.fell_back, replayed.cards)
