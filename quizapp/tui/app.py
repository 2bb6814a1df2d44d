"""The Textual app and its factory, shared by the CLI and the tests."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from quizapp import collector
from quizapp.core.errors import QuizappError
from quizapp.core.i18n import _
from quizapp.services.context import Services
from quizapp.services.session import StudyRequest, Summary
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from quizapp.tui.screens.stats import StatsScreen

THEMES = {"dark": "textual-dark", "light": "textual-light"}


class QuizApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: they work over the help modal too, which blocks the app's other keys.
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, priority=True),
        Binding("ctrl+l", "toggle_lang", "English/中文", show=False, priority=True),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(self, services: Services, home: bool = False,
                 request: StudyRequest | None = None) -> None:
        super().__init__()
        self.services = services
        self.home = home
        self.request = request or StudyRequest()
        self.last_summary: Summary | None = None  # printed by `quizapp study` on exit
        self.exit_notes: list[str] = []  # what happened as the app closed, for the terminal
        self.theme = THEMES[services.preferences.get("theme")]

    def on_mount(self) -> None:
        # Closing the terminal (SIGHUP) or `kill` (SIGTERM) closes the app the normal way,
        # so that a checked answer is recorded before the process ends.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            # Not available off the main thread (tests) or on non-POSIX systems.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.exit)
        # torch loads in the background once the first screen is painted: importing it holds
        # the GIL for a second, which would otherwise delay that first paint.
        self.call_after_refresh(self.load_torch)
        if self.home:
            self.push_screen(HomeScreen(self.services))
        else:
            self.study(self.request)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        """Every way out (q, ctrl+q, a closed terminal, `kill`) records a checked answer
        first: by the time the app unmounts, Textual has already taken its screens down."""
        self._leave_study()
        super().exit(*args, **kwargs)

    def _leave_study(self) -> None:
        from quizapp.tui.screens.study import StudyScreen

        for screen in self.screen_stack:
            if isinstance(screen, StudyScreen) and (note := screen.leave()):
                self.exit_notes.append(note)

    def load_torch(self) -> None:
        collector.resume()  # the first screen is painted: start-up is over
        if not self.services.engine.ready:
            self.run_worker(self.services.engine.warm_up, thread=True, exit_on_error=False,
                            name="torch")

    def _handle_exception(self, error: Exception) -> None:
        """Never a traceback in front of the learner: one line, the details in crash.log.

        Everything answered so far was committed already; Textual still exits the app.
        """
        from quizapp.crashlog import report

        super()._handle_exception(ReportedError(report(error)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if event.worker.name == "torch":
            self.notify(str(error), title="PyTorch", severity="error", timeout=10)
        elif isinstance(error, QuizappError):
            self.notify(str(error), severity="error", timeout=8)
        elif error is not None:
            from quizapp.crashlog import report

            self.notify(report(error), title=_("Unexpected error"), severity="error",
                        timeout=10)

    # -- navigation --------------------------------------------------------------------

    def study(self, request: StudyRequest) -> None:
        from quizapp.tui.screens.study import StudyScreen

        self.push_screen(StudyScreen(self.services, request, from_home=self.home))

    @on(HomeScreen.StudyRequested)
    def study_requested(self, event: HomeScreen.StudyRequested) -> None:
        self.study(StudyRequest(decks=event.decks))

    def on_stats_screen_study_requested(self, event: StatsScreen.StudyRequested) -> None:
        """Study exactly these cards now (the hardest cards from the stats screen).

        Named by Textual's convention instead of @on so the stats screen (and its charting
        library) is imported only when opened, not on every start.
        """
        self.study(StudyRequest(keys=tuple(event.keys)))

    def action_finished_session(self) -> None:
        """Leave the summary: back home when we came from there, else quit."""
        if self.home:
            self.pop_screen()
        else:
            self.exit()

    def action_open_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.services))

    def action_open_browser(self) -> None:
        from quizapp.tui.screens.browser import BrowserScreen

        self.push_screen(BrowserScreen(self.services))

    def action_help(self) -> None:
        from quizapp.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # -- settings ----------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="settings")
    def save_setting(self, key: str, value: str) -> None:
        """Preferences are written in a worker; a locked database is only a notice."""
        try:
            self.services.preferences.set(key, value)
        except QuizappError as exc:
            self.call_from_thread(self.notify, str(exc), title=_("Not saved"),
                                  severity="warning")

    def action_toggle_theme(self) -> None:
        name = "light" if self.theme == THEMES["dark"] else "dark"
        self.theme = THEMES[name]
        self.save_setting("theme", name)

    def action_toggle_lang(self) -> None:
        lang = "en" if self.services.lang == "zh" else "zh"
        self.services.lang = lang
        self.save_setting("lang", lang)
        self.notify("English" if lang == "en" else "中文", title=_("Language"))
        for screen in self.screen_stack:
            for bar in screen.query(KeyBar):
                bar.relabel()
            if hasattr(screen, "language_changed"):
                screen.language_changed(lang)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action is in the command palette (ctrl+p)."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(_("Study all due cards"), _("Review every deck's due cards"),
                            lambda: self.study(StudyRequest()))
        yield SystemCommand(_("Statistics"), _("Charts, retention, hardest cards"),
                            self.action_open_stats)
        yield SystemCommand(_("Card browser"), _("Search, preview, suspend cards"),
                            self.action_open_browser)
        yield SystemCommand(_("Light / dark theme"), _("Switch and remember the theme"),
                            self.action_toggle_theme)
        yield SystemCommand("English / 中文", _("Switch the language"),
                            self.action_toggle_lang)
        yield SystemCommand(_("Keys"), _("Show every key of every screen"), self.action_help)
        if hasattr(screen, "palette_commands"):
            yield from screen.palette_commands()


class ReportedError(Exception):
    """An unexpected failure already written to crash.log; Textual shows just this line."""

    def __rich__(self) -> str:
        return str(self.args[0])


def build_app(services: Services, home: bool = False,
              request: StudyRequest | None = None) -> QuizApp:
    return QuizApp(services, home=home, request=request)
