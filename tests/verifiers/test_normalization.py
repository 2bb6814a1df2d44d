"""Tests for the normalization deck: every verifier against NumPy versions of the doc formulas."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DECK = yaml.safe_load((ROOT / "cards" / "normalization.yaml").read_text(encoding="utf-8"))
CARDS = {c["id"]: c for c in DECK["cards"]}
QUIZ = [c for c in DECK["cards"] if c["kind"] == "quiz"]
FLASH = [c for c in DECK["cards"] if c["kind"] == "flash"]
SEEDS = range(40)


def _draw(spec: Any, rng: random.Random, params: dict) -> Any:
    """A small mirror of the deck-format spec sampler (docs/deck-format.md)."""
    if not isinstance(spec, dict):
        return spec
    if "choice" in spec:
        return rng.choice(spec["choice"])
    if "int" in spec:
        lo, hi = spec["int"]
        return lo + spec.get("step", 1) * rng.randint(0, (hi - lo) // spec.get("step", 1))
    if "float" in spec:
        return round(rng.uniform(*spec["float"]), spec.get("decimals", 2))
    length = spec["length"]
    n = params[length] if isinstance(length, str) else (
        rng.randint(*length) if isinstance(length, list) else length)
    return [_draw(spec["list"], rng, params) for _ in range(n)]


def sample(mod: Any, card: dict, seed: int) -> dict:
    rng = random.Random(seed)
    params: dict = {}
    for name, spec in (card.get("params") or {}).items():
        params[name] = _draw(spec, rng, params)
    if card.get("sample"):
        params = getattr(mod, card["sample"])(params, rng)
    return params


@pytest.fixture(scope="module")
def mod(load_verifier):
    return load_verifier("normalization")


def run(mod: Any, card_id: str, p: dict, device: Any) -> Any:
    card = CARDS[card_id]
    answer, explanation = getattr(mod, card.get("verifier", card_id.replace("-", "_")))(p, device)
    assert isinstance(explanation, dict) and explanation["en"] and explanation["zh"]
    return answer


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


# ---- deck structure ------------------------------------------------------------------------


def test_deck_structure(mod) -> None:
    assert DECK["title"] == {"en": "Normalization", "zh": "归一化"}
    ids = [c["id"] for c in DECK["cards"]]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)
    assert len(QUIZ) >= 8 and len(FLASH) >= 4
    for card in DECK["cards"]:
        texts = [card[k] for k in ("prompt", "front", "back", "explain") if k in card]
        for text in texts + list(card.get("choices", [])):
            assert set(text) == {"en", "zh"} and text["en"].strip() and text["zh"].strip()
        assert callable(getattr(mod, card.get("verifier", card["id"].replace("-", "_"))))


@pytest.mark.parametrize("card", QUIZ, ids=lambda c: c["id"])
def test_placeholders_are_params(mod, card: dict) -> None:
    names = set(sample(mod, card, 0))
    for template in [card.get("code", ""), card["prompt"]["en"], card["prompt"]["zh"]]:
        used = {f[1] for f in string.Formatter().parse(template) if f[1]}
        assert used <= names, used - names


# ---- which values share a mean: the docs' description of each layer ------------------------


def doc_groups(p: dict) -> tuple[int, int]:
    """(number of means, values per mean) as the PyTorch docs describe each layer."""
    N, C, H, W, G = p["N"], p["C"], p["H"], p["W"], p.get("G", 1)
    return {
        "BatchNorm2d": (C, N * H * W),        # per channel, over the batch and the plane
        "LayerNorm-CHW": (N, C * H * W),      # over the last len(normalized_shape) dims
        "LayerNorm-W": (N * C * H, W),
        "InstanceNorm2d": (N * C, H * W),     # per sample and channel
        "GroupNorm": (N * G, C // G * H * W),  # per sample and group of C/G channels
    }[p["layer"]]


@pytest.mark.parametrize("card_id", ["stats-count", "stats-group-size"])
def test_group_cards_match_the_docs(mod, device, card_id: str) -> None:
    layers = set()
    for seed in SEEDS:
        p = sample(mod, CARDS[card_id], seed)
        count, size = doc_groups(p)
        assert 1 < p["G"] < p["C"] and p["C"] % p["G"] == 0
        assert run(mod, card_id, p, device) == (count if card_id == "stats-count" else size), p
        layers.add(p["layer"])
    assert layers == set(mod.LAYER_CODE)


@pytest.mark.parametrize("G", [1, 2, 4])
def test_groupnorm_extremes_match_layer_and_instance_norm(mod, device, G: int) -> None:
    p = {"layer": "GroupNorm", "N": 3, "C": 4, "H": 2, "W": 3, "G": G, "layer_code": "x"}
    # G=1 is LayerNorm over (C, H, W); G=C is InstanceNorm.
    assert run(mod, "stats-count", p, device) == 3 * G
    assert run(mod, "stats-group-size", p, device) == 4 // G * 6


def test_averaged_over(mod, device) -> None:
    expected = {
        "BatchNorm2d": "N, H, W (one mean per channel)",
        "LayerNorm-CHW": "C, H, W (one mean per sample)",
        "InstanceNorm2d": "H, W (one mean per sample and channel)",
        "GroupNorm": "H, W and a subset of the channels (one mean per sample and channel group)",
    }
    choices = [c["en"] for c in CARDS["averaged-over"]["choices"]]
    assert set(CARDS["averaged-over"]["params"]["layer"]["choice"]) == set(expected)
    for layer, answer in expected.items():
        assert run(mod, "averaged-over", {"layer": layer}, device) == answer
        assert answer in choices


# ---- parameters and buffers ----------------------------------------------------------------


def doc_param_count(p: dict) -> int:
    if not p["flag"]:
        return 0
    C, H, W = p["C"], p["H"], p["W"]
    return {"BatchNorm2d": 2 * C, "InstanceNorm2d": 2 * C, "GroupNorm": 2 * C,
            "LayerNorm": 2 * C * H * W, "LayerNorm-nobias": C * W}[p["layer"]]


def test_param_count(mod, device) -> None:
    for seed in SEEDS:
        p = sample(mod, CARDS["param-count"], seed)
        assert run(mod, "param-count", p, device) == doc_param_count(p), p
        assert p["C"] % p["G"] == 0


def test_state_dict_numel(mod, device) -> None:
    for C in (1, 2, 7, 16):
        for affine in (True, False):
            for track in (True, False):
                expected = 2 * C * affine + (2 * C + 1) * track
                p = {"C": C, "affine": affine, "track": track}
                assert run(mod, "state-dict-numel", p, device) == expected, p


# ---- running statistics: the update rule from the BatchNorm docs ----------------------------


def np_running_mean(batches: list[list[int]], momentum: float | None) -> float:
    running = 0.0
    for k, batch in enumerate(batches, start=1):
        factor = 1.0 / k if momentum is None else momentum
        running = (1 - factor) * running + factor * np.mean(np.array(batch, dtype=np.float64))
    return float(running)


def test_running_mean(mod, device) -> None:
    for seed in SEEDS:
        p = sample(mod, CARDS["running-mean"], seed)
        ref = np_running_mean([p["b1"], p["b2"]], p["momentum"])
        assert close(run(mod, "running-mean", p, device), ref), p


def test_running_var_uses_the_unbiased_variance(mod, device) -> None:
    for seed in SEEDS:
        p = sample(mod, CARDS["running-var"], seed)
        ref = (1 - p["momentum"]) * 1.0 + p["momentum"] * np.var(p["x"], ddof=1)
        assert close(run(mod, "running-var", p, device), ref), p
    # [0, 2]: biased var 1, unbiased 2 -> 0.9 + 0.2, not 0.9 + 0.1.
    assert close(run(mod, "running-var", {"momentum": 0.1, "x": [0, 2]}, device), 1.1)
    # A constant batch: the variance term vanishes.
    assert close(run(mod, "running-var", {"momentum": 0.5, "x": [3, 3, 3]}, device), 0.5)


def test_momentum_none_is_a_cumulative_average(mod, device) -> None:
    for seed in SEEDS:
        p = sample(mod, CARDS["momentum-none"], seed)
        ref = np_running_mean([p["b1"], p["b2"], p["b3"]], None)
        assert close(run(mod, "momentum-none", p, device), ref), p
        means = [np.mean(p[b]) for b in ("b1", "b2", "b3")]
        assert close(ref, float(np.mean(means)))


# ---- normalised values ------------------------------------------------------------------------


def np_normalize(x: list[float], i: int, eps: float) -> float:
    arr = np.array(x, dtype=np.float64)
    return float((arr[i] - arr.mean()) / np.sqrt(arr.var() + eps))  # biased var (ddof=0)


@pytest.mark.parametrize("card_id", ["train-output", "layernorm-output"])
def test_normalised_values(mod, device, card_id: str) -> None:
    for seed in SEEDS:
        p = sample(mod, CARDS[card_id], seed)
        ref = np_normalize(p["x"], p["i"], p["eps"])
        assert close(run(mod, card_id, p, device), ref), p


@pytest.mark.parametrize(("x", "i", "eps", "expected"), [
    ([2, 2, 2], 0, 1e-5, 0.0),                     # zero variance: the output is 0, not nan
    ([0, 1], 0, 1.0, -0.5 / np.sqrt(1.25)),        # eps dominates the tiny variance
    ([0, 2], 1, 1e-5, 1 / np.sqrt(1 + 1e-5)),      # biased var 1 (unbiased would be 2)
])
def test_normalised_value_edge_cases(mod, device, x, i, eps, expected) -> None:
    p = {"x": x, "i": i, "eps": eps, "n": len(x)}
    assert close(run(mod, "train-output", p, device), expected)
    assert close(run(mod, "layernorm-output", p, device), expected)


def test_eval_output(mod, device) -> None:
    for seed in SEEDS:
        p = sample(mod, CARDS["eval-output"], seed)
        ref = p["gamma"] * (p["x"] - p["rm"]) / np.sqrt(p["rv"] + p["eps"]) + p["beta"]
        assert close(run(mod, "eval-output", p, device), ref), p
    p = {"x": 1.0, "rm": 1.0, "rv": 4.0, "gamma": 2.0, "beta": 0.5, "eps": 0.1}
    assert close(run(mod, "eval-output", p, device), 0.5)  # x at the running mean -> bias


# ---- samplers and flash cards --------------------------------------------------------------------


@pytest.mark.parametrize("card", [c for c in QUIZ if c.get("sample")], ids=lambda c: c["id"])
def test_samplers_are_deterministic(mod, card: dict) -> None:
    for seed in range(20):
        assert sample(mod, card, seed) == sample(mod, card, seed)


@pytest.mark.parametrize("card", FLASH, ids=lambda c: c["id"])
def test_flash_claims_hold(mod, device, card: dict) -> None:
    assert run(mod, card["id"], {}, device) is True
