"""One built-in deck as the app loads it: cards, verifier, sampler and checked verifier calls."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from quizapp.core import params as P
from quizapp.core.deck import Card
from quizapp.core.deck_loader import load_deck
from quizapp.services.runner import CardRunner
from quizapp.verify.engine import VerifierEngine
from quizapp.verify.loader import load_module

ROOT = Path(__file__).resolve().parents[2]
DECK_NAMES = sorted(path.stem for path in (ROOT / "cards").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def check_explanation(explanation: Any) -> None:
    """A verifier's explanation: {en, zh}, both set, the Chinese one written in Chinese."""
    assert isinstance(explanation, dict), explanation
    assert set(explanation) == {"en", "zh"} and all(explanation.values()), explanation
    assert all(isinstance(v, str) for v in explanation.values()), explanation
    assert CJK.search(explanation["zh"]), explanation


@cache
def runner() -> CardRunner:
    """The app's card runner on the CPU, over the built-in decks' verifiers."""
    return CardRunner(VerifierEngine("cpu"), lambda name: kit(name).deck.verifier_path)


class DeckKit:
    """`DeckKit("conv")`: cards/conv.yaml through the app's loader, verifiers/conv loaded lazily."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.deck = load_deck(ROOT / "cards" / f"{name}.yaml")
        self.quiz = [card for card in self.deck.cards if card.kind == "quiz"]
        self.flash = [card for card in self.deck.cards if card.kind == "flash"]

    @cached_property
    def module(self) -> ModuleType:
        assert self.deck.verifier_path is not None
        return load_module(self.deck.verifier_path)

    def card(self, card_id: str) -> Card:
        return self.deck.card(card_id)

    def sample(self, card_id: str, seed: int, **given: Any) -> dict[str, Any]:
        """The card's parameters for a seed, as the app draws them: specs, the deck's sampler,
        `given` overrides (checked like --param), then the derive hook."""
        return runner().params(self.card(card_id), seed, given or None)

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

    def explain(self, card_id: str, params: dict[str, Any], device: Any) -> dict[str, str]:
        """The card's explanation for these params, {en, zh}."""
        fn = getattr(self.module, self.card(card_id).verifier or "")
        return fn(dict(params), device)[1]  # type: ignore[no-any-return]

    def zh_prose(self, card_id: str, seeds: int, device: Any
                 ) -> Iterator[tuple[dict[str, Any], str]]:
        """(params, the Chinese explanation without the code it quotes) for `seeds` samples of
        a quiz card, or once for a flash card: the quoted statements and constructors are the
        string parameters, and they are Python, not English."""
        card = self.card(card_id)
        for p in self.samples(card_id, range(seeds)) if card.kind == "quiz" else [{}]:
            text = self.explain(card_id, p, device)["zh"]
            for value in p.values():
                if isinstance(value, str):
                    text = text.replace(value, "")
            yield p, text

    def run(self, card_id: str, params: dict[str, Any], device: Any) -> Any:
        """Call the card's verifier on a copy of the params; check the explanation; the answer."""
        fn = getattr(self.module, self.card(card_id).verifier or "")
        answer, explanation = fn(dict(params), device)
        check_explanation(explanation)
        return answer


@cache
def kit(name: str) -> DeckKit:
    """The DeckKit of a built-in deck, shared by every test that asks for it."""
    return DeckKit(name)
