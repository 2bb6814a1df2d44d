"""A study session: the queue, the flow's phases, checking, grading, recording, and undo.

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
from quizapp.core.i18n import _
from quizapp.core.queue import StudyQueue, new_allowance
from quizapp.services.questions import Feedback, Question, Tally
from quizapp.services.recording import Recorded, Recorder
from quizapp.store import repo

if TYPE_CHECKING:
    from quizapp.services.context import Services


@dataclass(frozen=True)
class StudyRequest:
    """What to study: every option a session takes, typed."""

    decks: tuple[str, ...] | None = None  # None: every deck
    new: int | None = None  # new cards this session, within the daily limit
    limit: int | None = None  # at most this many cards
    seed: int | None = None  # reproducible questions
    keys: tuple[str, ...] | None = None  # exactly these cards, now (e.g. the hardest ones)


@dataclass
class Entry:
    """One thing the learner did to a card, as undo needs it."""

    question: Question
    feedback: Feedback | None = None
    recorded: Recorded | None = None
    aside: str | None = None  # "suspend" | "bury"
    flags: repo.Flags | None = None  # the card's flags before it was set aside


@dataclass
class Done:
    """What an action did, for the screen to say (every message names the card)."""

    key: str
    message: str
    show: Question | None = None  # a card to show now (after an undo)


@dataclass(frozen=True)
class Summary:
    """The end of a session: what was done and what comes tomorrow."""

    answered: int
    correct: int
    minutes: float
    due_tomorrow: int
    streak: int
    left: int
    skipped: tuple[str, ...]

    @property
    def title(self) -> str:
        if self.left:
            return _("Session stopped: {n} card(s) left for later").format(n=self.left)
        return _("Session complete") if self.answered else _("Nothing is due right now")

    def lines(self) -> list[str]:
        accuracy = f"{self.correct / self.answered:.0%}" if self.answered else "-"
        return [
            self.title,
            "",
            _("answered      {n}").format(n=self.answered),
            _("graded 3+     {share}").format(share=accuracy),
            _("time          {m:.1f} min").format(m=self.minutes),
            _("due tomorrow  {n}").format(n=self.due_tomorrow),
            _("streak        {n} day(s)").format(n=self.streak),
            *(_("skipped: {problem}").format(problem=p) for p in self.skipped),
        ]


class NothingToDo(QuizappError):
    """The action does not apply now; the message says why."""


@dataclass
class StudySession:
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
            with ctx.sessions() as s:
                studied = repo.new_studied_since(s, local_day_start(now))
                allowance = new_allowance(ctx.settings.new_per_day or 0, studied, request.new)
                due = repo.due_keys(s, self.decks, now, request.limit or 10_000)
                fresh = repo.new_keys(s, self.decks, now, allowance)
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
        with ctx.sessions() as s:
            row = repo.card(s, key)
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

    # -- the learner's corrections -----------------------------------------------------

    def can_mark_correct(self) -> bool:
        if self.phase is Phase.FEEDBACK:
            return bool(self.pending and self.pending.auto_graded_wrong)
        last = self.history[-1] if self.history else None
        return bool(last and last.aside is None and last.feedback
                    and last.feedback.auto_graded_wrong and last.recorded
                    and last.recorded.quality < 4)

    def mark_correct(self) -> Done:
        """The auto-graded wrong answer on screen (else the last graded one) was right."""
        if self.phase is Phase.FEEDBACK:
            fb = self.pending
            if fb is None or not fb.auto_graded_wrong:
                raise NothingToDo(_("this answer was not graded wrong"))
            self.pending = fb.as_correct()
            return Done(fb.question.key, _("{key}: marked correct; Enter records it as 4")
                        .format(key=fb.question.key))
        if not self.can_mark_correct():
            raise NothingToDo(_("the last answer was not an auto-graded wrong answer"))
        entry = self.history[-1]
        assert entry.feedback is not None and entry.recorded is not None
        fixed = entry.feedback.as_correct()
        recorded = self.recorder.replace(entry.recorded, fixed, 4, fixed.rating_of(4))
        key = entry.question.key
        self.queue.undo_graded(key, entry.recorded.quality, entry.question.is_drill)
        self.queue.next()  # undo_graded put it first: it is not asked again now
        self.queue.graded(key, 4)
        self.tally.correct += entry.recorded.quality < 3
        self.history[-1] = Entry(entry.question, fixed, recorded)
        return Done(key, _("{key}: last answer marked correct (graded 4)").format(key=key))

    def undo(self) -> Done:
        """Take back the checked answer on screen, else the last thing done to a card."""
        if self.phase is Phase.FEEDBACK and self.pending is not None:
            question = self.pending.question.again()
            self._show(question)
            return Done(question.key, _("{key}: answer taken back; answer it again")
                        .format(key=question.key), question)
        if not self.history:
            raise NothingToDo(_("nothing to undo in this session"))
        entry = self.history[-1]
        key = entry.question.key
        self.recorder.undo(entry)
        self.history.pop()
        if self.question is not None and self.question.key != key:
            self.queue.put_back(self.question.key)
        if entry.recorded is not None:
            self.queue.undo_graded(key, entry.recorded.quality, entry.question.is_drill)
            self.queue.next()  # that is the undone card: it is asked again now
            self.tally.answered -= 1
            self.tally.correct -= entry.recorded.quality >= 3
        question = entry.question.again()
        self._show(question)
        what = {"suspend": _("{key}: unsuspended; answer it again"),
                "bury": _("{key}: unburied; answer it again")}.get(
            entry.aside or "", _("{key}: last answer undone; answer it again"))
        return Done(key, what.format(key=key), question)

    def set_aside(self, how: str) -> Done:
        """Suspend (`suspend`) or bury until tomorrow (`bury`) the card on screen; a
        checked answer is recorded first, with its suggested grade."""
        question = self.question
        if question is None:
            raise NothingToDo(_("no card on screen"))
        recorded = self.flush()
        entry = self.history.pop() if recorded is not None else Entry(question)
        until = local_day_start(self.services.clock(), 1)
        entry.flags = self.recorder.set_aside(question.key, how, until)
        entry.aside = how
        self.history.append(entry)
        self.queue.skip(question.key)
        key = question.key
        note = _(" (answer recorded as {q})").format(q=recorded.label) if recorded else ""
        message = (_("{key}: suspended{note}") if how == "suspend"
                   else _("{key}: buried until tomorrow{note}"))
        return Done(key, message.format(key=key, note=note))

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
