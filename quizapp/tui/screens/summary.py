"""The end of a session: what was done and what comes tomorrow."""

from __future__ import annotations

import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.context import AppContext
from quizapp.store import stats as S
from quizapp.study import StudySession


class SummaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.finished_session", "Done"),
        Binding("enter", "app.finished_session", "Done", show=False),
    ]

    def __init__(self, ctx: AppContext, session: StudySession) -> None:
        super().__init__()
        self.ctx = ctx
        self.session = session

    def compose(self) -> ComposeResult:
        tally = self.session.tally
        with self.ctx.sessions() as s:
            figures = S.compute(s, self.ctx.clock())
        minutes = (time.monotonic() - tally.started) / 60
        accuracy = f"{tally.correct / tally.answered:.0%}" if tally.answered else "-"
        left = self.session.queue.remaining
        if left:
            title = f"Session stopped: {left} card(s) left for later"
        elif tally.answered:
            title = "Session complete"
        else:
            title = "Nothing is due right now"
        lines = [
            title,
            "",
            f"answered      {tally.answered}",
            f"graded 3+     {accuracy}",
            f"time          {minutes:.1f} min",
            f"due tomorrow  {figures.due_tomorrow}",
            f"streak        {figures.streak_days} day(s)",
            *(f"skipped: {problem}" for problem in sorted(set(self.session.unavailable))),
            "",
            "Press Enter or q to continue.",
        ]
        with Center(), Vertical(id="summary"):
            yield Static("\n".join(lines), markup=False)
        yield Footer()
