"""Repository functions over a Session: the study queues, the counts, and the review log
(deck rows and card sync are in store.deck_rows)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from quizapp.core import fsrs_model, sm2
from quizapp.core.clock import local_day, local_day_start
from quizapp.core.fsrs_model import FsrsConfig
from quizapp.store.models import CardRow, ReviewRow

LEECH_LAPSES = 8


def _studyable(decks: Iterable[str], now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        CardRow.deck.in_(list(decks)),
        CardRow.retired.is_(False),
        CardRow.suspended.is_(False),
        or_(CardRow.buried_until.is_(None), CardRow.buried_until <= now),
    )


def due_keys(s: Session, decks: Iterable[str], now: datetime, limit: int) -> list[str]:
    """Cards whose review is due, most overdue first."""
    query = (
        select(CardRow.key)
        .where(*_studyable(decks, now), CardRow.due.is_not(None), CardRow.due <= now)
        .order_by(CardRow.due, CardRow.id)
        .limit(limit)
    )
    return list(s.scalars(query))


def new_keys(s: Session, decks: Iterable[str], now: datetime, limit: int) -> list[str]:
    """Never-studied cards, taking turns between decks, each deck's cards in file order."""
    if limit <= 0:
        return []
    turn = func.row_number().over(partition_by=CardRow.deck, order_by=CardRow.id)
    fresh = (
        select(CardRow.key, CardRow.id, turn.label("turn"))
        .where(*_studyable(decks, now), CardRow.due.is_(None))
        .subquery()
    )
    query = select(fresh.c.key).order_by(fresh.c.turn, fresh.c.id).limit(limit)
    return list(s.scalars(query))


ANSWER_KINDS = ("review", "drill")


def answers(whole_log: bool = False) -> list[ColumnElement[bool]]:
    """Rows that count as answers: reviews and re-drills that were not undone later.

    Stats, charts, the new-card count and the export all count exactly these rows.
    `whole_log`: the query reads the entire log. SQLite would then still pick an index on
    `kind` and fetch a million rows one by one (and sort them), several times slower than
    reading the table straight through; wrapping the column in coalesce() hides the index.
    """
    undone = select(ReviewRow.undoes).where(ReviewRow.undoes.is_not(None))
    kind = func.coalesce(ReviewRow.kind, "") if whole_log else ReviewRow.kind
    # An uncorrelated NOT IN is materialised once, not re-run per row.
    return [kind.in_(ANSWER_KINDS), ReviewRow.id.not_in(undone)]


def new_studied_since(s: Session, since: datetime) -> int:
    query = select(func.count()).where(
        ReviewRow.at >= since, ReviewRow.was_new.is_(True), *answers()
    )
    return int(s.scalar(query) or 0)


@dataclass(frozen=True)
class DeckCounts:
    cards: int = 0
    due: int = 0
    new: int = 0
    learning: int = 0  # studied, but not yet past the 6-day step
    mastery: float = 0.0  # mean of min(interval, 21) / 21 over the deck's cards


MASTERED_DAYS = 21


def deck_counts(s: Session, now: datetime) -> dict[str, DeckCounts]:
    """Per deck, counting only cards still in the deck. Suspended cards and cards buried
    until later are neither new nor due (nor learning): they are not studied now."""
    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    studied = CardRow.due.is_not(None)
    active = CardRow.suspended.is_(False) & (
        CardRow.buried_until.is_(None) | (CardRow.buried_until <= now))
    query = (
        select(
            CardRow.deck, func.count(),
            count(active & studied & (CardRow.due <= now)),
            count(active & CardRow.due.is_(None)),
            count(active & studied & (CardRow.interval < 6)),
            func.coalesce(func.sum(case((CardRow.interval >= MASTERED_DAYS, MASTERED_DAYS),
                                        else_=CardRow.interval)), 0),
        )
        .where(CardRow.retired.is_(False))
        .group_by(CardRow.deck)
    )
    return {
        deck: DeckCounts(int(n), int(d), int(w), int(learn), int(days) / (MASTERED_DAYS * n))
        for deck, n, d, w, learn, days in s.execute(query)
    }


def card(s: Session, key: str) -> CardRow | None:
    return s.scalar(select(CardRow).where(CardRow.key == key))


