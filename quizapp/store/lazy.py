"""Sessions opened on first use, for a quick start (services/quick_start.py).

The study screen shows its first question from a look at the SQLite file (store/glance.py);
SQLAlchemy is imported and the database opened the full way (migration check, learner) by
the first read or write through the store, or in the background once that question is on
screen. Until then nothing has been opened, so nothing needs closing.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.store.db import Sessions


class LazySessions:
    """Stands in for store.db.Sessions: `sessions()` reads, `sessions.begin()` writes."""

    def __init__(self, db: str, learner: str | None) -> None:
        self._db, self._learner = db, learner
        self._lock = threading.Lock()  # the screen's workers and the opener may race
        self._sessions: Sessions | None = None

    @property
    def is_open(self) -> bool:
        return self._sessions is not None

    def open(self) -> Sessions:
        """The real sessions; StoreError if the database cannot be opened (retried on the
        next use)."""
        with self._lock:
            if self._sessions is None:
                from quizapp.store.migrate import open_sessions

                self._sessions = open_sessions(self._db, self._learner)
            return self._sessions

    @property
    def kw(self) -> dict[str, Any]:
        """The factory's settings (its engine is "bind"); none until opened."""
        return self._sessions.kw if self._sessions is not None else {}

    def __call__(self, **options: Any) -> Any:
        return self.open()(**options)

    def begin(self) -> Any:
        return self.open().begin()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends probe these: no reason to open
            raise AttributeError(name)
        return getattr(self.open(), name)
