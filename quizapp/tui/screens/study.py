"""The study screen: one question at a time, typed answers, live-verified feedback, grading."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.context import AppContext
from quizapp.core.grading import ParseError, parse
from quizapp.questions import Feedback, Question
from quizapp.store.db import StoreError
from quizapp.study import StudySession
from quizapp.tui.widgets.answer import AnswerInput
from quizapp.tui.widgets.feedback import flash_back, quiz_feedback
from quizapp.tui.widgets.grades import GradeBar
from quizapp.tui.widgets.question_view import QuestionView
from quizapp.tui.widgets.session_bar import SessionBar


class StudyScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_study", "Quit"),
        Binding("space", "reveal", "Reveal", show=False),
        Binding("enter", "accept", "Accept", show=False),
        *[Binding(str(q), f"grade({q})", show=False) for q in range(6)],
        Binding("u", "undo", "Undo"),
        Binding("exclamation_mark", "mark_correct", "Was right"),
        Binding("asterisk", "set_aside('suspend')", "Suspend"),
        Binding("minus", "set_aside('bury')", "Bury"),
        Binding("question_mark", "app.help", "Help"),
    ]

    def __init__(self, ctx: AppContext, from_home: bool = False, **study_args: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.from_home = from_home  # q then ends the session (summary, home) instead of the app
        self.study_args = study_args
        self.lang = ctx.lang
        self.session: StudySession | None = None
        self.question: Question | None = None
        self.feedback: Feedback | None = None
        self.first_try: Feedback | None = None  # a wrong first answer, kept for the reveal
        self.phase = "idle"  # answer | checking | flash | graded | error | done

    def compose(self) -> ComposeResult:
        yield SessionBar(id="topbar")
        with VerticalScroll(id="body"):
            yield QuestionView(id="question-view")
            yield AnswerInput(placeholder="your answer · Enter submits · empty: don't know",
                              id="answer")
            yield Static("", id="message")
            yield Static("", id="feedback")
        yield GradeBar(id="grades")
        yield Footer()

    def on_mount(self) -> None:
        self.session = StudySession(self.ctx, **self.study_args)
        self.next_card()

    # -- showing -----------------------------------------------------------------------

    def _set(self, selector: str, content: Any, visible: bool = True) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = visible

    def _say(self, message: str, style: str = "dim") -> None:
        self._set("#message", Text(message, style=style), visible=bool(message))

    def _update_counts(self) -> None:
        assert self.session is not None
        card = self.question.card if self.question else None
        title = self.ctx.collection.deck(card.deck).title.get(self.lang) if card else ""
        self.query_one(SessionBar).show(title, *self.session.counts(),
                                        done=self.session.tally.answered,
                                        showing=self.question is not None)

    def next_card(self) -> None:
        assert self.session is not None
        self.question = question = self.session.next_question()
        self.show_question(question)

    def show_question(self, question: Question | None) -> None:
        self.question, self.feedback, self.first_try = question, None, None
        if question is None:
            self.finish()
            return
        card = question.card
        self.query_one(QuestionView).show(question, self.lang)
        self._say("")
        self._set("#feedback", "", visible=False)
        self.query_one("#grades", GradeBar).display = False
        answer = self.query_one("#answer", AnswerInput)
        answer.value = ""
        answer.display = card.kind == "quiz" and not question.error
        self._update_counts()
        if question.error:
            self.phase = "error"
            self._say(f"This card cannot be asked: {question.error}\n"
                      "Nothing is recorded. Enter: next card.", "bold red")
            self.set_focus(None)
        elif card.kind == "quiz":
            self.phase = "answer"
            answer.focus()
        else:
            self.phase = "flash"
            self._say("Space: reveal the answer")
            self.set_focus(None)

    def language_changed(self, lang: str) -> None:
        self.lang = lang
        if self.question is not None and self.phase in {"answer", "flash"}:
            self.query_one(QuestionView).show(self.question, lang)

    # -- answering ---------------------------------------------------------------------

    @on(AnswerInput.Submitted)
    def submit(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.phase != "answer" or self.question is None:
            return
        if self.first_try is not None and not event.value.strip():
            self.show_feedback(self.first_try)  # gave up on the second try: reveal
            return
        card = self.question.card
        try:  # parsing is instant: only the verifier waits, in a worker
            if event.value.strip():
                parse(card.answer or "", event.value, card.choices)
        except ParseError as exc:
            self._say(f"Not graded: {exc}", "bold yellow")
            return
        # The box stays enabled: keys typed into a disabled widget arrive out of order.
        self.phase = "checking"
        self._say("checking with PyTorch…")
        self.check(self.question, event.value, 2 if self.first_try else 1)

    @work(thread=True, exclusive=True, group="check")
    def check(self, question: Question, typed: str, attempt: int) -> None:
        assert self.session is not None
        self.app.call_from_thread(self.checked, self.session.check(question, typed, attempt))

    def checked(self, fb: Feedback) -> None:
        if not fb.retry_allowed or fb.error:
            self.show_feedback(fb)
            return
        self.first_try, self.phase = fb, "answer"
        answer = self.query_one("#answer", AnswerInput)
        if answer.value == fb.typed:
            answer.value = ""  # clear the wrong answer, not anything typed since
        answer.focus()
        detail = f": {fb.verdict.hint}" if fb.verdict and fb.verdict.hint else ""
        self._say(f"✗ Not quite{detail}. One more try, or Enter on an empty box to see "
                  "the answer.", "bold yellow")

    def action_reveal(self) -> None:
        if self.phase == "flash" and self.question is not None:
            self.phase = "checking"
            self.reveal(self.question)

    @work(thread=True, exclusive=True, group="check")
    def reveal(self, question: Question) -> None:
        assert self.session is not None
        self.app.call_from_thread(self.show_feedback, self.session.reveal(question))

    def show_feedback(self, fb: Feedback) -> None:
        self.feedback = fb
        self.set_focus(None)
        if fb.error:
            self.phase = "error"
            self._say(f"Could not compute this card's answer: {fb.error}\n"
                      "Nothing is recorded. Enter: next card.", "bold red")
            return
        self.phase = "graded"
        card = fb.question.card
        self._say("" if card.kind == "flash" else
                  f"Enter accepts grade {fb.suggested} · 0-5 overrides · u undo · ! I was right")
        self._set("#feedback", flash_back(fb, self.lang) if card.kind == "flash"
                  else quiz_feedback(fb, self.lang))
        grades = self.query_one("#grades", GradeBar)
        grades.show(fb.intervals, fb.suggested)
        grades.display = True

    # -- grading and the learner's corrections -----------------------------------------

    def action_accept(self) -> None:
        if self.phase == "error":
            self.next_card()
        elif self.phase == "graded" and self.feedback and self.feedback.suggested is not None:
            self.action_grade(self.feedback.suggested)

    def action_grade(self, quality: int) -> None:
        if self.phase != "graded" or self.feedback is None or self.session is None:
            return
        self.phase = "recording"
        try:
            recorded = self.session.record(self.feedback, quality)
        except StoreError as exc:
            self.phase = "graded"  # nothing was saved: the same grade can be given again
            self.notify(f"{exc}. Press the grade again to retry.", title="Not saved",
                        severity="error", timeout=10)
            return
        if recorded.became_leech:
            self.notify("This card has lapsed 8 times and is now tagged a leech. "
                        "Consider suspending it (*) and rewriting it.",
                        title="Leech", severity="warning", timeout=8)
        self.next_card()

    @on(GradeBar.Graded)
    def graded_by_click(self, event: GradeBar.Graded) -> None:
        self.action_grade(event.quality)

    def action_undo(self) -> None:
        if self.session is None or self.phase in {"checking", "recording", "done"}:
            return
        try:
            question = self.session.undo(showing=self.question)
        except StoreError as exc:
            self.notify(str(exc), title="Not undone", severity="error", timeout=10)
            return
        if question is None:
            self.notify("Nothing to undo in this session.")
            return
        self.show_question(question)
        self.notify("Last answer undone: answer it again.")

    def action_mark_correct(self) -> None:
        if self.session is None or self.phase in {"checking", "recording"}:
            return
        fb = self.feedback
        if self.phase == "graded" and fb and fb.verdict and not fb.verdict.correct:
            self.show_feedback(fb.as_correct())  # not recorded yet: just regrade it
            return
        if self.session.mark_correct() is None:
            self.notify("The last answer was not an auto-graded wrong answer.")
            return
        self.notify("Last answer marked correct (graded 4).")
        self._update_counts()

    def action_set_aside(self, how: str) -> None:
        if self.session is None or self.question is None or self.phase in {"checking", "done"}:
            return
        try:
            self.session.set_aside(self.question.card.key, how)
        except StoreError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return
        self.notify("Card suspended." if how == "suspend" else "Card buried until tomorrow.")
        self.next_card()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Undo last answer", "Restore the card's schedule", self.action_undo)
        yield SystemCommand("Mark last answer correct", "It was a typo",
                            self.action_mark_correct)
        yield SystemCommand("Suspend this card", "Never show it until unsuspended",
                            lambda: self.action_set_aside("suspend"))
        yield SystemCommand("Bury this card", "Hide it until tomorrow",
                            lambda: self.action_set_aside("bury"))

    # -- leaving -----------------------------------------------------------------------

    @on(AnswerInput.CommandPressed)
    async def command_from_input(self, event: AnswerInput.CommandPressed) -> None:
        await self.run_action(event.action)

    def action_quit_study(self) -> None:
        """Stop studying: back to the home screen via the summary, or out of the app."""
        if self.from_home and self.session is not None:
            self.finish()
        else:
            self.app.exit()

    def finish(self) -> None:
        from quizapp.tui.screens.summary import SummaryScreen

        self.phase = "done"
        assert self.session is not None
        self.app.switch_screen(SummaryScreen(self.ctx, self.session))
