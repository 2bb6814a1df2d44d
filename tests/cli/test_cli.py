"""The `quizapp` command end to end: decks, trust pins, card show, stats, errors."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from quizapp.cli.main import cli
from tests.conftest import FLASH_DECK

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = sorted((ROOT / "cards").glob("*.yaml"))
QUIZAPP_BIN = Path(sys.executable).with_name("quizapp")
HEAVY = {"torch", "textual", "sqlalchemy"}

Run = Callable[..., Any]


def _db(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "quizapp.db")


def _no_traceback(outcome: Any) -> None:
    assert "Traceback" not in outcome.output
    assert "internal error" not in outcome.output


# ------------------------------------------------------------------ help and startup


def test_help_lists_the_commands(home: Path) -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("study", "deck", "card", "stats"):
        assert re.search(rf"^\s+{command}\b", result.output, re.M), command


@pytest.mark.parametrize("args", [["--help"], ["deck", "--help"], ["study", "--help"],
                                  ["card", "show", "--help"], ["stats", "--help"]])
def test_help_imports_neither_torch_textual_nor_sqlalchemy(home: Path, args: list[str]) -> None:
    script = (
        "import sys\n"
        "from quizapp.cli.main import cli\n"
        "try:\n"
        "    cli.main(sys.argv[1:], prog_name='quizapp')\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({sorted(HEAVY)!r}))\n"
        "print('HEAVY:', heavy, file=sys.stderr)\n"
        "sys.exit(3 if heavy else code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, timeout=60)
    assert "HEAVY: []" in done.stderr, done.stderr
    assert done.returncode == 0
    assert "Usage:" in done.stdout


def test_the_installed_script_help_imports_nothing_heavy(home: Path) -> None:
    # The real console script (quizapp.entry:main), with the interpreter's import log.
    done = subprocess.run([sys.executable, "-X", "importtime", str(QUIZAPP_BIN), "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Usage: quizapp" in done.stdout
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "quizapp" in imported
    assert not imported & HEAVY
    assert not home.exists()  # --help touches no data


# ------------------------------------------------------------------ deck list / validate


def _deck_names() -> list[str]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in BUILTIN]


def test_first_run_deck_list_shows_every_built_in_deck(home: Path) -> None:
    result = CliRunner().invoke(cli, ["deck", "list"])
    assert result.exit_code == 0, result.output
    listed = {line.split()[0] for line in result.output.splitlines()[1:] if line.strip()}
    assert listed == set(_deck_names())
    assert (home / "quizapp.db").is_file()
    # Every built-in card is new on a fresh database.
    for line in result.output.splitlines()[1:]:
        *_, cards, due, new = line.split()
        assert int(cards) > 0 and due == "0" and new == cards


@pytest.mark.parametrize("path", BUILTIN, ids=[p.stem for p in BUILTIN])
def test_validate_built_in_deck(quizapp: Run, path: Path, home: Path) -> None:
    outcome = quizapp("deck", "validate", str(path), "--seeds", "3")
    assert outcome.code == 0, outcome.output
    assert "ok, every quiz card verified with 3 seeds" in outcome.stdout


BROKEN = {
    "malformed-yaml": ("name: x\ntitle: t\ncards:\n  - id: a\n   kind: flash\n", 5,
                       r"expected|mapping"),
    "schema": ("name: x\ntitle: t\ncards:\n  - id: a\n    kind: flash\n    front: f\n", 4,
               "cards\\[0\\]\\.back: required field is missing"),
    "python-tag": ("name: x\ntitle: !!python/object/apply:os.getcwd []\ncards: []\n", 2,
                   "constructs Python objects"),
    "duplicate-id": ("name: x\ntitle: t\ncards:\n  - {id: a, kind: flash, front: f, back: b}\n"
                     "  - {id: a, kind: flash, front: g, back: c}\n", 5, "duplicate card id"),
    "alias-bomb": ("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
                   + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
                             for p, c in zip("abcdefg", "bcdefgh", strict=True))
                   + "name: x\n", 1, "alias bomb"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_validate_broken_deck_exits_2_with_file_line_and_changes_nothing(
    quizapp: Run, home: Path, tmp_path: Path, case: str,
) -> None:
    text, line, message = BROKEN[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text, encoding="utf-8")
    outcome = quizapp("deck", "validate", str(path))
    assert outcome.code == 2
    where = f":{line}:\\d+" if line else ""
    assert re.search(rf"^{re.escape(str(path))}{where}: ", outcome.stderr, re.M), outcome.stderr
    assert re.search(message, outcome.stderr), outcome.stderr
    assert "nothing was changed" in outcome.stderr
    _no_traceback(outcome)
    assert not home.exists()


def test_validate_broken_deck_as_a_real_process(quizapp_process: Run, home: Path,
                                                tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\ntitle: t\ncards:\n  - id: a\n    kind: quiz\n    prompt: '{y}'\n"
                    "    answer: int\n", encoding="utf-8")
    outcome = quizapp_process("deck", "validate", str(path))
    assert outcome.code == 2
    assert f"{path}:5:" in outcome.stderr  # a quiz card without a verifier module
    assert f"{path}:6:" in outcome.stderr  # both problems, at once
    assert "unknown param 'y'" in outcome.stderr
    _no_traceback(outcome)
    assert not home.exists()


def test_validate_missing_file(quizapp: Run, home: Path, tmp_path: Path) -> None:
    outcome = quizapp("deck", "validate", str(tmp_path / "nope.yaml"))
    assert outcome.code == 2 and "nope.yaml" in outcome.stderr
    _no_traceback(outcome)


# ------------------------------------------------------------------ custom flash deck


# The flash deck edited: beta's back reworded, gamma dropped, delta added.
EDITED = FLASH_DECK.split("      - id: gamma")[0].replace(
    "Only when it must.", "Only when the strides make a view impossible.") + """\
      - id: delta
        kind: flash
        front: Is squeeze in place?
        back: "No."
