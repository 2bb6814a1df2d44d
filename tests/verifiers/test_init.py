"""The init deck: every verifier against torch.nn.init's documented formulas, never torch."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
import slipkit
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


# ---- slips ----------------------------------------------------------------------------------

SLIP_CARDS = ["conv-fan-in", "conv-fan-out", "conv2d-default-weight-bound",
              "kaiming-normal-std", "kaiming-uniform-bound", "linear-default-bias-bound",
              "linear-default-weight-bound", "xavier-normal-std", "xavier-normal-variance",
              "xavier-uniform-bound"]


def slips(card_id: str, p: dict) -> dict[str, float]:
    return slipkit.by_hint("init", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(got, expected, close)



@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_slips_are_named_in_the_deck(card_id):
    assert INIT.card(card_id).slips == card_id.replace("-", "_") + "_slips"


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(session, card_id):
    typed = sum(slipkit.through_the_app(session, "init", card_id, INIT.sample(card_id, seed))
                for seed in range(200))
    assert typed > 100


def test_xavier_slips_by_hand(session):
    assert approx(slips("xavier-uniform-bound", {"fan_in": 100, "fan_out": 200, "gain": 2.0}), {
        "forgot the gain: multiply by gain = 2": math.sqrt(6 / 300),
        "gave xavier_normal_'s std gain·√(2/(fan_in+fan_out)): the uniform bound uses 6, "
        "because U(−b, b) has variance b²/3": 2 * math.sqrt(2 / 300),
        "forgot the square root: b = gain·√(6/(fan_in+fan_out))": 0.04})
    # gain 1: "forgot the gain" gives the right answer, so the app does not name it
    std = {"fan_in": 64, "fan_out": 64, "gain": 1.0}
    assert approx(slips("xavier-normal-std", std), {
        "gave the variance gain²·2/(fan_in+fan_out): σ is its square root": 2 / 128,
        "forgot the gain: multiply by gain = 1": 0.125,
        "gave xavier_uniform_'s bound gain·√(6/(fan_in+fan_out)): the normal std uses 2":
            math.sqrt(6 / 128)})
    assert slipkit.slip_shown(session, "init", "xavier-normal-std", std, 0.125) is None
    assert approx(slips("xavier-normal-variance", {"fan_in": 100, "fan_out": 300}), {
        "gave the std √(2/(fan_in+fan_out)): the variance is its square, 2/(fan_in+fan_out)":
            math.sqrt(0.005),
        "used 1/fan_in (LeCun's variance): Xavier averages both fans, 2/(fan_in+fan_out)":
            0.01})
    # equal fans: LeCun's 1/fan_in is 2/(fan_in+fan_out), the right answer: the app names none
    equal = {"fan_in": 100, "fan_out": 100}
    assert approx(slips("xavier-normal-variance", equal), {
        "gave the std √(2/(fan_in+fan_out)): the variance is its square, 2/(fan_in+fan_out)":
            0.1,
        "used 1/fan_in (LeCun's variance): Xavier averages both fans, 2/(fan_in+fan_out)":
            0.01})
    assert slipkit.slip_shown(session, "init", "xavier-normal-variance", equal, 0.01) is None


def test_kaiming_slips_by_hand(session):
    p = {"fan_in": 50, "fan_out": 200, "mode": "fan_in", "nonlinearity": "leaky_relu", "a": 1.0}
    # gain = √(2/(1+1)) = 1: σ = 1/√50, so "forgot the gain" is right and the app names none
    assert approx(slips("kaiming-normal-std", p), {
        "used fan_out, but mode='fan_in' divides by fan_in": 1 / math.sqrt(200),
        "forgot the gain: multiply by gain = 1": 1 / math.sqrt(50),
        "gave the variance gain²/fan: σ is its square root": 1 / 50,
        "ignored the negative slope a: leaky_relu's gain is √(2/(1+a²))": math.sqrt(2 / 50)})
    assert slipkit.slip_shown(session, "init", "kaiming-normal-std", p, 1 / math.sqrt(50)) is None
    q = {"C_in": 16, "C_out": 64, "kernel_size": 3, "mode": "fan_in", "nonlinearity": "relu",
         "a": 0.0}
    # fan_in = 16·3·3 = 144, gain √2: b = √2·√(3/144)
    assert approx(slips("kaiming-uniform-bound", q), {
        "left out the kernel size: a conv weight's fan_in is C_in·k·k (fan_out C_out·k·k)":
            math.sqrt(6 / 16),
        "used fan_out, but mode='fan_in' divides by fan_in": math.sqrt(6 / 576),
        "gave kaiming_normal_'s std gain/√fan: the uniform bound is gain·√(3/fan)":
            math.sqrt(2) / 12,
        "forgot the gain: multiply by gain = 1.414": math.sqrt(3 / 144)})


def test_layer_default_slips_by_hand(session):
    lin = {"in_features": 100, "out_features": 10}
    assert approx(slips("linear-default-weight-bound", lin), {
        "gave the He (ReLU) bound √(6/fan_in): nn.Linear calls kaiming_uniform_ with a=√5, so "
        "b = 1/√in_features": math.sqrt(0.06),
        "gave the Xavier bound √(6/(fan_in+fan_out)): nn.Linear's default is not Xavier":
            math.sqrt(6 / 110),
        "used out_features: the bound uses fan_in = in_features": 1 / math.sqrt(10),
        "forgot the square root: b = 1/√in_features": 0.01})
    assert approx(slips("linear-default-bias-bound", lin), {
        "nn.Linear's bias does not start at 0: it is drawn from "
        "U(−1/√in_features, 1/√in_features)": 0.0,
        "used out_features: the bound uses fan_in = in_features": 1 / math.sqrt(10)})
    conv = {"C_in": 16, "C_out": 8, "kernel_size": 3, "groups": 4}  # fan_in = 4·9 = 36
    assert approx(slips("conv2d-default-weight-bound", conv), {
        "forgot the groups: each filter sees C_in/groups channels, so fan_in = "
        "(C_in/groups)·k·k": 1 / 12,
        "left out the kernel size: fan_in = (C_in/groups)·k·k": 1 / 2})
    fans = {"C_in": 16, "C_out": 32, "kh": 3, "kw": 5, "groups": 2}  # weight (32, 8, 3, 5)
    assert slips("conv-fan-in", fans) == {
        "forgot the groups: the weight has C_in/groups input channels, so fan_in = "
        "(C_in/groups)·kh·kw": 240,
        "left out the kernel: fan_in = weight.size(1)·kh·kw": 8}
    assert slips("conv-fan-out", fans) == {
        "divided C_out by groups: fan_out is weight.size(0)·kh·kw = C_out·kh·kw; groups shrink "
        "only fan_in": 240,
        "left out the kernel: fan_out = weight.size(0)·kh·kw": 32}
    # groups 1 and a 1×1 kernel: both slips give the right fan_out, 32, so the app names none
    plain = {**fans, "groups": 1, "kh": 1, "kw": 1}
    assert set(slips("conv-fan-out", plain).values()) == {32}
    assert slipkit.slip_shown(session, "init", "conv-fan-out", plain, 32) is None
