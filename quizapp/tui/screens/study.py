"""The study screen: one question at a time, typed answers, live-verified feedback, grading.

The session owns the flow (core.flow): this screen maps keys to the session's actions
through the flow's table and runs every check in a worker, so that a slow verifier never
freezes it. What it shows is in study_view.py, how it writes in study_recording.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizapp.core.flow import Action, Phase, action_for, grade_of
from quizapp.core.i18n import _
from quizapp.core.parsing import ParseError, parse, problem
from quizapp.services.context import Services
from quizapp.services.questions import Feedback
from quizapp.services.session import StudyRequest
from quizapp.tui.screens.study_recording import StudyRecording
from quizapp.tui.widgets.answer import AnswerInput
from quizapp.tui.widgets.grades import GradeBar
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.question_view import QuestionView
from quizapp.tui.widgets.session_bar import SessionBar


class StudyScreen(StudyRecording):
    def __init__(self, services: Services, request: StudyRequest, from_home: bool = False
                 ) -> None:
        super().__init__(services, from_home)
        self.request = request

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

    @on(GradeBar.Graded)
    def graded_by_click(self, event: GradeBar.Graded) -> None:
        if self.phase is Phase.FEEDBACK:
            self.grade(event.quality)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("Undo"), _("The answer on screen, else the last graded card"),
                            lambda: self.act(Action.UNDO))
        yield SystemCommand(_("I was right"), _("Mark an auto-graded wrong answer correct"),
                            lambda: self.act(Action.MARK_CORRECT))
        yield SystemCommand(_("Suspend this card"), _("Never show it until unsuspended"),
                            lambda: self.act(Action.SUSPEND))
        yield SystemCommand(_("Bury this card"), _("Hide it until tomorrow"),
                            lambda: self.act(Action.BURY))
