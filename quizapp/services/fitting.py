"""Fitting FSRS-6's parameters with py-fsrs's optimizer (torch), on scheduled reviews only.

Imported only by `scheduler optimize` and `scheduler evaluate`: the optimizer pulls in torch
and pandas, which the study screen never needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC

from quizapp.core.training import MINIMUM_REVIEWS, TrainingReview, counted_reviews


@dataclass(frozen=True)
class Fit:
    parameters: tuple[float, ...]
    reviews: int  # reviews the optimizer learned from (a card's first review is not one)
    fell_back: bool  # too few reviews: FSRS-6's default parameters


def fit(reviews: Iterable[TrainingReview], progress: bool = False) -> Fit:
    """Fit FSRS-6 on these reviews; `progress` shows py-fsrs's progress bar on stderr."""
    from fsrs import Optimizer, Rating, ReviewLog
    from fsrs.scheduler import DEFAULT_PARAMETERS

    rows = list(reviews)
    counted = counted_reviews(rows)
    if counted < MINIMUM_REVIEWS:
        return Fit(tuple(DEFAULT_PARAMETERS), counted, True)
    logs = [ReviewLog(card_id=r.card, rating=Rating(r.rating),
                      review_datetime=r.at.replace(tzinfo=UTC),
                      review_duration=r.duration_ms) for r in rows]
    parameters = Optimizer(logs).compute_optimal_parameters(verbose=progress)
    return Fit(tuple(float(w) for w in parameters), counted, False)
