"""Engine and session factory: SQLite in WAL with a busy timeout, or PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.errors import QuizappError
from quizapp.core.i18n import N_, _
from quizapp.store.common import busy_timeout_ms

# SQLite's default (1000 pages) checkpoints every ~90 answers, and each checkpoint is a
# ~10 ms fsync paid by whoever commits next. 10,000 pages (~40 MB of WAL) moves that to
# about once per 900 answers; closing the last connection checkpoints anyway.
WAL_AUTOCHECKPOINT_PAGES = 10_000
INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied"

SUPPORTED = N_("use a SQLite file path (or sqlite:///PATH) or a PostgreSQL URL "
              "(postgresql://user@host/db)")


class StoreError(QuizappError):
    """A database that cannot be used; the message is one line for the user."""

    retryable = True


def normalize_url(db: str) -> str:
    """A bare path means a SQLite file; anything with '://' is a SQLAlchemy URL."""
    if "://" in db:
        try:
            url = make_url(db)
        except Exception:
            raise StoreError(_("'{db}' is not a database URL; {supported}").format(
                db=db[:60], supported=_(SUPPORTED))) from None
        if url.drivername in {"postgresql", "postgres"}:
            url = url.set(drivername="postgresql+psycopg")
        if url.drivername not in {"sqlite", "sqlite+pysqlite", "postgresql+psycopg"}:
            raise StoreError(_("{driver} databases are not supported; {supported}").format(
                driver=url.drivername, supported=_(SUPPORTED)))
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    # NORMAL in WAL mode survives a killed process; only power loss can drop the last commit.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()
    # Let SQLAlchemy's "begin" event own transactions instead of pysqlite's lazy BEGIN.
    dbapi_connection.isolation_level = None


def _begin(conn: Any) -> None:
    # A writing transaction takes the write lock when it begins (not at its first write),
    # so two terminals wait for each other within the busy timeout instead of failing when
    # a read lock cannot be upgraded. A reading one takes no lock at all: in WAL mode it
    # never waits for a writer and never makes one wait.
    writes = conn.get_execution_options().get("quizapp_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


class Sessions(sessionmaker[Session]):
    """`sessions()` reads; `sessions.begin()` writes (on SQLite: BEGIN IMMEDIATE).

    With a `learner_id`, both see and write only that learner's rows (store/tenancy.py);
    without one (the teacher's report, migrations' checks) they see every learner's."""

    def __init__(self, engine: Engine, learner_id: int | None = None) -> None:
        super().__init__(engine, expire_on_commit=False)
        self.engine = engine
        self.learner_id = learner_id
        self.writes = sessionmaker(engine.execution_options(quizapp_write=True),
                                   expire_on_commit=False)
        if learner_id is not None:
            from quizapp.store.tenancy import scope

            scope(self, learner_id)
            scope(self.writes, learner_id)

    def for_learner(self, learner_id: int | None) -> Sessions:
        """Sessions on the same engine (and pool) for another learner, or for all."""
        return Sessions(self.engine, learner_id)

    def begin(self) -> Any:
        return self.writes.begin()


def make_engine(db: str) -> Engine:
    url = make_url(normalize_url(db))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            folder = Path(url.database).parent
            if not folder.exists():
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(_("cannot create {folder}: {reason}").format(
                        folder=folder, reason=exc.strerror)) from None
        engine = create_engine(url, connect_args={"timeout": busy_timeout_ms() / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def describe(db: str) -> str:
    """The database for messages, without a password."""
    return make_url(normalize_url(db)).render_as_string(hide_password=True)


def _server_gone(exc: SQLAlchemyError, message: str) -> bool:
    """A PostgreSQL server that refused, dropped or ended the connection (a restart)."""
    if getattr(exc, "connection_invalidated", False):
        return True
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    lowered = message.lower()
    return "connection" in lowered and any(word in lowered for word in (
        "refused", "closed", "terminat", "failed", "lost", "shutdown", "timeout"))


def permission_denied(exc: SQLAlchemyError) -> bool:
    """PostgreSQL refused this account the statement (a class's learner writing what only
    the teacher may)."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) == INSUFFICIENT_PRIVILEGE


def reason(exc: SQLAlchemyError) -> str:
    """A database error's cause in one line a user can act on."""
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if "file is not a database" in message:
        return _("the file is not a SQLite database (or it is corrupt); nothing was changed")
    if "database is locked" in message:
        return _("the database is locked by another program; try again when it is done")
    if _server_gone(exc, message):
        return _("the database server cannot be reached (restarting, or the network is down)")
    if "readonly" in message or "unable to open database file" in message:
        return _("the file or its folder cannot be opened for writing")
    return message


@contextmanager
def saving(what: str, unless_denied: bool = False) -> Iterator[None]:
    """Turn a failed write into a one-line StoreError; the transaction was rolled back.
    `unless_denied`: a write this account may not make (a class's learner writing the
    shared decks, which only the teacher may) is skipped without an error."""
    try:
        yield
    except SQLAlchemyError as exc:
        if not (unless_denied and permission_denied(exc)):
            raise StoreError(_("could not save {what}: {reason}").format(
                what=what, reason=reason(exc))) from None
