"""`quizapp deck test FILE`: every built-in deck passes its stated tests and sampled seeds
through the real command; a deck whose stated answer is wrong fails with exit 1 and names
the card; an invalid deck exits 2. Every built-in quiz card states at least two tests, one
of them an edge case."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.deck_loader import load_deck

ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted(p.stem for p in (ROOT / "cards").glob("*.yaml"))


def test_there_are_built_in_decks() -> None:
    assert len(DECKS) >= 12, DECKS


@pytest.mark.parametrize("name", DECKS)
def test_every_quiz_card_states_two_tests_one_an_edge(name: str) -> None:
    deck = load_deck(ROOT / "cards" / f"{name}.yaml")
    thin = [c.key for c in deck.cards if c.kind == "quiz"
            and (len(c.tests) < 2 or not any(t.edge for t in c.tests))]
    assert not thin, thin


@pytest.mark.parametrize("name", DECKS)
def test_deck_test_passes_on_the_built_in_deck(quizapp: Any, name: str) -> None:
    outcome = quizapp("deck", "test", str(ROOT / "cards" / f"{name}.yaml"), "--seeds", "5")
    assert outcome.code == 0, outcome.output
    assert "all passed" in outcome.stdout
    assert " FAIL" not in outcome.stdout


def _copy_deck(tmp_path: Path, name: str) -> Path:
    """The built-in deck and its verifier package, side by side, as an author has them."""
    (tmp_path / "cards").mkdir()
    shutil.copy(ROOT / "cards" / f"{name}.yaml", tmp_path / "cards" / f"{name}.yaml")
    shutil.copytree(ROOT / "verifiers" / name, tmp_path / "verifiers" / name)
    return tmp_path / "cards" / f"{name}.yaml"


def test_deck_test_fails_on_a_wrong_stated_answer(quizapp: Any, tmp_path: Path) -> None:
    path = _copy_deck(tmp_path, "conv")
    text = path.read_text(encoding="utf-8")
    # conv/conv2d-output-shape's first worked example: floor((7 - 2 - 1)/2) + 1 = 3.
    wrong = text.replace("answer: [1, 8, 3, 3]", "answer: [1, 8, 4, 4]", 1)
    assert wrong != text
    path.write_text(wrong, encoding="utf-8")
    outcome = quizapp("deck", "test", str(path), "--seeds", "2", "--trust")
    assert outcome.code == 1, outcome.output
    failing = [line for line in outcome.stdout.splitlines() if line.endswith("FAIL")]
    assert len(failing) == 1 and failing[0].startswith("conv/conv2d-output-shape"), failing
    assert "1 card(s) FAILED" in outcome.stdout


def test_deck_test_fails_on_a_wrong_typed_verdict(quizapp: Any, tmp_path: Path) -> None:
    path = _copy_deck(tmp_path, "conv")
    text = path.read_text(encoding="utf-8")
    wrong = text.replace('{answer: "1, 8, 2, 2", verdict: wrong, slip: plus-one-forgotten}',
                         '{answer: "1, 8, 2, 2", verdict: wrong, slip: padding-once}', 1)
    assert wrong != text
    path.write_text(wrong, encoding="utf-8")
    outcome = quizapp("deck", "test", str(path), "--seeds", "2", "--trust")
    assert outcome.code == 1, outcome.output
    assert "padding-once" in outcome.stdout


def test_deck_test_refuses_an_invalid_deck(quizapp: Any, tmp_path: Path) -> None:
    path = _copy_deck(tmp_path, "conv")
    path.write_text(path.read_text(encoding="utf-8").replace("kind: quiz", "kind: quizz", 1),
                    encoding="utf-8")
    outcome = quizapp("deck", "test", str(path), "--trust")
    assert outcome.code == 2, outcome.output
    assert "Traceback" not in outcome.output
