"""A study session: the queue, asking, checking with the verifier, grading, recording, undo."""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, replace

from quizapp.collection import TrustError
from quizapp.context import AppContext
from quizapp.core import grading, sm2
from quizapp.core.clock import local_day_start
from quizapp.core.deck import DeckError
from quizapp.core.queue import StudyQueue, new_allowance
from quizapp.questions import Feedback, Question, Tally
from quizapp.store import repo
from quizapp.store.db import StoreError, saving
from quizapp.verify.engine import Computed, VerifierError
from quizapp.verify.loader import VerifierLoadError


@dataclass(frozen=True)
class Recorded:
    review_id: int
    quality: int
    became_leech: bool


class StudySession:
    """Drives one sitting; every recorded answer is committed before the next card."""

    def __init__(
        self, ctx: AppContext, decks: list[str] | None = None, new: int | None = None,
        limit: int | None = None, seed: int | None = None, keys: list[str] | None = None,
    ) -> None:
        self.ctx = ctx
        self.decks = decks or ctx.collection.names
        self.rng = random.Random(seed) if seed is not None else random.SystemRandom()
        self.tally = Tally()
        self.history: list[tuple[Feedback, Recorded]] = []
        self.unavailable: list[str] = []  # cards skipped because their deck file can't be read
        now = ctx.clock()
        if keys is not None:  # "study these now", e.g. the hardest cards from the stats screen
            due, fresh = list(keys), []
        else:
            with ctx.sessions() as s:
                studied = repo.new_studied_since(s, local_day_start(now))
                allowance = new_allowance(ctx.settings.new_per_day, studied, new)
                due = repo.due_keys(s, self.decks, now, limit or 10_000)
                fresh = repo.new_keys(s, self.decks, now, allowance)
        self.new_keys = set(fresh)
        self.queue = StudyQueue.plan(due, fresh, limit)

    def counts(self) -> tuple[int, int, int]:
        """(new, due, again) still to come in this session."""
        pending = list(self.queue.pending)
        new = sum(k in self.new_keys and k not in self.queue.drilling for k in pending)
        again = sum(k in self.queue.drilling for k in pending)
        return new, len(pending) - new - again, again

    def next_question(self) -> Question | None:
        """The next card with freshly sampled parameters; None when the session is done."""
        while (key := self.queue.next()) is not None:
            deck_name, _, card_id = key.partition("/")
            with self.ctx.sessions() as s:
                row = repo.card(s, key)
            try:
                card = self.ctx.collection.deck(deck_name).card(card_id)
            except KeyError:
                continue  # retired from its deck since the queue was built
            except DeckError as exc:
                self.unavailable.append(f"{deck_name}: {exc.errors[0]}")
                continue  # its file is missing or broken: study the rest
            if row is None or row.suspended:
                continue
            seed = self.rng.randrange(2**31)
            state = sm2.SM2State(row.repetitions, row.ease, row.interval)
            drill, new = self.queue.is_drill(key), row.due is None
            try:
                params = self.ctx.runner.params(card, seed) if card.kind == "quiz" else {}
            except (VerifierError, VerifierLoadError, TrustError) as exc:
                return Question(card, seed, {}, state, drill, new, error=str(exc))
            return Question(card, seed, params, state, drill, new)
        return None

    def compute(self, question: Question) -> Computed:
        """The canonical answer (runs the verifier; raises VerifierError)."""
        try:
            return self.ctx.runner.compute(question.card, question.params)
        except (VerifierLoadError, TrustError) as exc:
            raise VerifierError(str(exc)) from None

    def check(self, question: Question, typed: str, attempt: int = 1) -> Feedback:
        """Grade a typed answer. An empty answer means "don't know"; ParseError if unparsable.

        `attempt` 2 is a second try after a wrong first one: right then suggests quality 3.
        """
        card, seconds = question.card, time.monotonic() - question.shown_at
        if typed.strip():
            grading.parse(card.answer or "", typed, card.choices)
        try:
            computed = self.compute(question)
        except VerifierError as exc:
            return Feedback(question, typed, None, None, None, seconds, error=str(exc))
        _value, verdict, known = self.ctx.runner.grade(card, typed, computed)
        slip = known.why.get(self.ctx.lang) if known else None
        suggested = grading.suggest_quality(verdict, seconds, attempt)
        return Feedback(question, typed, verdict, computed, suggested, seconds, slip=slip,
                        attempt=attempt)

    def reveal(self, question: Question) -> Feedback:
        """A flash card's back; its live check runs when the card names one."""
        seconds = time.monotonic() - question.shown_at
        computed, error = None, None
        if question.card.verifier:
            try:
                computed = self.compute(question)
            except VerifierError as exc:
                error = str(exc)
        return Feedback(question, None, None, computed, None, seconds, error=error)

    def record(self, fb: Feedback, quality: int) -> Recorded:
        """Log the answer and reschedule the card, in one committed transaction."""
        q, computed = fb.question, fb.computed
        with saving("this answer"), self.ctx.sessions.begin() as s:
            # SM-2 applies to the state as committed now, not as read when the question was
            # shown: another terminal may have reviewed this card meanwhile.
            row = repo.card(s, q.card.key)
            assert row is not None
            was_leech = row.leech
            review = repo.record_answer(
                s, row, quality, self.ctx.clock(), drill=q.is_drill,
                suggested=fb.suggested, correct=fb.verdict.correct if fb.verdict else None,
                typed=fb.typed, seed=q.seed, params=json.dumps(q.params),
                canonical=json.dumps(computed.value) if computed else None,
                response_ms=round(fb.seconds * 1000),
                device=computed.device if computed else None,
                torch_version=computed.torch_version if computed else None,
            )
            recorded = Recorded(review.id, quality, row.leech and not was_leech)
        self.queue.graded(q.card.key, quality)
        self.tally.answered += 1
        self.tally.correct += quality >= 3
        self.history.append((fb, recorded))
        return recorded

    def undo(self, showing: Question | None = None) -> Question | None:
        """Take back the last answer and return its question, to be asked again now.

        The card's state is restored and the log keeps an undo row. `showing`, the card on
        screen, goes back to the front of the queue, right after the undone one.
        """
        if not self.history:
            return None
        fb, recorded = self.history.pop()
        try:
            with saving("the undo"), self.ctx.sessions.begin() as s:
                repo.undo_review(s, recorded.review_id, self.ctx.clock())
        except StoreError:
            self.history.append((fb, recorded))  # still undoable once the database is back
            raise
        if showing is not None:
            self.queue.put_back(showing.card.key)
        self.queue.undo_graded(fb.question.card.key, recorded.quality, fb.question.is_drill)
        self.queue.next()  # that is the undone card: the caller asks it again
        self.tally.answered -= 1
        self.tally.correct -= recorded.quality >= 3
        return replace(fb.question, shown_at=time.monotonic())

    def mark_correct(self) -> Recorded | None:
        """The last auto-graded answer was right after all (a typo): re-record it as correct."""
        if not self.history:
            return None
        fb = self.history[-1][0]
        if fb.verdict is None or fb.verdict.correct:
            return None
        self.undo()
        return self.record(fb.as_correct(), 4)

    def set_aside(self, key: str, how: str) -> None:
        """Suspend (`suspend`) or bury until tomorrow (`bury`); the card leaves this session."""
        with saving("the card's new state"), self.ctx.sessions.begin() as s:
            if how == "suspend":
                repo.set_flags(s, key, suspended=True)
            else:
                repo.set_flags(s, key, buried_until=local_day_start(self.ctx.clock(), 1))
        self.queue.skip(key)
