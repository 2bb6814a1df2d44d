"""The quick start's look at a SQLite file (store/glance.py) reads what the ORM reads.

Every query of the look has a twin in store/repo.py or deck_rows.py; these tests build
varied collections through the app's own repository calls (answers, re-drills, undos,
suspended, buried and retired cards, a removed deck, a second learner) and compare each
pair, at several moments, on real SQLite files.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from quizapp.store import deck_rows, repo, settings_repo
from quizapp.store.glance import Glance, sqlite_path
from quizapp.store.migrate import open_sessions
from quizapp.store.models import CardRow, DeckRow
from tests.store.conftest import START, make_collection, record

DECKS = {"alpha": 12, "beta": 9, "gamma": 5}
CARD_FIELDS = ("key", "deck", "retired", "suspended", "repetitions", "ease", "interval",
               "due", "last_review", "stability", "difficulty")


def _varied(db: str, seed: int) -> tuple[Any, list[str]]:
    """A collection for learner 'ann' with a bit of everything, and 'bob' beside her."""
    rng = random.Random(seed)
    everyone = open_sessions(db)
    keys = make_collection(everyone, DECKS)  # cards of the default learner
    ann = open_sessions(db, "ann")
    bob = open_sessions(db, "bob")
    for sessions in (ann, bob):
        with sessions.begin() as s:
            for name in DECKS:
                deck_rows.sync_cards(s, name, deck_rows.DeckInfo(
                    {k: "quiz" for k in keys if k.startswith(name + "/")}))
    ids = []
    for _ in range(80):
        at = START + timedelta(days=rng.randrange(30), minutes=rng.randrange(1440))
        kind = "drill" if rng.random() < 0.1 else "review"
        ids.append(record(ann, rng.choice(keys), rng.randrange(6), at, kind))
    for _ in range(20):
        record(bob, rng.choice(keys), rng.randrange(6), START + timedelta(days=3))
    with ann.begin() as s:
        for review_id in rng.sample(ids, 5):
            with contextlib.suppress(repo.ReviewedSince):  # only the card's last answer
                repo.undo_review(s, review_id, START + timedelta(days=31))
        for key in rng.sample(keys, 4):
            repo.set_flags(s, key, suspended=True)
        for key in rng.sample(keys, 4):
            repo.set_flags(s, key, buried_until=START + timedelta(days=rng.randrange(40)))
        s.execute(update(CardRow).where(CardRow.key.in_(rng.sample(keys, 3)))
                  .values(retired=True))
        settings_repo.put(s, "lang", "zh")
        settings_repo.put(s, "scheduler:beta", "fsrs")
    with everyone.begin() as s:
        s.get_one(DeckRow, "gamma").removed_at = START
    return ann, keys


def _moments() -> list[datetime]:
    return [START - timedelta(days=1), START + timedelta(days=5, hours=7),
            START + timedelta(days=17), START + timedelta(days=60)]


@pytest.mark.parametrize("seed", range(4))
def test_every_read_of_the_look_equals_the_orm_s(tmp_path: Path, seed: int) -> None:
    db = str(tmp_path / "q.db")
    ann, keys = _varied(db, seed)
    look = Glance.open(db, "ann")
    assert look is not None
    try:
        with ann() as s:
            for now in _moments():
                for decks in (list(DECKS), ["alpha"], ["beta", "gamma"], []):
                    for limit in (1, 3, 10_000):
                        assert look.due_keys(decks, now, limit) == \
                            repo.due_keys(s, decks, now, limit)
                        assert look.new_keys(decks, now, limit) == \
                            repo.new_keys(s, decks, now, limit)
                assert look.new_studied_since(now - timedelta(days=3)) == \
                    repo.new_studied_since(s, now - timedelta(days=3))
            for key in [*keys, "alpha/none"]:
                got, want = look.card(key), repo.card(s, key)
                assert (got is None) == (want is None)
                if got is not None:
                    assert [getattr(got, f) for f in CARD_FIELDS] == \
                        [getattr(want, f) for f in CARD_FIELDS], key
            want_decks = sorted(deck_rows.all_decks(s), key=lambda row: row.name)
            assert [(d.name, d.title, d.title_zh, d.source, d.builtin, d.content_sha256,
                     d.removed_at) for d in look.decks()] == \
                [(d.name, d.title, d.title_zh, d.source, d.builtin, d.content_sha256,
                  d.removed_at) for d in want_decks]
            assert look.settings() == {"lang": "zh", "scheduler:beta": "fsrs"}
            assert look.decks_without_cards() == deck_rows.decks_without_cards(s) == set()
    finally:
        look.close()


def test_the_look_counts_a_due_card_on_the_very_microsecond(tmp_path: Path) -> None:
    """Due dates compare as SQLAlchemy stores them (text); the look formats `now` alike."""
    db = str(tmp_path / "q.db")
    sessions = open_sessions(db, "ann")
    keys = make_collection(sessions, {"alpha": 2})
    record(sessions, keys[0], 5, START)
    with sessions() as s:
        due = repo.card(s, keys[0]).due
    look = Glance.open(db, "ann")
    assert look is not None
    try:
        assert look.due_keys(["alpha"], due, 10) == [keys[0]]
        assert look.due_keys(["alpha"], due - timedelta(microseconds=1), 10) == []
    finally:
        look.close()


def test_a_learner_without_cards_of_a_deck_is_seen(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    make_collection(open_sessions(db), {"alpha": 2, "beta": 1})
    open_sessions(db, "newcomer")
    look = Glance.open(db, "newcomer")
    assert look is not None
    try:
        assert look.decks_without_cards() == {"alpha", "beta"}
    finally:
        look.close()


def test_only_a_current_sqlite_file_and_a_known_learner_get_a_look(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    assert Glance.open(str(db), "ann") is None  # no file yet: the full open creates it
    assert not db.exists()
    open_sessions(str(db), "ann")
    for name, url in (("ann", str(db)), ("ann", f"sqlite:///{db}")):
        look = Glance.open(url, name)
        assert look is not None
        look.close()
    assert Glance.open(str(db), "zoe") is None  # a new learner: the full open adds them
    assert Glance.open("postgresql://u@host/db", "ann") is None
    assert Glance.open(":memory:", "ann") is None
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '0006'")
    conn.commit()
    conn.close()
    assert Glance.open(str(db), "ann") is None  # an older schema: the full open migrates
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    assert Glance.open(str(broken), "ann") is None


def test_sqlite_paths_are_read_as_the_store_reads_them(tmp_path: Path) -> None:
    assert sqlite_path(str(tmp_path / "q.db")) == tmp_path / "q.db"
    assert sqlite_path(f"sqlite:///{tmp_path}/q.db") == tmp_path / "q.db"
    assert sqlite_path("~/q.db") == Path("~/q.db").expanduser().resolve()
    assert sqlite_path("postgresql+psycopg://u@h/db") is None
