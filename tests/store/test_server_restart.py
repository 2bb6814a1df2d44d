"""The class server restarts while learners study: each sees one clear message, the checked
answer stays pending, and it is recorded exactly once when the server is back. A server of
this module's own on 127.0.0.1 (benchmarks/loopback_pg.py), stopped and started for real."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from benchmarks.loopback_pg import LoopbackServer
from quizapp.core.clock import utcnow
from quizapp.core.errors import QuizappError
from quizapp.services.classroom import Classroom
from quizapp.services.context import Services, Settings, build_services
from quizapp.services.session import StudyRequest
from tests.store.conftest import flash_deck_file

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer()
    yield s
    s.close()


@pytest.fixture
def learner(server: LoopbackServer, tmp_path: Path) -> Iterator[tuple[Services, str]]:
    """A class with a flash deck; a learner's services on their own role's URL."""
    owner = server.create_database(f"r{time.monotonic_ns()}")
    room = Classroom(owner, utcnow)
    try:
        room.init()
        url = room.add_learner("mei")
    finally:
        room.close()
    settings = Settings(db=owner, device="cpu", lang="en", custom_dir=tmp_path / "decks",
                        cache_dir=None, learner="teacher")
    teacher = build_services(settings)
    deck = flash_deck_file(tmp_path / "src", "restart", 4, "{en: Restart, zh: 重启}")
    teacher.library.add(deck, trust=False, check=lambda deck: [])
    teacher.close()
    mine = build_services(Settings(db=url.url, device="cpu", lang="en",
                                   custom_dir=tmp_path / "decks", cache_dir=None))
    yield mine, owner
    mine.close()


def _reviews(owner: str) -> int:
    engine = create_engine(owner)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(*) FROM reviews r JOIN learners l ON l.id = r.learner_id "
                "WHERE l.name = 'mei'")).scalar() or 0)
    finally:
        engine.dispose()


def test_an_answer_checked_while_the_server_is_down_is_kept_then_recorded_once(
        server: LoopbackServer, learner: tuple[Services, str]) -> None:
    services, owner = learner
    session = services.study(StudyRequest(decks=("restart",)))
    assert session.next() is not None
    session.reveal()
    session.grade(4)
    assert _reviews(owner) == 1
    session.next()
    session.reveal()  # the second answer is checked: pending
    server.stop()
    try:
        with pytest.raises(QuizappError) as failed:
            session.grade(4)
        message = str(failed.value)
        assert "cannot be reached" in message and "\n" not in message
        assert failed.value.retryable
        assert session.pending is not None  # kept, not lost
    finally:
        server.start()
    session.grade(4)  # the same key again, the server back: recorded
    assert session.pending is None
    assert _reviews(owner) == 2
    session.next()
    session.reveal()
    session.grade(5)  # and the next answers work as before
    assert _reviews(owner) == 3


def test_plain_mode_waits_for_the_server_and_loses_nothing(
        server: LoopbackServer, learner: tuple[Services, str]) -> None:
    from quizapp.cli.plain import run_plain

    services, owner = learner
    # The server goes down for 3 s just as the first grade is saved; plain mode retries.
    def restart() -> None:
        server.stop()
        time.sleep(3)
        server.start()

    class Source(io.StringIO):
        """The learner's keys: reveal, grade 4 (the server stops first), reveal, grade 5."""

        def __init__(self) -> None:
            super().__init__("\n4\n\n5\n")
            self.calls = 0

        def readline(self, *args: Any) -> str:
            self.calls += 1
            if self.calls == 2:
                stopper = threading.Thread(target=restart)
                stopper.start()
                time.sleep(1)  # stopped by the time the grade is saved
            return super().readline(*args)

    out = io.StringIO()
    run_plain(services, StudyRequest(decks=("restart",), limit=2), source=Source(), out=out)
    printed = out.getvalue()
    assert "not saved yet: could not save this answer: the database server cannot be " \
           "reached" in printed
    assert "Traceback" not in printed
    assert _reviews(owner) == 2
