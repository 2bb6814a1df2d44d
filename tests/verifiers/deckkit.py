"""One built-in deck as the app loads it: cards, verifier, sampler and checked verifier calls."""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from quizapp.core import params as P
from quizapp.core.deck import Card, load_deck
from quizapp.validate import sample_params
from quizapp.verify.loader import load_module

ROOT = Path(__file__).resolve().parents[2]
DECK_NAMES = sorted(path.stem for path in (ROOT / "cards").glob("*.yaml"))
# Decks whose verifiers always explain as an {en, zh} dict, never as one plain string.
BILINGUAL = {"normalization", "tensors"}


def check_explanation(explanation: Any, bilingual: bool = False) -> None:
    """A verifier's explanation: a non-empty string, or a dict of exactly en and zh, both set."""
    if isinstance(explanation, dict) or bilingual:
        assert isinstance(explanation, dict), explanation
        assert set(explanation) == {"en", "zh"} and all(explanation.values()), explanation
    else:
        assert isinstance(explanation, str) and explanation, explanation


class DeckKit:
    """`DeckKit("conv")`: cards/conv.yaml through the app's loader, verifiers/conv loaded lazily."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.deck = load_deck(ROOT / "cards" / f"{name}.yaml")
        self.quiz = [card for card in self.deck.cards if card.kind == "quiz"]
        self.flash = [card for card in self.deck.cards if card.kind == "flash"]
        self.bilingual = name in BILINGUAL

    @cached_property
    def module(self) -> ModuleType:
        assert self.deck.verifier_path is not None
        return load_module(self.deck.verifier_path)

    def card(self, card_id: str) -> Card:
        return self.deck.card(card_id)

    def sample(self, card_id: str, seed: int) -> dict[str, Any]:
        """The card's parameters for a seed, drawn by the app's sampler and the deck's hook."""
        return sample_params(self.card(card_id), self.module, seed)

    def samples(self, card_id: str, seeds: range) -> list[dict[str, Any]]:
        return [self.sample(card_id, seed) for seed in seeds]

    def options(self, card_id: str, param: str) -> list[Any]:
        """The options of a `choice` parameter spec."""
        spec = self.card(card_id).params[param]
        assert isinstance(spec, P.Choice), spec
        return list(spec.options)

    def choices(self, card_id: str) -> list[str]:
        """The English text of a choice card's choices."""
        return [choice.en for choice in self.card(card_id).choices]

    def run(self, card_id: str, params: dict[str, Any], device: Any) -> Any:
        """Call the card's verifier on a copy of the params; check the explanation; the answer."""
        fn = getattr(self.module, self.card(card_id).verifier or "")
        answer, explanation = fn(dict(params), device)
        check_explanation(explanation, self.bilingual)
        return answer


@cache
def kit(name: str) -> DeckKit:
    """The DeckKit of a built-in deck, shared by every test that asks for it."""
    return DeckKit(name)