"""


def _card_rows(home: Path) -> dict[str, tuple[int, int, int]]:
    with _db(home) as conn:
        rows = conn.execute("SELECT key, retired, repetitions, "
                            "(SELECT count(*) FROM reviews r WHERE r.card_id = c.id) "
                            "FROM cards c WHERE deck = 'mine'").fetchall()
    return {key: (retired, reps, reviews) for key, retired, reps, reviews in rows}


def _study_one_flash_card(quizapp: Run) -> None:
    outcome = quizapp("study", "--plain", "--deck", "mine", "--limit", "1", input="\n4\n")
    assert outcome.code == 0, outcome.output
    assert "[1/1] mine/alpha" in outcome.stdout
    assert "A compatible stride layout." in outcome.stdout
    assert re.search(r"^answered +1$", outcome.stdout, re.M)


def test_add_custom_flash_deck_then_edit_keeps_history(
    quizapp: Run, home: Path, flash_deck: Path, write_deck: Callable[..., Path],
) -> None:
    outcome = quizapp("deck", "add", str(flash_deck))
    assert outcome.code == 0, outcome.output
    assert "added deck 'mine': 3 new card(s), 0 kept, 0 retired" in outcome.stdout
    copies = list((home / "decks" / "mine").glob("v-*/deck.yaml"))
    assert len(copies) == 1, copies  # a copy, not the original
    _study_one_flash_card(quizapp)
    assert _card_rows(home)["mine/alpha"] == (0, 1, 1)

    edited = write_deck(flash_deck.parent, EDITED)
    outcome = quizapp("deck", "add", str(edited))
    assert outcome.code == 0, outcome.output
    assert "1 new card(s), 2 kept, 1 retired" in outcome.stdout
    rows = _card_rows(home)
    assert rows["mine/alpha"] == (0, 1, 1)  # history and state kept
    assert rows["mine/gamma"][0] == 1  # retired, never deleted
    assert rows["mine/delta"] == (0, 0, 0)

    listing = quizapp("deck", "list").stdout
    [mine] = [line.split() for line in listing.splitlines() if line.startswith("mine ")]
    assert mine[-3:] == ["3", "0", "2"]
    stats = json.loads(quizapp("stats", "--json", "--deck", "mine").stdout)
    assert stats["reviews_total"] == 1 and stats["cards_total"] == 3


def test_remove_keeps_history_and_re_adding_brings_it_back(
    quizapp: Run, home: Path, flash_deck: Path,
) -> None:
    assert quizapp("deck", "add", str(flash_deck)).code == 0
    _study_one_flash_card(quizapp)
    declined = quizapp("deck", "remove", "mine", input="n\n")
    assert declined.code == 1 and "Remove deck 'mine'?" in declined.stderr
    assert "mine" in quizapp("deck", "list").stdout  # nothing changed
    outcome = quizapp("deck", "remove", "mine", input="y\n")
    assert outcome.code == 0 and "history kept" in outcome.stdout
    assert "mine" not in {line.split()[0] for line in quizapp("deck", "list").stdout.splitlines()}
    assert _card_rows(home)["mine/alpha"] == (0, 1, 1)
    assert json.loads(quizapp("stats", "--json").stdout)["reviews_total"] == 1
    assert quizapp("study", "--plain", "--deck", "mine").code != 0  # no longer studied

    again = quizapp("deck", "add", str(flash_deck))
    assert "0 new card(s), 3 kept, 0 retired" in again.stdout
    assert _card_rows(home)["mine/alpha"] == (0, 1, 1)


def test_a_removed_built_in_deck_is_restored_with_its_history(quizapp: Run, home: Path
                                                               ) -> None:
    studied = quizapp("study", "--plain", "--deck", "conv", "--limit", "1", input="\n0\n")
    assert studied.code == 0, studied.output
    assert quizapp("deck", "remove", "conv", "--yes").code == 0
    assert "conv" not in quizapp("deck", "list").stdout.split()
    assert quizapp("deck", "list", "--removed").stdout.split() == ["conv"]
    assert quizapp("deck", "add", "conv").code != 0  # a built-in deck is not added again...
    restored = quizapp("deck", "restore", "conv")  # ...it is restored
    assert restored.code == 0 and "restored deck 'conv'" in restored.stdout
    assert "conv" in quizapp("deck", "list").stdout.split()
    stats = json.loads(quizapp("stats", "--json", "--deck", "conv").stdout)
    assert stats["reviews_total"] == 1  # the history came back with it
    again = quizapp("deck", "restore", "conv")
    assert again.code == 2 and "is not removed" in again.stderr
    assert quizapp("deck", "restore", "nonesuch").code == 1


def test_remove_unknown_deck(quizapp: Run, home: Path) -> None:
    outcome = quizapp("deck", "remove", "nonesuch")
    assert outcome.code == 1 and "no deck named 'nonesuch'" in outcome.stderr
    _no_traceback(outcome)


def test_add_a_deck_named_like_a_built_in_is_refused(
    quizapp: Run, home: Path, tmp_path: Path, write_deck: Callable[..., Path],
) -> None:
    path = write_deck(tmp_path / "clash", "name: conv\ntitle: t\ncards:\n"
                      "  - {id: a, kind: flash, front: f, back: b}\n")
    outcome = quizapp("deck", "add", str(path))
    assert outcome.code == 2 and "built-in" in outcome.stderr
    assert not (home / "decks" / "conv").exists()


def test_add_broken_deck_changes_nothing(quizapp: Run, home: Path, tmp_path: Path) -> None:
    before = quizapp("deck", "list").stdout
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\ntitle: t\ncards:\n  - {id: a, kind: flash}\n", encoding="utf-8")
    outcome = quizapp("deck", "add", str(path))
    assert outcome.code == 2 and f"{path}:4:" in outcome.stderr
    _no_traceback(outcome)
    assert quizapp("deck", "list").stdout == before
    assert not (home / "decks" / "bad").exists()


# ------------------------------------------------------------------ custom verifier, trust

RISKY_DECK = """\
    name: risky
    title: {en: Risky, zh: 有风险}
    verifier: risky.py
    cards:
      - id: double
        kind: quiz
        prompt: {en: "What is twice {x}?", zh: "{x} 的两倍是多少？"}
        params: {x: {int: [1, 9]}}
        answer: int
      - id: divide
        kind: quiz
        prompt: "12 // {x}?"
        params: {x: {int: [0, 9]}}
        sample: never_zero
        answer: int
      - id: nap
        kind: quiz
        prompt: "{x}?"
        params: {x: {int: [0, 9]}}
        sample: never_zero
        answer: int
      - id: garbage
        kind: quiz
        prompt: "{x}?"
        params: {x: {int: [0, 9]}}
        sample: never_zero
        answer: int
