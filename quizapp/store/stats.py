"""Progress figures from the review log and card states, computed in SQL."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from quizapp.core.clock import local_day, local_day_start
from quizapp.store.models import CardRow, ReviewRow
from quizapp.store.repo import answers

MATURE_DAYS = 21  # Anki's line between young and mature cards


@dataclass(frozen=True)
class Stats:
    cards_total: int
    cards_new: int
    cards_learning: int
    cards_young: int
    cards_mature: int
    cards_suspended: int
    cards_leech: int
    cards_due: int
    due_tomorrow: int
    reviews_total: int
    reviews_today: int
    accuracy: float | None  # share of answers graded 3 or more
    streak_days: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


CARD_FIELDS = (
    "cards_total", "cards_new", "cards_learning", "cards_young", "cards_mature",
    "cards_suspended", "cards_leech", "cards_due", "due_tomorrow",
)


def streak(days: set[int], today: int) -> int:
    """Consecutive study days ending today (or yesterday, if today has none yet)."""
    day = today if today in days else today - 1
    count = 0
    while day in days:
        count, day = count + 1, day - 1
    return count


def compute(s: Session, now: datetime, decks: list[str] | None = None) -> Stats:
    live = [CardRow.retired.is_(False)] + ([CardRow.deck.in_(decks)] if decks else [])
    tomorrow, after = local_day_start(now, 1), local_day_start(now, 2)
    # Suspended cards, and cards buried until later today, are neither new nor due.
    counted = CardRow.suspended.is_(False) & (
        CardRow.buried_until.is_(None) | (CardRow.buried_until <= now))

    def count(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    cards = s.execute(
        select(
            func.count(),
            count(counted & CardRow.due.is_(None)),
            count(CardRow.due.is_not(None) & (CardRow.interval < 6)),
            count((CardRow.interval >= 6) & (CardRow.interval < MATURE_DAYS)),
            count(CardRow.interval >= MATURE_DAYS),
            count(CardRow.suspended.is_(True)),
            count(CardRow.leech.is_(True)),
            count(counted & CardRow.due.is_not(None) & (CardRow.due < tomorrow)),
            count(counted & (CardRow.due >= tomorrow) & (CardRow.due < after)),
        ).where(*live)
    ).one()
    scope = answers()
    if decks:
        scope.append(ReviewRow.card_id.in_(select(CardRow.id).where(CardRow.deck.in_(decks))))
    today = local_day(now)
    total, today_count, good = s.execute(
        select(func.count(), count(ReviewRow.day == today), count(ReviewRow.quality >= 3))
        .where(*scope)
    ).one()
    days = set(s.scalars(select(ReviewRow.day).where(*scope, ReviewRow.day > today - 3660)
                         .distinct()))
    by_state = dict(zip(CARD_FIELDS, (int(v) for v in cards), strict=True))
    return Stats(
        **by_state, reviews_total=int(total), reviews_today=int(today_count),
        accuracy=(int(good) / int(total)) if total else None, streak_days=streak(days, today),
    )

