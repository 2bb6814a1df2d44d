"""The teacher's side of a class on one PostgreSQL server: set it up, add and remove learners.

The CLI calls this; it opens the database as its owner (the teacher's URL), never as a
learner, and every step is one transaction: a failure leaves the class as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from quizapp import locations
from quizapp.core.errors import InvalidInput, NotFound
from quizapp.core.i18n import _
from quizapp.core.learners import check_name
from quizapp.store import classroom, learners
from quizapp.store.db import Sessions, StoreError, describe, normalize_url, reason
from quizapp.store.learners import LearnerSummary
from quizapp.store.migrate import open_database

T = TypeVar("T")


@dataclass(frozen=True)
class ClassSetUp:
    database: str
    learners_role: str
    teacher_role: str
    decks: int


@dataclass(frozen=True)
class NewLearner:
    name: str
    role: str
    url: str


class Classroom:
    """One class database, opened with the owner's URL."""

    def __init__(self, db: str, clock: Callable[[], datetime],
                 builtin: list[Path] | None = None) -> None:
        if make_url(normalize_url(db)).get_backend_name() != "postgresql":
            raise InvalidInput(_("a class needs a PostgreSQL server (`--db postgresql://...`); "
                                 "on SQLite use learner profiles (`--learner NAME`)"))
        self.db, self.clock = db, clock
        self.builtin = builtin if builtin is not None else list(locations.builtin_decks())
        self.sessions: Sessions = open_database(db)

    def close(self) -> None:
        self.sessions.engine.dispose()

    def _run(self, what: str, step: Callable[[Session], T]) -> T:
        try:
            with self.sessions.begin() as s:
                return step(s)
        except SQLAlchemyError as exc:
            raise StoreError(_("could not {what}: {reason}").format(
                what=what, reason=reason(exc))) from None

    def init(self) -> ClassSetUp:
        """The schema (migrated on open), the built-in decks, the roles and policies."""
        from quizapp.services.library import Library

        library = Library(self.sessions, self.builtin, locations.custom_decks_dir(),
                          self.clock, None)
        library.sync_builtins(give_cards=False)  # so that no learner ever needs to write decks
        roles = self._run(_("set up the class"), lambda s: classroom.secure(s.connection()))
        return ClassSetUp(describe(self.db), roles.learners, roles.teacher, len(library.names))

    @staticmethod
    def _require_init(s: Session) -> classroom.Roles:
        conn = s.connection()
        if not classroom.is_secured(conn):
            raise InvalidInput(_("this database is not set up as a class yet: run `quizapp "
                                 "class init` first"))
        return classroom.roles(conn)

    def add_learner(self, name: str) -> NewLearner:
        """A learner row (or the existing one) with a new login role; the URL to hand out."""
        check_name(name)

        def step(s: Session) -> NewLearner:
            roles = self._require_init(s)
            row = learners.add(s, name, self.clock())
            if row.role is not None:
                raise InvalidInput(_("learner '{name}' already has a role ({role}); remove "
                                     "it first to issue a new one").format(name=name,
                                                                           role=row.role))
            role = roles.learner(name)
            if classroom.role_exists(s.connection(), role):
                raise InvalidInput(_("a database role named {role} already exists on this "
                                     "server; pick another learner name").format(role=role))
            password = classroom.create_login(s.connection(), roles, role)
            row.role = role
            url = make_url(normalize_url(self.db)).set(
                drivername="postgresql", username=role, password=password)
            return NewLearner(name, role, url.render_as_string(hide_password=False))

        return self._run(_("add the learner"), step)

    def remove_learner(self, name: str) -> str:
        """Revoke the learner's login; their history stays. The role that was dropped."""
        def step(s: Session) -> str:
            self._require_init(s)
            row = learners.find(s, name)
            if row is None or row.role is None:
                raise NotFound(_("no learner named '{name}' has a role in this class "
                                 "(see `quizapp class learners`)").format(name=name))
            role, row.role = row.role, None
            s.flush()
            classroom.drop_login(s.connection(), role)
            return role

        return self._run(_("remove the learner"), step)

    def learners(self) -> list[LearnerSummary]:
        with self.sessions() as s:
            return learners.summaries(s)
