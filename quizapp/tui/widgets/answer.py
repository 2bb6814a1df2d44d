"""The answer box: Enter submits; `q` on an empty box quits, as everywhere else."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input


class AnswerInput(Input):
    class QuitRequested(Message):
        """The learner pressed q with nothing typed."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "q" and not self.value:
            event.stop()
            event.prevent_default()
            self.post_message(self.QuitRequested())
            return
        await super()._on_key(event)
