"""Schema migrations: a fresh database, an older one upgraded with a backup, a newer one refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect, text

from quizapp.store.db import StoreError, make_engine
from quizapp.store.migrate import (
    HEAD,
    alembic_config,
    current_revision,
    migrating,
    open_sessions,
)
from quizapp.store.models import Base
from tests.store.conftest import START, make_collection, record


def _at_revision(db: str, revision: str) -> None:
    """A database exactly as the release whose newest migration is `revision` made it."""
    engine = make_engine(db)
    with migrating(engine) as conn:
        command.upgrade(alembic_config(conn), revision)
    engine.dispose()


def _indexes(db: str) -> dict[str, set[str]]:
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            # Only ours: PostgreSQL also lists the index behind the unique constraint on key.
            return {t: {str(i["name"]) for i in found.get_indexes(t)
                        if str(i["name"]).startswith("ix_")} for t in ("cards", "reviews")}
    finally:
        engine.dispose()


def _model_indexes() -> dict[str, set[str]]:
    return {t: {str(i.name) for i in Base.metadata.tables[t].indexes} for t in ("cards", "reviews")}


def test_fresh_database_has_every_index_the_models_declare(db_url: str) -> None:
    sessions = open_sessions(db_url)
    assert current_revision(sessions.kw["bind"]) == HEAD
    sessions.kw["bind"].dispose()
    assert _indexes(db_url) == _model_indexes()


def test_older_sqlite_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    _at_revision(db, "0001")
    assert _indexes(db)["reviews"] == {"ix_reviews_card_at", "ix_reviews_day"}

    sessions = open_sessions(db)  # the upgrade happens here
    assert current_revision(sessions.kw["bind"]) == HEAD
    keys = make_collection(sessions, {"alpha": 2})
    record(sessions, keys[0], 4, START)
    sessions.kw["bind"].dispose()
    assert _indexes(db) == _model_indexes()
    backups = list(tmp_path.glob("old.db.rev0001-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_holds_the_old_data(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    sessions = open_sessions(db)
    keys = make_collection(sessions, {"alpha": 3})
    ids = [record(sessions, key, 5, START) for key in keys]
    sessions.kw["bind"].dispose()
    # Step the database back to 0001, as an older release would have left it.
    engine = make_engine(db)
    with migrating(engine) as conn:
        command.downgrade(alembic_config(conn), "0001")
    engine.dispose()

    open_sessions(db).kw["bind"].dispose()
    (backup,) = tmp_path.glob("old.db.rev0001-*.bak")
    with sqlite3.connect(backup) as copy:
        assert [r[0] for r in copy.execute("SELECT id FROM reviews ORDER BY id")] == ids
        assert {r[0] for r in copy.execute("SELECT key FROM cards")} == set(keys)
    with sqlite3.connect(db) as upgraded:
        assert [r[0] for r in upgraded.execute("SELECT id FROM reviews ORDER BY id")] == ids


def test_older_postgres_database_is_upgraded_in_place(pg_url: str) -> None:
    _at_revision(pg_url, "0001")
    sessions = open_sessions(pg_url)
    assert current_revision(sessions.kw["bind"]) == HEAD
    sessions.kw["bind"].dispose()
    assert _indexes(pg_url) == _model_indexes()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_schema_is_refused_on_both_engines(db_url: str, quizapp: Any) -> None:
    open_sessions(db_url).kw["bind"].dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    path = Path(db_url)
    before = _sha(path) if "://" not in db_url else None
    with pytest.raises(StoreError, match="newer quizapp"):
        open_sessions(db_url)
    done = quizapp("--db", db_url, "deck", "list")
    assert done.code == 1
    assert done.stderr.count("\n") == 1 and "schema 9999" in done.stderr
    assert "Traceback" not in done.output
    if before is not None:
        assert _sha(path) == before
        assert not list(path.parent.glob("*.bak"))
