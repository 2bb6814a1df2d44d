"""Deck rows and card sync over a Session: a deck's shared row, and each learner's card
rows of it (added, kept or retired as its file changes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from quizapp.core.deck import Deck
from quizapp.store.models import CardRow, DeckRow


@dataclass(frozen=True)
class DeckInfo:
    kind_by_key: dict[str, str]  # "deck/id" -> quiz|flash, for every card in the file

    @classmethod
    def of(cls, deck: Deck) -> DeckInfo:
        return cls({card.key: card.kind for card in deck.cards})


def row_of(deck: Deck, builtin: bool, content_sha256: str, now: datetime) -> DeckRow:
    """The row of a parsed deck file whose bytes hash to `content_sha256`."""
    return DeckRow(name=deck.name, title=deck.title.en, title_zh=deck.title.zh,
                   source=str(deck.source), builtin=builtin, content_sha256=content_sha256,
                   added_at=now)


def save_deck(
    s: Session, row: DeckRow, cards: DeckInfo, now: datetime, revive: bool = True
) -> tuple[int, int, int]:
    """Insert or update a deck and sync this learner's cards by id; (added, kept, retired).

    `revive` brings back a removed deck (an explicit add); a built-in deck updated on start
    stays removed if the user removed it.
    """
    save_deck_row(s, row, revive)
    return sync_cards(s, row.name, cards)


def save_deck_row(s: Session, row: DeckRow, revive: bool = True) -> None:
    """Insert or update the shared deck row only (a class's set-up: no learner's cards)."""
    existing = s.get(DeckRow, row.name)
    if existing is None:
        s.add(row)
    else:
        for attr in ("title", "title_zh", "source", "builtin", "content_sha256", "verifier_sha256"):
            setattr(existing, attr, getattr(row, attr))
        if revive:
            existing.removed_at = None
    s.flush()


def sync_cards(s: Session, deck: str, cards: DeckInfo) -> tuple[int, int, int]:
    """Give this session's learner a card row for every card of the deck file, and retire
    the rows of cards the file no longer has; returns (added, kept, retired)."""
    current = {c.key: c for c in s.scalars(select(CardRow).where(CardRow.deck == deck))}
    added = kept = retired = 0
    for key, kind in cards.kind_by_key.items():
        card = current.get(key)
        if card is None:
            s.add(CardRow(key=key, deck=deck, kind=kind))
            added += 1
        else:
            card.retired, card.kind = False, kind
            kept += 1
    for key, card in current.items():
        if key not in cards.kind_by_key and not card.retired:
            card.retired = True  # never deleted: its history stays
            retired += 1
    return added, kept, retired


def decks_without_cards(s: Session) -> set[str]:
    """Active decks this session's learner has no card rows of (a new learner: all). One
    index probe per deck, not a pass over every card: it runs at every start."""
    has_cards = exists().where(CardRow.deck == DeckRow.name)
    return set(s.scalars(select(DeckRow.name).where(DeckRow.removed_at.is_(None), ~has_cards)))


def all_decks(s: Session) -> list[DeckRow]:
    return list(s.scalars(select(DeckRow)))


def active_decks(s: Session) -> list[DeckRow]:
    query = select(DeckRow).where(DeckRow.removed_at.is_(None)).order_by(DeckRow.name)
    return list(s.scalars(query))
