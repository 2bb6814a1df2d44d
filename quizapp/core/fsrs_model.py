"""FSRS-6 through the `fsrs` package: the app's rating rule, memory states, one review step.

py-fsrs does the arithmetic; this module fixes how the app uses it. The app schedules in
whole days (a same-day re-drill is the app's own short-term loop), so the scheduler runs
without learning or relearning steps and without fuzz: the same log always replays to the
same state, which is what `doctor` relies on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from quizapp.core.i18n import N_
from quizapp.core.sm2 import MAX_INTERVAL_DAYS, PASSING, SM2State

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATING_NAMES = {AGAIN: N_("Again"), HARD: N_("Hard"), GOOD: N_("Good"), EASY: N_("Easy")}
DEFAULT_RETENTION = 0.90
SAFE_RETENTION = 0.97  # above this, reviews multiply for little gain: asks for --force


def default_parameters() -> tuple[float, ...]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


def rating_for(quality: int, correct: bool | None, attempt: int = 1) -> int:
    """The FSRS rating of an SM-2 grade: don't know, wrong, or right only on the second try
    is Again; 3 is Hard, 4 Good, 5 Easy."""
    if quality < PASSING or correct is False or (correct and attempt > 1):
        return AGAIN
    return {3: HARD, 4: GOOD}.get(quality, EASY)


def logged_rating(rating: int | None, quality: int | None, correct: bool | None) -> int:
    """A logged review's rating: as stored, or for a review logged before FSRS (or a file
    without ratings) rated from its grade by the rule above (the attempt is not logged)."""
    if rating is not None:
        return rating
    return rating_for(quality if quality is not None else 0, correct)


def quality_for(rating: int, suggested: int | None) -> int:
    """The SM-2 grade logged with an FSRS rating, so SM-2's state stays exact alongside.

    Again keeps a failing suggestion (0 don't know, 1 wrong, 2 close) and is 1 otherwise.
    """
    if rating == AGAIN:
        return suggested if suggested is not None and suggested < PASSING else 1
    return {HARD: 3, GOOD: 4}.get(rating, 5)


@dataclass(frozen=True)
class Memory:
    """A card's FSRS memory state after its last scheduled review."""

    stability: float  # days until recall probability falls to 90%
    difficulty: float  # 1..10
    last_review: datetime  # naive UTC, as stored


def memory_of(stability: float | None, difficulty: float | None,
              last_review: datetime | None) -> Memory | None:
    """The memory state stored in a card's columns; None until FSRS has scheduled it."""
    if stability is None or difficulty is None or last_review is None:
        return None
    return Memory(stability, difficulty, last_review)


@dataclass(frozen=True)
class FsrsConfig:
    parameters: tuple[float, ...]
    desired_retention: float = DEFAULT_RETENTION

    @classmethod
    def default(cls, desired_retention: float = DEFAULT_RETENTION) -> FsrsConfig:
        return cls(default_parameters(), desired_retention)


@lru_cache(maxsize=8)
def _scheduler(config: FsrsConfig) -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(parameters=config.parameters, desired_retention=config.desired_retention,
                     learning_steps=(), relearning_steps=(),
                     maximum_interval=MAX_INTERVAL_DAYS, enable_fuzzing=False)


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC)


def _card(memory: Memory | None, at: datetime) -> Card:
    from fsrs import Card, State

    if memory is None:
        return Card(card_id=1, due=_aware(at))
    return Card(card_id=1, state=State.Review, stability=memory.stability,
                difficulty=memory.difficulty, due=_aware(at),
                last_review=_aware(memory.last_review))


def step(config: FsrsConfig, memory: Memory | None, rating: int,
         at: datetime) -> tuple[Memory, int]:
    """One scheduled review: the new memory state and the next interval in whole days."""
    from fsrs import Rating

    card, _log = _scheduler(config).review_card(_card(memory, at), Rating(rating), _aware(at))
    assert card.stability is not None and card.difficulty is not None
    interval = max(1, (card.due - _aware(at)).days)
    return Memory(float(card.stability), float(card.difficulty), at), interval


def interval(config: FsrsConfig, memory: Memory) -> int:
    """The interval FSRS gives a memory state at the desired retention (for a reschedule).

    py-fsrs keeps this step private; the version is pinned in constraints.txt.
    """
    return int(_scheduler(config)._next_interval(stability=memory.stability))


def next_intervals(config: FsrsConfig, memory: Memory | None, at: datetime) -> dict[int, int]:
    """What each rating would make the next interval: shown on the grade buttons."""
    return {rating: step(config, memory, rating, at)[1] for rating in RATING_NAMES}


def retrievability(config: FsrsConfig, memory: Memory, at: datetime) -> float:
    """The probability of recalling the card at `at`, by FSRS-6's forgetting curve."""
    card = _card(memory, at)
    return float(_scheduler(config).get_card_retrievability(card, _aware(at)))


def replay(config: FsrsConfig, reviews: Iterable[tuple[datetime, int]]) -> Memory | None:
    """Fold (time, rating) of a card's scheduled reviews, oldest first, into its state."""
    memory = None
    for at, rating in reviews:
        memory, _interval = step(config, memory, rating, at)
    return memory


def from_sm2(state: SM2State, last_review: datetime) -> Memory:
    """A starting state for a card whose SM-2 state has no usable review log behind it.

    Stability is the SM-2 interval (SM-2 schedules near 90% recall, FSRS's definition of
    stability); difficulty maps ease 1.3..2.5+ linearly onto 10..5, the harder end for
    the cards SM-2 found hardest.
    """
    ease = state.ease_hundredths / 100
    difficulty = min(10.0, max(1.0, 10.0 - (ease - 1.3) / 1.2 * 5.0))
    return Memory(float(max(state.interval, 1)), difficulty, last_review)
