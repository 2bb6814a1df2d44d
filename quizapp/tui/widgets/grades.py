"""Grade buttons, each with the interval it would give: 0-5 for quiz cards, 1/3/4/5 for flash;
Again/Hard/Good/Easy (1-4) on a deck scheduled by FSRS."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from quizapp.core.present import grade_names, interval_text, rating_names


class GradeButton(Button, can_focus=False):
    """Clicked, never focused: Enter must mean "accept the suggestion", not "press me"."""


class GradeBar(Horizontal):
    class Graded(Message):
        def __init__(self, quality: int) -> None:
            super().__init__()
            self.quality = quality

    def compose(self) -> ComposeResult:
        for quality in range(6):
            yield GradeButton(str(quality), id=f"grade-{quality}", classes="grade")

    def show(self, intervals: dict[int, int], suggested: int | None, flash: bool,
             fsrs: bool = False) -> None:
        """`fsrs`: the buttons are ratings 1-4 and `suggested` is a rating."""
        names = rating_names() if fsrs else grade_names(flash)
        for quality in range(6):
            button = self.query_one(f"#grade-{quality}", Button)
            button.display = quality in names
            if quality in names:
                button.label = f"{quality} {names[quality]} {interval_text(intervals[quality])}"
            button.set_class(quality == suggested, "suggested")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("grade-"):
            self.post_message(self.Graded(int(event.button.id.removeprefix("grade-"))))
