"""Grade buttons 0-5, each showing the interval that grade would give; one is suggested."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from quizapp.core.present import GRADE_NAMES, interval_text


class GradeBar(Horizontal):
    class Graded(Message):
        def __init__(self, quality: int) -> None:
            super().__init__()
            self.quality = quality

    def compose(self) -> ComposeResult:
        for quality in range(6):
            yield Button(str(quality), id=f"grade-{quality}", classes="grade")

    def show(self, intervals: dict[int, int], suggested: int | None) -> None:
        for quality in range(6):
            button = self.query_one(f"#grade-{quality}", Button)
            button.label = f"{quality} {GRADE_NAMES[quality]} {interval_text(intervals[quality])}"
            button.set_class(quality == suggested, "suggested")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("grade-"):
            self.post_message(self.Graded(int(event.button.id.removeprefix("grade-"))))
