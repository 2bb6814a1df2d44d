"""The one factory that wires settings, storage, the verifier engine and the decks together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from quizapp import locations
from quizapp.collection import Collection
from quizapp.core.clock import utcnow
from quizapp.services.runner import CardRunner
from quizapp.verify.engine import VerifierEngine

NEW_PER_DAY = 20


@dataclass(frozen=True)
class Settings:
    db: str = field(default_factory=locations.default_db)
    device: str = "auto"
    lang: str | None = None  # None: the saved setting, else English
    new_per_day: int = NEW_PER_DAY
    time_limit: float = 10.0
    custom_dir: Path = field(default_factory=locations.custom_decks_dir)
    cache_dir: Path | None = field(default_factory=locations.cache_dir)
    builtin: tuple[Path, ...] = field(default_factory=lambda: tuple(locations.builtin_decks()))


@dataclass
class AppContext:
    settings: Settings
    sessions: sessionmaker[Session]
    engine: VerifierEngine
    collection: Collection
    clock: Callable[[], datetime]
    lang: str = "en"  # --lang, else the saved setting; the app's language switch changes it

    @property
    def runner(self) -> CardRunner:
        return CardRunner(self.engine, self.collection.verifier_path)

    def close(self) -> None:
        bind = self.sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()


def build_context(settings: Settings, clock: Callable[[], datetime] = utcnow) -> AppContext:
    """Open the database (migrating it), sync built-in decks, and return the wiring."""
    from quizapp.store import settings_repo
    from quizapp.store.db import open_sessions

    sessions = open_sessions(settings.db)
    collection = Collection(
        sessions, list(settings.builtin), settings.custom_dir, clock, settings.cache_dir
    )
    collection.sync_builtins()
    engine = VerifierEngine(settings.device, settings.time_limit)
    with sessions() as s:
        lang = settings.lang or settings_repo.get(s, "lang") or "en"
    return AppContext(settings, sessions, engine, collection, clock, lang)
