"""The one factory that wires settings, storage, the verifier engine and the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from quizapp import locations
from quizapp.core import i18n
from quizapp.core.clock import utcnow
from quizapp.services.library import Library
from quizapp.services.preferences import Preferences
from quizapp.services.runner import CardRunner
from quizapp.services.scheduling import Scheduling
from quizapp.services.session import StudyRequest, StudySession
from quizapp.verify.engine import VerifierEngine

if TYPE_CHECKING:
    from quizapp.services.browser import Browser
    from quizapp.services.progress import Progress


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=locations.default_db)
    learner: str | None = None  # None: QUIZAPP_LEARNER, else the OS user name
    device: str = "auto"
    lang: str | None = None  # None: the saved setting, else English
    new_per_day: int | None = None  # None: the saved setting (20 unless changed)
    time_limit: float | None = None  # None: 10 s, or QUIZAPP_TIME_LIMIT_S
    custom_dir: Path = field(default_factory=locations.custom_decks_dir)
    cache_dir: Path | None = field(default_factory=locations.cache_dir)
    builtin: tuple[Path, ...] = field(default_factory=lambda: tuple(locations.builtin_decks()))


@dataclass
class Services:
    """Everything the TUI and the CLI call; `sessions` is for the services (and tests)."""

    settings: Settings
    sessions: sessionmaker[Session]
    engine: VerifierEngine
    library: Library
    clock: Callable[[], datetime]
    preferences: Preferences
    runner: CardRunner
    scheduling: Scheduling

    # Statistics and the browser are built on first use: the study screen's start, which
    # is measured against a bare Textual app, never imports them.
    @cached_property
    def progress(self) -> Progress:
        from quizapp.services.progress import Progress

        return Progress(self.sessions, self.clock, self.scheduling)

    @cached_property
    def browser(self) -> Browser:
        from quizapp.services.browser import Browser

        return Browser(self.sessions, self.library, self.runner, self.clock)

    @property
    def lang(self) -> str:
        return i18n.language()

    @lang.setter
    def lang(self, lang: str) -> None:
        """The language of this run (saved only through preferences)."""
        i18n.set_language(lang)

    def study(self, request: StudyRequest | None = None) -> StudySession:
        return StudySession(self, request or StudyRequest())

    def close(self) -> None:
        self.engine.close()
        bind = self.sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()


def build_services(settings: Settings, clock: Callable[[], datetime] = utcnow) -> Services:
    """Open the database (migrating it), sync built-in decks, and return the services."""
    from quizapp.core.learners import check_name, default_name
    from quizapp.store.migrate import open_sessions

    # QUIZAPP_LEARNER arrives as --learner through click; here only the OS user is default.
    name = check_name(settings.learner or default_name())
    if settings.lang:  # before the database opens, so that its messages follow --lang
        i18n.set_language(settings.lang)
    sessions = open_sessions(settings.db, name if settings.learner else None)
    settings = replace(settings, learner=name)
    library = Library(sessions, list(settings.builtin), settings.custom_dir, clock,
                      settings.cache_dir)
    library.sync_builtins()
    engine = VerifierEngine(settings.device, settings.time_limit)
    runner = CardRunner(engine, library.verifier_path)
    preferences = Preferences(sessions)
    if not settings.lang:
        i18n.set_language(preferences.get("lang"))
    if settings.new_per_day is None:
        settings = replace(settings, new_per_day=int(preferences.get("new_per_day")))
    return Services(settings, sessions, engine, library, clock, preferences, runner,
                    Scheduling(sessions, clock))
