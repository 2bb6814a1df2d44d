"""A card's time limit is the card's: the verifier worker's own start (a Python interpreter
on a busy machine) is waited for apart, so it cannot make a quick sampler look like a hang."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core.deck_loader import load_deck
from quizapp.verify.engine import VerifierEngine
from quizapp.verify.results import VerifierError

ROOT = Path(__file__).resolve().parents[2]


def slow_start(folder: Path, seconds: float, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Python the tests start from now on sleeps `seconds` before running anything."""
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(f"import time\ntime.sleep({seconds})\n")
    monkeypatch.setenv("PYTHONPATH", str(folder))


def test_a_slow_worker_start_does_not_count_against_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    slow_start(tmp_path / "slow", 2.0, monkeypatch)
    deck = load_deck(ROOT / "cards" / "conv.yaml")
    card = deck.card("conv2d-output-shape")
    engine = VerifierEngine("cpu", time_limit=1.0)
    try:
        params = engine.sample(deck.verifier_path, card, seed=1)
        assert {"N", "C_in", "H", "W"} <= set(params)
    finally:
        engine.close()


def test_a_hanging_sampler_is_still_stopped_after_a_slow_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_deck: Callable[..., Path],
) -> None:
    slow_start(tmp_path / "slow", 1.0, monkeypatch)
    deck = load_deck(hostile_deck(["hang"], ("sampler",), armed=True))
    engine = VerifierEngine("cpu", time_limit=1.0)
    try:
        with pytest.raises(VerifierError, match="ran past the 1 s time limit"):
            engine.sample(deck.verifier_path, deck.card("hang-sampler"), seed=1)
    finally:
        engine.close()
