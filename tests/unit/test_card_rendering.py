"""Every built-in card renders in English and in Chinese for many sampled parameter sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.core import params as P
from quizapp.core.deck import load_deck
from quizapp.validate import sample_params
from quizapp.verify.loader import load_module

ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted((ROOT / "cards").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_every_card_renders_in_both_languages(path: Path) -> None:
    deck = load_deck(path)
    module = load_module(deck.verifier_path) if deck.verifier_path else None
    assert CJK.search(deck.title.get("zh")), f"{deck.name}: no Chinese title"
    for card in deck.cards:
        for seed in range(10):
            values = sample_params(card, module, seed) if card.kind == "quiz" else {}
            english = P.render(card.prompt.get("en"), values)
            chinese = P.render(card.prompt.get("zh"), values)
            assert english.strip() and "{" not in english.replace("{{", "")
            assert CJK.search(chinese), f"{card.key}: the Chinese prompt has no Chinese"
            if card.back is not None:
                assert CJK.search(card.back.get("zh")), f"{card.key}: no Chinese back"
            if card.code:
                P.render(card.code, values)

