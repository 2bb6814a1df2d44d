"""Only writing transactions take SQLite's write lock: reports, exports and `doctor` read
while another terminal writes; an undo never erases another terminal's later answer."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.errors import QuizappError
from quizapp.services.context import Settings, build_services
from quizapp.services.session import StudyRequest


def test_reports_read_while_another_program_holds_the_write_lock(
    quizapp: Any, home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    assert quizapp("study", "--plain", "--deck", "conv", "--limit", "1", input="\n0\n").code == 0
    monkeypatch.setenv("QUIZAPP_BUSY_TIMEOUT_MS", "200")
    other = sqlite3.connect(home / "quizapp.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a writer in another terminal, mid-transaction
    try:
        for args in (("stats", "--json"), ("doctor",), ("deck", "list"),
                     ("stats", "--export", str(tmp_path / "out.csv"))):
            started = time.monotonic()
            outcome = quizapp(*args)
            assert outcome.code == 0, (args, outcome.output)
            assert time.monotonic() - started < 5
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_long_read_does_not_hold_up_a_writer(home: Path) -> None:
    services = build_services(Settings(device="cpu", lang="en"))
    try:
        reader = services.sessions()
        reader.connection()  # a read transaction stays open, like a slow `doctor`
        session = services.study(StudyRequest(decks=("conv",), limit=1, seed=1))
        session.next()
        session.submit("")
        started = time.monotonic()
        session.grade(0)
        assert time.monotonic() - started < 2
        reader.close()
    finally:
        services.close()


def test_undo_refuses_when_another_terminal_reviewed_the_card_since(home: Path) -> None:
    first = build_services(Settings(device="cpu", lang="en"))
    second = build_services(Settings(device="cpu", lang="en"))
    try:
        request = StudyRequest(keys=("conv/odd-kernels",), seed=1)
        a, b = first.study(request), second.study(request)
        for session in (a, b):
            session.next()
            session.reveal()
            session.grade(4)  # a then b answer the same card
        with pytest.raises(QuizappError, match="reviewed again since"):
            a.undo()
        import sqlite3 as db

        with db.connect(home / "quizapp.db") as conn:
            kinds = [k for (k,) in conn.execute("SELECT kind FROM reviews ORDER BY id")]
        assert kinds == ["review", "review"]  # b's answer stands; nothing was undone
    finally:
        first.close()
        second.close()
