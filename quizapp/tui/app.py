"""The Textual app and its factory, shared by the CLI and the tests."""

from __future__ import annotations

from typing import Any

from textual.app import App

from quizapp.context import AppContext


class QuizApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"

    def __init__(
        self, ctx: AppContext, home: bool = False, study_args: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.home = home
        self.study_args = study_args or {}

    def on_mount(self) -> None:
        from quizapp.tui.screens.study import StudyScreen

        # torch starts loading now; the first question never waits for it.
        self.run_worker(self.ctx.engine.warm_up, thread=True, exit_on_error=False, name="torch")
        self.push_screen(StudyScreen(self.ctx, **self.study_args))


def build_app(ctx: AppContext, home: bool = False, **study_args: Any) -> QuizApp:
    return QuizApp(ctx, home=home, study_args=study_args)
