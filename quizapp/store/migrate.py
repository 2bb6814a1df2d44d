"""Opening a database: Alembic migrations, run only when it is not at the current revision."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.core.i18n import _
from quizapp.store.common import HEAD, KNOWN, busy_timeout_ms
from quizapp.store.db import (
    Sessions,
    StoreError,
    describe,
    make_engine,
    permission_denied,
    reason,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_path(database: str, revision: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return Path(f"{database}.rev{revision}-{stamp}.bak")


def _backup(engine: Engine, db: str, revision: str) -> Path | None:
    """Copy an older SQLite database aside (next to it) before upgrading it."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None  # a PostgreSQL server is backed up by its administrator's tools
    target = backup_path(database, revision)
    # A plain connection of its own: VACUUM cannot run inside the BEGIN IMMEDIATE that
    # every engine transaction starts with. VACUUM INTO writes a consistent, compact copy
    # even while another terminal is using the database.
    source = sqlite3.connect(database, isolation_level=None, timeout=busy_timeout_ms() / 1000)
    try:
        source.execute("VACUUM INTO ?", (str(target),))
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise StoreError(
            _("cannot back up {db} before upgrading it ({error}); nothing was changed")
            .format(db=describe(db), error=exc)) from None
    finally:
        source.close()
    return target


def upgrade(engine: Engine, db: str) -> None:
    """Create or upgrade the schema; refuse a database written by a newer release."""
    revision = current_revision(engine)
    if revision == HEAD:
        return
    if revision is not None and revision not in KNOWN:
        raise StoreError(
            _("{db} was written by a newer quizapp (schema {revision}); upgrade quizapp to "
              "open it").format(db=describe(db), revision=revision))
    if revision is not None:
        _backup(engine, db, revision)
    from alembic import command

    try:
        with migrating(engine) as conn:
            command.upgrade(alembic_config(conn), "head")
    except SQLAlchemyError as exc:
        if not permission_denied(exc):
            raise
        # A class's learner with a newer quizapp than the one the teacher set the class up
        # with: only the owner may change the schema.
        raise StoreError(
            _("{db} has schema {revision}, older than this quizapp's {head}, and this "
              "account may not upgrade it: ask its owner (a class's teacher) to run "
              "`quizapp class init` with this quizapp; nothing was changed").format(
                db=describe(db), revision=revision, head=HEAD)) from None


@contextmanager
def migrating(engine: Engine) -> Iterator[Connection]:
    """A transaction to migrate in. On SQLite foreign keys are off while it runs (a table
    that others refer to is copied and renamed, as Alembic's batch mode does; the pragma
    has no effect inside a transaction) and are checked before it commits."""
    sqlite = engine.url.get_backend_name() == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if sqlite and raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")  # autocommit: no transaction yet
        try:
            with conn.begin():
                yield conn
                if sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError(_("the schema upgrade left a review without its "
                                       "card; nothing was changed"))
        finally:
            if sqlite and raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def alembic_config(conn: Connection) -> Config:
    """Alembic's settings for our migrations, run on `conn` (see migrations/env.py)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def open_sessions(db: str, learner: str | None = None) -> Sessions:
    """The database opened (and migrated) as one learner: `learner`, else the default one
    (QUIZAPP_LEARNER, else the OS user), added if new."""
    from quizapp.core.clock import utcnow
    from quizapp.core.learners import check_name, default_name
    from quizapp.store.learners import resolve

    everyone = open_database(db)
    try:
        name = check_name(learner or default_name())
        return everyone.for_learner(resolve(everyone, name, learner is not None, utcnow()))
    except BaseException:
        everyone.engine.dispose()
        raise


def open_database(db: str) -> Sessions:
    """Connect, bring the schema to the current migration, and return the session factory
    for every learner's rows (the teacher's view; a learner's is `for_learner`)."""
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        upgrade(engine, db)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(_("cannot open database {db}: {reason}").format(
            db=describe(db), reason=reason(exc))) from None
    return Sessions(engine)
