"""What every deck's verifier must do alike: flash claims hold, sample hooks are deterministic."""

from __future__ import annotations

import pytest
from deckkit import DECK_NAMES, kit

FLASH = [(name, card.id) for name in DECK_NAMES for card in kit(name).flash]
HOOKED = [(name, card.id) for name in DECK_NAMES for card in kit(name).quiz if card.sampler]


@pytest.mark.parametrize(("name", "card_id"), FLASH, ids=[f"{n}/{c}" for n, c in FLASH])
def test_flash_claims_hold(name: str, card_id: str, device) -> None:
    assert kit(name).run(card_id, {}, device) is True


@pytest.mark.parametrize(("name", "card_id"), HOOKED, ids=[f"{n}/{c}" for n, c in HOOKED])
def test_sample_hooks_are_deterministic(name: str, card_id: str) -> None:
    for seed in range(20):
        assert kit(name).sample(card_id, seed) == kit(name).sample(card_id, seed)
