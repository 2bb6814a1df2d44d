"""Where a CUDA GPU exists, every quiz card gives the same answer on it as on the CPU."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from quizapp.core.deck import load_deck
from quizapp.validate import sample_params, verifier_of
from quizapp.verify.engine import VerifierEngine
from quizapp.verify.loader import load_module

torch = pytest.importorskip("torch")
pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here"),
]
ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted((ROOT / "cards").glob("*.yaml"))
SEEDS = range(10)


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9,
                                                                 abs_tol=1e-12)
    return a == b


@pytest.mark.parametrize("path", DECKS, ids=lambda p: p.stem)
def test_cpu_and_cuda_agree(path: Path) -> None:
    deck = load_deck(path)
    module = load_module(deck.verifier_path)
    cpu, cuda = VerifierEngine("cpu"), VerifierEngine("cuda")
    for card in deck.cards:
        fn = verifier_of(card, module) if card.verifier else None
        if fn is None:
            continue
        for seed in SEEDS if card.kind == "quiz" else [0]:
            params = sample_params(card, module, seed) if card.kind == "quiz" else {}
            on_cpu = cpu.compute(card, fn, params).value
            on_gpu = cuda.compute(card, fn, params)
            assert on_gpu.device.startswith("cuda")
            assert same(on_cpu, on_gpu.value), f"{card.key} seed {seed}"
