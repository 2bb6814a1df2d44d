"""Scheduled reviews as FSRS's optimizer and the evaluation read them, and which ones count."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

MINIMUM_REVIEWS = 512  # py-fsrs returns its defaults below one mini-batch of reviews
MAX_SEQUENCE = 64  # py-fsrs learns from each card's first 64 reviews only


@dataclass(frozen=True)
class TrainingReview:
    """One scheduled review (same-day re-drills never are one)."""

    card: int  # any id that is the same for every review of one card
    at: datetime  # naive UTC
    rating: int  # 1..4
    duration_ms: int | None = None
    quality: int | None = None  # the SM-2 grade, where the log has one


def counted_reviews(reviews: Sequence[TrainingReview]) -> int:
    """Reviews that carry a loss in py-fsrs's optimizer: among a card's first 64, those on a
    later day than the card's previous review (the optimizer's own rule)."""
    by_card: dict[int, list[datetime]] = {}
    for r in reviews:
        by_card.setdefault(r.card, []).append(r.at)
    count = 0
    for times in by_card.values():
        times = sorted(times)[:MAX_SEQUENCE]
        count += sum(1 for a, b in pairwise(times) if (b - a).days > 0)
    return count
