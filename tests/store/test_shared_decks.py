"""A custom deck added on one machine reaches another that shares the database (a class):
its files come from the database, checked against the version the deck names, and its code
runs there only after that machine's own consent (`deck trust`), by hash."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from quizapp.store.db import normalize_url
from tests.cli.test_cli import RISKY_DECK, RISKY_VERIFIER


@pytest.fixture
def machines(db_url: str, tmp_path: Path, quizapp: Any,
             monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """`run(machine, *args)`: quizapp on machine 1 or 2 (each its own data folder), one db."""
    def run(machine: int, *args: str, input: str | None = None) -> Any:
        monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / f"machine{machine}"))
        return quizapp("--db", db_url, *args, input=input)

    return run


def _risky(tmp_path: Path, write_deck: Callable[..., Path], extra: str = "") -> Path:
    return write_deck(tmp_path / "src", RISKY_DECK, verifier=RISKY_VERIFIER + extra,
                      verifier_name="risky.py")


def test_a_deck_added_on_one_machine_is_studied_on_another_after_consent(
        machines: Callable[..., Any], tmp_path: Path, write_deck: Callable[..., Path]) -> None:
    assert machines(1, "deck", "add", str(_risky(tmp_path, write_deck)), "--trust").code == 0
    assert "risky" in machines(2, "deck", "list").stdout
    refused = machines(2, "card", "show", "risky/double", "--seed", "5")
    assert refused.code == 2 and "deck trust risky" in refused.stderr
    # The stored files include the marker machine 1's check left; remove this machine's
    # copy, and a refusal must not write it again (the module never ran here).
    for marker in (tmp_path / "machine2").rglob("imported.marker"):
        marker.unlink()
    assert machines(2, "card", "show", "risky/double", "--seed", "5").code == 2
    assert not list((tmp_path / "machine2").rglob("imported.marker"))
    trusted = machines(2, "deck", "trust", "risky", "--yes")
    assert trusted.code == 0 and "SHA-256" in trusted.stdout, trusted.output
    shown = machines(2, "card", "show", "risky/double", "--seed", "5", "--json")
    assert shown.code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["answer"] == 2 * data["params"]["x"]
    assert list((tmp_path / "machine2" / "decks" / "risky").glob("v-*/risky.py"))


def test_an_update_reaches_the_other_machine_and_needs_consent_again(
        machines: Callable[..., Any], tmp_path: Path, write_deck: Callable[..., Path]) -> None:
    machines(1, "deck", "add", str(_risky(tmp_path, write_deck)), "--trust")
    machines(2, "deck", "trust", "risky", "--yes")
    assert machines(2, "card", "show", "risky/double", "--seed", "5").code == 0
    updated = _risky(tmp_path, write_deck, extra="\n    VERSION = 2\n")
    assert machines(1, "deck", "add", str(updated), "--trust").code == 0
    again = machines(2, "card", "show", "risky/double", "--seed", "5")
    assert again.code == 2 and "not trusted" in again.stderr
    assert len(list((tmp_path / "machine2" / "decks" / "risky").glob("v-*"))) >= 1
    assert machines(2, "deck", "trust", "risky", "--yes").code == 0
    assert machines(2, "card", "show", "risky/double", "--seed", "5").code == 0


def test_tampered_stored_files_are_refused_and_run_nothing(
        db_url: str, machines: Callable[..., Any], tmp_path: Path,
        write_deck: Callable[..., Path]) -> None:
    machines(1, "deck", "add", str(_risky(tmp_path, write_deck)), "--trust")
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as conn:
        changed = conn.execute(text(
            "UPDATE deck_files SET content = :evil WHERE path = 'risky.py'"),
            {"evil": b"open('pwned', 'w')\n" + RISKY_VERIFIER.encode()})
        assert changed.rowcount == 1
    engine.dispose()
    refused = machines(2, "deck", "trust", "risky", "--yes")
    assert refused.code != 0 and "do not match" in refused.output
    assert "Traceback" not in refused.output
    assert not list(tmp_path.rglob("pwned"))
    assert not (tmp_path / "machine2" / "decks" / "risky").exists()


def test_a_flash_deck_needs_no_consent(machines: Callable[..., Any], flash_deck: Path) -> None:
    assert machines(1, "deck", "add", str(flash_deck)).code == 0
    shown = machines(2, "card", "show", "mine/alpha")
    assert shown.code == 0 and "compatible stride layout" in shown.stdout
    nothing = machines(2, "deck", "trust", "mine", "--yes")
    assert nothing.code == 2 and "nothing to trust" in nothing.stderr
