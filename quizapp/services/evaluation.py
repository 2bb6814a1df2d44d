"""`scheduler evaluate`: SM-2 and FSRS-6, default and fitted, scored on a learner's own past.

The protocol is srs-benchmark's (quizapp.core.backtest): each test chunk is predicted by
FSRS fitted on every review before it, so the fitted model never sees what it predicts.
SM-2 and FSRS-6's defaults need no fit and are scored on exactly the same reviews.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.core import backtest
from quizapp.core.errors import InvalidInput, QuizappError
from quizapp.core.fsrs_model import FsrsConfig, logged_rating
from quizapp.core.i18n import _
from quizapp.core.recall_metrics import Metrics, metrics
from quizapp.core.training import TrainingReview

if TYPE_CHECKING:
    from quizapp.services.context import Services

SM2, DEFAULT, FITTED, SAVED = "sm2", "fsrs_default", "fsrs_fitted", "fsrs_saved"
OnFit = Callable[[int, int, int], None]  # (split number from 1, splits, reviews fitted on)


@dataclass(frozen=True)
class SplitFit:
    train_reviews: int  # every review before the chunk
    counted: int  # of those, the ones the optimizer learns from
    fell_back: bool  # too few to fit: FSRS-6's defaults predicted this chunk
    predicted: int  # reviews in the chunk

    def as_dict(self) -> dict[str, Any]:
        return {"train_reviews": self.train_reviews, "counted": self.counted,
                "fell_back": self.fell_back, "predicted": self.predicted}


@dataclass(frozen=True)
class Evaluation:
    source: str  # "database" or the log file's path
    reviews: int  # scheduled reviews read
    cards: int
    predictable: int  # reviews at least a day after the card's previous one
    splits: tuple[SplitFit, ...]
    models: dict[str, Metrics] = field(default_factory=dict)

    @property
    def predicted(self) -> int:
        return sum(s.predicted for s in self.splits)

    @property
    def fell_back(self) -> int:
        return sum(s.fell_back for s in self.splits)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "reviews": self.reviews, "cards": self.cards,
            "predictable": self.predictable, "predicted": self.predicted,
            "split": {"kind": "time-series", "splits": len(self.splits),
                      "fits": [s.as_dict() for s in self.splits]},
            "models": {name: {**m.as_dict(), "predicted": self.predicted,
                              **({"fell_back_fits": self.fell_back} if name == FITTED else {}),
                              **({"in_sample": True} if name == SAVED else {})}
                       for name, m in self.models.items()},
        }


def evaluate(reviews: Iterable[TrainingReview], source: str, splits: int = backtest.SPLITS,
             saved: Sequence[float] | None = None, on_fit: OnFit | None = None) -> Evaluation:
    """Score every model on the same predicted reviews; `saved` adds the learner's saved
    parameters (fitted on the whole log, so scored in-sample)."""
    from quizapp.services import fitting  # torch and pandas: only once there is work to do

    t = backtest.timeline(reviews)
    chunks = backtest.splits(t, splits)
    if not chunks:
        raise QuizappError(_(
            "too few reviews to evaluate: {n} can be predicted (a review at least a day "
            "after the card's previous one), {needed} are needed").format(
            n=len(t.predictable), needed=splits + 1))
    targets = [i for c in chunks for i in c.test]
    default = FsrsConfig.default()
    fitted: dict[int, float] = {}
    fits = []
    for number, chunk in enumerate(chunks, start=1):
        if on_fit is not None:
            on_fit(number, len(chunks), chunk.train_end)
        fit = fitting.fit(t.reviews[:chunk.train_end])
        config = default if fit.fell_back else FsrsConfig(fit.parameters)
        fitted.update(backtest.fsrs_predictions(t, config, chunk.test))
        fits.append(SplitFit(chunk.train_end, fit.reviews, fit.fell_back, len(chunk.test)))
    predictions = {SM2: backtest.sm2_predictions(t, targets),
                   DEFAULT: backtest.fsrs_predictions(t, default, targets), FITTED: fitted}
    if saved is not None and tuple(saved) != default.parameters:
        predictions[SAVED] = backtest.fsrs_predictions(t, FsrsConfig(tuple(saved)), targets)
    return Evaluation(
        source, len(t.reviews), len({r.card for r in t.reviews}), len(t.predictable),
        tuple(fits), {name: metrics(backtest.scored(t, p)) for name, p in predictions.items()})


def file_reviews(path: Path) -> list[TrainingReview]:
    """The scheduled reviews of a history file, read as `quizapp import` reads it (quizapp's
    CSV or JSON export, or the FSRS optimizer's CSV); re-drills left out."""
    from quizapp.services.importing import source

    try:
        handle = path.open(encoding="utf-8-sig", newline="")  # as the import opens it
    except OSError as exc:
        raise InvalidInput(_("cannot read {path}: {why}").format(
            path=path, why=exc.strerror or exc)) from None
    ids: dict[str, int] = {}
    with handle:
        return [TrainingReview(
            ids.setdefault(r.card, len(ids) + 1), r.at,
            logged_rating(r.rating, r.quality, r.correct),
            r.response_ms, r.quality)
            for r in source(str(path), handle).reviews() if r.kind == "review"]


def evaluate_file(path: Path, splits: int = backtest.SPLITS,
                  on_fit: OnFit | None = None) -> Evaluation:
    """A history file instead of the learner's own log; no database is opened."""
    return evaluate(file_reviews(path), str(path), splits, on_fit=on_fit)


def evaluate_learner(services: Services, splits: int = backtest.SPLITS,
                     decks: Sequence[str] = (), on_fit: OnFit | None = None) -> Evaluation:
    """The learner's own log: every scheduled review that still counts."""
    reviews = services.scheduling.training_reviews(decks)
    saved = services.scheduling.choices().parameters
    return evaluate(reviews, "database", splits, saved, on_fit)
