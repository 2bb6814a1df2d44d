"""Repository functions over a Session: decks, card sync, queues and the review log."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Integer, func, or_, select, update
from sqlalchemy.orm import Session

from quizapp.store.models import CardRow, DeckRow, ReviewRow

LEECH_LAPSES = 8


@dataclass(frozen=True)
class DeckInfo:
    kind_by_key: dict[str, str]  # "deck/id" -> quiz|flash, for every card in the file


def save_deck(
    s: Session, row: DeckRow, cards: DeckInfo, now: datetime, revive: bool = True
) -> tuple[int, int, int]:
    """Insert or update a deck and sync its cards by id; returns (added, kept, retired).

    `revive` brings back a removed deck (an explicit add); a built-in deck updated on start
    stays removed if the user removed it.
    """
    existing = s.get(DeckRow, row.name)
    if existing is None:
        s.add(row)
    else:
        for attr in ("title", "title_zh", "source", "builtin", "content_sha256", "verifier_sha256"):
            setattr(existing, attr, getattr(row, attr))
        if revive:
            existing.removed_at = None
    s.flush()
    current = {c.key: c for c in s.scalars(select(CardRow).where(CardRow.deck == row.name))}
    added = kept = retired = 0
    for key, kind in cards.kind_by_key.items():
        card = current.get(key)
        if card is None:
            s.add(CardRow(key=key, deck=row.name, kind=kind))
            added += 1
        else:
            card.retired, card.kind = False, kind
            kept += 1
    for key, card in current.items():
        if key not in cards.kind_by_key and not card.retired:
            card.retired = True  # never deleted: its history stays
            retired += 1
    return added, kept, retired


def all_decks(s: Session) -> list[DeckRow]:
    return list(s.scalars(select(DeckRow)))


def active_decks(s: Session) -> list[DeckRow]:
    query = select(DeckRow).where(DeckRow.removed_at.is_(None)).order_by(DeckRow.name)
    return list(s.scalars(query))


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
    """Never-studied cards in deck order."""
    if limit <= 0:
        return []
    query = (
        select(CardRow.key)
        .where(*_studyable(decks, now), CardRow.due.is_(None))
        .order_by(CardRow.id)
        .limit(limit)
    )
    return list(s.scalars(query))


def new_studied_since(s: Session, since: datetime) -> int:
    query = select(func.count()).where(
        ReviewRow.at >= since, ReviewRow.was_new.is_(True), ReviewRow.kind == "review"
    )
    return int(s.scalar(query) or 0)


def deck_counts(s: Session, now: datetime) -> dict[str, tuple[int, int, int]]:
    """deck -> (cards, due now, new), counting only cards still in the deck."""
    due = func.sum(((CardRow.due.is_not(None)) & (CardRow.due <= now)).cast(Integer))
    new = func.sum(CardRow.due.is_(None).cast(Integer))
    query = (
        select(CardRow.deck, func.count(), due, new)
        .where(CardRow.retired.is_(False))
        .group_by(CardRow.deck)
    )
    return {deck: (int(n), int(d or 0), int(w or 0)) for deck, n, d, w in s.execute(query)}


def card(s: Session, key: str) -> CardRow | None:
    return s.scalar(select(CardRow).where(CardRow.key == key))


def cards_by_key(s: Session, keys: Sequence[str]) -> dict[str, CardRow]:
    return {c.key: c for c in s.scalars(select(CardRow).where(CardRow.key.in_(keys)))}


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
    card_row.last_review = review.at


def set_flags(s: Session, key: str, **flags: object) -> None:
    s.execute(update(CardRow).where(CardRow.key == key).values(**flags))