"""

# Misbehaves only for x = 0, which the sampler never gives, so the deck validates; tests set x.
RISKY_VERIFIER = """\
    import time
    from pathlib import Path

    Path(__file__).with_name("imported.marker").touch()  # proves the module ran


    def double(p, device):
        import torch

        value = torch.tensor(p["x"], dtype=torch.float64, device=device) * 2
        return int(value.item()), f"2 * {p['x']}"


    def never_zero(p, rng):
        p["x"] = max(p["x"], 1)
        return p


    def divide(p, device):
        return 12 // p["x"], f"12 // {p['x']}"


    def nap(p, device):
        if p["x"] == 0:
            time.sleep(3)
        return p["x"], "x"


    def garbage(p, device):
        return ("not a number" if p["x"] == 0 else p["x"]), "x"
"""


@pytest.fixture
def risky(tmp_path: Path, write_deck: Callable[..., Path]) -> Path:
    return write_deck(tmp_path / "risky-src", RISKY_DECK, verifier=RISKY_VERIFIER,
                      verifier_name="risky.py")


def test_custom_verifier_needs_trust(quizapp: Run, home: Path, risky: Path,
                                     tmp_path: Path) -> None:
    outcome = quizapp("deck", "add", str(risky))
    assert outcome.code == 2
    assert "--trust" in outcome.stderr and "risky.py" in outcome.stderr
    _no_traceback(outcome)
    assert not list(tmp_path.rglob("imported.marker"))  # its code never ran
    assert not (home / "decks" / "risky").exists()
    assert "risky" not in quizapp("deck", "list").stdout

    validate = quizapp("deck", "validate", str(risky))
    assert validate.code == 0 and "verifier not run" in validate.stdout
    assert not list(tmp_path.rglob("imported.marker"))


def test_trusted_verifier_runs_and_an_edited_copy_must_be_trusted_again(
    quizapp: Run, home: Path, risky: Path,
) -> None:
    outcome = quizapp("deck", "add", str(risky), "--trust")
    assert outcome.code == 0, outcome.output
    assert "4 new card(s)" in outcome.stdout
    shown = quizapp("card", "show", "risky/double", "--seed", "5", "--json")
    assert shown.code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["answer"] == 2 * data["params"]["x"]

    [copy] = (home / "decks" / "risky").glob("v-*/risky.py")
    copy.write_text(copy.read_text() + "\nprint('tampered')\n")
    refused = quizapp("card", "show", "risky/double", "--seed", "5")
    assert refused.code == 2, refused.output
    assert "not trusted on this machine, or changed since" in refused.stderr
    assert "tampered" not in refused.output
    _no_traceback(refused)
    # Studying refuses every card of the deck (the session itself may go on).
    studied = quizapp("study", "--plain", "--deck", "risky", input="3\n4\n" * 4)
    assert "not trusted on this machine, or changed since" in studied.output
    assert "tampered" not in studied.output
    _no_traceback(studied)
    with _db(home) as conn:
        assert conn.execute("SELECT count(*) FROM reviews").fetchone() == (0,)

    assert quizapp("deck", "add", str(risky), "--trust").code == 0
    again = quizapp("card", "show", "risky/double", "--seed", "5", "--json")
    assert again.code == 0 and json.loads(again.stdout)["answer"] == data["answer"]


def test_unknown_verifier_function_is_refused(
    quizapp: Run, home: Path, tmp_path: Path, write_deck: Callable[..., Path],
) -> None:
    text = RISKY_DECK.replace("id: garbage", "id: no-such-function")
    path = write_deck(tmp_path / "src", text, verifier=RISKY_VERIFIER, verifier_name="risky.py")
    for command in ("validate", "add"):
        outcome = quizapp("deck", command, str(path), "--trust")
        assert outcome.code == 2, outcome.output
        assert "verifier function 'no_such_function' not found" in outcome.stderr
        assert re.search(rf"{re.escape(str(path.name))}:\d+: risky/no-such-function",
                         outcome.stderr), outcome.stderr
        _no_traceback(outcome)
    assert not (home / "decks" / "risky").exists()


@pytest.mark.parametrize(("card", "message"), [
    ("divide", "the verifier raised ZeroDivisionError"),
    ("garbage", "unusable answer"),
])
def test_card_show_with_a_failing_verifier_is_a_clear_error(
    quizapp: Run, home: Path, risky: Path, card: str, message: str,
) -> None:
    assert quizapp("deck", "add", str(risky), "--trust").code == 0
    outcome = quizapp("card", "show", f"risky/{card}", "--param", "x=0")
    assert outcome.code == 1
    assert outcome.stderr.startswith("quizapp: ") and message in outcome.stderr
    _no_traceback(outcome)


def test_failing_verifiers_in_a_study_session_record_nothing_and_the_session_goes_on(
    quizapp: Run, home: Path, risky: Path,
) -> None:
    from quizapp.services.context import Settings, build_services
    from quizapp.services.session import StudyRequest, StudySession

    assert quizapp("deck", "add", str(risky), "--trust").code == 0
    ctx = build_services(Settings(time_limit=0.5))
    try:
        session = StudySession(ctx, StudyRequest(decks=["risky"], seed=1))
        errors, recorded = {}, []
        while (q := session.next()) is not None:
            if q.card.id == "double":
                fb = session.submit(str(2 * q.params["x"]))
                assert fb.error is None and fb.verdict is not None and fb.verdict.correct
                session.grade(4)
                recorded.append(q.card.id)
                continue
            session.question = dataclasses.replace(q, params={"x": 0})
            fb = session.submit("3")
            assert fb.error and session.phase.value == "broken", q.card.id
            assert fb.suggested is None and fb.verdict is None
            errors[q.card.id] = fb.error
    finally:
        ctx.close()
    assert recorded == ["double"]
    assert "ZeroDivisionError" in errors["divide"]
    assert "time limit" in errors["nap"]
    assert "unusable answer" in errors["garbage"]
    with _db(home) as conn:
        keys = [k for (k,) in conn.execute("SELECT c.key FROM reviews r JOIN cards c "
                                           "ON c.id = r.card_id")]
    assert keys == ["risky/double"]


# ------------------------------------------------------------------ card show


def conv_out(n: int, k: int, s: int, p: int, d: int) -> int:
    """Output size from the nn.Conv2d documentation: floor((n + 2p - d(k-1) - 1)/s) + 1."""
    return math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1


def _conv_expected(p: dict[str, int]) -> list[int]:
    k, s, pad, d = p["kernel_size"], p["stride"], p["padding"], p["dilation"]
    return [p["N"], p["C_out"], conv_out(p["H"], k, s, pad, d), conv_out(p["W"], k, s, pad, d)]


def test_card_show_json_keys(quizapp: Run, home: Path) -> None:
    outcome = quizapp("card", "show", "conv/conv2d-output-shape", "--seed", "7", "--json")
    assert outcome.code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert set(data) == {"card", "seed", "params", "question", "answer", "explanation",
                         "slips", "device", "torch_version"}
    assert all(set(slip) == {"id", "answer", "why"} for slip in data["slips"])
    assert data["card"] == "conv/conv2d-output-shape" and data["seed"] == 7
    assert data["device"] == "cpu"
    import torch

    assert data["torch_version"] == torch.__version__
    p = data["params"]
    assert f"({p['N']}, {p['C_in']}, {p['H']}, {p['W']})" in data["question"]
    assert data["explanation"]


def test_card_show_same_seed_same_question(quizapp: Run, home: Path) -> None:
    first = quizapp("card", "show", "conv/conv2d-output-shape", "--seed", "11", "--json").stdout
    second = quizapp("card", "show", "conv/conv2d-output-shape", "--seed", "11", "--json").stdout
    assert json.loads(first) == json.loads(second)


def test_conv2d_answer_matches_the_documented_formula_for_many_seeds(quizapp: Run,
                                                                     home: Path) -> None:
    seen = set()
    for seed in range(40):
        outcome = quizapp("card", "show", "conv/conv2d-output-shape", "--seed", str(seed),
                          "--json")
        assert outcome.code == 0, outcome.output
        data = json.loads(outcome.stdout)
        assert data["answer"] == _conv_expected(data["params"]), data
        assert min(data["answer"]) >= 1
        seen.add(json.dumps(data["params"], sort_keys=True))
    assert len(seen) > 30  # the seeds really give different questions


EDGE_CASES = {
    "kernel-equals-padded-input": dict(H=5, W=9, padding=1, kernel_size=7, stride=1, dilation=1),
    "dilation-2": dict(H=20, W=17, padding=0, kernel_size=3, stride=1, dilation=2),
    "stride-3": dict(H=10, W=11, padding=1, kernel_size=3, stride=3, dilation=1),
    "everything": dict(H=64, W=5, padding=2, kernel_size=5, stride=2, dilation=2, N=8,
                       C_in=16, C_out=32),
    "kernel-1": dict(H=7, W=64, padding=0, kernel_size=1, stride=2, dilation=3),
}


@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_conv2d_edge_cases_given_with_param(quizapp: Run, home: Path, case: str) -> None:
    overrides = EDGE_CASES[case]
    args = [arg for name, value in overrides.items() for arg in ("--param", f"{name}={value}")]
    outcome = quizapp("card", "show", "conv/conv2d-output-shape", "--seed", "3", "--json", *args)
    assert outcome.code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert {k: data["params"][k] for k in overrides} == overrides
    assert data["answer"] == _conv_expected(data["params"])
    if case == "kernel-equals-padded-input":
        assert data["answer"][2] == 1


def test_param_that_makes_the_layer_impossible_is_a_clear_error(quizapp: Run,
                                                                home: Path) -> None:
    outcome = quizapp("card", "show", "conv/conv2d-output-shape", "--param", "H=5",
                      "--param", "kernel_size=7", "--param", "padding=0", "--param", "dilation=1")
    assert outcome.code == 2 and "--param" in outcome.stderr and "output" in outcome.stderr
    _no_traceback(outcome)


# The checks run in the verifier worker, which follows the app's language.
@pytest.mark.parametrize(("lang", "args", "message"), [
    ("en", ["--param", "bogus=1"], "--param bogus: the card has no such parameter"),
    ("en", ["--param", "bogus"], "not NAME=VALUE"),
    ("en", ["--param", "H=abc"], "--param H: expected an int in [5, 64], got 'abc'"),
    ("en", ["--param", "H=6000"], "--param H: expected an int in [5, 64], got 6000"),
    ("en", ["--param", "N=[1, 2"], "--param N: cannot read"),
    ("zh", ["--param", "bogus=1"], "--param bogus：这张卡片没有这个参数"),
    ("zh", ["--param", "bogus"], "不是 名称=值 的形式"),
    ("zh", ["--param", "H=abc"], "--param H：应为 [5, 64] 内的整数，实际为 'abc'"),
    ("zh", ["--param", "H=6000000"], "--param H：6000000 超出了上限 1000000"),
    ("zh", ["--param", "N=[1, 2"], "--param N：无法读取"),
])
def test_bad_param_option(quizapp: Run, home: Path, lang: str, args: list[str],
                          message: str) -> None:
    outcome = quizapp("--lang", lang, "card", "show", "conv/conv2d-output-shape", *args)
    assert outcome.code == 2 and message in outcome.stderr, outcome.stderr
    _no_traceback(outcome)


@pytest.mark.parametrize(("key", "message"), [
    ("nodeck/x", "no deck named 'nodeck'"), ("conv/nocard", "has no card 'nocard'"),
])
def test_card_show_unknown_card(quizapp: Run, home: Path, key: str, message: str) -> None:
    outcome = quizapp("card", "show", key)
    assert outcome.code != 0 and message in outcome.stderr
    _no_traceback(outcome)


# ------------------------------------------------------------------ stats


def test_stats_json_on_a_fresh_database(home: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"reviews_total", "reviews_today", "cards_total", "cards_due", "accuracy"} <= set(data)
    assert data["reviews_total"] == data["reviews_today"] == data["cards_due"] == 0
    assert data["accuracy"] is None
    total = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["cards"]) for p in BUILTIN)
    assert data["cards_total"] == total


def test_stats_json_after_reviews(quizapp: Run, home: Path, flash_deck: Path) -> None:
    assert quizapp("deck", "add", str(flash_deck)).code == 0
    outcome = quizapp("study", "--plain", "--deck", "mine", "--limit", "2",
                      input="\n4\n\n1\n")
    assert outcome.code == 0, outcome.output
    data = json.loads(quizapp("stats", "--json", "--deck", "mine").stdout)
    assert data["reviews_total"] == data["reviews_today"] == 2
    assert data["accuracy"] == 0.5
    assert data["cards_total"] == 3


def test_a_custom_deck_cannot_take_a_built_in_name(quizapp, flash_deck) -> None:
    deck = flash_deck
    deck.write_text(deck.read_text().replace("name: mine", "name: conv"))
    refused = quizapp("deck", "add", str(deck))
    assert refused.code == 2
    assert "deck name 'conv' is a built-in deck" in refused.stderr
    assert "Traceback" not in refused.output
