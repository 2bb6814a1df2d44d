"""Chart data for the stats screen: SQL aggregates over the review log and the card states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from quizapp.core.clock import local_day, local_day_start
from quizapp.store.models import CardRow, ReviewRow
from quizapp.store.repo import answers
from quizapp.store.stats import MATURE_DAYS, streak

EASE_BIN = 10  # hundredths: the ease histogram's bars are 0.1 wide


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def answers_by_day(s: Session, first: int, last: int) -> dict[int, int]:
    """Local day ordinal -> answers that day, for days in [first, last]; empty days left out."""
    query = (
        select(ReviewRow.day, func.count())
        .where(ReviewRow.day >= first, ReviewRow.day <= last, *answers())
        .group_by(ReviewRow.day)
    )
    return {int(day): int(n) for day, n in s.execute(query)}


def days_in_a_row(s: Session, calendar: dict[int, int], today: int) -> int:
    """The study streak; the log is read further back only when the last year is all streak."""
    run = streak(set(calendar), today)
    if run < CALENDAR_DAYS - 1:  # it broke inside the calendar's window
        return run
    return streak(study_days(s, today - 3660), today)


def study_days(s: Session, since: int) -> set[int]:
    """Local days (from `since`) with at least one answer: the streak's input."""
    return set(s.scalars(select(ReviewRow.day).where(ReviewRow.day >= since, *answers())
                         .distinct()))


def due_forecast(s: Session, now: datetime, days: int = 14,
                 decks: list[str] | None = None) -> list[int]:
    """Cards falling due on each of the next `days` local days; today includes the overdue.
    `decks`: only these decks' cards (the FSRS forecast)."""
    # Local day boundaries are computed here, so the SQL only compares instants and the
    # query stays the same on SQLite and PostgreSQL.
    bounds = [local_day_start(now, i + 1) for i in range(days)]
    counts = [_count(CardRow.due < bound) for bound in bounds]
    query = select(*counts).where(
        CardRow.retired.is_(False), CardRow.suspended.is_(False), CardRow.due.is_not(None)
    )
    if decks is not None:
        query = query.where(CardRow.deck.in_(decks))
    cumulative = [int(v) for v in s.execute(query).one()]
    return [n - (cumulative[i - 1] if i else 0) for i, n in enumerate(cumulative)]


@dataclass(frozen=True)
class Retention:
    """Answers graded 3+ out of all answers, split by the interval the card had before."""

    young_good: int
    young_total: int
    mature_good: int
    mature_total: int

    @property
    def young(self) -> float | None:
        return self.young_good / self.young_total if self.young_total else None

    @property
    def mature(self) -> float | None:
        return self.mature_good / self.mature_total if self.mature_total else None


@dataclass(frozen=True)
class DeckAccuracy:
    deck: str
    answers: int
    good: int

    @property
    def share(self) -> float:
        return self.good / self.answers if self.answers else 0.0


def answer_totals(s: Session, month_from: int) -> tuple[Retention, Retention, list[DeckAccuracy]]:
    """Retention over all time and since day `month_from`, and accuracy per deck.

    One pass over the log grouped by card; the decks are summed here from the card rows,
    because joining the cards in SQL makes SQLite walk the log card by card.
    """
    mature = ReviewRow.interval_before >= MATURE_DAYS
    good = ReviewRow.quality >= 3
    month = ReviewRow.day >= month_from
    card = ReviewRow.card_id + 0  # + 0: group by sorting the scan, not by the card index
    query = (
        select(
            card, _count(~mature & good), _count(~mature), _count(mature & good),
            _count(mature), _count(month & ~mature & good), _count(month & ~mature),
            _count(month & mature & good), _count(month & mature),
        )
        .where(*answers(whole_log=True))
        .group_by(card)
    )
    deck_of = {card_id: deck for card_id, deck in s.execute(select(CardRow.id, CardRow.deck))}
    totals = [0] * 8
    per_deck: dict[str, tuple[int, int]] = {}
    for card_id, *row in s.execute(query):
        counts = [int(n) for n in row]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        seen, good_seen = per_deck.get(deck_of[card_id], (0, 0))
        per_deck[deck_of[card_id]] = (seen + counts[1] + counts[3],
                                      good_seen + counts[0] + counts[2])
    decks = [DeckAccuracy(deck, n, g) for deck, (n, g) in sorted(per_deck.items())]
    return Retention(*totals[:4]), Retention(*totals[4:]), decks


def ease_histogram(s: Session) -> dict[int, int]:
    """Studied cards per ease bin (bin start in hundredths, EASE_BIN wide)."""
    query = (
        select(CardRow.ease, func.count())
        .where(CardRow.retired.is_(False), CardRow.due.is_not(None))
        .group_by(CardRow.ease)
    )
    bins: dict[int, int] = {}
    for ease, n in s.execute(query):
        start = int(ease) // EASE_BIN * EASE_BIN
        bins[start] = bins.get(start, 0) + int(n)
    return dict(sorted(bins.items()))


@dataclass(frozen=True)
class HardCard:
    key: str
    lapses: int
    ease: int  # hundredths
    interval: int
    due: datetime | None


def hardest(s: Session, limit: int = 50) -> list[HardCard]:
    """Studied cards that lapsed or lost ease: most lapses first, then lowest ease."""
    query = (
        select(CardRow.key, CardRow.lapses, CardRow.ease, CardRow.interval, CardRow.due)
        .where(
            CardRow.retired.is_(False), CardRow.due.is_not(None),
            (CardRow.lapses > 0) | (CardRow.ease < 250),
        )
        .order_by(CardRow.lapses.desc(), CardRow.ease, CardRow.key)
        .limit(limit)
    )
    return [HardCard(*row) for row in s.execute(query)]


@dataclass(frozen=True)
class Charts:
    """Everything the stats screen draws, read in one go."""

    today: int
    calendar: dict[int, int]  # the last CALENDAR_DAYS days; empty days left out
    forecast: list[int]
    streak: int
    retention: Retention
    retention_month: Retention
    decks: list[DeckAccuracy]
    ease: dict[int, int]
    hardest: list[HardCard]

    def per_day(self, days: int = 30) -> list[int]:
        return [self.calendar.get(d, 0) for d in range(self.today - days + 1, self.today + 1)]


CALENDAR_DAYS = 371  # 53 weeks, so the heatmap's first column is always full


def gather(s: Session, now: datetime) -> Charts:
    today = local_day(now)
    calendar = answers_by_day(s, today - CALENDAR_DAYS + 1, today)
    everything, month, decks = answer_totals(s, today - 29)
    return Charts(
        today=today,
        calendar=calendar,
        forecast=due_forecast(s, now),
        streak=days_in_a_row(s, calendar, today),
        retention=everything,
        retention_month=month,
        decks=decks,
        ease=ease_histogram(s),
        hardest=hardest(s),
    )
