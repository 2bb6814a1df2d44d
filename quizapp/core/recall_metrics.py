"""How well predicted recall matches what happened: srs-benchmark's log loss, RMSE(bins), AUC.

Plain Python so `core` stays free of numpy; the tests hold each metric against
scikit-learn. RMSE(bins) is srs-benchmark's own definition: predictions are grouped by
elapsed days, by the card's review count and by its lapses, on log-spaced bins, and the
gap between mean outcome and mean prediction is weighted by each bin's size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

CLIP = 1e-6  # srs-benchmark clips predictions so one certain miss cannot make the loss infinite


@dataclass(frozen=True)
class Scored:
    """One predicted review: the outcome, the prediction, and what RMSE(bins) groups by."""

    recalled: bool  # any rating but Again
    predicted: float  # probability of recall
    elapsed_days: int  # whole days since the card's previous review (>= 1)
    reviews_before: int  # the card's reviews before this one (>= 1)
    lapses_before: int  # earlier Again ratings that were not same-day


def log_loss(scored: Sequence[Scored]) -> float:
    """Mean binary cross-entropy."""
    total = 0.0
    for s in scored:
        p = min(max(s.predicted, CLIP), 1.0 - CLIP)
        total -= math.log(p) if s.recalled else math.log(1.0 - p)
    return total / len(scored)


def _log_bin(x: float, scale: float, base: float, digits: int) -> float:
    return round(scale * base ** math.floor(math.log(x) / math.log(base)), digits)


def bin_of(s: Scored) -> tuple[float, float, float]:
    """srs-benchmark's bins: delta_t, review number and lapses, each on its own log scale."""
    lapses = _log_bin(s.lapses_before, 1.65, 1.73, 0) if s.lapses_before != 0 else 0.0
    return (_log_bin(s.elapsed_days, 2.48, 3.62, 2),
            _log_bin(s.reviews_before, 1.99, 1.89, 0), lapses)


def rmse_bins(scored: Sequence[Scored]) -> float:
    """sqrt(sum n (mean recalled - mean predicted)^2 / sum n) over the bins of `bin_of`."""
    groups: dict[tuple[float, float, float], list[float]] = {}
    for s in scored:
        group = groups.setdefault(bin_of(s), [0.0, 0.0, 0.0])  # sum y, sum p, n
        group[0] += s.recalled
        group[1] += s.predicted
        group[2] += 1
    squares = sum(n * (y / n - p / n) ** 2 for y, p, n in groups.values())
    return math.sqrt(squares / len(scored))


def auc(scored: Sequence[Scored]) -> float | None:
    """Area under the ROC curve by the Mann-Whitney rank sum, tied predictions sharing their
    mean rank; None when every review has the same outcome (no curve to draw)."""
    positives = sum(1 for s in scored if s.recalled)
    negatives = len(scored) - positives
    if positives == 0 or negatives == 0:
        return None
    ordered = sorted(scored, key=lambda s: s.predicted)
    rank_sum = 0.0
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1].predicted == ordered[start].predicted:
            end += 1
        mean_rank = (start + end) / 2 + 1  # ranks are 1-based
        rank_sum += mean_rank * sum(1 for s in ordered[start:end + 1] if s.recalled)
        start = end + 1
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


@dataclass(frozen=True)
class Metrics:
    log_loss: float
    rmse_bins: float
    auc: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {"log_loss": self.log_loss, "rmse_bins": self.rmse_bins, "auc": self.auc}


def metrics(scored: Sequence[Scored]) -> Metrics:
    if not scored:
        raise ValueError("no predicted reviews to score")
    return Metrics(log_loss(scored), rmse_bins(scored), auc(scored))
