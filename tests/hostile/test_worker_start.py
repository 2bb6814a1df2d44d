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


def test_the_first_request_runs_before_torch_starts_loading(tmp_path: Path) -> None:
    """Importing torch holds the GIL for a second or more: a request sent with the worker's
    start runs alone, and torch loads once the worker is idle."""
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "probe.py").write_text(
        "import sys\n\ndef torch_seen(p, rng):\n    p['x'] = int('torch' in sys.modules)\n"
        "    return p\n\ndef ok(p, device):\n    return p['x'], 'x'\n")
    (folder / "probe.yaml").write_text(
        "name: probe\ntitle: Probe\nverifier: probe.py\ncards:\n  - id: seen\n    kind: quiz\n"
        "    prompt: \"{x}?\"\n    params: {x: {int: [0, 9]}}\n    answer: int\n"
        "    verifier: ok\n    sample: torch_seen\n")
    deck = load_deck(folder / "probe.yaml")
    engine = VerifierEngine("cpu")
    try:
        assert engine.sample(deck.verifier_path, deck.card("seen"), seed=1)["x"] == 0
        engine.warm_up()  # loads torch, then every later request sees it
        assert engine.sample(deck.verifier_path, deck.card("seen"), seed=1)["x"] == 1
    finally:
        engine.close()
