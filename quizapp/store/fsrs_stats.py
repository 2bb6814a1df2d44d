"""Figures for the decks FSRS schedules: recall probability now, true retention, the forecast."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quizapp.core import fsrs_model
from quizapp.core.clock import local_day
from quizapp.core.fsrs_model import FsrsConfig
from quizapp.store.charts import due_forecast
from quizapp.store.models import CardRow, ReviewRow
from quizapp.store.repo import answers

BINS = 10  # recall probability in tenths: 0-10% ... 90-100%


@dataclass(frozen=True)
class Retention:
    share: float | None  # of first reviews per card and day that were not Again
    reviews: int


@dataclass(frozen=True)
class FsrsStats:
    decks: list[str]
    desired_retention: float
    cards: int  # cards with an FSRS memory state
    mean_recall: float | None
    recall_bins: list[int] = field(default_factory=list)  # cards per tenth of recall now
    retention_month: Retention = Retention(None, 0)
    retention_all: Retention = Retention(None, 0)
    forecast: list[int] = field(default_factory=list)  # due per day, today includes overdue

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _true_retention(s: Session, decks: list[str], since_day: int | None) -> Retention:
    """Anki's "true retention": each card's first review of a day, a card's very first
    review left out (nothing was retained yet); a pass is any rating but Again."""
    scope = [*answers(), ReviewRow.kind == "review", ReviewRow.was_new.is_(False),
             ReviewRow.card_id.in_(select(CardRow.id).where(CardRow.deck.in_(decks)))]
    if since_day is not None:
        scope.append(ReviewRow.day >= since_day)
    first = select(func.min(ReviewRow.id)).where(*scope).group_by(
        ReviewRow.card_id, ReviewRow.day)
    rows = s.execute(select(ReviewRow.rating, ReviewRow.quality, ReviewRow.correct)
                     .where(ReviewRow.id.in_(first)))
    total = passed = 0
    for rating, quality, correct in rows:
        total += 1
        passed += fsrs_model.logged_rating(rating, quality, correct) != fsrs_model.AGAIN
    return Retention(passed / total if total else None, total)


def compute(s: Session, now: datetime, decks: list[str], config: FsrsConfig) -> FsrsStats:
    """The figures over `decks` (those scheduled by FSRS) at `now`."""
    query = select(CardRow.stability, CardRow.difficulty, CardRow.last_review).where(
        CardRow.deck.in_(decks), CardRow.retired.is_(False), CardRow.suspended.is_(False),
        CardRow.stability.is_not(None))
    bins, recalls = [0] * BINS, []
    for stability, difficulty, last in s.execute(query):
        memory = fsrs_model.memory_of(stability, difficulty, last)
        if memory is None:
            continue
        r = fsrs_model.retrievability(config, memory, max(now, memory.last_review))
        recalls.append(r)
        bins[min(BINS - 1, int(r * BINS))] += 1
    today = local_day(now)
    return FsrsStats(
        decks=decks, desired_retention=config.desired_retention, cards=len(recalls),
        # fsum: exactly rounded whatever the order the rows came in, so SQLite and
        # PostgreSQL (and an exported copy) show the very same figure.
        mean_recall=math.fsum(recalls) / len(recalls) if recalls else None, recall_bins=bins,
        retention_month=_true_retention(s, decks, today - 29),
        retention_all=_true_retention(s, decks, None),
        forecast=due_forecast(s, now, decks=decks),
    )
