"""The study screen's top line: deck title, session progress, and new/due/again counts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from quizapp.core.i18n import _


class SessionBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Label("", id="deck-name")
        yield ProgressBar(id="progress", show_eta=False, show_percentage=False)
        yield Label("", id="counts")

    def show(self, title: str, new: int, due: int, again: int, done: int, showing: bool) -> None:
        """`showing`: a card is on screen, so it counts as still to do."""
        self.query_one("#deck-name", Label).update(title)
        self.query_one("#counts", Label).update(Text.assemble(
            (_("new {n}").format(n=new), "cyan"), " · ", (_("due {n}").format(n=due), "green"),
            " · ", (_("again {n}").format(n=again), "red")))
        self.query_one("#progress", ProgressBar).update(
            total=max(done + new + due + again + showing, 1), progress=done)
