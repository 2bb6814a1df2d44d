"""A class on one PostgreSQL server: roles, grants and row-level security.

`class init` (run by the owner of the database: the teacher) makes two group roles named
after the database, `<db>_learners` and `<db>_teacher` (role names are per server, so two
classes on one server keep theirs apart), and policies on every table that holds a learner's
rows: a learner's role reads and writes only rows whose `learner_id` is theirs (USING and
WITH CHECK), and sees only their own `learners` row; the teacher's group reads everything.
PostgreSQL enforces this, whatever program connects. The owner is not limited by the
policies (it is the teacher's own connection, and it installs decks and migrates the schema).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, text

OWNED = ("cards", "reviews", "settings")  # the tables with a learner_id
SEQUENCES = ("cards_id_seq", "reviews_id_seq")
FUNCTION = "quizapp_learner_id"


@dataclass(frozen=True)
class Roles:
    learners: str
    teacher: str
    prefix: str

    def learner(self, name: str) -> str:
        """A learner's login role: the class prefix and the learner name."""
        return f"{self.prefix}_{name}"


def roles(conn: Connection) -> Roles:
    database = str(conn.execute(text("SELECT current_database()")).scalar())
    prefix = re.sub(r"[^a-z0-9_]", "_", database.lower())[:20]
    return Roles(f"{prefix}_learners", f"{prefix}_teacher", prefix)


def quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _ensure_role(conn: Connection, role: str) -> None:
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    if not exists:
        conn.execute(text(f"CREATE ROLE {quote(conn, role)} NOLOGIN"))


def secure(conn: Connection) -> Roles:
    """Create (or bring up to date) the group roles, grants and policies; idempotent."""
    r = roles(conn)
    learners, teacher = quote(conn, r.learners), quote(conn, r.teacher)
    for role in (r.learners, r.teacher):
        _ensure_role(conn, role)
    database = quote(conn, str(conn.execute(text("SELECT current_database()")).scalar()))
    # session_user, not current_user: inside a SECURITY DEFINER function current_user is
    # the function's owner. The function reads `learners` as its owner, so a learner need
    # not be able to read other learners' rows to find their own.
    conn.execute(text(f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS integer
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
        AS $$ SELECT id FROM learners WHERE role = session_user $$"""))
    conn.execute(text(f"REVOKE ALL ON FUNCTION {FUNCTION}() FROM PUBLIC"))
    statements = [
        f"GRANT CONNECT ON DATABASE {database} TO {learners}, {teacher}",
        f"GRANT USAGE ON SCHEMA public TO {learners}, {teacher}",
        f"GRANT EXECUTE ON FUNCTION {FUNCTION}() TO {learners}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {teacher}",
        f"GRANT SELECT ON learners TO {learners}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(OWNED)} TO {learners}",
        f"GRANT USAGE, SELECT ON SEQUENCE {', '.join(SEQUENCES)} TO {learners}",
    ]
    # Every shared table (decks, their files, the schema version) is read-only to learners.
    for table in _tables(conn):
        if table not in (*OWNED, "learners"):
            statements.append(f"GRANT SELECT ON {quote(conn, table)} TO {learners}")
    for table in (*OWNED, "learners"):
        statements += [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                       f"DROP POLICY IF EXISTS learner_own ON {table}",
                       f"DROP POLICY IF EXISTS teacher_reads ON {table}",
                       f"CREATE POLICY teacher_reads ON {table} FOR SELECT TO {teacher} "
                       "USING (true)"]
    for table in OWNED:
        statements.append(
            f"CREATE POLICY learner_own ON {table} TO {learners} "
            f"USING (learner_id = {FUNCTION}()) WITH CHECK (learner_id = {FUNCTION}())")
    statements.append(f"CREATE POLICY learner_own ON learners FOR SELECT TO {learners} "
                      "USING (role = session_user)")
    for statement in statements:
        conn.execute(text(statement))
    return r


def _tables(conn: Connection) -> list[str]:
    return list(conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())


def create_login(conn: Connection, r: Roles, role: str) -> str:
    """A new login role in the learners' group; its generated password."""
    # Letters and digits only, so the password needs no quoting in SQL or in a URL.
    password = "".join(secrets.choice("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                       for _ in range(24))
    conn.execute(text(f"CREATE ROLE {quote(conn, role)} LOGIN PASSWORD '{password}' "
                      f"IN ROLE {quote(conn, r.learners)}"))
    return password


def role_exists(conn: Connection, role: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                        {"r": role}).first() is not None


def drop_login(conn: Connection, role: str) -> None:
    """End the role's sessions and drop it; it owns nothing, its rows stay."""
    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE usename = :r"), {"r": role})
    conn.execute(text(f"DROP ROLE IF EXISTS {quote(conn, role)}"))


def is_secured(conn: Connection) -> bool:
    """Whether `class init` has run on this database (the function exists)."""
    return conn.execute(text("SELECT 1 FROM pg_proc WHERE proname = :f"),
                        {"f": FUNCTION}).first() is not None
