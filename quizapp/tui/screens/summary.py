"""The end of a session: what was done and what comes tomorrow."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from quizapp.core.i18n import N_, _
from quizapp.services.session import Summary
from quizapp.tui.widgets.keybar import KeyBar

KEYS = (("Enter", N_("continue")),)


class SummaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,enter,escape", "app.finished_session", show=False),
    ]

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        lines = [*self.summary.lines(), "", _("Press Enter or q to continue.")]
        with Center(), Vertical(id="summary"):
            yield Static("\n".join(lines), markup=False)
        yield KeyBar(KEYS, id="keybar")

    def language_changed(self, lang: str) -> None:
        self.refresh(recompose=True)
