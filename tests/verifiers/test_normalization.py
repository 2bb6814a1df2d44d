"""Tests for the normalization deck: every verifier against NumPy versions of the doc formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
import slipkit
from deckkit import kit

NORM = kit("normalization")
run, sample = NORM.run, NORM.sample
SEEDS = range(40)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


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
def test_group_cards_match_the_docs(device, card_id: str) -> None:
    layers = set()
    for seed in SEEDS:
        p = sample(card_id, seed)
        count, size = doc_groups(p)
        assert 1 < p["G"] < p["C"] and p["C"] % p["G"] == 0
        assert run(card_id, p, device) == (count if card_id == "stats-count" else size), p
        layers.add(p["layer"])
    assert layers == set(NORM.module.LAYER_CODE)


@pytest.mark.parametrize("G", [1, 2, 4])
def test_groupnorm_extremes_match_layer_and_instance_norm(device, G: int) -> None:
    p = {"layer": "GroupNorm", "N": 3, "C": 4, "H": 2, "W": 3, "G": G, "layer_code": "x"}
    # G=1 is LayerNorm over (C, H, W); G=C is InstanceNorm.
    assert run("stats-count", p, device) == 3 * G
    assert run("stats-group-size", p, device) == 4 // G * 6


def test_averaged_over(device) -> None:
    expected = {
        "BatchNorm2d": "N, H, W (one mean per channel)",
        "LayerNorm-CHW": "C, H, W (one mean per sample)",
        "InstanceNorm2d": "H, W (one mean per sample and channel)",
        "GroupNorm": "H, W and a subset of the channels (one mean per sample and channel group)",
    }
    choices = NORM.choices("averaged-over")
    assert set(NORM.options("averaged-over", "layer")) == set(expected)
    for layer, answer in expected.items():
        assert run("averaged-over", {"layer": layer}, device) == answer
        assert answer in choices


# ---- parameters and buffers ----------------------------------------------------------------


def doc_param_count(p: dict) -> int:
    if not p["flag"]:
        return 0
    C, H, W = p["C"], p["H"], p["W"]
    return {"BatchNorm2d": 2 * C, "InstanceNorm2d": 2 * C, "GroupNorm": 2 * C,
            "LayerNorm": 2 * C * H * W, "LayerNorm-nobias": C * W}[p["layer"]]


def test_param_count(device) -> None:
    for seed in SEEDS:
        p = sample("param-count", seed)
        assert run("param-count", p, device) == doc_param_count(p), p
        assert p["C"] % p["G"] == 0


def test_state_dict_numel(device) -> None:
    for C in (1, 2, 7, 16):
        for affine in (True, False):
            for track in (True, False):
                expected = 2 * C * affine + (2 * C + 1) * track
                p = {"C": C, "affine": affine, "track": track}
                assert run("state-dict-numel", p, device) == expected, p


# ---- running statistics: the update rule from the BatchNorm docs ----------------------------


def np_running_mean(batches: list[list[int]], momentum: float | None) -> float:
    running = 0.0
    for k, batch in enumerate(batches, start=1):
        factor = 1.0 / k if momentum is None else momentum
        running = (1 - factor) * running + factor * np.mean(np.array(batch, dtype=np.float64))
    return float(running)


def test_running_mean(device) -> None:
    for seed in SEEDS:
        p = sample("running-mean", seed)
        ref = np_running_mean([p["b1"], p["b2"]], p["momentum"])
        assert close(run("running-mean", p, device), ref), p


def test_running_var_uses_the_unbiased_variance(device) -> None:
    for seed in SEEDS:
        p = sample("running-var", seed)
        ref = (1 - p["momentum"]) * 1.0 + p["momentum"] * np.var(p["x"], ddof=1)
        assert close(run("running-var", p, device), ref), p
    # [0, 2]: biased var 1, unbiased 2 -> 0.9 + 0.2, not 0.9 + 0.1.
    assert close(run("running-var", {"momentum": 0.1, "x": [0, 2]}, device), 1.1)
    # A constant batch: the variance term vanishes.
    assert close(run("running-var", {"momentum": 0.5, "x": [3, 3, 3]}, device), 0.5)


def test_momentum_none_is_a_cumulative_average(device) -> None:
    for seed in SEEDS:
        p = sample("momentum-none", seed)
        ref = np_running_mean([p["b1"], p["b2"], p["b3"]], None)
        assert close(run("momentum-none", p, device), ref), p
        means = [np.mean(p[b]) for b in ("b1", "b2", "b3")]
        assert close(ref, float(np.mean(means)))


# ---- normalised values ------------------------------------------------------------------------


def np_normalize(x: list[float], i: int, eps: float) -> float:
    arr = np.array(x, dtype=np.float64)
    return float((arr[i] - arr.mean()) / np.sqrt(arr.var() + eps))  # biased var (ddof=0)


@pytest.mark.parametrize("card_id", ["train-output", "layernorm-output"])
def test_normalised_values(device, card_id: str) -> None:
    for seed in SEEDS:
        p = sample(card_id, seed)
        ref = np_normalize(p["x"], p["i"], p["eps"])
        assert close(run(card_id, p, device), ref), p


@pytest.mark.parametrize(("x", "i", "eps", "expected"), [
    ([2, 2, 2], 0, 1e-5, 0.0),                     # zero variance: the output is 0, not nan
    ([0, 1], 0, 1.0, -0.5 / np.sqrt(1.25)),        # eps dominates the tiny variance
    ([0, 2], 1, 1e-5, 1 / np.sqrt(1 + 1e-5)),      # biased var 1 (unbiased would be 2)
])
def test_normalised_value_edge_cases(device, x, i, eps, expected) -> None:
    p = {"x": x, "i": i, "eps": eps, "n": len(x)}
    assert close(run("train-output", p, device), expected)
    assert close(run("layernorm-output", p, device), expected)


def test_eval_output(device) -> None:
    for seed in SEEDS:
        p = sample("eval-output", seed)
        ref = p["gamma"] * (p["x"] - p["rm"]) / np.sqrt(p["rv"] + p["eps"]) + p["beta"]
        assert close(run("eval-output", p, device), ref), p
    p = {"x": 1.0, "rm": 1.0, "rv": 4.0, "gamma": 2.0, "beta": 0.5, "eps": 0.1}
    assert close(run("eval-output", p, device), 0.5)  # x at the running mean -> bias


# ---- slips -----------------------------------------------------------------------------------

SLIP_CARDS = ["layernorm-output", "running-mean", "running-var", "train-output"]
KERAS = ("weighted the old value by momentum (the Keras/TensorFlow convention): PyTorch uses "
         "running = (1 − momentum)·running + momentum·batch")


def slips(card_id: str, p: dict) -> dict[str, float]:
    return slipkit.by_hint("normalization", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(got, expected, close)



@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_slips_are_named_in_the_deck(card_id) -> None:
    assert NORM.card(card_id).slips == card_id.replace("-", "_") + "_slips"


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(session, card_id) -> None:
    typed = sum(slipkit.through_the_app(session, "normalization", card_id, sample(card_id, seed))
                for seed in range(80))
    assert typed > 80


def test_running_statistics_slips_by_hand() -> None:
    # x = [0, 2]: unbiased var 2, biased 1; right 0.9·1 + 0.1·2 = 1.1
    assert approx(slips("running-var", {"momentum": 0.1, "x": [0, 2]}), {
        "used the biased batch variance (÷n): running_var is updated with the unbiased one "
        "(÷(n−1)); only the normalization itself uses ÷n": 1.0,
        KERAS: 0.1 + 0.9 * 2,
        "started running_var at 0: it is initialised to 1 (running_mean starts at 0)": 0.2})
    # batch means 3 and 6; right: 0.1·3 = 0.3, then 0.9·0.3 + 0.1·6 = 0.87
    assert approx(slips("running-mean", {"momentum": 0.1, "b1": [2, 4], "b2": [6, 6]}), {
        KERAS: 0.1 * 2.7 + 0.9 * 6,
        "averaged the batch means (that is momentum=None): with a momentum the running mean is "
        "an exponential moving average that starts at 0": 4.5})


def test_normalized_output_slips_by_hand(session) -> None:
    # x = [0, 2], element 1, eps 1: mean 1, biased var 1 → 1/√2
    p = {"x": [0, 2], "i": 1, "eps": 1.0}
    common = {
        "left out eps: the denominator is √(var + eps)": 1.0,
        "added eps outside the square root: the denominator is √(var + eps)": 0.5}
    assert approx(slips("train-output", p), {
        "normalised with the unbiased variance (÷(n−1)): BatchNorm normalises with the biased "
        "variance (÷n)": 1 / math.sqrt(3), **common,
        "used the running statistics (mean 0, var 1 for a fresh layer): in training mode "
        "BatchNorm uses the batch's own mean and variance": 2 / math.sqrt(2)})
    assert approx(slips("layernorm-output", {**p, "n": 2}), {
        "normalised with the unbiased variance (÷(n−1)): LayerNorm normalises with the biased "
        "variance (÷n)": 1 / math.sqrt(3), **common})
    # A constant batch: leaving out eps divides 0 by 0, so that slip is not listed; the others
    # but the running statistics give the right 0, and typing 0 names no slip
    flat = {"x": [1, 1], "i": 0, "eps": 1.0}
    assert approx(slips("train-output", flat), {
        "normalised with the unbiased variance (÷(n−1)): BatchNorm normalises with the biased "
        "variance (÷n)": 0.0,
        "added eps outside the square root: the denominator is √(var + eps)": 0.0,
        "used the running statistics (mean 0, var 1 for a fresh layer): in training mode "
        "BatchNorm uses the batch's own mean and variance": 1 / math.sqrt(2)})
    assert slipkit.slip_shown(session, "normalization", "train-output", flat, 0.0) is None
