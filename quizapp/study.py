"""A study session: the queue, asking, checking with the verifier, grading, recording."""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

from quizapp.context import AppContext
from quizapp.core import grading, sm2
from quizapp.core import params as P
from quizapp.core.clock import local_day, local_day_start
from quizapp.core.deck import Card
from quizapp.core.queue import StudyQueue, new_allowance
from quizapp.store import repo
from quizapp.store.models import ReviewRow
from quizapp.validate import sample_params, verifier_of
from quizapp.verify.engine import Computed, VerifierError


@dataclass(frozen=True)
class Question:
    card: Card
    seed: int
    params: dict[str, Any]
    state: sm2.SM2State
    is_drill: bool
    is_new: bool
    shown_at: float = field(default_factory=time.monotonic)

    def prompt(self, lang: str) -> str:
        return P.render(self.card.prompt.get(lang), self.params)

    def code(self) -> str | None:
        return P.render(self.card.code, self.params) if self.card.code else None


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

    @property
    def intervals(self) -> dict[int, int]:
        return sm2.next_intervals(self.question.state)


@dataclass
class Tally:
    answered: int = 0
    correct: int = 0
    started: float = field(default_factory=time.monotonic)


class StudySession:
    """Drives one sitting; every recorded answer is committed before the next card."""

    def __init__(
        self, ctx: AppContext, decks: list[str] | None = None, new: int | None = None,
        limit: int | None = None, seed: int | None = None,
    ) -> None:
        self.ctx = ctx
        self.decks = decks or ctx.collection.names
        self.rng = random.Random(seed) if seed is not None else random.SystemRandom()
        self.tally = Tally()
        now = ctx.clock()
        with ctx.sessions() as s:
            studied = repo.new_studied_since(s, local_day_start(now))
            allowance = new_allowance(ctx.settings.new_per_day, studied, new)
            due = repo.due_keys(s, self.decks, now, limit or 10_000)
            fresh = repo.new_keys(s, self.decks, now, allowance)
        self.queue = StudyQueue.plan(due, fresh, limit)
        self.total = self.queue.remaining

    def next_question(self) -> Question | None:
        """The next card with freshly sampled parameters; None when the session is done."""
        while (key := self.queue.next()) is not None:
            deck_name, card_id = key.split("/", 1)
            try:
                deck = self.ctx.collection.deck(deck_name)
                card = deck.card(card_id)
                module = self.ctx.collection.module(deck)
            except KeyError:
                continue  # retired from its deck since the queue was built
            with self.ctx.sessions() as s:
                row = repo.card(s, key)
            assert row is not None
            seed = self.rng.randrange(2**31)
            params = sample_params(card, module, seed) if card.kind == "quiz" else {}
            state = sm2.SM2State(row.repetitions, row.ease, row.interval)
            return Question(card, seed, params, state, self.queue.is_drill(key), row.due is None)
        return None

    def compute(self, question: Question) -> Computed:
        """The canonical answer (runs the verifier; raises VerifierError)."""
        module = self.ctx.collection.module(self.ctx.collection.deck(question.card.deck))
        if module is None:
            raise VerifierError("this deck has no verifier module")
        return self.ctx.engine.compute(question.card, verifier_of(question.card, module),
                                       question.params)

    def check(self, question: Question, typed: str) -> Feedback:
        """Grade a typed answer. An empty answer means "don't know"; ParseError if unparsable."""
        card, seconds = question.card, time.monotonic() - question.shown_at
        value = grading.parse(card.answer or "", typed, card.choices) if typed.strip() else None
        try:
            computed = self.compute(question)
        except VerifierError as exc:
            return Feedback(question, typed, None, None, None, seconds, error=str(exc))
        verdict = None
        if value is not None:
            verdict = grading.compare(card.answer or "", value, computed.value, card.tolerance)
        suggested = grading.suggest_quality(verdict, seconds)
        return Feedback(question, typed, verdict, computed, suggested, seconds)

    def reveal(self, question: Question) -> Feedback:
        """A flash card's back; its live check runs when the card names one."""
        seconds = time.monotonic() - question.shown_at
        if not question.card.verifier:
            return Feedback(question, None, None, None, None, seconds)
        try:
            computed = self.compute(question)
        except VerifierError as exc:
            return Feedback(question, None, None, None, None, seconds, error=str(exc))
        return Feedback(question, None, None, computed, None, seconds)

    def record(self, fb: Feedback, quality: int) -> ReviewRow:
        """Log the answer and reschedule the card, in one committed transaction."""
        q, now = fb.question, self.ctx.clock()
        drill = q.is_drill
        after = q.state if drill else sm2.review(q.state, quality)
        due_after = sm2.due_after(local_day_start(now), after.interval)
        computed = fb.computed
        with self.ctx.sessions.begin() as s:
            row = repo.card(s, q.card.key)
            assert row is not None
            review = ReviewRow(
                at=now, day=local_day(now), kind="drill" if drill else "review", quality=quality,
                suggested=fb.suggested, correct=fb.verdict.correct if fb.verdict else None,
                was_new=q.is_new and not drill, typed=fb.typed, seed=q.seed,
                canonical=json.dumps(computed.value) if computed else None,
                params=json.dumps(q.params), response_ms=round(fb.seconds * 1000),
                device=computed.device if computed else None,
                torch_version=computed.torch_version if computed else None,
                reps_before=row.repetitions, ease_before=row.ease,
                interval_before=row.interval, due_before=row.due, lapses_before=row.lapses,
                reps_after=after.repetitions, ease_after=after.ease_hundredths,
                interval_after=after.interval, due_after=row.due if drill else due_after,
            )
            repo.log_review(s, row, review)
        self.queue.graded(q.card.key, quality)
        self.tally.answered += 1
        self.tally.correct += quality >= 3
        return review
