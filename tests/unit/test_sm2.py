"""SM-2 against the design's vectors and independently computed invariants."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.sm2 import (
    MAX_INTERVAL_DAYS,
    STORED_INTERVAL_MAX,
    SM2State,
    due_after,
    replay,
    review,
    storable,
)

VECTORS = {
    "4,4,4,4,4,4": "(1,2.50,1) (2,2.50,6) (3,2.50,15) (4,2.50,38) (5,2.50,95) (6,2.50,238)",
    "3,3,3,3,3": "(1,2.36,1) (2,2.22,6) (3,2.08,13) (4,1.94,27) (5,1.80,52)",
    "4,4,4,2,4,4,4": "(1,2.50,1) (2,2.50,6) (3,2.50,15) (0,2.18,1) (1,2.18,1) (2,2.18,6) "
    "(3,2.18,13)",
    "0,0,0,3,3": "(0,1.70,1) (0,1.30,1) (0,1.30,1) (1,1.30,1) (2,1.30,6)",
    "5,5,5,5,5": "(1,2.60,1) (2,2.70,6) (3,2.80,16) (4,2.90,45) (5,3.00,130)",
}


def _expected(text: str) -> list[tuple[int, int, int]]:
    """'(1,2.50,1) ...' -> [(reps, ease in hundredths, interval), ...], parsed without floats."""
    out = []
    for group in text.split():
        reps, ease, interval = group.strip("()").split(",")
        out.append((int(reps), int(Fraction(ease) * 100), int(interval)))
    return out


@pytest.mark.parametrize("qualities", list(VECTORS))
def test_design_vectors(qualities: str) -> None:
    state = SM2State()
    seen = []
    for quality in map(int, qualities.split(",")):
        state = review(state, quality)
        seen.append((state.repetitions, state.ease_hundredths, state.interval))
    assert seen == _expected(VECTORS[qualities])


def test_fresh_state_and_ease_property() -> None:
    state = SM2State()
    assert (state.repetitions, state.ease_hundredths, state.interval) == (0, 250, 0)
    assert state.ease == 2.5
    assert SM2State(ease_hundredths=218).ease == 2.18


def test_replay_folds_the_same_as_review() -> None:
    qualities = [4, 4, 4, 2, 4, 4, 4]
    assert replay(qualities) == SM2State(3, 218, 13)


@pytest.mark.parametrize("bad", [-1, 6, 100, True, False, 3.0, 4.5, "4", None])
def test_quality_outside_0_to_5_or_not_an_int_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="quality"):
        review(SM2State(), bad)  # type: ignore[arg-type]


# ------------------------------------------------------------------ properties

qualities = st.integers(min_value=0, max_value=5)
# Reachable states: a fresh card, or any reviewed card (whose interval is at least a day).
states = st.one_of(st.just(SM2State()), st.builds(
    SM2State,
    repetitions=st.integers(min_value=0, max_value=60),
    ease_hundredths=st.integers(min_value=130, max_value=1000),
    interval=st.integers(min_value=1, max_value=10**9),
))


def _delta_hundredths(quality: int) -> int:
    """EF' - EF = 0.1 - (5-q)(0.08 + (5-q)0.02), in exact rational arithmetic, x100."""
    miss = 5 - quality
    delta = Fraction(1, 10) - miss * (Fraction(8, 100) + miss * Fraction(2, 100))
    assert (delta * 100).denominator == 1
    return int(delta * 100)


@given(st.lists(qualities, max_size=60))
def test_ease_never_below_1_30_and_steps_by_0_02(sequence: list[int]) -> None:
    state = SM2State()
    for quality in sequence:
        before = state.ease_hundredths
        state = review(state, quality)
        assert type(state.ease_hundredths) is int
        assert state.ease_hundredths >= 130
        assert state.ease_hundredths == max(130, before + _delta_hundredths(quality))
        assert state.ease_hundredths % 2 == 0  # every EF reached from 2.50 is a multiple of 0.02


