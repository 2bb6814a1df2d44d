"""srs-benchmark's time-series protocol: fit on the past, predict each card's next review.

A review is predicted only when the card was last reviewed at least a whole day before
(py-fsrs's own rule for which reviews carry a loss, so training and scoring agree); a
card's first review and same-day repeats are never scored but still move its state. The
predictable reviews, in time order, are cut as scikit-learn's TimeSeriesSplit cuts them:
k test chunks of equal size at the end, each predicted by a model fitted on every review
before it, with each card's whole prior history replayed (histories cross the split).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from quizapp.core import fsrs_model, sm2
from quizapp.core.fsrs_model import AGAIN, FsrsConfig, Memory
from quizapp.core.recall_metrics import Scored
from quizapp.core.training import TrainingReview

SPLITS = 3  # srs-benchmark uses 5; each split costs one optimizer run, see `splits`
SM2_RETENTION = 0.9  # srs-benchmark's reading of an SM-2 interval: 90% recall when due


@dataclass(frozen=True)
class Timeline:
    """Every review in time order, with what scoring needs to know about each."""

    reviews: tuple[TrainingReview, ...]
    previous: tuple[int | None, ...]  # index of the same card's previous review
    reviews_before: tuple[int, ...]
    lapses_before: tuple[int, ...]  # the card's earlier Again ratings that were scored
    predictable: tuple[int, ...]  # indices of the reviews that can be scored

    def elapsed_days(self, index: int) -> float:
        before = self.previous[index]
        assert before is not None
        delta = self.reviews[index].at - self.reviews[before].at
        return delta.total_seconds() / 86400


def timeline(reviews: Iterable[TrainingReview]) -> Timeline:
    # A stable sort: reviews logged at the same instant keep the order they were given in.
    ordered = tuple(sorted(reviews, key=lambda r: r.at))
    last: dict[int, int] = {}
    counts: dict[int, tuple[int, int]] = {}  # card -> (reviews, scored lapses) so far
    previous: list[int | None] = []
    before: list[int] = []
    lapses: list[int] = []
    predictable: list[int] = []
    for index, r in enumerate(ordered):
        prior = last.get(r.card)
        seen, lapsed = counts.get(r.card, (0, 0))
        previous.append(prior)
        before.append(seen)
        lapses.append(lapsed)
        scored = prior is not None and (r.at - ordered[prior].at).days >= 1
        if scored:
            predictable.append(index)
        counts[r.card] = (seen + 1, lapsed + (scored and r.rating == AGAIN))
        last[r.card] = index
    return Timeline(ordered, tuple(previous), tuple(before), tuple(lapses), tuple(predictable))


@dataclass(frozen=True)
class Split:
    train_end: int  # reviews[:train_end] are the past the model is fitted on
    test: tuple[int, ...]  # the predictable reviews it predicts


def splits(t: Timeline, k: int = SPLITS) -> list[Split]:
    """TimeSeriesSplit(n_splits=k) over the predictable reviews; [] when there are fewer
    than k + 1 of them. The first chunk is only ever trained on."""
    size = len(t.predictable) // (k + 1)
    if size == 0:
        return []
    first = len(t.predictable) - k * size
    cuts = [t.predictable[first + m * size: first + (m + 1) * size] for m in range(k)]
    return [Split(chunk[0], tuple(chunk)) for chunk in cuts]


def sm2_quality(r: TrainingReview) -> int:
    """The logged SM-2 grade; for a log of FSRS ratings only, srs-benchmark's rating + 1."""
    return r.quality if r.quality is not None else r.rating + 1


def sm2_predictions(t: Timeline, targets: Sequence[int]) -> dict[int, float]:
    """R = 0.9 ** (t / I): I the SM-2 interval after the card's earlier reviews."""
    wanted, out = set(targets), {}
    states: dict[int, sm2.SM2State] = {}
    for index in range(max(wanted) + 1):
        r = t.reviews[index]
        state = states.get(r.card, sm2.SM2State())
        if index in wanted:
            out[index] = SM2_RETENTION ** (t.elapsed_days(index) / max(1, state.interval))
        states[r.card] = sm2.review(state, sm2_quality(r))
    return out


def fsrs_predictions(t: Timeline, config: FsrsConfig, targets: Sequence[int]) -> dict[int, float]:
    """FSRS-6's retrievability at each target, every earlier review replayed with `config`."""
    wanted, out = set(targets), {}
    memories: dict[int, Memory] = {}
    for index in range(max(wanted) + 1):
        r = t.reviews[index]
        memory = memories.get(r.card)
        if index in wanted:
            assert memory is not None  # a predictable review always has one before it
            out[index] = fsrs_model.retrievability(config, memory, r.at)
        memories[r.card], _days = fsrs_model.step(config, memory, r.rating, r.at)
    return out


def scored(t: Timeline, predictions: dict[int, float]) -> list[Scored]:
    """The predictions with their outcomes and bins, in time order."""
    out = []
    for index in sorted(predictions):
        before = t.previous[index]
        assert before is not None
        out.append(Scored(
            recalled=t.reviews[index].rating != AGAIN, predicted=predictions[index],
            elapsed_days=(t.reviews[index].at - t.reviews[before].at).days,
            reviews_before=t.reviews_before[index], lapses_before=t.lapses_before[index]))
    return out
