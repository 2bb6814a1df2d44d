"""Saved preferences (language, theme, daily new cards): what `config` and the TUI change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizapp import store
from quizapp.core import i18n
from quizapp.core.choices import CHOICES
from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["CHOICES", "Preferences"]


@dataclass
class Preferences:
    sessions: sessionmaker[Session]
    # A quick start's reading of the learner's settings, used until the store is open.
    primed: dict[str, str] | None = None

    def get(self, key: str) -> str:
        values, default = CHOICES[key]
        primed = self.primed  # read once: the store's opener clears it from its thread
        if primed is not None:
            value = primed.get(key)
        else:
            with self.sessions() as s:
                value = store.settings_repo.get(s, key)
        if value is None or (values is not None and value not in values):
            return default
        return value

    def set(self, key: str, value: str) -> None:
        """Save a preference; InvalidInput names the values it takes."""
        if key not in CHOICES:
            raise InvalidInput(_("unknown setting '{key}' (settings: {keys})").format(
                key=key, keys=", ".join(sorted(CHOICES))))
        values, _default = CHOICES[key]
        if values is not None and value not in values:
            raise InvalidInput(_("{key} is one of {values}").format(
                key=key, values=", ".join(values)))
        if values is None and not (value.isdigit() and 0 <= int(value) <= 10_000):
            raise InvalidInput(_("{key} is a whole number from 0 to 10000").format(key=key))
        with store.db.saving(_("the setting")), self.sessions.begin() as s:
            store.settings_repo.put(s, key, value)
        if (primed := self.primed) is not None:
            primed[key] = value
        if key == "lang":
            i18n.set_language(value)

    def all(self) -> dict[str, str]:
        return {key: self.get(key) for key in sorted(CHOICES)}
