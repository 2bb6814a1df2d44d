"""Shared fixtures: an isolated QUIZAPP_HOME, the CLI run as the console script, deck files."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
BUILTIN_DECKS = sorted((ROOT / "cards").glob("*.yaml"))
QUIZAPP_BIN = Path(sys.executable).with_name("quizapp")


@dataclass(frozen=True)
class Outcome:
    """What one `quizapp` run printed and its exit status."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data directory; the user's real one is never touched."""
    path = tmp_path / "home"
    monkeypatch.setenv("QUIZAPP_HOME", str(path))
    monkeypatch.setenv("QUIZAPP_DEVICE", "cpu")
    for name in ("QUIZAPP_DB", "QUIZAPP_LANG", "QUIZAPP_LEARNER"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def quizapp(home: Path) -> Callable[..., Outcome]:
    """`quizapp(*args, input=...)` runs the CLI in-process exactly as the console script does
    (`quizapp.entry:main` -> errors.run), so exit codes and error messages are the user's."""
    from quizapp.entry import run

    def invoke(*args: str, input: str | None = None) -> Outcome:
        runner = CliRunner()
        saved = sys.argv
        with runner.isolation(input=input) as (out, err, _):
            sys.argv = ["quizapp", *args]
            try:
                code = run()
            finally:
                sys.argv = saved
                sys.stdout.flush()
                sys.stderr.flush()
            return Outcome(code, out.getvalue().decode(), err.getvalue().decode())

    return invoke


@pytest.fixture
def quizapp_process(home: Path) -> Callable[..., Outcome]:
    """`quizapp_process(*args, input=...)` runs the installed `quizapp` executable."""

    def run(*args: str, input: str | None = None, timeout: float = 120) -> Outcome:
        done = subprocess.run(
            [str(QUIZAPP_BIN), *args], input=input, capture_output=True, text=True,
            timeout=timeout, env=dict(os.environ),
        )
        return Outcome(done.returncode, done.stdout, done.stderr)

    return run


def _write_deck(folder: Path, body: str, name: str = "deck.yaml",
               verifier: str | None = None, verifier_name: str = "check.py") -> Path:
    """Write a deck (and optionally its verifier module) into `folder`; returns the YAML path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(dedent(body), encoding="utf-8")
    if verifier is not None:
        (folder / verifier_name).write_text(dedent(verifier), encoding="utf-8")
    return path


FLASH_DECK = """\
    name: mine
    title: {en: My deck, zh: 我的卡组}
    cards:
      - id: alpha
        kind: flash
        front: {en: What does view need?, zh: view 需要什么？}
        back: {en: A compatible stride layout., zh: 兼容的步长布局。}
      - id: beta
        kind: flash
        front: Does reshape copy?
        back: Only when it must.
      - id: gamma
        kind: flash
        front: Is nn.Embedding initialised N(0, 1)?
        back: "Yes."
"""


@pytest.fixture
def flash_deck(tmp_path: Path) -> Path:
    """A valid custom deck of three flash cards and no verifier (plain data, no trust needed)."""
    return _write_deck(tmp_path / "src", FLASH_DECK)


@pytest.fixture
def write_deck() -> Callable[..., Path]:
    """`write_deck(folder, yaml_text, verifier=python_text)` -> the deck's YAML path."""
    return _write_deck


@pytest.fixture(autouse=True)
def english_interface() -> Iterator[None]:
    """The interface language is process-wide (as gettext's is): each test starts and ends
    in English, so a test that switches to Chinese cannot leak into the next one."""
    from quizapp.core import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")
