"""Every built-in card renders in English and in Chinese for many sampled parameter sets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.core import params as P
from quizapp.core.deck_loader import load_deck
from quizapp.services.runner import CardRunner
from quizapp.verify.engine import VerifierEngine

ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted((ROOT / "cards").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_every_card_renders_in_both_languages(path: Path) -> None:
    deck = load_deck(path)
    runner = CardRunner(VerifierEngine("cpu"), lambda _name: deck.verifier_path)
    assert CJK.search(deck.title.get("zh")), f"{deck.name}: no Chinese title"
    for card in deck.cards:
        for seed in range(10):
            values = runner.params(card, seed) if card.kind == "quiz" else {}
            english = P.render(card.prompt.get("en"), values)
            chinese = P.render(card.prompt.get("zh"), values)
            assert english.strip() and "{" not in english.replace("{{", "")
            assert CJK.search(chinese), f"{card.key}: the Chinese prompt has no Chinese"
            if card.back is not None:
                assert CJK.search(card.back.get("zh")), f"{card.key}: no Chinese back"
            if card.code:
                P.render(card.code, values)

