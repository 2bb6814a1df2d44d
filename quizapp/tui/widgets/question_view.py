"""A question as the learner sees it: card id and seed, prompt, highlighted code, choices."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quizapp.core.i18n import _
from quizapp.core.present import clean
from quizapp.services.questions import Question
from quizapp.tui.widgets.code_block import CodeBlock


class QuestionView(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("", id="card-id")
        yield Static("", id="question")
        yield Static("", id="code")
        yield Static("", id="choices")

    def _set(self, selector: str, content: object, visible: bool = True) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)  # type: ignore[arg-type]
        widget.display = visible

    def show(self, question: Question, lang: str) -> None:
        card = question.card
        again = " · " + _("again") if question.is_drill else ""
        # The seed lets the learner reproduce this exact question: `quizapp card show KEY --seed`.
        seed = " · " + _("seed {seed}").format(seed=question.seed) if card.kind == "quiz" else ""
        self._set("#card-id", Text(card.key + again + seed))
        self._set("#question", Text(clean(question.prompt(lang))))
        code = question.code()
        self._set("#code", CodeBlock(clean(code)) if code else "", visible=bool(code))
        choices = "\n".join(f"{i}. {clean(c.get(lang))}" for i, c in enumerate(card.choices, 1))
        self._set("#choices", Text(choices), visible=bool(choices))
