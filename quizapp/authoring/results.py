"""What verifiers take and return, and how they refuse parameters that have no answer."""

from __future__ import annotations

from typing import Any

from quizapp.authoring.text import Explain
from quizapp.core.limits import MAX_STEPS

Params = dict[str, Any]  # a card's parameters: plain Python values, a copy of its own
Result = tuple[Any, Explain | str]  # (answer, worked explanation)


class Invalid(Exception):
    """These parameters have no answer (no batch at all, a reflect pad as long as the
    signal). Raised for parameters given with --param it is shown as the reason they are
    refused; a sampler must never produce such parameters."""


def require(condition: bool, reason: str) -> None:
    """Refuse the parameters with `reason` unless `condition` holds."""
    if not condition:
        raise Invalid(reason)


def steps(n: int, what: str = "steps") -> range:
    """range(n) for a loop whose length comes from the parameters, within the ceiling that
    keeps any card's work bounded."""
    require(0 <= n <= MAX_STEPS, f"{n} {what} is beyond the limit of {MAX_STEPS}")
    return range(n)
