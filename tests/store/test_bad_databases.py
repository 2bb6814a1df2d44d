"""Databases the app cannot use: one line on stderr, a non-zero exit, no traceback, no change."""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quizapp.store.migrate import open_sessions


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _refused(done: Any, *words: str) -> None:
    assert done.code != 0
    assert "Traceback" not in done.output
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("quizapp: "), done.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture
def real_db(tmp_path: Path) -> Path:
    """A healthy database with the full schema, closed (its WAL folded back in)."""
    path = tmp_path / "q.db"
    open_sessions(str(path)).kw["bind"].dispose()
    return path


def test_a_corrupt_file_is_refused_and_left_alone(real_db: Path, quizapp: Any) -> None:
    with real_db.open("r+b") as handle:  # scribble over the schema on page 1
        handle.seek(100)
        handle.write(b"\xff" * 300)
    before = _sha(real_db)
    for command in (["deck", "list"], ["stats"], ["doctor"], ["study", "--plain"]):
        _refused(quizapp("--db", str(real_db), *command), "malformed")
    assert _sha(real_db) == before


def test_a_truncated_file_is_refused_and_left_alone(real_db: Path, quizapp: Any) -> None:
    real_db.write_bytes(real_db.read_bytes()[:1500])
    before = _sha(real_db)
    _refused(quizapp("--db", str(real_db), "stats"))
    assert _sha(real_db) == before


@pytest.fixture
def read_only_place(tmp_path: Path) -> Iterator[Path]:
    """A database path in a folder nobody may write to (root ignores modes, so /proc then)."""
    if os.geteuid() == 0:
        yield Path("/proc/1/quizapp-test.db")
        return
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield folder / "q.db"
    folder.chmod(stat.S_IRWXU)


def test_a_read_only_location_is_refused(read_only_place: Path, quizapp: Any) -> None:
    _refused(quizapp("--db", str(read_only_place), "deck", "list"), "cannot")
    assert not read_only_place.exists()


def test_a_database_locked_past_the_timeout(real_db: Path, quizapp: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZAPP_BUSY_TIMEOUT_MS", "200")
    holder = sqlite3.connect(real_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of a write
    try:
        before = _sha(real_db)
        for command in (["deck", "list"], ["stats", "--export", "-"], ["doctor", "--fix"]):
            _refused(quizapp("--db", str(real_db), *command), "locked")
        assert _sha(real_db) == before
    finally:
        holder.rollback()
        holder.close()
    assert quizapp("--db", str(real_db), "deck", "list").code == 0  # usable once released


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens once the socket closes


def test_an_unreachable_postgres_server(quizapp: Any) -> None:
    url = f"postgresql+psycopg://quiz:secret@127.0.0.1:{_closed_port()}/quizapp"
    for command in (["deck", "list"], ["stats"], ["doctor"]):
        done = quizapp("--db", url, *command)
        _refused(done, "cannot open database", "127.0.0.1")
        assert "secret" not in done.output  # never echo a password
