"""`deck add` of a new version under SIGKILL and Ctrl-C at random moments: the deck is
always wholly the old version or wholly the new one, and leftovers are cleaned up."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
QUIZAPP_BIN = Path(sys.executable).with_name("quizapp")
CARDS = 10_000


def _write(folder: Path, version: int) -> Path:
    """Version 1 has cards v1-0..; version 2 keeps half of them and adds new ones."""
    folder.mkdir(parents=True, exist_ok=True)
    start = 0 if version == 1 else CARDS // 2
    lines = ["name: big", f"title: Big v{version}", "cards:"]
    for i in range(start, start + CARDS):
        lines += [f"  - id: card-{i}", "    kind: flash", f"    front: Fact {i} (v{version})?",
                  f"    back: It is {i}."]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _state(home: Path) -> tuple[str, set[str]]:
    """(the title the deck row has, the keys of its cards still in the deck)."""
    with sqlite3.connect(home / "quizapp.db") as conn:
        title, source = conn.execute(
            "SELECT title, source FROM decks WHERE name='big'").fetchone()
        keys = {k for (k,) in conn.execute(
            "SELECT key FROM cards WHERE deck='big' AND retired = 0")}
    assert Path(source).is_file(), f"the row points at a missing file: {source}"
    text = Path(source).read_text(encoding="utf-8")
    assert f"title: {title}" in text, "the row and the file it names disagree"
    return title, keys


def test_killed_updates_leave_the_deck_wholly_old_or_new(home: Path, tmp_path: Path) -> None:
    env = {**os.environ}
    v1, v2 = _write(tmp_path / "v1", 1), _write(tmp_path / "v2", 2)
    started = time.monotonic()
    subprocess.run([str(QUIZAPP_BIN), "deck", "add", str(v1)], env=env, check=True,
                   capture_output=True)
    took = time.monotonic() - started  # kills land anywhere in a run this long, and after
    keys = {1: {f"big/card-{i}" for i in range(CARDS)},
            2: {f"big/card-{i}" for i in range(CARDS // 2, CARDS // 2 + CARDS)}}
    rng = random.Random(20)
    outcomes: dict[str, int] = {}
    for attempt in range(20):
        # Alternate: update to v2, or back to v1, so every kill interrupts a real change.
        title, _ = _state(home)
        target = v2 if title == "Big v1" else v1
        proc = subprocess.Popen([str(QUIZAPP_BIN), "deck", "add", str(target)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 1.3 * took))
        how = signal.SIGINT if attempt % 4 == 3 else signal.SIGKILL
        proc.send_signal(how)
        proc.wait()
        title, live = _state(home)
        version = 1 if title == "Big v1" else 2
        assert live == keys[version], f"attempt {attempt}: a mix of versions"
        outcomes[title] = outcomes.get(title, 0) + 1
    assert len(outcomes) == 2, outcomes  # some kills came before the switch, some after
    # The next start cleans what the killed runs left (staging copies, uncommitted versions).
    for leftover in (home / "decks").glob(".add-*"):
        os.utime(leftover, (0, 0))
    for version in (home / "decks" / "big").glob("v-*"):
        os.utime(version, (0, 0))
    listed = subprocess.run([str(QUIZAPP_BIN), "deck", "list"], env=env, check=True,
                            capture_output=True, text=True)
    assert "big" in listed.stdout
    assert not list((home / "decks").glob(".add-*"))
    assert len(list((home / "decks" / "big").glob("v-*"))) == 1
