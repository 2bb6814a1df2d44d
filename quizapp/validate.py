"""Checks a deck end to end: schema, verifier functions, and every template over many seeds."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

from quizapp.core import params as P
from quizapp.core.deck import Card, Deck
from quizapp.verify.engine import VerifierEngine, VerifierError
from quizapp.verify.loader import missing_functions

DEFAULT_SEEDS = 50


def sampler_of(card: Card, module: ModuleType | None) -> P.Sampler | None:
    return getattr(module, card.sampler) if module is not None and card.sampler else None


def sample_params(card: Card, module: ModuleType | None, seed: int) -> dict[str, Any]:
    """The card's parameters for a seed; the sampler hook is the author's code, so guard it."""
    try:
        params = P.sample(card.params, seed, sampler_of(card, module))
    except Exception as exc:
        raise VerifierError(f"sampling failed: {type(exc).__name__}: {exc}") from None
    if not isinstance(params, dict):
        raise VerifierError("the sample function must return a dict of parameters")
    return params


def verifier_of(card: Card, module: ModuleType) -> Callable[..., Any]:
    fn: Callable[..., Any] = getattr(module, card.verifier or "")
    return fn


def check_deck(
    deck: Deck, module: ModuleType | None, engine: VerifierEngine, seeds: int = DEFAULT_SEEDS
) -> list[str]:
    """Every problem found, as 'file:line: deck/id: message'; empty when the deck is good."""
    if module is None:
        return []
    problems = missing_functions(deck, module)
    if problems:
        return problems
    for card in deck.cards:
        where = f"{deck.source}:{card.line}: {card.key}"
        if card.kind == "flash":
            if card.verifier:
                try:
                    result = engine.compute(card, verifier_of(card, module), {})
                except VerifierError as exc:
                    problems.append(f"{where}: {exc}")
                    continue
                if result.value is not True:
                    problems.append(f"{where}: the live check of this card's claim failed")
            continue
        for seed in range(seeds):
            try:
                params = sample_params(card, module, seed)
                P.render(card.prompt.en, params)
                engine.compute(card, verifier_of(card, module), params)
            except (VerifierError, KeyError, ValueError) as exc:
                problems.append(f"{where}: seed {seed}: {exc}")
                break
    return problems
