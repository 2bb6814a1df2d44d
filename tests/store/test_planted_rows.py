"""A database row can name a deck, never make its code run: the planted-row attack on a
SQLite file and on a PostgreSQL server (where anyone with write access could try it)."""

from __future__ import annotations

import hashlib
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from quizapp.store.db import normalize_url
from quizapp.verify.loader import file_hash

EVIL_DECK = """\
name: evil
title: Evil
verifier: evil.py
cards:
  - {id: boom, kind: quiz, prompt: "1 + {x}?", params: {x: {int: [1, 2]}}, answer: int}
"""
EVIL_CODE = """\
from pathlib import Path
Path({marker!r}).touch()


def boom(p, device):
    Path({marker!r}).touch()
    return 1 + p["x"], "sum"
"""


def _plant(db: str, folder: Path, marker: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    deck = folder / "evil.yaml"
    deck.write_text(EVIL_DECK, encoding="utf-8")
    (folder / "evil.py").write_text(EVIL_CODE.format(marker=str(marker)), encoding="utf-8")
    engine = create_engine(normalize_url(db))
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO decks (name, title, title_zh, source, builtin, content_sha256, "
            "verifier_sha256, added_at) VALUES ('evil', 'Evil', NULL, :source, :builtin, "
            ":sha, :pin, :now)"),
            {"source": str(deck), "builtin": True, "now": datetime(2026, 1, 1),
             "sha": hashlib.sha256(deck.read_bytes()).hexdigest(),
             "pin": file_hash(folder / "evil.py")})
        conn.execute(text("INSERT INTO cards (learner_id, key, deck, kind, retired, suspended, "
                          "leech, repetitions, ease, interval, lapses) SELECT id, 'evil/boom', "
                          "'evil', 'quiz', false, false, false, 0, 250, 0, 0 FROM learners"))
    engine.dispose()


@pytest.mark.parametrize("where", ["outside", "in-the-decks-folder"])
def test_a_planted_deck_row_runs_no_code(db_url: str, home: Path, tmp_path: Path,
                                         quizapp_process: Any, where: str) -> None:
    assert quizapp_process("--db", db_url, "deck", "list").code == 0  # the schema
    marker = tmp_path / "ran"
    folder = tmp_path / "evil" if where == "outside" else home / "decks" / "evil"
    _plant(db_url, folder, marker)
    studied = quizapp_process("--db", db_url, "study", "--plain", "--deck", "evil",
                              input="2\n\n3\n\n")
    shown = quizapp_process("--db", db_url, "card", "show", "evil/boom", "--seed", "1")
    assert not marker.exists(), "the planted verifier ran"
    assert "Traceback" not in studied.output + shown.output
    why = ("outside quizapp's decks folder" if where == "outside"
           else "not trusted on this machine")
    assert why in studied.output and why in shown.output, (studied.output, shown.output)
    assert shown.code == 2


def test_a_planted_copy_of_a_built_in_deck_elsewhere_is_not_built_in(
    db_url: str, home: Path, tmp_path: Path, quizapp_process: Any,
) -> None:
    """A row naming a copy of a built-in deck in another place, with a verifier beside it
    that differs: recognised by content only, so the copy's code is never taken."""
    assert quizapp_process("--db", db_url, "deck", "list").code == 0
    root = Path(__file__).resolve().parents[2]
    marker = tmp_path / "ran"
    folder = tmp_path / "fake"
    (folder / "cards").mkdir(parents=True)
    shutil.copy(root / "cards" / "conv.yaml", folder / "cards" / "conv.yaml")
    (folder / "verifiers" / "conv").mkdir(parents=True)
    (folder / "verifiers" / "conv" / "__init__.py").write_text(
        f"from pathlib import Path\nPath({str(marker)!r}).touch()\n")
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE decks SET source = :s WHERE name = 'conv'"),
                     {"s": str(folder / "cards" / "conv.yaml")})
    engine.dispose()
    shown = quizapp_process("--db", db_url, "card", "show", "conv/conv2d-output-shape")
    assert shown.code == 0, shown.output  # the local built-in deck, by its content
    assert not marker.exists()
