"""The SQLite store on real files: pragmas, migrations, refusals, committed reviews."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from quizapp.store.common import BUSY_TIMEOUT_MS
from quizapp.store.db import StoreError, make_engine
from quizapp.store.migrate import MIGRATIONS, current_revision, open_sessions


def _alembic_head() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head
    return head


def test_engine_pragmas_on_a_real_file(tmp_path: Path) -> None:
    engine = make_engine(str(tmp_path / "sub" / "q.db"))  # the folder is created
    try:
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS
            assert BUSY_TIMEOUT_MS >= 1000
    finally:
        engine.dispose()
    assert (tmp_path / "sub" / "q.db").is_file()
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    with sqlite3.connect(tmp_path / "sub" / "q.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    sessions = open_sessions(str(tmp_path / "q.db"))
    try:
        with pytest.raises(Exception, match="FOREIGN KEY"), sessions.begin() as s:
            s.execute(text("INSERT INTO cards (learner_id, key, deck, kind, retired, suspended, "
                           "leech, repetitions, ease, interval, lapses) "
                           "VALUES (1, 'ghost/a', 'ghost', 'flash', 0, 0, 0, 0, 250, 0, 0)"))
    finally:
        sessions.kw["bind"].dispose()


def test_fresh_database_gets_the_alembic_head(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    sessions = open_sessions(str(db))
    engine = sessions.kw["bind"]
    try:
        assert current_revision(engine) == _alembic_head()
        with sessions() as s:
            tables = set(s.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")))
        assert {"decks", "cards", "reviews", "alembic_version"} <= tables
    finally:
        engine.dispose()
    # Opening again is a no-op at the head.
    again = open_sessions(str(db))
    assert current_revision(again.kw["bind"]) == _alembic_head()
    again.kw["bind"].dispose()


def test_database_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    open_sessions(str(db)).kw["bind"].dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    with pytest.raises(StoreError, match="newer quizapp") as info:
        open_sessions(str(db))
    assert "\n" not in str(info.value) and "9999_from_the_future" in str(info.value)
    assert db.read_bytes() == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "9999_from_the_future",)


def test_cli_refuses_a_newer_database_without_a_traceback(tmp_path: Path, quizapp: Any) -> None:
    db = tmp_path / "q.db"
    open_sessions(str(db)).kw["bind"].dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    outcome = quizapp("--db", str(db), "stats", "--json")
    assert outcome.code == 1
    assert "newer quizapp" in outcome.stderr and "Traceback" not in outcome.output
    assert outcome.stdout == ""


NOT_A_DB = b"These are my lecture notes, not a database.\n" * 200


def test_a_file_that_is_not_a_database_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(NOT_A_DB)
    with pytest.raises(StoreError) as info:
        open_sessions(str(db))
    message = str(info.value)
    assert "\n" not in message and "not a SQLite database" in message and str(db) in message
    assert db.read_bytes() == NOT_A_DB
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


def test_cli_on_a_file_that_is_not_a_database(tmp_path: Path, quizapp_process: Any) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(NOT_A_DB)
    outcome = quizapp_process("--db", str(db), "deck", "list")
    assert outcome.code == 1
    assert outcome.stderr.count("\n") == 1 and "not a SQLite database" in outcome.stderr
    assert "Traceback" not in outcome.output
    assert db.read_bytes() == NOT_A_DB


def test_a_database_that_cannot_open_is_explained_in_the_language_asked_for(
        tmp_path: Path, quizapp_process: Any) -> None:
    """--lang is known before the database opens (a saved language is inside it)."""
    db = tmp_path / "notes.db"
    db.write_bytes(NOT_A_DB)
    outcome = quizapp_process("--lang", "zh", "--db", str(db), "stats")
    assert outcome.code == 1 and outcome.stderr.count("\n") == 1, outcome.output
    assert "无法打开数据库" in outcome.stderr and "不是 SQLite 数据库" in outcome.stderr
    unsupported = quizapp_process("--lang", "zh", "--db", "mysql://u:p@host/db", "stats")
    assert unsupported.code == 1 and "不支持 mysql 数据库" in unsupported.stderr
    assert "PostgreSQL" in unsupported.stderr and "p@host" not in unsupported.stderr
    assert db.read_bytes() == NOT_A_DB


def test_recording_a_review_commits_it_at_once(home: Path, flash_deck: Path) -> None:
    from quizapp.services.context import Settings, build_services
    from quizapp.services.session import StudyRequest, StudySession

    db = home / "quizapp.db"
    ctx = build_services(Settings(db=str(db)))
    try:
        ctx.library.add(flash_deck, False, lambda deck: [])
        session = StudySession(ctx, StudyRequest(decks=["mine"], seed=3))
        question = session.next()
        assert question is not None and question.card.key == "mine/alpha"
        session.reveal()
        session.grade(4)
        # A second engine (another terminal) sees the review while this one is still open.
        other = make_engine(str(db))
        try:
            with other.connect() as conn:
                row = conn.execute(text(
                    "SELECT c.key, r.quality, r.reps_before, r.reps_after, r.ease_after, "
                    "r.interval_after, c.repetitions, c.interval, c.due IS NOT NULL "
                    "FROM reviews r JOIN cards c ON c.id = r.card_id")).one()
        finally:
            other.dispose()
        assert tuple(row) == ("mine/alpha", 4, 0, 1, 250, 1, 1, 1, 1)
    finally:
        ctx.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
