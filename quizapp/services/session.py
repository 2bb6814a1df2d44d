"""A study session: the queue, the flow's phases, checking, grading and recording (the
learner's corrections, undo among them, are in services.corrections).

The TUI and plain mode drive the same session. Its phase (core.flow) says what the
learner may do now; every method that acts on a card returns the card it acted on, so the
screen can name it. A checked answer is *pending* until it is graded, and every way out
of the card (quit, suspend, bury, leaving the screen) records it first.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from quizapp.core import fsrs_model, grading, sm2
from quizapp.core.clock import local_day_start
from quizapp.core.deck import DeckError
from quizapp.core.errors import QuizappError
from quizapp.core.flow import Phase
from quizapp.core.queue import StudyQueue, new_allowance
from quizapp.services.corrections import Corrections
from quizapp.services.questions import Feedback, Question, Tally
from quizapp.services.recording import Recorded, Recorder
from quizapp.services.study_types import Done, Entry, NothingToDo, StudyRequest, Summary

if TYPE_CHECKING:
    from quizapp.services.context import Services


@dataclass
class StudySession(Corrections):
    services: Services
    request: StudyRequest = field(default_factory=StudyRequest)

    def __post_init__(self) -> None:
        ctx, request = self.services, self.request
        self.decks = list(request.decks or ctx.library.names)
        self.rng = random.Random(request.seed) if request.seed is not None \
            else random.SystemRandom()
        self.tally = Tally()
        self.history: list[Entry] = []
        self.unavailable: list[str] = []  # skipped because their deck file can't be read
        self.phase = Phase.LOADING
        self.question: Question | None = None
        self.pending: Feedback | None = None  # checked, not yet graded
        self.first_try: Feedback | None = None  # a wrong first answer, kept for giving up
        self.recorder = Recorder(ctx)
        now = ctx.clock()
        if request.keys is not None:
            due, fresh = list(request.keys), []
        else:
            with ctx.reads() as reads:
                studied = reads.new_studied_since(local_day_start(now))
                allowance = new_allowance(ctx.settings.new_per_day or 0, studied, request.new)
                due = reads.due_keys(self.decks, now, request.limit or 10_000)
                fresh = reads.new_keys(self.decks, now, allowance)
        self.new_keys = set(fresh)
        self.queue = StudyQueue.plan(due, fresh, request.limit)
        self.planned = self.queue.remaining
        self.seen: set[str] = set()  # planned cards shown so far (re-drills not counted)

    # -- progress ------------------------------------------------------------------------

    def counts(self) -> tuple[int, int, int]:
        """(new, due, again) still to come in this session."""
        pending = list(self.queue.pending)
        new = sum(k in self.new_keys and k not in self.queue.drilling for k in pending)
        again = sum(k in self.queue.drilling for k in pending)
        return new, len(pending) - new - again, again

    @property
    def position(self) -> tuple[int, int]:
        """(k, N): the card on screen is the k-th of the N planned at the start."""
        return len(self.seen), self.planned

    # -- asking --------------------------------------------------------------------------

    def next(self) -> Question | None:
        """The next card with fresh parameters; None (phase DONE) when the session is over."""
        self.pending = self.first_try = None
        while (key := self.queue.next()) is not None:
            question = self._question(key)
            if question is not None:
                return self._show(question)
        self.question, self.phase = None, Phase.DONE
        return None

    def _question(self, key: str) -> Question | None:
        ctx = self.services
        deck_name, _sep, card_id = key.partition("/")
        with ctx.reads() as reads:
            row = reads.card(key)
        if row is None or row.suspended or row.retired:
            return None
        try:
            card = ctx.library.deck(deck_name).card(card_id)
        except KeyError:
            return None  # retired from its deck since the queue was built
        except DeckError as exc:
            self.unavailable.append(f"{deck_name}: {exc.errors[0]}")
            return None  # its file is missing or broken: study the rest
        seed = self.rng.randrange(2**31)
        state = sm2.SM2State(row.repetitions, row.ease, row.interval)
        drill, new = self.queue.is_drill(key), row.due is None
        fsrs = ctx.scheduling.fsrs_for(deck_name)
        memory = fsrs_model.memory_of(row.stability, row.difficulty, row.last_review)
        try:
            params = ctx.runner.params(card, seed) if card.kind == "quiz" else {}
        except QuizappError as exc:
            return Question(card, seed, {}, state, drill, new, error=str(exc), fsrs=fsrs,
                            memory=memory)
        return Question(card, seed, params, state, drill, new, fsrs=fsrs, memory=memory)

    def _show(self, question: Question) -> Question:
        self.question, self.pending, self.first_try = question, None, None
        if not question.is_drill:
            self.seen.add(question.key)
        if question.error:
            self.phase = Phase.BROKEN
        else:
            self.phase = Phase.ANSWERING if question.card.kind == "quiz" else Phase.FRONT
        return question

    # -- answering -----------------------------------------------------------------------

    def submit(self, typed: str) -> Feedback:
        """Check a typed answer (empty: "don't know"; on the second try: show the answer).

        Raises ParseError, phase unchanged, when the text is not an answer of the card's
        type. A wrong first answer gets one more try (phase RETRY) unless a second guess
        would be bound to pass (a yes/no card, a choice of two).
        """
        question = self.question
        assert question is not None and self.phase in {Phase.ANSWERING, Phase.RETRY}
        card = question.card
        if self.phase is Phase.RETRY and not typed.strip():
            assert self.first_try is not None
            return self._checked(self.first_try)
        if typed.strip():
            grading.parse(card.answer or "", typed, card.choices)
        attempt = 2 if self.phase is Phase.RETRY else 1
        seconds = time.monotonic() - question.shown_at
        self.phase = Phase.CHECKING
        try:
            computed = self.services.runner.compute(card, question.params)
        except QuizappError as exc:
            self.phase = Phase.BROKEN
            return Feedback(question, typed, None, None, None, seconds, error=str(exc))
        _value, verdict, slip = self.services.runner.grade(card, typed, computed)
        suggested = grading.suggest_quality(verdict, seconds, attempt)
        retry = (attempt == 1 and verdict is not None and not verdict.correct
                 and grading.second_try_allowed(card.answer or "", len(card.choices)))
        fb = Feedback(question, typed, verdict, computed, suggested, seconds, slip=slip,
                      attempt=attempt, retry=retry)
        if retry:
            self.first_try, self.phase = fb, Phase.RETRY
            return fb
        return self._checked(fb)

    def reveal(self) -> Feedback:
        """A flash card's back; its live check runs when the card names one."""
        question = self.question
        assert question is not None and self.phase is Phase.FRONT
        seconds = time.monotonic() - question.shown_at
        computed, error = None, None
        if question.card.verifier:
            self.phase = Phase.CHECKING
            try:
                computed = self.services.runner.compute(question.card, {})
            except QuizappError as exc:
                error = str(exc)
        return self._checked(Feedback(question, None, None, computed, None, seconds,
                                      error=error))

    def _checked(self, fb: Feedback) -> Feedback:
        if fb.error and fb.question.card.kind == "quiz":
            self.phase = Phase.BROKEN
            return fb
        fb = replace(fb, retry=False)  # shown now: a given-up first try is final
        self.pending, self.first_try, self.phase = fb, None, Phase.FEEDBACK
        return fb

    # -- recording -----------------------------------------------------------------------

    def grade(self, quality: int, rating: int | None = None) -> Recorded:
        """Record the pending answer with this grade (StoreError leaves it pending); the FSRS
        rating follows from it unless the learner chose one (an FSRS deck's buttons)."""
        fb = self.pending
        assert fb is not None and self.phase in {Phase.FEEDBACK, Phase.SAVING}
        if not 0 <= quality <= 5:
            raise ValueError(quality)
        recorded = self.recorder.record(fb, quality, rating or fb.rating_of(quality))
        self.pending = None
        self.queue.graded(fb.question.key, quality)
        self.tally.answered += 1
        self.tally.correct += quality >= 3
        self.history.append(Entry(fb.question, fb, recorded))
        return recorded

    def rate(self, rating: int) -> Recorded:
        """Record the pending answer with an FSRS rating (Again, Hard, Good, Easy); the SM-2
        grade logged with it keeps SM-2's state exact for a switch back."""
        fb = self.pending
        assert fb is not None
        if rating not in fsrs_model.RATING_NAMES:
            raise ValueError(rating)
        return self.grade(fsrs_model.quality_for(rating, fb.suggested), rating)

    def flush(self) -> Recorded | None:
        """Record a pending answer with its suggested grade (before leaving the card)."""
        fb = self.pending
        if fb is None:
            return None
        quality = fb.suggested if fb.suggested is not None else 0
        return self.grade(quality)

    def summary(self) -> Summary:
        figures = self.services.progress.stats()
        left = set(self.queue.pending)
        unanswered = {Phase.ANSWERING, Phase.RETRY, Phase.FRONT, Phase.CHECKING}
        if self.question is not None and self.phase in unanswered:
            left.add(self.question.key)
        return Summary(self.tally.answered, self.tally.correct, self.tally.minutes,
                       figures.due_tomorrow, figures.streak_days, len(left),
                       tuple(sorted(set(self.unavailable))))


__all__ = ["Done", "Entry", "NothingToDo", "Recorded", "StudyRequest", "StudySession",
           "Summary"]
