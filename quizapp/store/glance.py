"""A quick, read-only look at a SQLite collection through the stdlib sqlite3 module.

The study screen's start needs a handful of reads: the schema revision, the learner, the
decks, the learner's settings, the queue and the first card. Through SQLAlchemy they would
wait for its import (0.2 s, as long as Textual's own start); here they take milliseconds.
Each query is the twin of one in store/repo.py, deck_rows.py or learners.py, and
tests/store/test_glance.py holds each pair equal on varied collections. Anything the look
cannot vouch for (no file yet, another schema revision, a new learner) is `None`: the
caller then opens the database the full way, which creates, migrates or adds it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from quizapp.store.common import HEAD, busy_timeout_ms

SQLITE_URL = "sqlite:///"


@dataclass(frozen=True)
class DeckRecord:
    """A row of `decks`, with the columns of models.DeckRow that the library reads."""

    name: str
    title: str
    title_zh: str | None
    source: str
    builtin: bool
    content_sha256: str
    removed_at: datetime | None


@dataclass(frozen=True)
class CardRecord:
    """A row of `cards`, with the columns of models.CardRow that a question is built from."""

    key: str
    deck: str
    retired: bool
    suspended: bool
    repetitions: int
    ease: int
    interval: int
    due: datetime | None
    last_review: datetime | None
    stability: float | None
    difficulty: float | None


def sqlite_path(db: str) -> Path | None:
    """The file a database argument names, if it is a SQLite file (as store.db reads it)."""
    if db.startswith(SQLITE_URL):
        db = db.removeprefix(SQLITE_URL)
    elif "://" in db:
        return None
    if not db or db == ":memory:":
        return None
    return Path(db).expanduser().resolve()


def _stamp(moment: datetime) -> str:
    # How SQLAlchemy stores a naive DateTime in SQLite: text that sorts as it compares.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values))


class Glance:
    """One learner's view of a SQLite collection at the current schema revision."""

    def __init__(self, conn: sqlite3.Connection, learner_id: int) -> None:
        self.conn = conn
        self.learner_id = learner_id

    @classmethod
    def open(cls, db: str, learner: str) -> Glance | None:
        """The look, or None where only the full open can proceed (see the module doc)."""
        path = sqlite_path(db)
        if path is None or not path.is_file():
            return None
        try:
            # mode=rw: never creates the file; autocommit: each read sees the latest commit
            # and holds no transaction open between reads. The connection is used by the
            # screen's workers too, one call at a time (SQLite serializes them).
            conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True,
                                   timeout=busy_timeout_ms() / 1000,
                                   isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return None
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            found = conn.execute("SELECT id FROM learners WHERE name = ?", (learner,)).fetchone()
        except sqlite3.Error:
            revision = found = None
        if revision != (HEAD,) or found is None:
            conn.close()
            return None
        return cls(conn, int(found[0]))

    def close(self) -> None:
        self.conn.close()

    # -- the collection ------------------------------------------------------------------

    def decks(self) -> list[DeckRecord]:
        """Every deck row, removed ones too (deck_rows.all_decks), by name."""
        rows = self.conn.execute(
            "SELECT name, title, title_zh, source, builtin, content_sha256, removed_at "
            "FROM decks ORDER BY name")
        return [DeckRecord(n, t, tz, src, bool(b), sha, _moment(rm))
                for n, t, tz, src, b, sha, rm in rows]

    def decks_without_cards(self) -> set[str]:
        """Decks being studied of which this learner has no card (deck_rows)."""
        rows = self.conn.execute(
            "SELECT name FROM decks WHERE removed_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM cards WHERE cards.deck = decks.name AND cards.learner_id = ?)",
            (self.learner_id,))
        return {name for (name,) in rows}

    def settings(self) -> dict[str, str]:
        """This learner's saved settings (settings_repo, store.scheduling.choices)."""
        rows = self.conn.execute("SELECT key, value FROM settings WHERE learner_id = ?",
                                 (self.learner_id,))
        return dict(rows.fetchall())

    # -- the queue (store/repo.py) ---------------------------------------------------

    def _studyable(self, decks: list[str], now: datetime) -> tuple[str, list[object]]:
        return (f"learner_id = ? AND deck IN ({_marks(decks)}) AND retired = 0 AND "
                "suspended = 0 AND (buried_until IS NULL OR buried_until <= ?)",
                [self.learner_id, *decks, _stamp(now)])

    def due_keys(self, decks: Iterable[str], now: datetime, limit: int) -> list[str]:
        where, args = self._studyable(list(decks), now)
        rows = self.conn.execute(
            f"SELECT key FROM cards WHERE {where} AND due IS NOT NULL AND due <= ? "
            "ORDER BY due, id LIMIT ?", (*args, _stamp(now), limit))
        return [key for (key,) in rows]

    def new_keys(self, decks: Iterable[str], now: datetime, limit: int) -> list[str]:
        if limit <= 0:
            return []
        where, args = self._studyable(list(decks), now)
        rows = self.conn.execute(
            "SELECT key FROM (SELECT key, id, row_number() OVER "
            f"(PARTITION BY deck ORDER BY id) AS turn FROM cards WHERE {where} "
            "AND due IS NULL) ORDER BY turn, id LIMIT ?", (*args, limit))
        return [key for (key,) in rows]

    def new_studied_since(self, since: datetime) -> int:
        (count,) = self.conn.execute(
            "SELECT count(*) FROM reviews WHERE learner_id = ? AND at >= ? AND was_new = 1 "
            "AND kind IN ('review', 'drill') AND id NOT IN (SELECT undoes FROM reviews "
            "WHERE learner_id = ? AND undoes IS NOT NULL)",
            (self.learner_id, _stamp(since), self.learner_id)).fetchone()
        return int(count)

    def card(self, key: str) -> CardRecord | None:
        row = self.conn.execute(
            "SELECT key, deck, retired, suspended, repetitions, ease, interval, due, "
            "last_review, stability, difficulty FROM cards WHERE learner_id = ? AND key = ?",
            (self.learner_id, key)).fetchone()
        if row is None:
            return None
        key, deck, retired, suspended, reps, ease, interval, due, last, stab, diff = row
        return CardRecord(key, deck, bool(retired), bool(suspended), reps, ease, interval,
                          _moment(due), _moment(last), stab, diff)
