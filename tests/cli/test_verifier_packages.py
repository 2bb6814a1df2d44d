"""A verifier may be a package folder; its trust pin covers every module in it."""

from __future__ import annotations

import json
from pathlib import Path

DECK = """\
name: pkgdeck
title: Package deck
verifier: pkgdeck
cards:
  - id: double
    kind: quiz
    prompt: "What is 2 * {x}?"
    params: {x: {int: [1, 9]}}
    answer: int
"""
INIT = "from .arith import double\n"
ARITH = """\
def double(p, device):
    import torch
    value = int(torch.tensor(p["x"], device=device) * 2)
    return value, f"2 * {p['x']} = {value}"
"""


def make_deck(folder: Path) -> Path:
    package = folder / "pkgdeck"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(INIT)
    (package / "arith.py").write_text(ARITH)
    (folder / "pkgdeck.yaml").write_text(DECK)
    return folder / "pkgdeck.yaml"


def test_package_verifier_is_validated_added_and_run(quizapp, tmp_path: Path) -> None:
    deck = make_deck(tmp_path / "src")
    assert quizapp("deck", "validate", str(deck), "--trust", "--seeds", "5").code == 0
    assert quizapp("deck", "add", str(deck), "--trust").code == 0
    shown = quizapp("card", "show", "pkgdeck/double", "--seed", "1", "--json")
    assert shown.code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["answer"] == 2 * data["params"]["x"]


def test_editing_any_module_of_the_package_needs_trust_again(
    quizapp, home: Path, tmp_path: Path
) -> None:
    deck = make_deck(tmp_path / "src")
    assert quizapp("deck", "add", str(deck), "--trust").code == 0
    copied = home / "decks" / "pkgdeck" / "pkgdeck" / "arith.py"
    copied.write_text(ARITH.replace("* 2)", "* 3)"))
    refused = quizapp("card", "show", "pkgdeck/double", "--seed", "1")
    assert refused.code != 0
    assert "changed since you trusted it" in refused.stderr
    assert "Traceback" not in refused.output


def test_a_deck_whose_file_is_gone_is_skipped_with_a_message(
    quizapp, home: Path, flash_deck: Path
) -> None:
    import shutil

    assert quizapp("deck", "add", str(flash_deck)).code == 0
    shutil.rmtree(home / "decks" / "mine")  # e.g. added on another machine sharing the db
    shutil.rmtree(home / "cache", ignore_errors=True)
    done = quizapp("study", "--plain", "--deck", "mine", input="")
    assert done.code == 0, done.output
    assert "skipped: mine:" in done.stdout and "Traceback" not in done.output
