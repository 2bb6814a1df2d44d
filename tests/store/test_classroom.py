"""A class on one embedded PostgreSQL server: `class init`, a role per learner, and row-level
security proved with plain SQL through a learner's own connection."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from tests.store.conftest import flash_deck_file

pytestmark = pytest.mark.postgres


@pytest.fixture
def klass(pg_url: str, tmp_path: Path, quizapp_process: Any) -> Iterator[dict[str, str]]:
    """A class with a teacher's flash deck and two learners; name -> connection URL."""
    def ok(*args: str) -> str:
        done = quizapp_process(*args)
        assert done.code == 0 and "Traceback" not in done.output, done.output
        return done.stdout

    assert "class ready on" in ok("class", "init", pg_url)
    assert "class ready on" in ok("class", "init", pg_url)  # again: nothing breaks
    deck = flash_deck_file(tmp_path / "src", "classdeck", 3, "{en: For the class, zh: 课堂}")
    ok("--db", pg_url, "deck", "add", str(deck))
    urls = {name: ok("--db", pg_url, "class", "add-learner", name).strip()
            for name in ("mei", "wei")}
    yield {"teacher": pg_url, **urls}


def _study(quizapp_process: Any, url: str, grades: str) -> None:
    answers = "".join(f"\n{g}\n" for g in grades)  # reveal, then grade, per card
    done = quizapp_process("--db", url, "study", "--plain", "--deck", "classdeck",
                           input=answers)
    assert done.code == 0 and "Traceback" not in done.output, done.output


def _count(url: str, sql: str) -> int:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar() or 0)
    finally:
        engine.dispose()


def test_each_learner_sees_only_their_own(klass: dict[str, str], quizapp_process: Any) -> None:
    assert klass["mei"].startswith("postgresql://") and "_mei:" in klass["mei"]
    _study(quizapp_process, klass["mei"], "455")
    _study(quizapp_process, klass["wei"], "4")
    stats = {name: json.loads(quizapp_process("--db", klass[name], "stats", "--json").stdout)
             for name in ("mei", "wei")}
    assert (stats["mei"]["reviews_total"], stats["wei"]["reviews_total"]) == (3, 1)
    exported = quizapp_process("--db", klass["mei"], "stats", "--export", "-",
                               "--format", "json")
    assert exported.code == 0, exported.output
    assert len(json.loads(exported.stdout)["reviews"]) == 3  # mei's answers only
    for name in ("mei", "wei"):
        done = quizapp_process("--db", klass[name], "doctor")
        assert done.code == 0, done.output
    # The teacher's connection reads everyone's answers.
    assert _count(klass["teacher"], "SELECT count(*) FROM reviews") == 4
    listed = json.loads(quizapp_process("--db", klass["teacher"], "class", "learners",
                                        "--json").stdout)["learners"]
    assert {(p["name"], p["reviews"], p["has_role"]) for p in listed} >= {
        ("mei", 3, True), ("wei", 1, True)}


