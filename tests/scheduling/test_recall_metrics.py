"""srs-benchmark's metrics in quizapp.core.recall_metrics, held against scikit-learn and numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import log_loss, roc_auc_score, root_mean_squared_error

from quizapp.core.recall_metrics import Scored, auc, bin_of, metrics, rmse_bins
from quizapp.core.recall_metrics import log_loss as our_log_loss


def sample(seed: int, n: int = 400, ties: bool = False) -> list[Scored]:
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.999, n)
    if ties:  # predictions on a coarse grid, so many are equal
        p = np.round(p, 1).clip(0.05, 0.95)
    y = rng.uniform(size=n) < p
    elapsed = rng.integers(1, 400, n)
    before = rng.integers(1, 40, n)
    lapses = rng.integers(0, 9, n)
    return [Scored(bool(y[i]), float(p[i]), int(elapsed[i]), int(before[i]), int(lapses[i]))
            for i in range(n)]


def arrays(scored: list[Scored]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([s.recalled for s in scored], dtype=float),
            np.array([s.predicted for s in scored]))


@pytest.mark.parametrize("seed", range(5))
def test_log_loss_matches_scikit_learn(seed: int) -> None:
    y, p = arrays(sample(seed))
    assert our_log_loss(sample(seed)) == pytest.approx(log_loss(y, p), rel=1e-12)


def test_log_loss_clips_certain_predictions_as_srs_benchmark_does() -> None:
    scored = [Scored(False, 1.0, 1, 1, 0), Scored(True, 0.0, 1, 1, 0), Scored(True, 0.5, 1, 1, 0)]
    y = np.array([0.0, 1.0, 1.0])
    p = np.clip(np.array([1.0, 0.0, 0.5]), 1e-6, 1 - 1e-6)
    assert our_log_loss(scored) == pytest.approx(log_loss(y, p), rel=1e-12)
    assert math.isfinite(our_log_loss(scored))


@pytest.mark.parametrize(("seed", "ties"), [(1, False), (2, False), (3, True), (4, True)])
def test_auc_matches_scikit_learn_ties_included(seed: int, ties: bool) -> None:
    scored = sample(seed, ties=ties)
    y, p = arrays(scored)
    assert auc(scored) == pytest.approx(roc_auc_score(y, p), rel=1e-12)


def test_auc_is_undefined_with_one_outcome_only() -> None:
    assert auc([Scored(True, 0.3, 1, 1, 0), Scored(True, 0.9, 2, 1, 0)]) is None


def numpy_bins(scored: list[Scored]) -> np.ndarray:
    """srs-benchmark's binning, written again with numpy: one row of three bins per review."""
    t = np.array([s.elapsed_days for s in scored], dtype=float)
    i = np.array([s.reviews_before for s in scored], dtype=float)
    lapse = np.array([s.lapses_before for s in scored], dtype=float)
    t_bin = np.round(2.48 * np.power(3.62, np.floor(np.log(t) / np.log(3.62))), 2)
    i_bin = np.round(1.99 * np.power(1.89, np.floor(np.log(i) / np.log(1.89))), 0)
    with np.errstate(divide="ignore"):
        l_bin = np.where(lapse != 0, np.round(
            1.65 * np.power(1.73, np.floor(np.log(lapse) / np.log(1.73))), 0), 0)
    return np.stack([t_bin, i_bin, l_bin], axis=1)


@pytest.mark.parametrize("seed", range(4))
def test_rmse_bins_matches_a_weighted_rmse_over_numpy_bins(seed: int) -> None:
    scored = sample(seed, n=2000)
    y, p = arrays(scored)
    bins, group = np.unique(numpy_bins(scored), axis=0, return_inverse=True)
    group = group.ravel()
    counts = np.bincount(group)
    mean_y = np.bincount(group, weights=y) / counts
    mean_p = np.bincount(group, weights=p) / counts
    expected = root_mean_squared_error(mean_y, mean_p, sample_weight=counts)
    assert len(bins) > 20  # the sample really spreads over many bins
    assert rmse_bins(scored) == pytest.approx(expected, rel=1e-12)


def test_bins_are_srs_benchmarks() -> None:
    # delta_t 1..3 days share a bin, 4..13 the next; the first lapse is its own bin.
    assert bin_of(Scored(True, 0.9, 1, 1, 0)) == (2.48, 2.0, 0.0)
    assert bin_of(Scored(True, 0.9, 3, 1, 1)) == (2.48, 2.0, 2.0)
    assert bin_of(Scored(True, 0.9, 4, 2, 2)) == (8.98, 4.0, 3.0)
    assert bin_of(Scored(True, 0.9, 13, 4, 3)) == (8.98, 7.0, 5.0)
    assert bin_of(Scored(True, 0.9, 14, 7, 3)) == (32.5, 13.0, 5.0)


def test_metrics_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        metrics([])
