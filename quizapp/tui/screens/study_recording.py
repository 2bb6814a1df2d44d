"""The study screen's writes: grades, corrections, set-asides and the pending answer on the
way out, each run in a worker, retried while the database is locked, never lost."""

from __future__ import annotations

from collections.abc import Callable

from textual import work

from quizapp.core.errors import QuizappError
from quizapp.core.flow import Phase
from quizapp.core.i18n import _
from quizapp.services.context import Services
from quizapp.services.session import Done
from quizapp.tui.screens.study_view import StudyView

RETRY_SECONDS = 3.0  # a grade that could not be saved is tried again this often


class StudyRecording(StudyView):
    def __init__(self, services: Services, from_home: bool) -> None:
        super().__init__(services)
        self.from_home = from_home  # q then ends the session (summary, home) instead of the app
        self._retry: Callable[[], None] | None = None
        self._failing = False  # a write is failing and being retried: told once already

    def next_card(self) -> None:
        question = self._session().next()
        if question is None:
            self.finish()
        else:
            self.show_question(question)
            if self.services.start is not None:
                # A quick start: the store opens in the background once this question is
                # painted (importing SQLAlchemy holds the GIL), well before the first answer.
                self.call_after_refresh(self.open_store)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def open_store(self) -> None:
        self.services.open_store()

    def accept(self) -> None:
        fb = self.feedback
        if fb is not None and fb.question.fsrs is not None:
            self.grade(fb.suggested_rating)
        elif fb is not None:
            self.grade(fb.suggested if fb.suggested is not None else 4)

    def grade(self, grade: int) -> None:
        """Record a digit: SM-2's grade, or on a deck scheduled by FSRS its rating 1-4."""
        fb = self.feedback
        fsrs = fb is not None and fb.question.fsrs is not None
        if fb is None or (fsrs and grade not in {1, 2, 3, 4}):
            return
        if not fsrs and fb.question.card.kind == "flash" and grade in {0, 2}:
            return  # flash cards offer 1, 3, 4 and 5

        def record() -> Done:
            session = self._session()
            recorded = session.rate(grade) if fsrs else session.grade(grade)
            leech = _(" It has lapsed 8 times and is now a leech: consider suspending (*) "
                      "and rewriting it.") if recorded.became_leech else ""
            return Done(recorded.key, leech.strip())

        self.write(record, then=self.next_card)

    # -- writing -----------------------------------------------------------------------

    def write(self, action: Callable[[], Done], then: Callable[[], None] | None = None
              ) -> None:
        """Run a session write in a worker; on failure say so, keep everything pending and
        try again every few seconds."""
        if self.busy:
            return
        self.busy = Phase.SAVING
        self._retry = None
        self.refresh_chrome()
        self.run_write(action, then)

    @work(thread=True, exclusive=True, group="study", exit_on_error=False)
    def run_write(self, action: Callable[[], Done], then: Callable[[], None] | None) -> None:
        try:
            done = action()
        except QuizappError as exc:
            self.app.call_from_thread(self.write_failed, exc, action, then)
            return
        self.app.call_from_thread(self.written, done, then)

    def written(self, done: Done, then: Callable[[], None] | None) -> None:
        self.busy = None
        if self._failing:
            self._failing = False
            self.notify(_("Saved."), timeout=3)
        if done.message:
            self.notify(done.message, timeout=4)
        if done.show is not None:
            self.show_question(done.show)
        if then is not None:
            then()
        else:
            self.refresh_chrome()

    def write_failed(self, exc: QuizappError, action: Callable[[], Done],
                     then: Callable[[], None] | None) -> None:
        self.busy = None
        again = " " + _("Trying again in a moment.") if exc.retryable else ""
        if not (exc.retryable and self._failing):  # a retry that fails again says nothing new
            self.notify(f"{exc}{again}", title=_("Not saved") if exc.retryable else "",
                        severity="error" if exc.retryable else "warning", timeout=6)
        self._failing = exc.retryable
        self.refresh_chrome()
        if exc.retryable:
            self._retry = lambda: self.write(action, then)
            self.set_timer(RETRY_SECONDS, self._retry_now)

    def _retry_now(self) -> None:
        if self._retry is not None and not self.busy:
            retry, self._retry = self._retry, None
            retry()

    # -- leaving -----------------------------------------------------------------------

    def quit_study(self) -> None:
        """Stop studying: a checked answer is recorded first (the toast says as what)."""
        session = self._session()
        if session.pending is None:
            self.finish()
            return

        notes: list[str] = []

        def flush() -> Done:
            recorded = session.flush()
            assert recorded is not None
            notes.append(_("{key}: recorded as {q}").format(key=recorded.key,
                                                           q=recorded.label))
            return Done(recorded.key, notes[-1])

        self.write(flush, then=lambda: self.finish(notes))

    def finish(self, notes: list[str] | None = None) -> None:
        from quizapp.tui.screens.summary import SummaryScreen

        session = self._session()
        summary = session.summary()
        self.app.last_summary = summary  # type: ignore[attr-defined]
        if not self.from_home:
            self.app.exit_notes.extend(notes or [])  # type: ignore[attr-defined]
        if self.from_home:
            self.app.switch_screen(SummaryScreen(summary))
        else:
            self.app.exit()

    def leave(self) -> str | None:
        """The app is closing (the terminal went away, ctrl+c): record a pending answer."""
        session = self.session
        if session is None or session.pending is None:
            return None
        try:
            recorded = session.flush()
        except QuizappError as exc:
            return _("an answer could not be saved: {why}").format(why=exc)
        if recorded is None:
            return None
        self.app.last_summary = session.summary()  # type: ignore[attr-defined]
        return _("{key}: recorded as {q}").format(key=recorded.key, q=recorded.label)
