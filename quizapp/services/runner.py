"""The card runner: the one place a card is sampled, its answer computed and a typed one graded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.core import grading
from quizapp.core.deck import Card, Deck
from quizapp.core.overrides import ParamError
from quizapp.verify.engine import Computed, Refused, VerifierEngine, VerifierError

VerifierOf = Callable[[str], Path | None]  # deck name -> its trusted verifier (None: no code)


@dataclass(frozen=True)
class Checked:
    """A typed answer graded against the computed one."""

    typed: str
    value: Any  # the parsed answer; None when the learner did not know
    verdict: grading.Verdict | None
    slip: grading.KnownSlip | None
    computed: Computed


class CardRunner:
    """Samples, computes and grades through the verifier engine, under its time limit."""

    def __init__(self, engine: VerifierEngine, verifier_of: VerifierOf) -> None:
        self.engine = engine
        self.verifier_of = verifier_of

    def for_deck(self, deck: Deck) -> CardRunner:
        """A runner on the same engine for one deck file that is not (yet) in the library."""
        return CardRunner(self.engine, lambda _name: deck.verifier_path)

    def params(self, card: Card, seed: int, given: Mapping[str, Any] | None = None
               ) -> dict[str, Any]:
        """The question's parameters for `seed`, with `given` overrides checked (ParamError)."""
        verifier = self.verifier_of(card.deck) if card.sampler or card.derive else None
        try:
            return self.engine.sample(verifier, card, seed, given)
        except Refused as exc:
            if given:
                raise ParamError(f"--param: {exc}") from None
            raise VerifierError(f"the sampler produced parameters with no answer: {exc}") \
                from None

    def derived(self, card: Card, params: Mapping[str, Any]) -> dict[str, Any]:
        """Stated params (a card's test) completed by the card's derive hook."""
        verifier = self.verifier_of(card.deck) if card.derive else None
        return self.engine.derive(verifier, card, params)

    def compute(self, card: Card, params: Mapping[str, Any], given: bool = False) -> Computed:
        """The canonical answer; `given`: the params were set by hand, so a refusal is theirs."""
        verifier = self.verifier_of(card.deck)
        if verifier is None:
            raise VerifierError("this deck has no verifier module")
        try:
            return self.engine.answer(verifier, card, params)
        except Refused as exc:
            if given:
                raise ParamError(f"--param: {exc}") from None
            raise VerifierError(f"the verifier refused its parameters: {exc}") from None

    @staticmethod
    def grade(card: Card, typed: str, computed: Computed
              ) -> tuple[Any, grading.Verdict | None, grading.KnownSlip | None]:
        """(parsed value, verdict, slip) for a typed answer; empty means "don't know".
        Raises ParseError when the text is not an answer of the card's type."""
        if not typed.strip():
            return None, None, None
        kind = card.answer or ""
        value = grading.parse(kind, typed, card.choices)
        verdict = grading.compare(kind, value, computed.value, card.tolerance)
        slip = None if verdict.correct else grading.match_slip(
            kind, value, computed.value, computed.slips, card.tolerance)
        return value, verdict, slip

    def check(self, card: Card, params: Mapping[str, Any], typed: str) -> Checked:
        """Parse (ParseError before any work), compute, grade."""
        if typed.strip():
            grading.parse(card.answer or "", typed, card.choices)
        computed = self.compute(card, params)
        value, verdict, slip = self.grade(card, typed, computed)
        return Checked(typed, value, verdict, slip, computed)
