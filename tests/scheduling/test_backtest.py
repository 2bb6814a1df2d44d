"""The time-series protocol: which reviews are scored, the splits, and each model's forecast."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pytest
from sklearn.model_selection import TimeSeriesSplit

from quizapp.core import backtest
from quizapp.core.fsrs_model import FsrsConfig, default_parameters
from quizapp.core.training import TrainingReview

T0 = datetime(2025, 1, 1, 9, 0)


def review(card: int, days: float, rating: int = 3, quality: int | None = None
           ) -> TrainingReview:
    return TrainingReview(card, T0 + timedelta(days=days), rating, quality=quality)


def test_first_and_same_day_reviews_are_not_scored_but_count_as_history() -> None:
    log = [review(1, 0), review(1, 0.5, 1), review(1, 1.4), review(1, 3, 1), review(1, 10),
           review(2, 0.2), review(2, 2.2)]
    t = backtest.timeline(log)
    days = [(r.card, (r.at - T0) / timedelta(days=1)) for r in t.reviews]
    assert days == [(1, 0), (2, 0.2), (1, 0.5), (1, 1.4), (2, 2.2), (1, 3), (1, 10)]
    # card 1 at 0.5 and 1.4 are less than a whole day after the previous review
    assert [days[i] for i in t.predictable] == [(2, 2.2), (1, 3), (1, 10)]
    assert [t.reviews_before[i] for i in t.predictable] == [1, 3, 4]
    # the Again at 0.5 was same-day: no lapse; the one at 3 was a day later: a lapse
    assert [t.lapses_before[i] for i in t.predictable] == [0, 0, 1]


@pytest.mark.parametrize(("n", "k"), [(4, 3), (10, 3), (101, 3), (57, 5), (9, 2)])
def test_splits_cut_as_scikit_learns_time_series_split(n: int, k: int) -> None:
    log = [review(1, 0)] + [review(1, 2 * (i + 1)) for i in range(n)]
    t = backtest.timeline(log)
    ours = backtest.splits(t, k)
    theirs = list(TimeSeriesSplit(n_splits=k).split(np.zeros(n)))
    assert [list(s.test) for s in ours] == [[t.predictable[j] for j in test]
                                            for _train, test in theirs]
    # everything before the first test review is the past, first reviews included
    assert [s.train_end for s in ours] == [t.predictable[train[-1]] + 1
                                           for train, _test in theirs]


def test_too_few_predictable_reviews_give_no_split() -> None:
    t = backtest.timeline([review(1, 0), review(1, 2), review(1, 5), review(1, 9)])
    assert backtest.splits(t, 3) == []


def test_sm2_forecast_is_point_nine_to_the_elapsed_over_the_interval() -> None:
    # qualities 4, 4 give intervals 1 then 6 (DESIGN.md's vectors); reviewed late each time
    log = [review(1, 0, quality=4), review(1, 1.5, quality=4), review(1, 9, quality=2)]
    t = backtest.timeline(log)
    p = backtest.sm2_predictions(t, t.predictable)
    assert p == {1: pytest.approx(0.9 ** (1.5 / 1)), 2: pytest.approx(0.9 ** (7.5 / 6))}


def test_sm2_forecast_from_ratings_alone_uses_rating_plus_one() -> None:
    # Good = 3 -> quality 4 (interval 1, then 6); Again = 1 -> quality 2, a failure: 1 day
    log = [review(1, 0, 3), review(1, 2, 1), review(1, 4, 3)]
    t = backtest.timeline(log)
    assert backtest.sm2_predictions(t, t.predictable) == {
        1: pytest.approx(0.9 ** 2), 2: pytest.approx(0.9 ** 2)}


def test_fsrs_forecast_follows_fsrs6_forgetting_curve() -> None:
    # After one Good review a card's stability is w[2]; FSRS-6's curve is
    # R = (1 + factor * t / S) ** -decay with factor = 0.9 ** (-1 / decay) - 1.
    w = default_parameters()
    decay = w[20]
    factor = 0.9 ** (-1 / decay) - 1
    t = backtest.timeline([review(1, 0, 3), review(1, 5, 3), review(2, 0, 1), review(2, 3)])
    p = backtest.fsrs_predictions(t, FsrsConfig(w), t.predictable)
    assert sorted(p.values()) == pytest.approx(sorted([
        (1 + factor * 5 / w[2]) ** -decay, (1 + factor * 3 / w[0]) ** -decay]))


def test_scored_reviews_carry_outcome_and_whole_elapsed_days() -> None:
    t = backtest.timeline([review(1, 0), review(1, 2.7, 1)])
    [s] = backtest.scored(t, {1: 0.8})
    assert (s.recalled, s.predicted, s.elapsed_days, s.reviews_before) == (False, 0.8, 2, 1)
