"""Where a CUDA GPU exists, every quiz card gives the same answer on it as on the CPU."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quizapp.core.deck_loader import load_deck
from quizapp.services.runner import CardRunner
from quizapp.verify.engine import VerifierEngine

torch = pytest.importorskip("torch")
pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here"),
]
ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted((ROOT / "cards").glob("*.yaml"))
SEEDS = range(10)


def same(a: object, b: object) -> bool:
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9,
                                                                 abs_tol=1e-12)
    return a == b


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_cpu_and_cuda_agree(path: Path) -> None:
    deck = load_deck(path)
    cpu = CardRunner(VerifierEngine("cpu"), lambda _name: deck.verifier_path)
    cuda = CardRunner(VerifierEngine("cuda"), lambda _name: deck.verifier_path)
    for card in deck.cards:
        if not card.verifier:
            continue
        for seed in SEEDS if card.kind == "quiz" else [0]:
            params = cpu.params(card, seed) if card.kind == "quiz" else {}
            on_cpu = cpu.compute(card, params)
            on_gpu = cuda.compute(card, params)
            assert on_gpu.device.startswith("cuda")
            assert same(on_cpu.value, on_gpu.value), f"{card.key} seed {seed}"
            assert [s.id for s in on_cpu.slips] == [s.id for s in on_gpu.slips], card.key
