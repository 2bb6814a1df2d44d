"""The answer box: Enter submits; keys that the flow gives an action (on an empty box) act."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message
from textual.widgets import Input

from quizapp.core.flow import Action
from quizapp.core.limits import MAX_ANSWER_CHARS

Lookup = Callable[[str, bool], Action | None]  # (key, box empty) -> the action, if any


class AnswerInput(Input):
    """`lookup` is the study screen's key table for the phase it is in."""

    class CommandPressed(Message):
        """A key with an action in this phase; `key` is the key pressed."""

        def __init__(self, action: Action, key: str) -> None:
            super().__init__()
            self.action = action
            self.key = key

    def __init__(self, lookup: Lookup, **kwargs: object) -> None:
        # A bounded box: a 40 KB paste is cut at the limit instead of slowing every keystroke.
        super().__init__(max_length=MAX_ANSWER_CHARS, **kwargs)  # type: ignore[arg-type]
        self.lookup = lookup

    async def _on_key(self, event: events.Key) -> None:
        action = self.lookup(event.key, not self.value)
        if action is not None and event.key != "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.CommandPressed(action, event.key))
            return
        await super()._on_key(event)
