"""A parsed-deck cache: a 10,000-card deck opens in milliseconds instead of a YAML parse.

An entry keeps each card pickled on its own, so that opening a deck builds only the cards
a session shows (the first question of a 10,000-card deck builds one, not 10,000).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import overload

from quizapp.core.deck import Card, Deck

FORMAT = 3  # bump when Deck/Card change shape, so old entries are ignored


class LazyCards(Sequence[Card]):
    """A deck's cards, each unpickled the first time it is read."""

    def __init__(self, ids: tuple[str, ...], blobs: tuple[bytes, ...]) -> None:
        if len(ids) != len(blobs):
            raise ValueError("damaged cache entry")
        self._ids = {card_id: i for i, card_id in enumerate(ids)}
        self._blobs = blobs
        self._cards: list[Card | None] = [None] * len(blobs)

    def __len__(self) -> int:
        return len(self._blobs)

    def _build(self, i: int) -> Card:
        card = self._cards[i]
        if card is None:
            card = pickle.loads(self._blobs[i])
            if not isinstance(card, Card):
                raise ValueError("damaged cache entry")
            self._cards[i] = card
        return card

    @overload
    def __getitem__(self, i: int) -> Card: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Card]: ...
    def __getitem__(self, i: int | slice) -> Card | Sequence[Card]:
        if isinstance(i, slice):
            return tuple(self._build(k) for k in range(len(self))[i])
        return self._build(range(len(self))[i])

    def __iter__(self) -> Iterator[Card]:
        return (self._build(i) for i in range(len(self)))

    def by_id(self, card_id: str) -> Card | None:
        i = self._ids.get(card_id)
        return None if i is None else self._build(i)


def load_deck(path: Path) -> Deck:
    # pydantic and the YAML parser load only on a cache miss: the usual start never needs them.
    from quizapp.core.deck_loader import load_deck as parse

    return parse(path)


def _entry(path: Path, data: bytes, cache_dir: Path) -> Path:
    digest = hashlib.sha256(data + str(Path(path).resolve()).encode()).hexdigest()
    return cache_dir / f"deck-v{FORMAT}-{digest}.pickle"


def store(deck: Deck, cache_dir: Path | None) -> None:
    """Put a parsed deck in the cache under its own file (a deck just copied in, say)."""
    if cache_dir is None:
        return
    try:
        entry = _entry(deck.source, Path(deck.source).read_bytes(), cache_dir)
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        entry_data = {
            "deck": replace(deck, cards=()),
            "ids": tuple(card.id for card in deck.cards),
            "blobs": tuple(pickle.dumps(card, protocol=pickle.HIGHEST_PROTOCOL)
                           for card in deck.cards),
        }
        body = pickle.dumps(entry_data, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as handle:
            # The digest first: a damaged byte anywhere, even in a card not yet built,
            # is found when the entry is opened, not when that card is shown.
            handle.write(hashlib.sha256(body).digest() + body)
        os.replace(temp, entry)
    except OSError:
        pass  # a read-only cache only costs speed


def load_cached(path: Path, cache_dir: Path | None) -> Deck:
    """load_deck, reusing the result for byte-identical files.

    Entries are keyed by the file's content and location, and live in the user's own cache
    directory, the same trust boundary as the database and the copied decks next to it.
    A damaged entry (a corrupted byte, a truncated write) is ignored and rebuilt.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = None
    if cache_dir is None or data is None:
        return load_deck(path)  # a missing or unreadable file is reported as a DeckError
    try:
        raw = _entry(path, data, cache_dir).read_bytes()
        digest, body = raw[:32], raw[32:]
        if hashlib.sha256(body).digest() != digest:
            raise ValueError("damaged cache entry")
        cached = pickle.loads(body)
        header = cached["deck"]
        if isinstance(header, Deck) and header.source == Path(path):
            return replace(header, cards=LazyCards(cached["ids"], cached["blobs"]))
    except Exception:
        pass
    deck = load_deck(path)
    store(deck, cache_dir)
    return deck
