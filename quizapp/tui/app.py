"""The Textual app and its factory, shared by the CLI and the tests."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from quizapp.context import AppContext
from quizapp.store import settings_repo
from quizapp.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from quizapp.tui.screens.stats import StatsScreen

THEMES = {"dark": "textual-dark", "light": "textual-light"}


class QuizApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("ctrl+l", "toggle_lang", "English/中文", show=False),
    ]

    def __init__(
        self, ctx: AppContext, home: bool = False, study_args: dict[str, Any] | None = None
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.home = home
        self.study_args = study_args or {}
        with ctx.sessions() as s:
            self.theme = THEMES.get(settings_repo.get(s, "theme") or "dark", "textual-dark")

    def on_mount(self) -> None:
        # torch loads in the background once the first screen is painted: importing it holds
        # the GIL for a second, which would otherwise delay that first paint.
        self.call_after_refresh(self.load_torch)
        if self.home:
            self.push_screen(HomeScreen(self.ctx))
        else:
            self.study(**self.study_args)

    def load_torch(self) -> None:
        if not self.ctx.engine.ready:
            self.run_worker(self.ctx.engine.warm_up, thread=True, exit_on_error=False,
                            name="torch")

    def _handle_exception(self, error: Exception) -> None:
        """Never a traceback in front of the learner: one line, the details in crash.log.

        Everything answered so far was committed already; Textual still exits the app.
        """
        from quizapp.crashlog import report

        super()._handle_exception(ReportedError(report(error)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "torch" and event.state == WorkerState.ERROR:
            self.notify(str(event.worker.error), title="PyTorch", severity="error", timeout=10)

    # -- navigation --------------------------------------------------------------------

    def study(self, decks: list[str] | None = None, **study_args: Any) -> None:
        from quizapp.tui.screens.study import StudyScreen

        self.push_screen(StudyScreen(self.ctx, from_home=self.home, decks=decks, **study_args))

    @on(HomeScreen.StudyRequested)
    def study_requested(self, event: HomeScreen.StudyRequested) -> None:
        self.study(event.decks)

    def on_stats_screen_study_requested(self, event: StatsScreen.StudyRequested) -> None:
        """Study exactly these cards now (the hardest cards from the stats screen).

        Named by Textual's convention instead of @on so the stats screen (and its charting
        library) is imported only when opened, not on every start.
        """
        self.study(keys=event.keys)

    def action_finished_session(self) -> None:
        """Leave the summary: back home when we came from there, else quit."""
        if self.home:
            self.pop_screen()
        else:
            self.exit()

    def action_open_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.ctx))

    def action_open_browser(self) -> None:
        from quizapp.tui.screens.browser import BrowserScreen

        self.push_screen(BrowserScreen(self.ctx))

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # -- settings ----------------------------------------------------------------------

    def _save(self, key: str, value: str) -> None:
        with self.ctx.sessions.begin() as s:
            settings_repo.put(s, key, value)

    def action_toggle_theme(self) -> None:
        name = "light" if self.theme == THEMES["dark"] else "dark"
        self.theme = THEMES[name]
        self._save("theme", name)

    def action_toggle_lang(self) -> None:
        lang = self.ctx.lang = "en" if self.ctx.lang == "zh" else "zh"
        self._save("lang", lang)
        self.notify("English" if lang == "en" else "中文", title="Language")
        for screen in self.screen_stack:
            if hasattr(screen, "language_changed"):
                screen.language_changed(lang)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action is in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Study all due cards", "Review every deck's due cards",
                            lambda: self.study(None))
        yield SystemCommand("Statistics", "Charts, retention, hardest cards",
                            self.action_open_stats)
        yield SystemCommand("Card browser", "Search, preview, suspend cards",
                            self.action_open_browser)
        yield SystemCommand("Light / dark theme", "Switch and remember the theme",
                            self.action_toggle_theme)
        yield SystemCommand("English / 中文", "Switch the card language",
                            self.action_toggle_lang)
        yield SystemCommand("Keys", "Show every key binding", self.action_help)
        if hasattr(screen, "palette_commands"):
            yield from screen.palette_commands()


class ReportedError(Exception):
    """An unexpected failure already written to crash.log; Textual shows just this line."""

    def __rich__(self) -> str:
        return str(self.args[0])


def build_app(ctx: AppContext, home: bool = False, **study_args: Any) -> QuizApp:
    return QuizApp(ctx, home=home, study_args=study_args)
