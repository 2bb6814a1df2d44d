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
    [copied] = (home / "decks" / "pkgdeck").glob("v-*/pkgdeck/arith.py")
    copied.write_text(ARITH.replace("* 2)", "* 3)"))
    refused = quizapp("card", "show", "pkgdeck/double", "--seed", "1")
    assert refused.code != 0
    assert "not trusted on this machine, or changed since" in refused.stderr
    assert "Traceback" not in refused.output


def test_a_deck_whose_file_is_gone_comes_back_from_the_database_or_is_skipped(
    quizapp, home: Path, flash_deck: Path
) -> None:
    import shutil
    import sqlite3

    assert quizapp("deck", "add", str(flash_deck)).code == 0
    shutil.rmtree(home / "decks" / "mine")  # e.g. added on another machine sharing the db
    shutil.rmtree(home / "cache", ignore_errors=True)
    done = quizapp("study", "--plain", "--deck", "mine", input="")
    assert done.code == 0, done.output
    assert "mine/alpha" in done.stdout  # written again from the files the database keeps
    assert list((home / "decks" / "mine").glob("v-*/deck.yaml"))

    shutil.rmtree(home / "decks" / "mine")
    shutil.rmtree(home / "cache", ignore_errors=True)
    with sqlite3.connect(home / "quizapp.db") as conn:  # as a deck added before 0006 is
        conn.execute("DELETE FROM deck_files")
    done = quizapp("study", "--plain", "--deck", "mine", input="")
    assert done.code == 0, done.output
    assert "skipped: mine:" in done.stdout and "Traceback" not in done.output


SLIP_DECK = """\
name: slipdeck
title: Slip deck
verifier: slipdeck.py
cards:
  - id: half
    kind: quiz
    prompt: "Half of {x}?"
    params: {x: 8}
    answer: number
    slips: half_slips
"""
SLIP_VERIFIER = """\
def half(p, device):
    import torch
    value = float(torch.tensor(float(p["x"]), device=device) / 2)
    return value, f"{p['x']} / 2 = {value}"


def half_slips(p):
    # The first "mistake" is within the card's tolerance of the right answer 4 (3 significant
    # figures: 4.00 +- 0.01): the app must not blame a near-right answer on it.
    return [("rounded-oddly", p["x"] / 2 + 0.009, "rounded oddly"),
            ("doubled", p["x"] * 2, "doubled instead of halving")]
"""


def test_slips_that_equal_the_right_answer_are_ignored(tmp_path: Path) -> None:
    from quizapp.services.context import Settings, build_services

    src = tmp_path / "src"
    src.mkdir()
    (src / "slipdeck.yaml").write_text(SLIP_DECK)
    (src / "slipdeck.py").write_text(SLIP_VERIFIER)
    ctx = build_services(Settings(db=str(tmp_path / "q.db"), device="cpu", lang="en",
                                 custom_dir=tmp_path / "decks", cache_dir=None))
    try:
        ctx.library.add(src / "slipdeck.yaml", True, lambda deck: [])
        card = ctx.library.deck("slipdeck").card("half")
        right = ctx.runner.check(card, {"x": 8}, "4")
        assert right.verdict is not None and right.verdict.correct and right.slip is None
        doubled = ctx.runner.check(card, {"x": 8}, "16")
        assert doubled.slip is not None and doubled.slip.id == "doubled"
        assert doubled.slip.why.get("en") == "doubled instead of halving"
        # 4.018 is wrong (off by more than 0.01) but within tolerance of the first candidate.
        near = ctx.runner.check(card, {"x": 8}, "4.018")
        assert near.verdict is not None and not near.verdict.correct and near.slip is None
    finally:
        ctx.close()
