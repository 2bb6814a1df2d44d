"""The answer box: Enter submits; on an empty box the screen's command keys still work."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input

# Keys that never begin an answer, so on an empty box they act as commands. "-" is not one
# of them: it begins a negative number, so bury (-) works once the answer is graded.
COMMAND_KEYS = {"q": "quit_study", "u": "undo", "exclamation_mark": "mark_correct",
                "asterisk": "set_aside('suspend')"}


class AnswerInput(Input):
    class CommandPressed(Message):
        """A command key was pressed with nothing typed; `action` is the screen action."""

        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    async def _on_key(self, event: events.Key) -> None:
        if event.key in COMMAND_KEYS and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.CommandPressed(COMMAND_KEYS[event.key]))
            return
        await super()._on_key(event)
