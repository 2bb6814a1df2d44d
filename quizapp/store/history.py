"""Each card's review log as the scheduling replay reads it, streamed card by card."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core.rebuild import LoggedReview
from quizapp.store.models import CardRow, ReviewRow


def logged(s: Session, decks: Iterable[str] | None = None
           ) -> Iterator[tuple[int, list[LoggedReview]]]:
    """(card id, its log rows in id order) for every card with a log, in card order, read
    in batches so memory stays flat at any size. `decks` limits it to those decks' cards."""
    query = select(
        ReviewRow.card_id, ReviewRow.id, ReviewRow.at, ReviewRow.kind, ReviewRow.quality,
        ReviewRow.undoes, ReviewRow.reps_after, ReviewRow.ease_after, ReviewRow.interval_after,
        ReviewRow.due_after, ReviewRow.rating, ReviewRow.correct, ReviewRow.scheduler,
    ).order_by(ReviewRow.card_id, ReviewRow.id)
    if decks is not None:
        query = query.where(ReviewRow.card_id.in_(
            select(CardRow.id).where(CardRow.deck.in_(list(decks)))))
    rows = s.execute(query.execution_options(yield_per=10_000))
    for card_id, group in groupby(rows, key=lambda r: r[0]):
        yield card_id, [
            LoggedReview(id=r.id, at=r.at, kind=r.kind, quality=r.quality, undoes=r.undoes,
                         reps_after=r.reps_after, ease_after=r.ease_after,
                         interval_after=r.interval_after, due_after=r.due_after,
                         rating=r.rating, correct=r.correct, scheduler=r.scheduler)
            for r in group
        ]
