"""Rebuild a card's scheduling state from its logged reviews (the log is the source of truth)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from quizapp.core.clock import local_day_start
from quizapp.core.fsrs_model import FsrsConfig, Memory, logged_rating, step
from quizapp.core.sm2 import PASSING, SM2State, due_after, review, storable


@dataclass(frozen=True)
class LoggedReview:
    """The fields of one review-log row that scheduling depends on."""

    id: int
    at: datetime
    kind: str  # review | drill | undo
    quality: int | None
    undoes: int | None = None
    reps_after: int | None = None
    ease_after: int | None = None
    interval_after: int | None = None
    due_after: datetime | None = None
    rating: int | None = None  # None: logged before FSRS, rated from quality and correct
    correct: bool | None = None
    scheduler: str | None = None  # what set due_after; None: SM-2

    @property
    def fsrs_rating(self) -> int:
        return logged_rating(self.rating, self.quality, self.correct)


@dataclass(frozen=True)
class Rebuilt:
    """What a card's row should hold according to its review log."""

    state: SM2State
    due: datetime | None  # None: never reviewed (a new card)
    lapses: int
    memory: Memory | None = None  # FSRS's, when the card is scheduled by FSRS

    def fields(self) -> dict[str, object]:
        """The rebuilt values under the card table's column names."""
        return {
            "repetitions": self.state.repetitions,
            "ease": self.state.ease_hundredths,
            "interval": self.state.interval,
            "due": self.due,
            "lapses": self.lapses,
            "stability": self.memory.stability if self.memory else None,
            "difficulty": self.memory.difficulty if self.memory else None,
        }


def effective(events: Iterable[LoggedReview]) -> list[LoggedReview]:
    """The answers that still count, in the order they were applied: undo rows and the rows
    they undo are dropped.

    Row ids, not timestamps, give that order: each answer was computed from the state the
    previous commit left, and a clock can step backwards (or two terminals share a second).
    """
    rows = list(events)
    undone = {e.undoes for e in rows if e.kind == "undo" and e.undoes is not None}
    kept = [e for e in rows if e.kind != "undo" and e.id not in undone]
    return sorted(kept, key=lambda e: e.id)


def rebuild(events: Iterable[LoggedReview], fsrs: FsrsConfig | None = None) -> Rebuilt:
    """Replay one card's log: 'review' rows move SM-2 state (and FSRS's, with `fsrs`),
    'drill' rows never do; a 'schedule' row (a reschedule) moves only the due date."""
    state, lapses, due, memory = SM2State(), 0, None, None
    for event in effective(events):
        if event.kind == "schedule":
            due = event.due_after
            continue
        if event.kind != "review" or event.quality is None:
            continue
        if fsrs is not None:
            memory, _days = step(fsrs, memory, event.fsrs_rating, event.at)
        if event.quality < PASSING and state.repetitions > 0:
            lapses += 1  # forgetting a card that had been learned, as the store counts it
        state = storable(review(state, event.quality))
        logged = (event.reps_after, event.ease_after, event.interval_after)
        due = replayed_due(event.at, state, event.due_after, event.scheduler,
                           logged == (state.repetitions, state.ease_hundredths, state.interval))
    return Rebuilt(state, due, lapses, memory)


def replayed_due(at: datetime, state: SM2State, logged_due: datetime | None,
                 scheduler: str | None, agrees: bool) -> datetime:
    """The due date a replayed review gives: the logged one where the log is to be trusted,
    else SM-2's from the replayed state. `agrees`: the logged SM-2 state is the replay's."""
    if logged_due is not None and (scheduler == "fsrs" or agrees):
        # FSRS's decision of that day, made with the parameters of that day (a later
        # optimisation changes memory states but keeps due dates, as Anki does); or SM-2's,
        # computed in the learner's time zone of that day, which a later replay cannot know.
        return logged_due
    return due_after(local_day_start(at), state.interval)
