"""The init deck: every verifier against torch.nn.init's documented formulas, never torch."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from deckkit import kit
from scipy import stats

INIT = kit("init")
run = INIT.run
SEEDS = range(25)

# The gain table from torch.nn.init's documentation.
GAINS = {"linear": 1.0, "conv2d": 1.0, "sigmoid": 1.0, "tanh": 5 / 3, "relu": math.sqrt(2),
         "selu": 3 / 4}


def ref_gain(nonlinearity: str, a: float) -> float:
    return math.sqrt(2 / (1 + a * a)) if nonlinearity == "leaky_relu" else GAINS[nonlinearity]


def close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-15)


def conv_fans(c_in: int, c_out: int, kh: int, kw: int, groups: int) -> tuple[int, int]:
    """Documented fans of a conv weight (C_out, C_in/groups, kh, kw)."""
    return c_in // groups * kh * kw, c_out * kh * kw


def _kaiming_fan(p: dict, fan_in: int, fan_out: int) -> int:
    return fan_in if p["mode"] == "fan_in" else fan_out


# Plain-Python answers, from the formulas in torch.nn.init's documentation.
REFERENCES = {
    "xavier-uniform-bound": lambda p: p["gain"] * math.sqrt(6 / (p["fan_in"] + p["fan_out"])),
    "xavier-normal-std": lambda p: p["gain"] * math.sqrt(2 / (p["fan_in"] + p["fan_out"])),
    "xavier-normal-variance": lambda p: 2 / (p["fan_in"] + p["fan_out"]),
    "kaiming-normal-std": lambda p: ref_gain(p["nonlinearity"], p["a"])
    / math.sqrt(_kaiming_fan(p, p["fan_in"], p["fan_out"])),
    "kaiming-uniform-bound": lambda p: ref_gain(p["nonlinearity"], p["a"]) * math.sqrt(
        3 / _kaiming_fan(p, *conv_fans(p["C_in"], p["C_out"], p["kernel_size"],
                                       p["kernel_size"], 1))),
    "resnet-conv-init-std": lambda p: math.sqrt(2 / (p["C_out"] * p["kernel_size"] ** 2)),
    "calculate-gain": lambda p: ref_gain(p["nonlinearity"], p["param"]),
    "conv-fan-in": lambda p: conv_fans(p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"])[0],
    "conv-fan-out": lambda p: conv_fans(p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"])[1],
    "linear-default-weight-bound": lambda p: 1 / math.sqrt(p["in_features"]),
    "linear-default-bias-bound": lambda p: 1 / math.sqrt(p["in_features"]),
    "conv2d-default-weight-bound": lambda p: 1 / math.sqrt(
        conv_fans(p["C_in"], p["C_out"], p["kernel_size"], p["kernel_size"], p["groups"])[0]),
    "embedding-default-init": lambda p: "N(0, 1)",
}


def check_answer(card_id: str, got, want) -> None:
    if isinstance(want, str):
        assert got == want
    elif INIT.card(card_id).answer == "int":
        assert isinstance(got, int) and got == want
    else:
        assert isinstance(got, float) and close(got, want), (got, want)


# ---- the deck file ------------------------------------------------------------------------

def test_every_quiz_card_has_a_reference():
    assert {card.id for card in INIT.quiz} == set(REFERENCES)


# ---- quiz verifiers over sampled parameters ----------------------------------------------

@pytest.mark.parametrize("card_id", sorted(REFERENCES))
def test_quiz_answers_match_documented_formulas(card_id, device):
    for seed in SEEDS:
        p = INIT.sample(card_id, seed)
        got = run(card_id, p, device)
        check_answer(card_id, got, REFERENCES[card_id](p))
    if INIT.card(card_id).answer == "choice":
        assert got in INIT.choices(card_id)


# ---- hand-picked edge cases -------------------------------------------------------------

@pytest.mark.parametrize("nonlinearity, a, mode, want", [
    ("leaky_relu", 0.0, "fan_in", math.sqrt(2) / math.sqrt(50)),   # kaiming's default
    ("leaky_relu", 1.0, "fan_in", 1 / math.sqrt(50)),              # slope 1 is linear
    ("leaky_relu", math.sqrt(5), "fan_in", math.sqrt(1 / 3) / math.sqrt(50)),  # nn.Linear's
    ("relu", 0.7, "fan_out", math.sqrt(2) / math.sqrt(7)),         # `a` ignored for relu
    ("tanh", 0.2, "fan_out", 5 / 3 / math.sqrt(7)),
])
def test_kaiming_normal_edge_cases(nonlinearity, a, mode, want, device):
    p = {"fan_in": 50, "fan_out": 7, "mode": mode, "nonlinearity": nonlinearity, "a": a}
    assert close(run("kaiming-normal-std", p, device), want)


def test_xavier_gain_zero_and_one_by_one(device):
    assert run("xavier-uniform-bound", {"fan_in": 9, "fan_out": 3, "gain": 0.0}, device) == 0
    got = run("xavier-uniform-bound", {"fan_in": 1, "fan_out": 1, "gain": 1.0}, device)
    assert close(got, math.sqrt(3))


def test_depthwise_conv_fans(device):
    p = {"C_in": 8, "C_out": 8, "kh": 3, "kw": 5, "groups": 8}
    assert run("conv-fan-in", p, device) == 15
    assert run("conv-fan-out", p, device) == 120


def test_scale_recovery_rejects_what_is_not_a_scaled_draw(device):
    module = INIT.module
    with pytest.raises(RuntimeError):
        module.recover_scale(lambda w, g: w.fill_(0.5), (20, 20), "uniform", device)
    with pytest.raises(RuntimeError):  # a uniform draw read back as a normal one
        module.recover_scale(lambda w, g: w.uniform_(-2, 2, generator=g), (20, 20), "normal",
                             device)
    got = module.recover_scale(lambda w, g: w.uniform_(-2, 2, generator=g), (20, 20), "uniform",
                               device)
    assert close(got, 2.0)


def test_sample_conv_groups_always_divides():
    module = INIT.module
    for seed in range(300):
        rng = random.Random(seed)
        p = module.sample_conv_groups(
            {"C_in": rng.choice([3, 4, 6]), "C_out": rng.choice([6, 8]), "groups": 4}, rng)
        assert p["C_in"] % p["groups"] == 0 and p["C_out"] % p["groups"] == 0


# ---- defaults checked by sampling statistics (numpy / scipy), independent of the replay ----

def test_linear_default_by_sampling(device):
    import torch

    layer = torch.nn.Linear(400, 2000, device=device, dtype=torch.float64)
    w = layer.weight.detach().cpu().numpy().ravel()
    bound = 1 / math.sqrt(400)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.999 * bound
    assert abs(np.var(w) / (bound**2 / 3) - 1) < 0.02  # U(-b, b) has variance b²/3
    assert stats.kstest(w / bound, stats.uniform(-1, 2).cdf).pvalue > 1e-4
    b = layer.bias.detach().cpu().numpy()
    assert np.abs(b).max() <= bound and np.abs(b).max() > 0.95 * bound


def test_embedding_default_by_sampling(device):
    import torch

    w = torch.nn.Embedding(2000, 64, device=device, dtype=torch.float64).weight
    w = w.detach().cpu().numpy().ravel()
    assert abs(np.std(w) - 1) < 0.02 and abs(np.mean(w)) < 0.02
    assert np.abs(w).max() > 3  # U(-1, 1) could never leave [-1, 1]
    assert stats.kstest(w, "norm").pvalue > 1e-4
