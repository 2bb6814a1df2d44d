"""Syntax-highlighted code that wraps with a hanging indent at whatever width it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.core.present import wrap_code

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult


class CodeBlock:
    """A rich renderable: the code is re-wrapped for the width of each render, so resizing
    the terminal never leaves a continuation line at the left margin."""

    def __init__(self, code: str, theme: str = "ansi_dark") -> None:
        self.code = code.rstrip()
        self.theme = theme

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Imported here: rich.syntax brings Pygments (8 ms), which only a card with code needs.
        from rich.syntax import Syntax

        text = wrap_code(self.code, options.max_width)
        yield Syntax(text, "python", theme=self.theme, word_wrap=False,
                     background_color="default")
