"""What the verifier engine returns and raises, and how a result crosses the process line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.core.deck import Card, Text
from quizapp.core.errors import QuizappError
from quizapp.core.grading import KnownSlip
from quizapp.verify import answers


class VerifierError(QuizappError):
    """Author code that failed, hung or returned garbage; shown for that card only."""


class Refused(VerifierError):
    """The verifier refused these parameters (authoring.Invalid): they have no answer."""


@dataclass(frozen=True)
class Computed:
    """The canonical answer of one question and how it was obtained."""

    value: Any
    explanation: Text
    device: str
    torch_version: str
    ms: float
    slips: tuple[KnownSlip, ...] = ()

    def to_json(self) -> dict[str, Any]:
        def text(t: Text) -> dict[str, str | None]:
            return {"en": t.en, "zh": t.zh}

        return {"value": self.value, "explanation": text(self.explanation),
                "device": self.device, "torch_version": self.torch_version, "ms": self.ms,
                "slips": [[s.id, s.answer, text(s.why)] for s in self.slips]}

    @classmethod
    def from_json(cls, card: Card, data: Any) -> Computed:
        """A result from the worker, checked again: only plain values of the card's answer
        type leave this function, whatever the other process sent."""
        try:
            return cls(
                answers.normalize(card, data["value"]), answers.text(data["explanation"]),
                str(data["device"])[:32], str(data["torch_version"])[:40],
                float(data["ms"]), answers.slips(card, data["slips"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise VerifierError(f"the verifier returned an unusable answer: {exc}") from None


def plain(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters by value, as JSON carries them: what the log records is what was asked."""
    try:
        value = json.loads(json.dumps(dict(params), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise VerifierError(f"the parameters are not plain values: {exc}") from None
    if not isinstance(value, dict):
        raise VerifierError("the parameters must be a mapping")
    return value
