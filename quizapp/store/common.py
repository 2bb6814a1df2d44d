"""What every way of opening the database shares, kept free of SQLAlchemy so that the quick
look at a SQLite file (store/glance.py) can use it too: the schema revision this quizapp
writes, the older ones it upgrades from, and how long to wait for another terminal's lock."""

from __future__ import annotations

import os

HEAD = "0007"  # keep in step with the newest file in migrations/versions
KNOWN = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
BUSY_TIMEOUT_MS = 10_000


def busy_timeout_ms() -> int:
    """How long to wait for another terminal's write lock (QUIZAPP_BUSY_TIMEOUT_MS)."""
    try:
        return max(0, int(os.environ.get("QUIZAPP_BUSY_TIMEOUT_MS", BUSY_TIMEOUT_MS)))
    except ValueError:
        return BUSY_TIMEOUT_MS