def test_plain_sql_through_a_learners_connection_cannot_reach_another(
        klass: dict[str, str], quizapp_process: Any) -> None:
    _study(quizapp_process, klass["mei"], "45")
    _study(quizapp_process, klass["wei"], "3")
    quizapp_process("--db", klass["wei"], "config", "set", "lang", "zh")
    teacher = klass["teacher"]
    wei_id = _count(teacher, "SELECT id FROM learners WHERE name = 'wei'")
    wei_rows = {table: _count(teacher, f"SELECT count(*) FROM {table} WHERE learner_id = "
                                       f"{wei_id}") for table in ("reviews", "cards", "settings")}
    assert wei_rows["reviews"] == 1 and wei_rows["settings"] >= 1

    engine = create_engine(klass["mei"].replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            for table in ("reviews", "cards", "settings"):
                # Reads: none of wei's rows, by filter or by a bare count.
                assert conn.execute(text(f"SELECT count(*) FROM {table} WHERE learner_id = "
                                         f"{wei_id}")).scalar() == 0
                assert conn.execute(text(f"SELECT count(*) FROM {table} WHERE learner_id <> "
                                         "quizapp_learner_id()")).scalar() == 0
                # Writes: they reach no row of wei's.
                column = {"reviews": "quality", "cards": "lapses", "settings": "value"}[table]
                value = "'x'" if table == "settings" else "0"
                changed = conn.execute(text(f"UPDATE {table} SET {column} = {value} "
                                            f"WHERE learner_id = {wei_id}"))
                assert changed.rowcount == 0
                if table == "reviews":
                    assert conn.execute(text(
                        f"DELETE FROM reviews WHERE learner_id = {wei_id}")).rowcount == 0
                    assert conn.execute(text(
                        "SELECT count(*) FROM learners")).scalar() == 1  # only mei's own
            conn.rollback()
        for sql in (
            f"INSERT INTO settings (learner_id, key, value) VALUES ({wei_id}, 'lang', 'en')",
            f"UPDATE cards SET learner_id = {wei_id}",  # moving one's own rows to wei
            "UPDATE decks SET title = 'hacked'",
            "UPDATE learners SET role = NULL",
            "DELETE FROM alembic_version",
        ):
            with engine.connect() as conn, pytest.raises(DBAPIError):
                conn.execute(text(sql))
    finally:
        engine.dispose()
    # Nothing of wei's changed, as the teacher sees it.
    assert wei_rows == {table: _count(teacher, f"SELECT count(*) FROM {table} WHERE "
                                               f"learner_id = {wei_id}")
                        for table in ("reviews", "cards", "settings")}
    assert _count(teacher, f"SELECT count(*) FROM reviews WHERE learner_id = {wei_id} "
                           "AND quality = 3") == 1
    assert _count(teacher, "SELECT count(*) FROM decks WHERE title = 'hacked'") == 0


def test_a_removed_learner_cannot_connect_and_keeps_their_history(
        klass: dict[str, str], quizapp_process: Any) -> None:
    _study(quizapp_process, klass["wei"], "4")
    done = quizapp_process("--db", klass["teacher"], "class", "remove-learner", "wei")
    assert done.code == 0 and "history is kept" in done.stdout, done.output
    refused = quizapp_process("--db", klass["wei"], "stats")
    assert refused.code != 0 and "Traceback" not in refused.output
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _count(klass["teacher"], "SELECT count(*) FROM reviews r JOIN learners l ON "
                                    "l.id = r.learner_id WHERE l.name = 'wei'") == 1
    again = quizapp_process("--db", klass["teacher"], "class", "remove-learner", "wei")
    assert again.code != 0 and "no learner named 'wei'" in again.stderr


def test_class_commands_refuse_what_cannot_work(
        pg_url: str, tmp_path: Path, quizapp_process: Any) -> None:
    on_sqlite = quizapp_process("--db", str(tmp_path / "q.db"), "class", "init")
    assert on_sqlite.code == 2 and "needs a PostgreSQL server" in on_sqlite.stderr
    not_yet = quizapp_process("--db", pg_url, "class", "add-learner", "mei")
    assert not_yet.code == 2 and "class init" in not_yet.stderr
    quizapp_process("class", "init", pg_url)
    bad = quizapp_process("--db", pg_url, "class", "add-learner", "Mei Li")
    assert bad.code == 2 and "not a learner name" in bad.stderr
    assert quizapp_process("--db", pg_url, "class", "add-learner", "mei").code == 0
    twice = quizapp_process("--db", pg_url, "class", "add-learner", "mei")
    assert twice.code == 2 and "already has a role" in twice.stderr
    for done in (on_sqlite, not_yet, bad, twice):
        assert "Traceback" not in done.output and len(done.stderr.strip().splitlines()) == 1


def test_a_learner_cannot_upgrade_the_class_schema_and_is_told_who_can(
        klass: dict[str, str], quizapp_process: Any) -> None:
    """The class was set up by an older quizapp (one migration behind); a learner's newer
    quizapp may not change the schema: a one-line refusal naming `class init`, no change."""
    from alembic import command

    from quizapp.store.migrate import HEAD, KNOWN, alembic_config, make_engine, migrating

    older = KNOWN[KNOWN.index(HEAD) - 1]
    engine = make_engine(klass["teacher"])
    try:
        with migrating(engine) as conn:
            command.downgrade(alembic_config(conn), older)
    finally:
        engine.dispose()
    refused = quizapp_process("--db", klass["mei"], "stats")
    assert refused.code != 0 and "Traceback" not in refused.output, refused.output
    assert len(refused.stderr.strip().splitlines()) == 1
    assert f"has schema {older}" in refused.stderr and "class init" in refused.stderr
    assert _count(klass["teacher"], "SELECT count(*) FROM alembic_version "
                                    f"WHERE version_num = '{older}'") == 1
    assert quizapp_process("class", "init", klass["teacher"]).code == 0  # the teacher upgrades
    assert quizapp_process("--db", klass["mei"], "stats").code == 0
