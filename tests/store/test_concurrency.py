"""Two terminals on one SQLite file, and kill -9 at random moments: no answer is ever lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from quizapp.store.doctor import check_states
from quizapp.store.migrate import open_sessions
from quizapp.store.models import ReviewRow
from tests.conftest import QUIZAPP_BIN, ROOT
from tests.store.conftest import START, make_collection, record


def _reviews(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in conn.execute("SELECT id FROM reviews ORDER BY id")]


def test_two_writers_on_the_same_cards_lose_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    setup = open_sessions(db)
    keys = make_collection(setup, {"alpha": 5})
    errors: list[BaseException] = []

    def study(offset: int) -> None:
        sessions = open_sessions(db)  # a terminal of its own: its own engine and connections
        try:
            for n in range(150):
                at = START + timedelta(minutes=n)
                record(sessions, keys[(n + offset) % len(keys)], (n + offset) % 6, at)
        except BaseException as exc:  # reported below, with "database is locked" if so
            errors.append(exc)
        finally:
            sessions.kw["bind"].dispose()

    threads = [threading.Thread(target=study, args=(k,)) for k in (0, 3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with setup() as s:
        assert s.scalar(select(func.count()).select_from(ReviewRow)) == 300
        # Each write read the card inside its own transaction, so the log replays exactly.
        assert check_states(s)[1] == []
    setup.kw["bind"].dispose()


def _flash_deck(folder: Path, cards: int) -> Path:
    folder.mkdir()
    lines = ["name: many", "title: Many cards", "cards:"]
    for i in range(cards):
        lines += [f"  - id: c{i}", "    kind: flash", f"    front: Card {i}?", "    back: Yes."]
    path = folder / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_plain_study_processes_at_once(home: Path, tmp_path: Path,
                                           quizapp_process: Any) -> None:
    db = tmp_path / "shared.db"
    added = quizapp_process("--db", str(db), "deck", "add", str(_flash_deck(tmp_path / "d", 30)))
    assert added.code == 0, added.output
    command = [str(QUIZAPP_BIN), "--db", str(db), "study", "--plain", "--deck", "many"]
    procs = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate("\n4\n" * 25, timeout=120) for p in procs]
    answered = 0
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        answered += int(out.rsplit("answered ", 1)[1].split()[0])
    # Each session takes what is left of today's 20 new cards when it starts, so the two
    # together answer 20 to 40; every one of those answers must be in the log.
    assert 20 <= answered <= 40
    assert len(_reviews(db)) == answered


WRITER = """
import sys
from datetime import timedelta
from quizapp.store.migrate import open_sessions
from tests.store.conftest import START, make_collection, record
sessions = open_sessions(sys.argv[1])
keys = make_collection(sessions, {"alpha": 20})
print("ready", flush=True)
n = 0
while True:
    rid = record(sessions, keys[n % 20], n % 6, START + timedelta(minutes=n))
    print(rid, flush=True)  # printed only after the commit returned
    n += 1
"""


def test_kill_9_at_random_moments_loses_no_committed_answer(tmp_path: Path) -> None:
    rng = random.Random(5)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for round_ in range(4):
        db = tmp_path / f"k{round_}.db"
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE,
                                text=True, env=env, cwd=ROOT)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        acknowledged = [int(line) for line in proc.stdout.read().split()]
        proc.stdout.close()
        stored = _reviews(db)
        assert acknowledged, "the writer never got going"
        assert set(acknowledged) <= set(stored)
        assert len(stored) - len(acknowledged) <= 1  # at most the one being acknowledged
