"""Where quizapp keeps data: platformdirs defaults, overridable by environment variables."""

from __future__ import annotations

import os
from pathlib import Path

APP = "quizapp"


def data_dir() -> Path:
    """QUIZAPP_HOME, else the platform's user data directory."""
    home = os.environ.get("QUIZAPP_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def default_db() -> str:
    """QUIZAPP_DB (a path or a URL), else quizapp.db in the data directory."""
    return os.environ.get("QUIZAPP_DB") or str(data_dir() / "quizapp.db")


def custom_decks_dir() -> Path:
    """Added decks are copied here, so they keep working if the original file moves."""
    return data_dir() / "decks"


def cache_dir() -> Path:
    """Parsed decks; safe to delete at any time."""
    home = os.environ.get("QUIZAPP_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP, appauthor=False)


def builtin_dir() -> Path:
    """The built-in cards/ and verifiers/: packaged in the wheel, or the source checkout."""
    packaged = Path(__file__).with_name("_builtin")
    return packaged if (packaged / "cards").is_dir() else Path(__file__).resolve().parent.parent


def builtin_decks() -> list[Path]:
    """Built-in deck files; conv first, the deck a new learner meets first, then by name."""
    paths = (builtin_dir() / "cards").glob("*.yaml")
    return sorted(paths, key=lambda path: (path.stem != "conv", path.stem))
