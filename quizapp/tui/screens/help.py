"""The key reference, one modal away from every screen (F1; `?` where it types nothing)."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from quizapp.core.i18n import N_, _

# (screen, [(keys, what they do)]): every key of every screen.
KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (N_("Home"), (
        ("Enter", N_("study the highlighted deck")), ("a", N_("study everything due")),
        ("s", N_("statistics")), ("b", N_("card browser")), ("q", N_("quit")),
    )),
    (N_("Study: answering"), (
        (N_("type, Enter"), N_("submit the answer; an empty answer means \"don't know\"")),
        (N_("Enter on empty"), N_("after a wrong first try: show the answer")),
        ("PageUp/PageDown", N_("scroll the question and the feedback (j/k on an empty box)")),
        ("q u ! *", N_("on an empty box: quit, undo the last card, it was right, suspend")),
    )),
    (N_("Study: feedback"), (
        ("Enter", N_("accept the suggested grade (highlighted)")),
        ("0-5", N_("grade; each button shows the interval it gives")),
        ("1-4", N_("on a deck scheduled by FSRS: Again, Hard, Good, Easy")),
        ("u", N_("take back this answer and answer again")),
        ("!", N_("this auto-graded wrong answer was right (a typo): grade 4")),
        ("* / -", N_("suspend / bury until tomorrow (the answer is recorded first)")),
        ("q", N_("quit (the answer is recorded first, with the suggested grade)")),
    )),
    (N_("Study: flash cards"), (
        ("Space/Enter", N_("reveal the back")),
        ("1 3 4 5", N_("grade yourself: again, hard, good, easy")),
    )),
    (N_("Statistics"), (
        ("1-4", N_("tabs: reviews, calendar, decks, hardest")),
        ("t", N_("study all the hardest cards now")), ("Enter", N_("study the highlighted one")),
        ("q / Escape", N_("back")),
    )),
    (N_("Card browser"), (
        ("/", N_("search ids and text")), ("Space", N_("suspend or unsuspend")),
        ("PageUp/PageDown", N_("scroll the preview")), ("q / Escape", N_("back")),
    )),
    (N_("Anywhere"), (
        ("F1", N_("this help")), ("ctrl+p", N_("command palette: every action")),
        ("ctrl+t", N_("light / dark theme")), ("ctrl+l", N_("English / 中文")),
        ("Escape", N_("close this help")),
    )),
)


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for screen, keys in KEYS:
        table.add_row(Text(_(screen), style="bold underline"), "")
        for key, what in keys:
            table.add_row(_(key), _(what))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close"),
        Binding("pageup", "scroll('up')", show=False),
        Binding("pagedown", "scroll('down')", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(_("Keys"), id="help-title")
            yield Static(keys_table())

    def language_changed(self, lang: str) -> None:
        self.refresh(recompose=True)

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#help", VerticalScroll)
        scroll.scroll_page_up() if where == "up" else scroll.scroll_page_down()