def record_answer(
    s: Session, row: CardRow, quality: int, at: datetime, drill: bool = False,
    rating: int | None = None, fsrs: FsrsConfig | None = None, **details: object,
) -> ReviewRow:
    """Log one answer with the card's scheduler applied to its committed state.

    SM-2's state is always kept (so switching back to SM-2 loses nothing); with `fsrs`,
    FSRS-6 moves the card's memory state and sets the due date. A same-day re-drill is
    logged but leaves the schedule alone (SM-2's step 7; FSRS never sees it). `details`
    are the review's descriptive columns (typed and canonical answer, seed, timing...).
    """
    before = sm2.SM2State(row.repetitions, row.ease, row.interval)
    after = before if drill else sm2.storable(sm2.review(before, quality))
    due = row.due if drill else sm2.due_after(local_day_start(at), after.interval)
    memory = fsrs_model.memory_of(row.stability, row.difficulty, row.last_review)
    memory_after = memory
    if fsrs is not None and not drill and rating is not None:
        memory_after, days = fsrs_model.step(fsrs, memory, rating, at)
        due = sm2.due_after(local_day_start(at), days)
    review = ReviewRow(
        learner_id=row.learner_id, at=at, day=local_day(at),
        kind="drill" if drill else "review", quality=quality,
        was_new=row.due is None and not drill, rating=rating,
        scheduler="fsrs" if fsrs is not None else "sm2",
        reps_before=row.repetitions, ease_before=row.ease, interval_before=row.interval,
        due_before=row.due, lapses_before=row.lapses,
        stability_before=row.stability, difficulty_before=row.difficulty,
        reps_after=after.repetitions, ease_after=after.ease_hundredths,
        interval_after=after.interval, due_after=due,
        stability_after=memory_after.stability if memory_after else None,
        difficulty_after=memory_after.difficulty if memory_after else None,
        **details,
    )
    log_review(s, row, review)
    s.flush()
    return review


def log_review(s: Session, card_row: CardRow, review: ReviewRow) -> None:
    """Append a review and move the card to the review's after-state (one transaction)."""
    review.card_id = card_row.id
    s.add(review)
    if review.kind == "review":
        if review.quality is not None and review.quality < 3 and review.reps_before > 0:
            card_row.lapses += 1
            card_row.leech = card_row.leech or card_row.lapses >= LEECH_LAPSES
        card_row.repetitions = review.reps_after
        card_row.ease = review.ease_after
        card_row.interval = review.interval_after
        card_row.due = review.due_after
        card_row.stability = review.stability_after
        card_row.difficulty = review.difficulty_after
        # The last *scheduled* review: FSRS measures elapsed time from it, drills aside.
        card_row.last_review = review.at


@dataclass(frozen=True)
class Flags:
    """A card's set-aside state, kept so that an undo can restore it."""

    suspended: bool
    buried_until: datetime | None


def set_flags(s: Session, key: str, **flags: object) -> Flags:
    """Change a card's suspended / buried_until; returns what they were."""
    row = card(s, key)
    if row is None:
        raise KeyError(key)
    before = Flags(row.suspended, row.buried_until)
    for name, value in flags.items():
        setattr(row, name, value)
    return before


class ReviewedSince(Exception):
    """The card was reviewed again after the answer an undo or a regrade names."""


def last_answer_id(s: Session, card_id: int) -> int | None:
    """The card's latest answer that still counts (not undone), if any."""
    query = (select(func.max(ReviewRow.id))
             .where(ReviewRow.card_id == card_id, *answers()))
    return s.scalar(query)


def undo_review(s: Session, review_id: int, now: datetime) -> None:
    """Restore the card to its state before a review and log the undo; the review row stays.

    Refused (ReviewedSince) when the card has been answered again since, in this terminal
    or another: restoring the old state would erase that later answer.
    """
    review = s.get(ReviewRow, review_id)
    if review is None:
        raise KeyError(review_id)
    row = s.get(CardRow, review.card_id)
    assert row is not None
    if last_answer_id(s, row.id) != review.id:
        raise ReviewedSince(row.key)
    undo = ReviewRow(
        learner_id=row.learner_id, card_id=row.id, at=now, day=review.day, kind="undo",
        undoes=review.id,
        reps_before=row.repetitions, ease_before=row.ease, interval_before=row.interval,
        due_before=row.due, lapses_before=row.lapses,
        stability_before=row.stability, difficulty_before=row.difficulty,
        stability_after=review.stability_before, difficulty_after=review.difficulty_before,
        reps_after=review.reps_before, ease_after=review.ease_before,
        interval_after=review.interval_before, due_after=review.due_before,
    )
    s.add(undo)
    row.repetitions, row.ease = review.reps_before, review.ease_before
    row.interval, row.due = review.interval_before, review.due_before
    row.stability, row.difficulty = review.stability_before, review.difficulty_before
    row.lapses = review.lapses_before
    row.leech = row.leech and row.lapses >= LEECH_LAPSES
    s.flush()  # the undo row now hides the review from answers()
    row.last_review = s.scalar(select(func.max(ReviewRow.at)).where(
        ReviewRow.card_id == row.id, ReviewRow.kind == "review", *answers()))
