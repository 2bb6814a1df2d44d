"""Alembic migrations, run only when the database is not at the current revision."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from quizapp.store.db import StoreError, describe

HEAD = "0001"  # keep in step with the newest file in migrations/versions
KNOWN = ("0001",)
MIGRATIONS = Path(__file__).with_name("migrations")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _backup(engine: Engine, revision: str) -> Path | None:
    """Copy an older SQLite database aside before upgrading it."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = Path(f"{database}.rev{revision}-{stamp}.bak")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"VACUUM INTO '{target}'")
    return target


def upgrade(engine: Engine, db: str) -> None:
    """Create or upgrade the schema; refuse a database written by a newer release."""
    revision = current_revision(engine)
    if revision == HEAD:
        return
    if revision is not None and revision not in KNOWN:
        raise StoreError(
            f"{describe(db)} was written by a newer quizapp (schema {revision}); "
            "upgrade quizapp to open it"
        )
    if revision is not None:
        _backup(engine, revision)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
