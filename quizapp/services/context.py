"""The one factory that wires settings, storage, the verifier engine and the services."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import locations, store
from quizapp.core import i18n
from quizapp.core.clock import utcnow
from quizapp.services.library import Library
from quizapp.services.preferences import Preferences
from quizapp.services.runner import CardRunner
from quizapp.services.scheduling import Scheduling
from quizapp.services.session import StudyRequest, StudySession
from quizapp.store.lazy import LazySessions
from quizapp.verify.engine import VerifierEngine

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from quizapp.services.browser import Browser
    from quizapp.services.progress import Progress
    from quizapp.store.glance import CardRecord, Glance
    from quizapp.store.models import CardRow


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
    # A quick start's look at the SQLite file (services/quick_start.py), read from until
    # the store is open; None after a full start.
    start: Glance | None = None
    _looking: threading.Lock = field(default_factory=threading.Lock, repr=False)

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

    @contextmanager
    def reads(self) -> Iterator[QueueReads | Glance]:
        """The study queue's reads: from a quick start's look until the store is open."""
        with self._looking:
            if self.start is not None:
                yield self.start
                return
        with self.sessions() as s:
            yield QueueReads(s)

    def open_store(self) -> None:
        """Open the database the full way (a quick start does this in the background once
        its first question is on screen); from then on every read goes through it."""
        if isinstance(self.sessions, LazySessions):
            self.sessions.open()
        self._drop_start()

    def _drop_start(self) -> None:
        with self._looking:
            if self.start is not None:
                self.start.close()
                self.start = None
        self.preferences.primed = None

    def close(self) -> None:
        self._drop_start()
        self.engine.close()
        bind = self.sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()


class QueueReads:
    """The study queue's reads on one ORM session; a quick start's Glance has the same."""

    def __init__(self, s: Session) -> None:
        self.s = s

    def due_keys(self, decks: Iterable[str], now: datetime, limit: int) -> list[str]:
        return store.repo.due_keys(self.s, decks, now, limit)

    def new_keys(self, decks: Iterable[str], now: datetime, limit: int) -> list[str]:
        return store.repo.new_keys(self.s, decks, now, limit)

    def new_studied_since(self, since: datetime) -> int:
        return store.repo.new_studied_since(self.s, since)

    def card(self, key: str) -> CardRow | CardRecord | None:
        return store.repo.card(self.s, key)


def learner_name(settings: Settings) -> str:
    """The learner this run studies as: --learner (QUIZAPP_LEARNER arrives as --learner
    through click), else the OS user."""
    from quizapp.core.learners import check_name, default_name

    return check_name(settings.learner or default_name())


def build_services(settings: Settings, clock: Callable[[], datetime] = utcnow) -> Services:
    """Open the database (migrating it), sync built-in decks, and return the services."""
    from quizapp.store.migrate import open_sessions

    name = learner_name(settings)
    if settings.lang:  # before the database opens, so that its messages follow --lang
        i18n.set_language(settings.lang)
    sessions = open_sessions(settings.db, name if settings.learner else None)
    settings = replace(settings, learner=name)
    library = Library(sessions, list(settings.builtin), settings.custom_dir, clock,
                      settings.cache_dir)
    library.sync_builtins()
    return assemble(settings, sessions, library, Preferences(sessions),
                    Scheduling(sessions, clock), clock)


def assemble(settings: Settings, sessions: sessionmaker[Session], library: Library,
             preferences: Preferences, scheduling: Scheduling, clock: Callable[[], datetime],
             start: Glance | None = None) -> Services:
    """The rest of the wiring, the same after a full start and a quick one."""
    engine = VerifierEngine(settings.device, settings.time_limit)
    runner = CardRunner(engine, library.verifier_path)
    if not settings.lang:
        i18n.set_language(preferences.get("lang"))
    if settings.new_per_day is None:
        settings = replace(settings, new_per_day=int(preferences.get("new_per_day")))
    return Services(settings, sessions, engine, library, clock, preferences, runner,
                    scheduling, start)
