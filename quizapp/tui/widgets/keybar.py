"""A footer of the keys that work on a screen now, and what they do, in the interface language.

Used instead of Textual's Footer so that the labels follow the language switch and the
study screen can show the keys of its current phase.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

from quizapp.core.i18n import _

Pairs = Iterable[tuple[str, str]]  # (key as shown, what it does: a message to translate)


def line(pairs: Pairs) -> Text:
    """The footer's one line: "key what · key what", in the language of the moment."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for key, what in pairs:
        if text:
            text.append(" · ", style="dim")
        text.append(_(key), style="bold")
        text.append(f" {_(what)}")
    return text


class KeyBar(Static):
    def __init__(self, pairs: Pairs = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pairs = tuple(pairs)

    def on_mount(self) -> None:
        self.relabel()

    def show(self, pairs: Pairs) -> None:
        self.pairs = tuple(pairs)
        self.relabel()

    def relabel(self) -> None:
        """The same keys again, in the language of the moment (after a switch)."""
        self.update(line(self.pairs))
