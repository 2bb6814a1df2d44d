"""The key reference, one modal away from every screen (`?`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = """\
Home      Enter study deck · a all due · s stats · b browser · q quit
Study     type the answer, Enter submits (empty answer: don't know)
          Space reveals a flash card · Enter accepts the suggested grade
          0-5 grade (each shows its next interval) · u undo last answer
          ! last answer was right (a typo) · * suspend · - bury a day
          q quit (every answer so far is saved). In an empty answer
          box q u ! * work too; - once the answer is graded
Stats     t or Enter on a hard card: study it now · q back
Browser   type to search · Space suspend/unsuspend · q back
Anywhere  ctrl+p command palette · ctrl+t light/dark
          ctrl+l English/中文 · ? this help · Escape close"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys", id="help-title")
            yield Static(KEYS, markup=False)
