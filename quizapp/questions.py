"""What a study session hands the screens: a sampled question and the feedback on an answer."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from quizapp.core import grading, sm2
from quizapp.core import params as P
from quizapp.core.deck import Card
from quizapp.verify.engine import Computed


@dataclass(frozen=True)
class Question:
    card: Card
    seed: int
    params: dict[str, Any]
    state: sm2.SM2State
    is_drill: bool
    is_new: bool
    error: str | None = None  # sampling failed: shown for this card, nothing recorded
    shown_at: float = field(default_factory=time.monotonic)

    def prompt(self, lang: str) -> str:
        if self.error:
            return self.card.prompt.get(lang)
        return P.render(self.card.prompt.get(lang), self.params)

    def code(self) -> str | None:
        if self.error or not self.card.code:
            return None
        return P.render(self.card.code, self.params)


@dataclass(frozen=True)
class Feedback:
    """What the learner sees after answering, and the grade the app suggests."""

    question: Question
    typed: str | None
    verdict: grading.Verdict | None  # None: "don't know" or a flash card
    computed: Computed | None
    suggested: int | None
    seconds: float
    error: str | None = None  # the verifier failed: nothing is graded or recorded
    slip: str | None = None  # a known mistake the typed answer matches
    attempt: int = 1

    @property
    def retry_allowed(self) -> bool:
        """A wrong first answer gets one more try before the answer is shown."""
        return self.attempt == 1 and self.verdict is not None and not self.verdict.correct

    @property
    def intervals(self) -> dict[int, int]:
        return sm2.next_intervals(self.question.state)

    def as_correct(self) -> Feedback:
        """The same answer accepted as right (the learner's typo override)."""
        verdict = grading.Verdict(True, detail="marked correct by you")
        return Feedback(self.question, self.typed, verdict, self.computed, 4, self.seconds)


@dataclass
class Tally:
    answered: int = 0
    correct: int = 0
    started: float = field(default_factory=time.monotonic)
