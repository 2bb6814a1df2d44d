"""Known slips: the wrong answers a classic mistake gives, each with a stable id.

A slips function is `fn(p) -> list[Slip]`, pure Python: it redoes the formula with one
named mistake. The id (`missing-floor`, `padding-once`, `variance-for-std`) is stored with
the review when the learner's answer matches, so mistakes can be counted over time; never
rename one. Candidates the card's tolerance cannot tell from the right answer are skipped by
the app, so a function need not filter them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Slip:
    id: str  # stable slug
    answer: Any  # the wrong answer the mistake gives, in the card's answer type
    en: str  # what went wrong, as the feedback says it: "forgot the floor"
    zh: str

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise ValueError(f"slip id {self.id!r} must be a slug like 'missing-floor'")


def _finite(answer: Any) -> bool:
    if isinstance(answer, float):
        return math.isfinite(answer)
    if isinstance(answer, list | tuple):
        return all(_finite(a) for a in answer)
    return True


def finite(slips: Iterable[Slip]) -> list[Slip]:
    """The candidates whose answer is a real value (no nan or inf from a degenerate mistake)."""
    return [s for s in slips if _finite(s.answer)]


def differing(slips: Iterable[Slip], right: Any) -> list[Slip]:
    """The candidates whose answer differs from `right` exactly (shape and int cards)."""
    return [s for s in slips if s.answer != right]
