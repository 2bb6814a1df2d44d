"""The SM-2 scheduler, exactly as SuperMemo published it (integer ease, half-even rounding)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MIN_EASE = 130
MAX_INTERVAL_DAYS = 36500  # caps due dates only; `review` itself has no upper bound
STORED_INTERVAL_MAX = 2**31 - 1  # the longest interval a database column keeps (INTEGER)
PASSING = 3  # q >= 3 is a successful recall
DRILL_UNTIL = 4  # same-day re-drill repeats a card until it scores 4 or more


@dataclass(frozen=True)
class SM2State:
    """A card's scheduling state; ease is kept in hundredths so every step is exact."""

    repetitions: int = 0
    ease_hundredths: int = 250
    interval: int = 0  # days

    @property
    def ease(self) -> float:
        return self.ease_hundredths / 100


def _round_half_even_hundredths(numerator: int) -> int:
    """round(numerator / 100) with ties to even, on integers so no float error creeps in."""
    quotient, remainder = divmod(numerator, 100)
    if remainder > 50 or (remainder == 50 and quotient % 2 == 1):
        quotient += 1
    return quotient


def ease_delta(quality: int) -> int:
    """EF' - EF in hundredths: 0.1 - (5-q)(0.08 + (5-q)0.02)."""
    miss = 5 - quality
    return 10 - miss * (8 + miss * 2)


def review(state: SM2State, quality: int) -> SM2State:
    """Apply one graded review (quality 0..5) and return the new state."""
    if isinstance(quality, bool) or not isinstance(quality, int) or not 0 <= quality <= 5:
        raise ValueError(f"quality must be an integer 0..5, got {quality!r}")
    if quality >= PASSING:
        if state.repetitions == 0:
            interval = 1
        elif state.repetitions == 1:
            interval = 6
        else:
            # The interval grows by the ease *before* this review's update.
            interval = _round_half_even_hundredths(state.interval * state.ease_hundredths)
        repetitions = state.repetitions + 1
    else:
        repetitions, interval = 0, 1
    ease = max(MIN_EASE, state.ease_hundredths + ease_delta(quality))
    return SM2State(repetitions=repetitions, ease_hundredths=ease, interval=interval)


def replay(qualities: list[int], state: SM2State | None = None) -> SM2State:
    """Fold a sequence of grades into a state (rebuilding from the review log)."""
    current = state or SM2State()
    for quality in qualities:
        current = review(current, quality)
    return current


def storable(state: SM2State) -> SM2State:
    """`state` with its interval saturated at what a database column keeps (22 passes in a
    row at EF 2.5 exceed it). No due date changes: past the 36500-day cap a pass multiplies
    the interval by at least EF 1.30, so it stays past the cap, and a fail resets it to 1."""
    if state.interval <= STORED_INTERVAL_MAX:
        return state
    return SM2State(state.repetitions, state.ease_hundredths, STORED_INTERVAL_MAX)


def due_after(reviewed_at: datetime, interval_days: int) -> datetime:
    """The due time `interval_days` after a review, capped so no date ever overflows."""
    return reviewed_at + timedelta(days=min(interval_days, MAX_INTERVAL_DAYS))


def next_intervals(state: SM2State) -> dict[int, int]:
    """What each grade 0..5 would make the next interval: shown on the grade buttons."""
    return {quality: review(state, quality).interval for quality in range(6)}


def needs_drill(quality: int) -> bool:
    """SM-2 step 7: a card graded below 4 comes back before the session ends."""
    return quality < DRILL_UNTIL
