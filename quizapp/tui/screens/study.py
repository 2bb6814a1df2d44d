"""The study screen: one question at a time, typed answers, live-verified feedback, grading."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from quizapp.context import AppContext
from quizapp.core.grading import ParseError
from quizapp.present import format_answer
from quizapp.study import Feedback, Question, StudySession
from quizapp.tui.widgets.answer import AnswerInput
from quizapp.tui.widgets.grades import GradeBar


class StudyScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_study", "Quit"),
        Binding("space", "reveal", "Reveal", show=False),
        Binding("enter", "accept", "Accept grade", show=False),
        *[Binding(str(q), f"grade({q})", show=False) for q in range(6)],
    ]

    def __init__(self, ctx: AppContext, **study_args: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.study_args = study_args
        self.lang = ctx.lang
        self.session: StudySession | None = None
        self.question: Question | None = None
        self.feedback: Feedback | None = None
        self.phase = "idle"  # answer | checking | flash | graded | error | done

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label("", id="deck-name")
            yield ProgressBar(id="progress", show_eta=False)
            yield Label("", id="counts")
            yield Label("", id="card-id")
        with VerticalScroll(id="body"):
            yield Static("", id="question")
            yield Static("", id="code")
            yield Static("", id="choices")
            yield AnswerInput(placeholder="your answer, Enter to submit (empty: don't know)",
                              id="answer")
            yield Static("", id="message")
            yield Static("", id="feedback")
        yield GradeBar(id="grades")
        yield Footer()

    def on_mount(self) -> None:
        self.session = StudySession(self.ctx, **self.study_args)
        self.query_one("#progress", ProgressBar).update(total=max(self.session.total, 1))
        self.next_card()

    # -- showing -----------------------------------------------------------------------

    def _set(self, selector: str, content: RenderableType, visible: bool = True) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = visible

    def _update_counts(self) -> None:
        assert self.session is not None
        queue = self.session.queue
        again = len(queue.drilling)
        self.query_one("#counts", Label).update(
            f"{self.session.tally.answered} done · {queue.remaining} left · {again} again")
        self.query_one("#progress", ProgressBar).update(
            total=max(self.session.tally.answered + queue.remaining + 1, 1),
            progress=self.session.tally.answered)

    def next_card(self) -> None:
        assert self.session is not None
        self.question = question = self.session.next_question()
        self.feedback = None
        if question is None:
            self.finish()
            return
        card = question.card
        again = " · again" if question.is_drill else ""
        self.query_one("#card-id", Label).update(card.key + again)
        deck = self.ctx.collection.deck(card.deck)
        self.query_one("#deck-name", Label).update(deck.title.get(self.lang))
        self._set("#question", Text(question.prompt(self.lang)))
        code = question.code()
        self._set("#code", Syntax(code.rstrip(), "python", theme="monokai", word_wrap=True)
                  if code else "", visible=bool(code))
        choices = "\n".join(f"{i}. {c.get(self.lang)}" for i, c in enumerate(card.choices, 1))
        self._set("#choices", Text(choices), visible=bool(choices))
        self._set("#message", "", visible=False)
        self._set("#feedback", "", visible=False)
        self.query_one("#grades", GradeBar).display = False
        answer = self.query_one("#answer", AnswerInput)
        answer.value = ""
        if card.kind == "quiz":
            self.phase = "answer"
            answer.display = True
            answer.disabled = False
            answer.focus()
        else:
            self.phase = "flash"
            answer.display = False
            self._set("#message", Text("Space: reveal the answer", style="dim"))
            self.set_focus(None)
        self._update_counts()

    # -- answering ---------------------------------------------------------------------

    @on(AnswerInput.Submitted)
    def submit(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if self.phase != "answer" or self.question is None:
            return
        self.phase = "checking"
        self.query_one("#answer", AnswerInput).disabled = True
        self._set("#message", Text("checking with PyTorch…", style="dim"))
        self.check(self.question, event.value)

    @work(thread=True, exclusive=True, group="check")
    def check(self, question: Question, typed: str) -> None:
        assert self.session is not None
        try:
            feedback = self.session.check(question, typed)
        except ParseError as exc:
            self.app.call_from_thread(self.not_graded, str(exc))
            return
        self.app.call_from_thread(self.show_feedback, feedback)

    def not_graded(self, reason: str) -> None:
        self.phase = "answer"
        answer = self.query_one("#answer", AnswerInput)
        answer.disabled = False
        answer.focus()
        self._set("#message", Text(f"Not graded: {reason}", style="bold yellow"))

    def action_reveal(self) -> None:
        if self.phase == "flash" and self.question is not None and self.session is not None:
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
            self._set("#message", Text(
                f"Could not compute this card's answer: {fb.error}\n"
                "Nothing is recorded. Press Enter for the next card.", style="bold red"))
            return
        self.phase = "graded"
        self._set("#message", "", visible=False)
        self._set("#feedback", self._feedback_text(fb))
        grades = self.query_one("#grades", GradeBar)
        grades.show(fb.intervals, fb.suggested)
        grades.display = True

    def _feedback_text(self, fb: Feedback) -> RenderableType:
        card, lang = fb.question.card, self.lang
        parts: list[RenderableType] = []
        if card.kind == "flash":
            parts.append(Text(card.back.get(lang) if card.back else ""))
            if fb.computed:
                parts.append(Text(f"✓ verified live: {fb.computed.explanation.get(lang)}",
                                  style="green"))
            parts.append(Text("Grade yourself 0-5.", style="dim"))
            return Group(*parts)
        assert fb.computed is not None
        if fb.verdict is None:
            parts.append(Text("Not answered.", style="bold yellow"))
        elif fb.verdict.correct:
            parts.append(Text("✓ Correct", style="bold green"))
        else:
            detail = f" ({fb.verdict.detail})" if fb.verdict.detail else ""
            parts.append(Text(f"✗ Wrong{detail}", style="bold red"))
        parts.append(Text(f"Answer: {format_answer(card, fb.computed.value)}", style="bold"))
        parts.append(Text(fb.computed.explanation.get(lang)))
        if card.explain:
            parts.append(Text(card.explain.get(lang), style="italic"))
        parts.append(Text(
            f"computed by torch {fb.computed.torch_version} on {fb.computed.device} "
            f"in {fb.computed.ms:.1f} ms", style="dim"))
        parts.append(Text(f"Enter accepts grade {fb.suggested}; 0-5 overrides.", style="dim"))
        return Group(*parts)

    # -- grading -----------------------------------------------------------------------

    def action_accept(self) -> None:
        if self.phase == "error":
            self.next_card()
        elif self.phase == "graded" and self.feedback and self.feedback.suggested is not None:
            self.action_grade(self.feedback.suggested)

    def action_grade(self, quality: int) -> None:
        if self.phase != "graded" or self.feedback is None or self.session is None:
            return
        self.phase = "recording"
        self.session.record(self.feedback, quality)
        self.next_card()

    @on(GradeBar.Graded)
    def graded_by_click(self, event: GradeBar.Graded) -> None:
        self.action_grade(event.quality)

    # -- leaving -----------------------------------------------------------------------

    @on(AnswerInput.QuitRequested)
    def action_quit_study(self) -> None:
        self.app.exit()

    def finish(self) -> None:
        from quizapp.tui.screens.summary import SummaryScreen

        self.phase = "done"
        assert self.session is not None
        self.app.switch_screen(SummaryScreen(self.ctx, self.session))
