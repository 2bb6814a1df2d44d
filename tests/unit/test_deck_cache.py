"""The parsed-deck cache: an entry gives back the deck the YAML parse gives, builds only
the cards that are read, and a damaged byte anywhere in it means a fresh parse."""

from __future__ import annotations

from pathlib import Path

from quizapp.core.deck_loader import load_deck
from quizapp.services.deck_cache import LazyCards, load_cached


# Cards compare by identity; their repr shows every field.
def same(a: object, b: object) -> bool:
    return repr(a) == repr(b)


ROOT = Path(__file__).resolve().parents[2]
CONV = ROOT / "cards" / "conv.yaml"


def test_a_cached_deck_equals_the_parsed_one(tmp_path: Path) -> None:
    parsed = load_deck(CONV)
    load_cached(CONV, tmp_path)  # fills the cache
    cached = load_cached(CONV, tmp_path)
    assert isinstance(cached.cards, LazyCards)
    assert (cached.name, cached.title, cached.source) == (parsed.name, parsed.title,
                                                          parsed.source)
    assert same(list(cached.cards), list(parsed.cards))
    assert len(cached.cards) == len(parsed.cards)
    assert same(cached.cards[-1], parsed.cards[-1])
    assert same(tuple(cached.cards[:2]), parsed.cards[:2])


def test_finding_a_card_builds_only_that_card(tmp_path: Path) -> None:
    load_cached(CONV, tmp_path)
    cached = load_cached(CONV, tmp_path)
    card = cached.card("odd-kernels")
    assert same(card, load_deck(CONV).card("odd-kernels"))
    assert cached.cards._cards.count(None) == len(cached.cards) - 1  # type: ignore[attr-defined]


def test_a_damaged_byte_in_any_card_means_a_fresh_parse(tmp_path: Path) -> None:
    load_cached(CONV, tmp_path)
    [entry] = tmp_path.glob("*.pickle")
    raw = bytearray(entry.read_bytes())
    raw[len(raw) - 40] ^= 0xFF  # inside the last card's pickle
    entry.write_bytes(bytes(raw))
    deck = load_cached(CONV, tmp_path)
    assert same(list(deck.cards), list(load_deck(CONV).cards))
    assert load_cached(CONV, tmp_path).card("odd-kernels").id == "odd-kernels"  # rewritten
