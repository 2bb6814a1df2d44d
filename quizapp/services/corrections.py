"""The learner's corrections in a study session: "that was right" (`!`), undo (`u`), and
setting a card aside (suspend `*`, bury `-`).

Each acts on the card on screen once it is checked, otherwise on the last thing done to a
card, and says which card it acted on. Undo reverses suspend and bury too, as Anki's does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.core.clock import local_day_start
from quizapp.core.flow import Phase
from quizapp.core.i18n import _
from quizapp.services.study_types import Done, Entry, NothingToDo

if TYPE_CHECKING:
    from quizapp.core.queue import StudyQueue
    from quizapp.services.context import Services
    from quizapp.services.questions import Feedback, Question, Tally
    from quizapp.services.recording import Recorded, Recorder


class Corrections:
    """Mixed into StudySession, whose state these methods read and change."""

    if TYPE_CHECKING:
        services: Services
        phase: Phase
        question: Question | None
        pending: Feedback | None
        history: list[Entry]
        queue: StudyQueue
        recorder: Recorder
        tally: Tally

        def _show(self, question: Question) -> Question: ...
        def flush(self) -> Recorded | None: ...

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
