"""Learners: every card state, review and setting is one learner's; an older database's data
becomes the default learner's; the CLI studies, counts, exports and checks per learner."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from quizapp.store import deck_rows, repo, settings_repo
from quizapp.store import stats as S
from quizapp.store.db import make_engine
from quizapp.store.migrate import HEAD, alembic_config, migrating, open_database, open_sessions
from tests.store.conftest import START, make_collection, record


def _dispose(*sessions: Any) -> None:
    for s in sessions:
        s.engine.dispose()


def test_two_learners_share_decks_and_nothing_else(db_url: str) -> None:
    alice, bob = open_sessions(db_url, "alice"), open_sessions(db_url, "bob")
    try:
        keys = make_collection(alice, {"alpha": 3})
        with bob.begin() as s:  # bob's card rows for the deck alice's run added
            deck_rows.sync_cards(s, "alpha", deck_rows.DeckInfo(dict.fromkeys(keys, "quiz")))
            settings_repo.put(s, "lang", "zh")
        for n, key in enumerate(keys):
            record(alice, key, 5, START + timedelta(minutes=n))
        record(bob, keys[0], 1, START)
        now = START + timedelta(hours=1)
        with alice() as s:
            mine = S.compute(s, now)
            assert [c.repetitions for c in map(lambda k: repo.card(s, k), keys)] == [1, 1, 1]
            assert settings_repo.get(s, "lang") is None
        with bob() as s:
            theirs = S.compute(s, now)
            assert repo.card(s, keys[0]).repetitions == 0  # graded 1: a failure
            assert settings_repo.get(s, "lang") == "zh"
        assert (mine.reviews_total, theirs.reviews_total) == (3, 1)
        assert deck_rows.decks_without_cards(bob()) == set()  # bob has alpha's cards too
        everyone = open_database(db_url)
        with everyone() as s:  # the unscoped view sees both learners' rows
            assert s.execute(text("SELECT count(*) FROM reviews")).scalar() == 4
            learners = dict(s.execute(text(
                "SELECT l.name, count(r.id) FROM learners l LEFT JOIN reviews r "
                "ON r.learner_id = l.id GROUP BY l.name")).all())
        assert learners["alice"] == 3 and learners["bob"] == 1
        _dispose(everyone)
    finally:
        _dispose(alice, bob)


def test_an_older_database_becomes_the_default_learners(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "old.db")
    monkeypatch.setenv("QUIZAPP_LEARNER", "mei")
    sessions = open_sessions(db)
    keys = make_collection(sessions, {"alpha": 2})
    record(sessions, keys[0], 4, START)
    with sessions.begin() as s:
        settings_repo.put(s, "lang", "zh")
    _dispose(sessions)
    engine = make_engine(db)
    with migrating(engine) as conn:  # as release 0004 left it: no learners at all
        command.downgrade(alembic_config(conn), "0004")
    engine.dispose()

    monkeypatch.setenv("QUIZAPP_LEARNER", "wei")  # the default learner when it upgrades
    upgraded, other = open_sessions(db), open_sessions(db, "li")
    try:
        with upgraded() as s:
            assert s.execute(text("SELECT name FROM learners ORDER BY id")).scalars().all() == [
                "wei", "li"]
            assert repo.card(s, keys[0]).repetitions == 1
            assert settings_repo.get(s, "lang") == "zh"
        with other() as s:
            assert repo.card(s, keys[0]) is None and settings_repo.get(s, "lang") is None
    finally:
        _dispose(upgraded, other)


def test_a_database_with_two_learners_is_not_downgraded(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    _dispose(open_sessions(db, "a"), open_sessions(db, "b"))
    engine = make_engine(db)
    with pytest.raises(RuntimeError, match="more than one learner"), migrating(engine) as conn:
        command.downgrade(alembic_config(conn), "0004")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    engine.dispose()


def test_the_cli_keeps_each_learners_history_apart(quizapp: Any, tmp_path: Path) -> None:
    import_file = tmp_path / "revlog.csv"
    import_file.write_text("card_id,review_time,review_rating,review_duration\n"
                           "c1,1700000000000,3,5000\nc1,1700100000000,3,5000\n",
                           encoding="utf-8")
    assert quizapp("--learner", "ana", "import", str(import_file)).code == 0
    ana = json.loads(quizapp("--learner", "ana", "stats", "--json").stdout)
    ben = json.loads(quizapp("--learner", "ben", "stats", "--json").stdout)
    assert (ana["reviews_total"], ben["reviews_total"]) == (2, 0)
    assert ana["cards_total"] == ben["cards_total"]  # the same built-in decks
    exported = quizapp("--learner", "ben", "stats", "--export", "-").stdout
    assert exported.count("\n") == 1  # the header only: ana's reviews are not ben's
    assert quizapp("--learner", "ana", "doctor").code == 0
    assert quizapp("--learner", "ben", "config", "set", "lang", "zh").code == 0
    assert "zh" not in quizapp("--learner", "ana", "config", "show").stdout.split("lang")[1][:8]


@pytest.mark.parametrize("name", ["Alice", "a b", "-x", "", "x" * 41, "李"])
def test_a_bad_learner_name_is_one_line_and_exit_2(quizapp: Any, name: str) -> None:
    done = quizapp("--learner", name, "stats")
    if name == "":  # an empty value is click's "not given": the default learner
        assert done.code == 0, done.output
        return
    assert done.code == 2, done.output
    assert "is not a learner name" in done.stderr and "Traceback" not in done.output
    assert len(done.stderr.strip().splitlines()) == 1
