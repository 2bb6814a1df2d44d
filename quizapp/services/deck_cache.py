"""A parsed-deck cache: a 10,000-card deck opens in milliseconds instead of a YAML parse."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from quizapp.core.deck import Deck

FORMAT = 2  # bump when Deck/Card change shape, so old entries are ignored


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
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(deck, handle, protocol=pickle.HIGHEST_PROTOCOL)
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
        with _entry(path, data, cache_dir).open("rb") as handle:
            deck = pickle.load(handle)
        if isinstance(deck, Deck) and deck.source == Path(path):
            return deck
    except Exception:
        pass
    deck = load_deck(path)
    store(deck, cache_dir)
    return deck
