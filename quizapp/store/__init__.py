"""Persistence: SQLAlchemy 2.0 models, the engine factory, migrations and repositories.

Importing SQLAlchemy takes about 0.2 s, as long as Textual's own start. The services on the
study screen's start (context, library, preferences, scheduling, the session) therefore
write `from quizapp import store` and call `store.repo.card(...)`: a module of this package
is imported the first time one of its names is used, which on a quick start
(services/quick_start.py) is after the first question is on screen.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what `store.<module>` names, for the type checker
    from quizapp.store import (
        db,
        deck_files,
        deck_rows,
        glance,
        migrate,
        models,
        repo,
        scheduling,
        settings_repo,
    )

__all__ = ["db", "deck_files", "deck_rows", "glance", "migrate", "models", "repo",
           "scheduling", "settings_repo"]


def __getattr__(name: str) -> ModuleType:
    """`store.repo` imports quizapp.store.repo on first use (PEP 562)."""
    if name.startswith("_"):
        raise AttributeError(name)
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
