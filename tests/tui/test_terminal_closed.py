"""The real `quizapp study` in a real 80x24 pseudo-terminal: closing the terminal (SIGHUP)
or `kill` (SIGTERM) while an answer is shown but not yet graded records that answer with
its suggested grade, and the process exits cleanly."""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import sqlite3
import struct
import subprocess
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import QUIZAPP_BIN


class Terminal:
    """A pseudo-terminal running one command; `wait_for` reads its output."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True)
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            if time.monotonic() > deadline:
                raise AssertionError(f"never showed {text!r}; last output: {self.seen[-400:]!r}")
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:  # the process closed its side
                    break

    def type(self, keys: str) -> None:
        self.seen = b""
        os.write(self.master, keys.encode())

    def drain_until_exit(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                with contextlib.suppress(OSError):  # the process closed its side
                    os.read(self.master, 65536)
        code = self.proc.wait(timeout=5)
        os.close(self.master)
        return code


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM])
def test_a_checked_answer_survives_the_terminal_closing(home: Path, sig: signal.Signals) -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    term = Terminal([str(QUIZAPP_BIN), "study", "--deck", "conv", "--seed", "4"], env)
    try:
        term.wait_for("your answer")
        term.type("1\r")  # a wrong first answer: one more try
        term.wait_for("One more try")
        term.type("\r")  # give up: the answer is shown, not graded
        term.wait_for("Answer:")
        time.sleep(0.3)
        if sig is signal.SIGHUP:  # a closed terminal hangs up its whole session
            os.killpg(term.proc.pid, sig)
        else:
            term.proc.send_signal(sig)
        code = term.drain_until_exit()
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert code == 0
    with sqlite3.connect(home / "quizapp.db") as conn:
        rows = conn.execute("SELECT c.key, r.quality, r.typed FROM reviews r "
                            "JOIN cards c ON c.id = r.card_id").fetchall()
    assert len(rows) == 1, rows
    key, quality, typed = rows[0]
    assert key.startswith("conv/") and quality == 1 and typed == "1"
