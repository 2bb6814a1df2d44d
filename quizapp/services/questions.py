"""What a study session hands the screens: a sampled question and the feedback on an answer."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from quizapp.core import fsrs_model, grading, sm2
from quizapp.core import params as P
from quizapp.core.clock import utcnow
from quizapp.core.deck import Card
from quizapp.core.fsrs_model import FsrsConfig, Memory
from quizapp.core.i18n import later
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
    fsrs: FsrsConfig | None = None  # the card's deck is scheduled by FSRS-6
    memory: Memory | None = None  # its FSRS memory state (None: not yet scheduled by FSRS)

    @property
    def key(self) -> str:
        return self.card.key

    def prompt(self, lang: str) -> str:
        if self.error:
            return self.card.prompt.get(lang)
        return P.render(self.card.prompt.get(lang), self.params)

    def code(self) -> str | None:
        if self.error or not self.card.code:
            return None
        return P.render(self.card.code, self.params)

    def again(self) -> Question:
        """The same question shown anew (after an undo): the clock starts over."""
        return replace(self, shown_at=time.monotonic())


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
    slip: grading.KnownSlip | None = None  # a known mistake the typed answer matches
    attempt: int = 1
    retry: bool = False  # a wrong first answer that gets one more try

    @property
    def auto_graded_wrong(self) -> bool:
        return self.verdict is not None and not self.verdict.correct

    @property
    def intervals(self) -> dict[int, int]:
        """Grade -> next interval (SM-2), or rating -> next interval (FSRS)."""
        if self.question.fsrs is not None:
            return fsrs_model.next_intervals(self.question.fsrs, self.question.memory,
                                             utcnow())
        return sm2.next_intervals(self.question.state)

    def rating_of(self, quality: int) -> int:
        """The FSRS rating this answer gets with this grade (the app's documented rule)."""
        correct = self.verdict.correct if self.verdict is not None else None
        if self.question.card.kind == "quiz" and self.verdict is None:
            correct = False  # "don't know"
        return fsrs_model.rating_for(quality, correct, self.attempt)

    @property
    def suggested_rating(self) -> int:
        return self.rating_of(self.suggested if self.suggested is not None else 4)

    def slip_text(self, lang: str) -> str | None:
        return self.slip.why.get(lang) if self.slip else None

    def as_correct(self) -> Feedback:
        """The same answer accepted as right (the learner's typo override)."""
        verdict = grading.Verdict(True, detail=later("marked correct by you"))
        return replace(self, verdict=verdict, suggested=4, slip=None, retry=False)


@dataclass
class Tally:
    answered: int = 0
    correct: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def minutes(self) -> float:
        return (time.monotonic() - self.started) / 60

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None