@given(states, qualities)
def test_one_review_follows_the_rules(state: SM2State, quality: int) -> None:
    after = review(state, quality)
    assert after.interval >= 1
    assert after.ease_hundredths == max(130, state.ease_hundredths + _delta_hundredths(quality))
    if quality < 3:
        assert (after.repetitions, after.interval) == (0, 1)
        return
    assert after.repetitions == state.repetitions + 1
    if state.repetitions == 0:
        assert after.interval == 1
    elif state.repetitions == 1:
        assert after.interval == 6
    else:
        # round() of a Fraction is round-half-to-even on the exact value; EF is the one
        # *before* this review.
        exact = Fraction(state.interval) * Fraction(state.ease_hundredths, 100)
        assert after.interval == round(exact)


def test_half_way_intervals_round_to_even() -> None:
    # 15 * 2.50 = 37.5 -> 38 (even); 5 * 2.30 = 11.5 -> 12; 7 * 2.50 = 17.5 -> 18;
    # 3 * 2.50 = 7.5 -> 8; 1 * 2.50 = 2.5 -> 2.
    for interval, ease, expected in [(15, 250, 38), (5, 230, 12), (7, 250, 18),
                                     (3, 250, 8), (1, 250, 2), (9, 250, 22)]:
        assert review(SM2State(2, ease, interval), 4).interval == expected


def test_review_has_no_upper_bound() -> None:
    huge = SM2State(repetitions=40, ease_hundredths=300, interval=10**15)
    assert review(huge, 5).interval == 3 * 10**15


# ------------------------------------------------------------------ due dates

REVIEWED = datetime(2024, 3, 1, 12, 0)


@pytest.mark.parametrize("days", [1, 6, 365, MAX_INTERVAL_DAYS - 1, MAX_INTERVAL_DAYS])
def test_due_after_adds_the_interval(days: int) -> None:
    assert due_after(REVIEWED, days) == REVIEWED + timedelta(days=days)


@pytest.mark.parametrize("days", [MAX_INTERVAL_DAYS + 1, 10**6, 10**9, 10**18, 3 * 10**15])
def test_due_after_caps_at_36500_days_without_overflow(days: int) -> None:
    assert MAX_INTERVAL_DAYS == 36500
    assert due_after(REVIEWED, days) == REVIEWED + timedelta(days=36500)


@given(states, st.lists(qualities, max_size=30))
def test_any_state_gets_a_representable_due_date(state: SM2State, sequence: list[int]) -> None:
    for quality in sequence:
        state = review(state, quality)
        due = due_after(REVIEWED, state.interval)
        assert REVIEWED < due <= REVIEWED + timedelta(days=36500)


@given(st.lists(st.integers(0, 5), max_size=30), st.lists(st.integers(0, 5), max_size=30))
def test_a_saturated_interval_gives_every_due_date_the_unbounded_one_gives(
        before: list[int], after: list[int]) -> None:
    """The store keeps `storable` states (an INTEGER column); replaying with and without the
    saturation must agree on repetitions, ease and every due date. The 25 passes in the
    middle make sure the saturation is reached."""
    qualities = before + [4] * 25 + after
    start = datetime(2026, 1, 1)
    bounded, unbounded = SM2State(), SM2State()
    for quality in qualities:
        bounded, unbounded = storable(review(bounded, quality)), review(unbounded, quality)
        assert bounded.interval <= STORED_INTERVAL_MAX
        assert (bounded.repetitions, bounded.ease_hundredths) == (
            unbounded.repetitions, unbounded.ease_hundredths)
        assert due_after(start, bounded.interval) == due_after(start, unbounded.interval)


def test_forty_passes_saturate_at_the_column_maximum() -> None:
    unbounded = replay([4] * 40)
    assert unbounded.interval > STORED_INTERVAL_MAX  # 6 * 2.5**38, far past any column
    assert storable(unbounded).interval == STORED_INTERVAL_MAX
    assert storable(SM2State(3, 250, 15)) == SM2State(3, 250, 15)
