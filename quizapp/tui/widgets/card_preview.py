"""The card browser's live preview of one card: the answer first, then the question it
answers and the working, computed for the seed beside it; a flash card shows its back."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from quizapp.core import params as P
from quizapp.core.deck import Card
from quizapp.core.errors import QuizappError
from quizapp.core.i18n import _, language
from quizapp.core.present import clean, format_answer
from quizapp.services.browser import Browser
from quizapp.tui.widgets.code_block import CodeBlock


class CardPreview(Horizontal):
    def __init__(self, browser: Browser, *, id: str) -> None:
        super().__init__(id=id)
        self.browser = browser
        self.card: Card | None = None
        self.previewing: tuple[str, int] | None = None  # what is being computed or shown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="preview-scroll"):
            yield Static("", id="preview-text")
        with Vertical(id="preview-side"):
            yield Label(_("seed"))
            yield Input("0", type="integer", id="preview-seed")

    def show_card(self, card: Card) -> None:
        self.card = card
        self.refresh_preview()

    def relabel(self) -> None:
        """The label and the card again, in the language of the moment."""
        self.query_one("#preview-side Label", Label).update(_("seed"))
        if self.card is not None:
            self.refresh_preview()

    @on(Input.Changed, "#preview-seed")
    def refresh_preview(self) -> None:
        card, lang = self.card, language()
        if card is None:
            return
        raw = self.query_one("#preview-seed", Input).value
        seed = int(raw) if raw.strip().isdigit() and len(raw) < 10 else 0
        self.previewing = (card.key, seed)
        if card.kind == "flash":
            back = card.back.get(lang) if card.back else ""
            self.show(Group(Text(clean(back), style="bold"), Text(clean(card.prompt.get(lang)))))
            return
        self.show(Text(_("computing with PyTorch…"), style="dim"))
        self.compute(card, seed)

    def _question(self, card: Card, params: dict[str, object]) -> list[RenderableType]:
        parts: list[RenderableType] = [Text(clean(P.render(card.prompt.get(language()),
                                                           params)))]
        if card.code:
            parts.append(CodeBlock(clean(P.render(card.code, params))))
        return parts

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def compute(self, card: Card, seed: int) -> None:
        """The answer first, then the question it answers, then the working."""
        lang = language()
        try:
            params = self.browser.params(card, seed)
            computed = self.browser.answer(card, params)
            answer = Text(_("Answer: "), style="bold")
            answer.append(format_answer(card, computed.value, lang), style="bold cyan")
            content = Group(answer, *self._question(card, params),
                            Text(clean(computed.explanation.get(lang)), style="dim"))
        except QuizappError as exc:  # the card's own failure, shown in place of the answer
            content = Group(Text(_("Could not compute the answer: {error}").format(
                error=exc), style="bold red"))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.answered, (card.key, seed), content)

    def answered(self, previewed: tuple[str, int], content: RenderableType) -> None:
        if previewed == self.previewing:  # the cursor or seed may have moved on meanwhile
            self.show(content)

    def show(self, content: RenderableType) -> None:
        self.query_one("#preview-text", Static).update(content)
        self.query_one("#preview-scroll", VerticalScroll).scroll_home(animate=False)

    def scroll(self, direction: int) -> None:
        scroll = self.query_one("#preview-scroll", VerticalScroll)
        scroll.scroll_page_down() if direction > 0 else scroll.scroll_page_up()
