"""Every built-in card, in Chinese, reads as Chinese: `card show --lang zh` of each card
with 3 seeds has no run of three or more English words outside code and identifiers."""

from __future__ import annotations

import pytest
from deckkit import DECK_NAMES, kit, runner

from quizapp.cli.cards import card_text
from quizapp.core import i18n
from tests.chinese import english_runs

CARDS = [(name, card.id) for name in DECK_NAMES for card in kit(name).deck.cards]
@pytest.mark.parametrize(("deck", "card_id"), CARDS, ids=[f"{d}/{c}" for d, c in CARDS])
def test_card_show_in_chinese_has_no_english_sentence(deck: str, card_id: str) -> None:
    card = kit(deck).card(card_id)
    i18n.set_language("zh")
    try:
        for seed in range(3) if card.kind == "quiz" else [0]:
            values = runner().params(card, seed) if card.kind == "quiz" else {}
            computed = runner().compute(card, values) if card.verifier else None
            text = card_text(card, seed, values, computed, "zh")
            code = card.code and __import__("quizapp.core.params", fromlist=["render"]).render(
                card.code, values)
            if code:
                text = text.replace(code.rstrip(), "")
            assert not english_runs(text), (english_runs(text), text)
    finally:
        i18n.set_language("en")


def test_the_detector_finds_english_prose_and_spares_code() -> None:
    assert english_runs("结果：the kernel spans three pixels")
    assert english_runs("这里 Forgot the floor。")
    assert not english_runs("用 nn.Conv2d(3, 8, kernel_size=3) 得到 start, stop, step")
    assert not english_runs("抛出 TypeError（object of type 'X' has no len()）")
    assert not english_runs("slip-id-with-many-words：忘了向下取整")
