"""Hostile input, each one line on stderr and exit 2 (or "not graded"), never a traceback,
and nothing changed."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Run = Callable[..., Any]
ESC = "\x1b"


def _clean(outcome: Any) -> None:
    assert "Traceback" not in outcome.output and "internal error" not in outcome.output


@pytest.mark.parametrize(("body", "line", "says"), [
    ("name: x\ntitle: t\ncards:\n  - {id: a, kind: flash, front: " + "9" * 5000 +
     ", back: b}\n", 4, "digits is too long"),
    ("name: x\ntitle: t\ncards:\n  - {id: a, kind: flash, front: !!int abc, back: b}\n", 4,
     "is not an integer"),
    ("name: x\ntitle: t\ncards:\n  - {id: a, kind: flash, front: !!binary aGk=, back: b}\n", 4,
     "not allowed in a deck"),
    ("name: x\ntitle: t\ncards:\n  - {id: a, kind: flash, front: !!set {a, b}, back: b}\n", 4,
     "not allowed in a deck"),
])
def test_yaml_values_pyyaml_would_choke_on(quizapp: Run, tmp_path: Path, body: str, line: int,
                                           says: str) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(body, encoding="utf-8")
    outcome = quizapp("deck", "validate", str(path))
    assert outcome.code == 2, outcome.output
    assert re.search(rf"{re.escape(str(path))}:{line}:\d+: .*{says}", outcome.stderr), outcome
    _clean(outcome)


def test_a_date_like_title_or_param_is_text(quizapp: Run, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("name: dates\ntitle: 2024-13-45\ncards:\n"
                    "  - {id: a, kind: flash, front: 'On 2024-01-05?', back: yes}\n")
    assert quizapp("deck", "validate", str(path)).code == 0
    assert quizapp("deck", "add", str(path)).code == 0
    assert "2024-13-45" in quizapp("deck", "list").stdout


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_validate_refuses_what_is_not_a_file_at_once(quizapp: Run, tmp_path: Path,
                                                     target: str) -> None:
    if target == "fifo":
        target = str(tmp_path / "pipe.yaml")
        os.mkfifo(target)
    outcome = quizapp("deck", "validate", target)
    assert outcome.code == 2 and "not a regular file" in outcome.stderr
    _clean(outcome)


def test_a_symlink_out_of_the_verifier_folder_is_refused(quizapp: Run, home: Path,
                                                        tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "__init__.py").write_text("def a(p, device):\n    return 1, 'one'\n")
    (src / "pkg" / "everything").symlink_to("/")
    (src / "d.yaml").write_text("name: linky\ntitle: t\nverifier: pkg\ncards:\n"
                                "  - {id: a, kind: quiz, prompt: 'one?', answer: int}\n")
    outcome = quizapp("deck", "add", str(src / "d.yaml"), "--trust")
    assert outcome.code == 2 and "symlink that leaves the deck's folder" in outcome.stderr
    assert not (home / "decks" / "linky").exists()
    _clean(outcome)


def test_json_output_is_strict(quizapp: Run, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "nan.py").write_text("def nan(p, device):\n    return float('nan'), 'not a number'\n")
    (src / "d.yaml").write_text("name: nanny\ntitle: t\nverifier: nan.py\ncards:\n"
                                "  - {id: nan, kind: quiz, prompt: 'nan?', answer: number}\n")
    assert quizapp("deck", "add", str(src / "d.yaml"), "--trust").code == 0
    shown = quizapp("card", "show", "nanny/nan", "--json")

    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    data = json.loads(shown.stdout, parse_constant=refuse)
    assert data["answer"] == "NaN"


def test_a_corrupt_cache_entry_is_rebuilt(quizapp: Run, home: Path) -> None:
    assert quizapp("deck", "list").code == 0
    for entry in (home / "cache").glob("*.pickle"):
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0xFF
        entry.write_bytes(bytes(data))
    outcome = quizapp("card", "show", "conv/conv2d-output-shape", "--seed", "1")
    assert outcome.code == 0, outcome.output


def test_escape_sequences_in_a_deck_never_reach_the_terminal(quizapp: Run,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text('name: esc\ntitle: "Pwned\\e]0;owned\\a"\ncards:\n'
                    '  - {id: a, kind: flash, front: "\\e[2JCleared?", back: "\\e[31mred"}\n')
    assert quizapp("deck", "add", str(path)).code == 0
    listed = quizapp("deck", "list").stdout
    studied = quizapp("study", "--plain", "--deck", "esc", input="\n4\n").stdout
    for text in (listed, studied):
        assert ESC not in text and "\a" not in text
    assert "\\x1b[2JCleared?" in studied


def test_an_unsupported_database_url_says_which_are(quizapp: Run) -> None:
    outcome = quizapp("--db", "mysql://u:p@host/db", "deck", "list")
    assert outcome.code == 1 and "PostgreSQL" in outcome.stderr and "SQLite" in outcome.stderr
    assert "p@host" not in outcome.stderr
    _clean(outcome)


def test_hostile_typed_answers_in_plain_mode_are_not_graded(quizapp: Run) -> None:
    typed = "\n".join(["²", "①", "9" * 5000, "1" + "0" * 400 + "/1", "x" * 50_000, ""]) + "\n0\n"
    outcome = quizapp("study", "--plain", "--deck", "conv", "--limit", "1", input=typed)
    assert outcome.code == 0, outcome.output
    assert outcome.stdout.count("not graded") == 5
    _clean(outcome)
