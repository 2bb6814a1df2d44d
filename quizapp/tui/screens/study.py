"""The study screen: one question at a time, typed answers, live-verified feedback, grading.

The session owns the flow (core.flow): this screen maps keys to the session's actions
through the flow's table, shows the footer of the phase, and runs every check and every
write in a worker so that a slow verifier or a locked database never freezes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Static

from quizapp.core.errors import QuizappError
from quizapp.core.flow import FOOTER, Action, Phase, action_for, grade_of
from quizapp.core.i18n import N_, _
from quizapp.core.parsing import ParseError, parse, problem
from quizapp.core.present import rating_names
from quizapp.services.context import Services
from quizapp.services.questions import Feedback, Question
from quizapp.services.session import Done, StudyRequest, StudySession
from quizapp.tui.widgets.answer import AnswerInput
from quizapp.tui.widgets.feedback import flash_back, quiz_feedback
from quizapp.tui.widgets.grades import GradeBar
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.question_view import QuestionView
from quizapp.tui.widgets.session_bar import SessionBar

RETRY_SECONDS = 3.0  # a grade that could not be saved is tried again this often
ANSWER_ROWS = 4  # the verdict, the Answer: line and room for a slip line stay in view


class StudyScreen(Screen[None]):
    def __init__(self, services: Services, request: StudyRequest, from_home: bool = False
                 ) -> None:
        super().__init__()
        self.services = services
        self.request = request
        self.from_home = from_home  # q then ends the session (summary, home) instead of the app
        self.session: StudySession | None = None
        self.busy: Phase | None = None  # CHECKING or SAVING while a worker runs
        self._retry: Callable[[], None] | None = None
        self._failing = False  # a write is failing and being retried: told once already
        self._said: tuple[str | Callable[[], str], str] = ("", "dim")  # the message line

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield SessionBar(id="topbar")
        with VerticalScroll(id="body"):
            yield QuestionView(id="question-view")
            yield AnswerInput(self.lookup, placeholder=_("your answer"), id="answer")
            yield Static("", id="message")
            yield Static("", id="feedback")
        yield GradeBar(id="grades")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.session = self.services.study(self.request)
        self.next_card()

    @property
    def phase(self) -> Phase:
        if self.busy is not None:
            return self.busy
        return self.session.phase if self.session else Phase.LOADING

    @property
    def question(self) -> Question | None:
        return self.session.question if self.session else None

    @property
    def feedback(self) -> Feedback | None:
        return self.session.pending if self.session else None

    def _set(self, selector: str, content: Any, visible: bool = True) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = visible

    def _say(self, message: str | Callable[[], str], style: str = "dim") -> None:
        """The line above the panel; a callable is called again when the language changes."""
        self._said = (message, style)
        text = message() if callable(message) else message
        self._set("#message", Text(text, style=style), visible=bool(text))

    def refresh_chrome(self) -> None:
        """The top bar's counts and the footer of the current phase."""
        assert self.session is not None
        card = self.question.card if self.question else None
        title = self.services.library.title(card.deck, self.services.lang) if card else ""
        self.query_one(SessionBar).show(title, *self.session.counts(),
                                        done=self.session.tally.answered,
                                        showing=self.question is not None)
        # `!` is offered only after an auto-graded wrong answer: on the feedback screen the
        # line above the panel says so, on the next card the footer does.
        extra = (("!", N_("last one was right")),) if self.session.can_mark_correct() and \
            self.phase in {Phase.ANSWERING, Phase.FRONT} else ()
        footer = FOOTER[self.phase]
        if self.question is not None and self.question.fsrs is not None:
            footer = tuple(("1-4", label) if key == "0-5" else (key, label)
                           for key, label in footer)  # an FSRS deck rates 1-4
        self.query_one(KeyBar).show((*footer[:-1], *extra, footer[-1]) if footer else ())

    # -- keys --------------------------------------------------------------------------

    def lookup(self, key: str, box_empty: bool) -> Action | None:
        return action_for(self.phase, key, box_empty)

    def on_key(self, event: events.Key) -> None:
        action = self.lookup(event.key, not self.query_one(AnswerInput).value)
        if action is not None and action is not Action.SUBMIT:
            event.stop()
            event.prevent_default()
            self.act(action, event.key)

    @on(AnswerInput.CommandPressed)
    def command_from_input(self, event: AnswerInput.CommandPressed) -> None:
        event.stop()
        self.act(event.action, event.key)

    def act(self, action: Action, key: str = "") -> None:
        """Do what the flow's table says `action` means now."""
        body = self.query_one("#body", VerticalScroll)
        handlers: dict[Action, Callable[[], None]] = {
            Action.REVEAL: self.reveal,
            Action.ACCEPT: self.accept,
            Action.GRADE: lambda: self.grade(grade_of(key) or 0),
            Action.UNDO: lambda: self.write(self._session().undo),
            Action.MARK_CORRECT: lambda: self.write(self._session().mark_correct),
            Action.SUSPEND: lambda: self.write(lambda: self._session().set_aside("suspend"),
                                               then=self.next_card),
            Action.BURY: lambda: self.write(lambda: self._session().set_aside("bury"),
                                            then=self.next_card),
            Action.NEXT: self.next_card,
            Action.QUIT: self.quit_study,
            Action.HELP: lambda: self.app.action_help(),  # type: ignore[attr-defined]
            Action.SCROLL_UP: body.scroll_page_up,
            Action.SCROLL_DOWN: body.scroll_page_down,
        }
        handler = handlers.get(action)
        if handler is not None:
            handler()

    def _session(self) -> StudySession:
        assert self.session is not None
        return self.session

    # -- showing -----------------------------------------------------------------------

    def next_card(self) -> None:
        self.show_question(self._session().next())

    def show_question(self, question: Question | None) -> None:
        if question is None:
            self.finish()
            return
        card = question.card
        self.query_one(QuestionView).show(question, self.services.lang)
        self._say("")
        self._set("#feedback", "", visible=False)
        self.query_one("#grades", GradeBar).display = False
        answer = self.query_one("#answer", AnswerInput)
        answer.value = ""
        answer.display = card.kind == "quiz" and not question.error
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        if question.error:
            self._say(lambda: _("This card cannot be asked: {error}").format(
                error=question.error) + "\n" + _("Nothing is recorded. Enter: next card."),
                "bold red")
            self.set_focus(None)
        elif card.kind == "quiz":
            answer.focus()
        else:
            self._say(lambda: _("Space or Enter: reveal the answer"))
            self.set_focus(None)
        self.refresh_chrome()

    def language_changed(self, lang: str) -> None:
        """Everything on screen again in `lang`: question, message line, feedback."""
        if self.question is not None:
            self.query_one(QuestionView).show(self.question, lang)
        self._say(*self._said)
        if self.session and self.session.pending:
            self.show_feedback(self.session.pending)
        self.query_one("#answer", AnswerInput).placeholder = _("your answer")
        self.refresh_chrome()

    # -- answering ---------------------------------------------------------------------

    @on(AnswerInput.Submitted)
    def submit(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        session = self._session()
        if self.busy or session.phase not in {Phase.ANSWERING, Phase.RETRY}:
            return
        card = session.question.card if session.question else None
        if card is not None and event.value.strip():
            try:  # parsing is instant: only the verifier waits, in a worker
                parse(card.answer or "", event.value, card.choices)
            except ParseError:
                kind, typed, choices = card.answer or "", event.value, card.choices
                self._say(lambda: _("Not graded: {why}").format(
                    why=problem(kind, typed, choices)), "bold yellow")
                return
        self.busy = Phase.CHECKING
        self._say(lambda: _("checking with PyTorch…"))
        self.refresh_chrome()
        self.check(event.value)

    @work(thread=True, exclusive=True, group="study", exit_on_error=False)
    def check(self, typed: str) -> None:
        fb = self._session().submit(typed)
        self.app.call_from_thread(self.checked, fb)

    def checked(self, fb: Feedback) -> None:
        self.busy = None
        if fb.retry:
            answer = self.query_one("#answer", AnswerInput)
            if answer.value == fb.typed:
                answer.value = ""  # clear the wrong answer, not anything typed since
            answer.focus()
            hint = fb.verdict.hint if fb.verdict else ""
            self._say(lambda: (_("✗ Not quite: {hint}. One more try, or Enter on an empty box "
                                 "to see the answer.") if hint else
                               _("✗ Not quite. One more try, or Enter on an empty box to see "
                                 "the answer.")).format(hint=hint), "bold yellow")
            self.refresh_chrome()
            return
        self.show_feedback(fb)

    def reveal(self) -> None:
        self.busy = Phase.CHECKING
        self.refresh_chrome()
        self.reveal_back()

    @work(thread=True, exclusive=True, group="study", exit_on_error=False)
    def reveal_back(self) -> None:
        fb = self._session().reveal()
        self.app.call_from_thread(self.checked, fb)

    def show_feedback(self, fb: Feedback) -> None:
        self.set_focus(None)
        if fb.error and fb.question.card.kind == "quiz":
            self._say(lambda: _("Could not compute this card's answer: {error}").format(
                error=fb.error) + "\n" + _("Nothing is recorded. Enter: next card."),
                "bold red")
            self.refresh_chrome()
            return
        card, lang = fb.question.card, self.services.lang
        offer = " · " + _("! I was right (a typo)") if fb.auto_graded_wrong else ""
        fsrs = fb.question.fsrs is not None
        if fsrs:
            suggestion = _("Enter accepts {rating} · 1-4 overrides").format(
                rating=rating_names()[fb.suggested_rating])
        else:
            suggestion = _("Enter accepts grade {q} · 0-5 overrides").format(q=fb.suggested)
        self._say("" if card.kind == "flash" and not fsrs else suggestion + offer)
        self._set("#feedback", flash_back(fb, lang) if card.kind == "flash"
                  else quiz_feedback(fb, lang))
        grades = self.query_one("#grades", GradeBar)
        grades.show(fb.intervals, fb.suggested_rating if fsrs else fb.suggested,
                    flash=card.kind == "flash", fsrs=fsrs)
        grades.display = True
        self.refresh_chrome()
        # After the layout that places the panel (and shrinks the body for the grade bar).
        self.call_after_refresh(self._answer_in_view)

    def _answer_in_view(self, tries: int = 20) -> None:
        """Scroll just enough that the verdict and the Answer: line are visible."""
        body = self.query_one("#body", VerticalScroll)
        panel = self.query_one("#feedback", Static)
        grades = self.query_one("#grades", GradeBar)
        region = panel.virtual_region
        wanted = Region(0, region.y, 1, min(region.height, ANSWER_ROWS + 1))
        # The body's scrollable height may still be the previous card's for a frame or two:
        # scrolling then would stop short, so wait until the panel fits in it.
        laid_out = (region.height > 0 and grades.region.height > 0
                    and body.virtual_size.height >= wanted.bottom)
        if not laid_out and tries:
            self.call_after_refresh(self._answer_in_view, tries - 1)
            return
        body.scroll_to_region(wanted, animate=False, immediate=True)

    # -- grading and writing -------------------------------------------------------------

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

    @on(GradeBar.Graded)
    def graded_by_click(self, event: GradeBar.Graded) -> None:
        if self.phase is Phase.FEEDBACK:
            self.grade(event.quality)

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

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Undo"), _("The answer on screen, else the last graded card"),
                            lambda: self.act(Action.UNDO))
        yield SystemCommand(_("I was right"), _("Mark an auto-graded wrong answer correct"),
                            lambda: self.act(Action.MARK_CORRECT))
        yield SystemCommand(_("Suspend this card"), _("Never show it until unsuspended"),
                            lambda: self.act(Action.SUSPEND))
        yield SystemCommand(_("Bury this card"), _("Hide it until tomorrow"),
                            lambda: self.act(Action.BURY))

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
