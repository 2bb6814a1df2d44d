"""The init deck: every verifier against torch.nn.init's documented formulas, never torch."""

from __future__ import annotations

import math
import random
import re

import numpy as np
import pytest
import slipkit
from deckkit import kit
from scipy import stats

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

INIT = kit("init")
run = INIT.run
HEAVY = {"resnet-conv-init-std", "embedding-default-init"}  # megabyte weights: fewer seeds


def seeds(card_id: str, many: int = 60) -> range:
    return range(20 if card_id in HEAVY else many)


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


@pytest.mark.parametrize("card_id", sorted(REFERENCES))
def test_stated_tests_agree_with_the_documented_formulas(card_id):
    """The YAML's hand-worked answers (6 significant figures), checked against the formulas;
    every quiz card states at least 2 tests, one of them an edge case."""
    card = INIT.card(card_id)
    assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card_id
    for test in card.tests:
        want = REFERENCES[card_id](dict(test.params))
        if isinstance(want, str):
            assert test.answer == want
        else:
            assert math.isclose(test.answer, want, rel_tol=1e-5, abs_tol=1e-12), (test, want)


@pytest.mark.parametrize("card_id", sorted(REFERENCES))
def test_every_slip_id_fires_in_a_stated_test(card_id):
    """Each slip the card can name is typed in one of its YAML tests."""
    card = INIT.card(card_id)
    listed = {s.id for seed in range(40) for s in slipkit.slips_of(
        "init", card_id, INIT.sample(card_id, seed))}
    listed |= {s.id for t in card.tests for s in slipkit.slips_of("init", card_id, t.params)}
    typed = {case.slip for t in card.tests for case in t.typed if case.slip}
    assert listed == typed, (listed - typed, typed - listed)


def test_number_prompts_state_the_precision_and_stand_alone():
    for card in INIT.quiz:
        if card.answer == "number":
            assert "3 significant figures" in card.prompt.en, card.id
            assert "3 位有效数字" in card.prompt.get("zh"), card.id
        assert not re.match(r"(And|So|Then)\b", card.prompt.en), card.id
        assert not card.prompt.get("zh").startswith(("那么", "那", "再")), card.id
    fan_out = INIT.card("conv-fan-out")
    assert "fan_out" in fan_out.prompt.en and "_calculate_fan_in_and_fan_out" in fan_out.code


# ---- quiz verifiers over sampled parameters ----------------------------------------------

@pytest.mark.parametrize("card_id", sorted(REFERENCES))
def test_quiz_answers_match_documented_formulas(card_id, device):
    for seed in seeds(card_id):
        p = INIT.sample(card_id, seed)
        got = run(card_id, p, device)
        check_answer(card_id, got, REFERENCES[card_id](p))
    if INIT.card(card_id).answer == "choice":
        assert got in INIT.choices(card_id)


@pytest.mark.parametrize("card_id", ["conv-fan-in", "conv-fan-out", "conv2d-default-weight-bound"])
def test_200_sampled_seeds_never_meet_a_refusal(card_id):
    import torch

    for seed in range(200):
        check_answer(card_id, run(card_id, INIT.sample(card_id, seed), torch.device("cpu")),
                     REFERENCES[card_id](INIT.sample(card_id, seed)))


# ---- hand-picked edge cases -------------------------------------------------------------

@pytest.mark.parametrize("nonlinearity, a, mode, want", [
    ("leaky_relu", 0.0, "fan_in", math.sqrt(2) / math.sqrt(50)),   # kaiming's default
    ("leaky_relu", 1.0, "fan_in", 1 / math.sqrt(50)),              # slope 1 is linear
    ("leaky_relu", math.sqrt(5), "fan_in", math.sqrt(1 / 3) / math.sqrt(50)),  # nn.Linear's
    ("relu", 0.7, "fan_out", math.sqrt(2) / math.sqrt(7)),         # `a` ignored for relu
    ("tanh", 0.2, "fan_out", 5 / 3 / math.sqrt(7)),
    ("linear", 3.0, "fan_in", 1 / math.sqrt(50)),
])
def test_kaiming_normal_edge_cases(nonlinearity, a, mode, want, device):
    p = {"fan_in": 50, "fan_out": 7, "mode": mode, "nonlinearity": nonlinearity, "a": a}
    assert close(run("kaiming-normal-std", p, device), want)


def test_xavier_gain_zero_and_one_by_one(device):
    assert run("xavier-uniform-bound", {"fan_in": 9, "fan_out": 3, "gain": 0.0}, device) == 0
    got = run("xavier-uniform-bound", {"fan_in": 1, "fan_out": 1, "gain": 1.0}, device)
    assert close(got, math.sqrt(3))
    one = {"fan_in": 1, "fan_out": 1}
    assert close(run("xavier-normal-std", {**one, "gain": 1.0}, device), 1.0)
    assert close(run("xavier-normal-variance", one, device), 1.0)
    wide = {"fan_in": 2048, "fan_out": 1}  # the widest admitted fan
    assert close(run("xavier-normal-variance", wide, device), 2 / 2049)


def test_depthwise_and_pointwise_conv_fans(device):
    p = {"C_in": 8, "C_out": 8, "kh": 3, "kw": 5, "groups": 8}
    assert run("conv-fan-in", p, device) == 15
    assert run("conv-fan-out", p, device) == 120
    point = {"C_in": 64, "C_out": 16, "kh": 1, "kw": 1, "groups": 1}
    assert (run("conv-fan-in", point, device), run("conv-fan-out", point, device)) == (64, 16)
    depthwise = {"C_in": 32, "C_out": 32, "kernel_size": 3, "groups": 32}
    assert close(run("conv2d-default-weight-bound", depthwise, device), 1 / 3)


def test_layer_edge_cases(device):
    one_input = {"in_features": 1, "out_features": 10}
    assert close(run("linear-default-weight-bound", one_input, device), 1.0)
    assert close(run("linear-default-bias-bound", one_input, device), 1.0)
    big = {"in_features": 10000, "out_features": 1}
    assert close(run("linear-default-bias-bound", big, device), 0.01)
    for nonlinearity, want in GAINS.items():
        got = run("calculate-gain", {"nonlinearity": nonlinearity, "param": 0.5}, device)
        assert close(got, want), nonlinearity


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


# ---- refusals -----------------------------------------------------------------------------

@pytest.mark.parametrize("card_id, given", [
    ("xavier-uniform-bound", {"fan_in": 0}),          # below the admitted range
    ("xavier-uniform-bound", {"gain": -1.0}),
    ("kaiming-normal-std", {"mode": "fan_avg"}),
    ("calculate-gain", {"nonlinearity": "gelu"}),
    ("conv-fan-in", {"groups": 128}),
    ("linear-default-weight-bound", {"in_features": 20000}),
])
def test_params_outside_the_specs_are_refused(card_id, given):
    with pytest.raises(ParamError):
        INIT.sample(card_id, 0, **given)


@pytest.mark.parametrize("card_id, given", [
    ("xavier-normal-std", {"fan_in": 2.5}),           # admitted as a number, but no size
    ("conv-fan-in", {"C_in": 16, "C_out": 32, "groups": 3}),
    ("conv-fan-out", {"C_in": 8, "C_out": 8, "groups": 16}),
    ("conv2d-default-weight-bound", {"C_in": 3, "groups": 2}),
])
def test_combinations_without_an_answer_are_invalid(card_id, given, device):
    p = INIT.sample(card_id, 0, **given)
    with pytest.raises(Invalid):
        run(card_id, p, device)


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


def test_xavier_normal_sample_variance_is_not_the_square_root(device):
    """numpy's variance of a big draw: 2/(fan_in+fan_out), nowhere near √(2/(fan_in+fan_out))."""
    import torch

    w = torch.nn.init.xavier_normal_(torch.empty(300, 700, dtype=torch.float64, device=device))
    var = float(np.var(w.cpu().numpy()))
    assert abs(var / (2 / 1000) - 1) < 0.03 and var < math.sqrt(2 / 1000) / 10


# ---- flash cards: readable live checks ------------------------------------------------------

@pytest.mark.parametrize("card", INIT.flash, ids=lambda c: c.id)
def test_live_checks_read_as_sentences(card, device):
    _, why = getattr(INIT.module, card.verifier)({}, device)
    assert why["en"].endswith(".") and why["zh"].endswith("。"), why
    assert "['" not in why["en"] + why["zh"], why  # no Python list of strings
    assert re.match(r"[A-Za-z]", why["en"]) and re.search(r"[a-z]{3,} [a-z]{3,}", why["en"])


def test_constant_init_check_shows_the_trained_weights(device):
    """The shown weight row is the one after 5 SGD steps from 0.3, not the zeroed one."""
    _, why = INIT.module.check_zero_init_symmetry({}, device)
    row = re.search(r"\[([^\]]+)\]", why["en"]).group(1)
    values = [float(v) for v in row.split(",")]
    assert len(values) == 3 and all(v != 0 and v != 0.3 for v in values), why
    assert len(set(values)) > 1  # the 3 inputs differ; the 4 hidden units are what is equal


# ---- slips ----------------------------------------------------------------------------------

SLIP_CARDS = sorted(REFERENCES)


def slips(card_id: str, p: dict) -> dict:
    return slipkit.by_id("init", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(got, expected, close)


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_slips_are_named_in_the_deck(card_id):
    assert INIT.card(card_id).slips == card_id.replace("-", "_") + "_slips"


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_slip_ids_are_unique_in_each_list(card_id):
    for seed in range(40):
        found = slipkit.slips_of("init", card_id, INIT.sample(card_id, seed))
        assert len({s.id for s in found}) == len(found)


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, card_id):
    n = len(seeds(card_id, 80))
    typed = sum(slipkit.through_the_app(runner, "init", card_id, INIT.sample(card_id, seed))
                for seed in seeds(card_id, 80))
    assert typed >= n


def test_xavier_slips_by_hand(runner):
    assert approx(slips("xavier-uniform-bound", {"fan_in": 100, "fan_out": 200, "gain": 2.0}), {
        "gain-forgotten": math.sqrt(6 / 300), "std-for-bound": 2 * math.sqrt(2 / 300),
        "sqrt-forgotten": 0.04, "fan-out-dropped": 2 * math.sqrt(0.06)})
    # gain 1: "forgot the gain" gives the right answer, so the app does not name it
    std = {"fan_in": 64, "fan_out": 64, "gain": 1.0}
    assert approx(slips("xavier-normal-std", std), {
        "variance-for-std": 2 / 128, "gain-forgotten": 0.125, "bound-for-std": math.sqrt(6 / 128),
        "fan-out-dropped": math.sqrt(2 / 64)})
    assert slipkit.slip_shown(runner, "init", "xavier-normal-std", std, 0.125) is None
    assert slipkit.slip_shown(runner, "init", "xavier-normal-std", std, 2 / 128) == \
        "variance-for-std"
    assert approx(slips("xavier-normal-variance", {"fan_in": 100, "fan_out": 300}), {
        "std-for-variance": math.sqrt(0.005), "lecun-variance": 0.01, "bound-squared": 0.015})
    # equal fans: LeCun's 1/fan_in is 2/(fan_in+fan_out), the right answer: the app names none
    equal = {"fan_in": 100, "fan_out": 100}
    assert slips("xavier-normal-variance", equal)["lecun-variance"] == 0.01
    assert slipkit.slip_shown(runner, "init", "xavier-normal-variance", equal, 0.01) is None
    assert slipkit.slip_shown(runner, "init", "xavier-normal-variance", equal, 0.1) == \
        "std-for-variance"


def test_kaiming_slips_by_hand(runner):
    p = {"fan_in": 50, "fan_out": 200, "mode": "fan_in", "nonlinearity": "leaky_relu", "a": 1.0}
    # gain = √(2/(1+1)) = 1: σ = 1/√50, so "forgot the gain" is right and the app names none
    assert approx(slips("kaiming-normal-std", p), {
        "fans-swapped": 1 / math.sqrt(200), "gain-forgotten": 1 / math.sqrt(50),
        "variance-for-std": 1 / 50, "bound-for-std": math.sqrt(3 / 50),
        "slope-ignored": math.sqrt(2 / 50)})
    assert slipkit.slip_shown(runner, "init", "kaiming-normal-std", p, 1 / math.sqrt(50)) is None
    tanh = {**p, "nonlinearity": "tanh", "mode": "fan_out"}  # gain 5/3, fan_out 200
    got = slips("kaiming-normal-std", tanh)
    assert close(got["relu-gain-assumed"], math.sqrt(2 / 200)) and "slope-ignored" not in got
    assert slipkit.slip_shown(runner, "init", "kaiming-normal-std", tanh, 0.1) == \
        "relu-gain-assumed"
    assert "relu-gain-assumed" not in slips("kaiming-normal-std", {**p, "nonlinearity": "relu"})
    q = {"C_in": 16, "C_out": 64, "kernel_size": 3, "mode": "fan_in", "nonlinearity": "relu",
         "a": 0.0}
    # fan_in = 16·3·3 = 144, gain √2: b = √2·√(3/144)
    assert approx(slips("kaiming-uniform-bound", q), {
        "kernel-forgotten": math.sqrt(6 / 16), "fans-swapped": math.sqrt(6 / 576),
        "std-for-bound": math.sqrt(2) / 12, "gain-forgotten": math.sqrt(3 / 144)})
    resnet = {"C_in": 3, "C_out": 64, "kernel_size": 7}
    assert approx(slips("resnet-conv-init-std", resnet), {
        "fans-swapped": math.sqrt(2 / 147), "kernel-forgotten": math.sqrt(2 / 64),
        "variance-for-std": 2 / 3136, "gain-forgotten": 1 / 56})


def test_gain_slips_by_hand(runner):
    leaky = {"nonlinearity": "leaky_relu", "param": 0.2}
    assert approx(slips("calculate-gain", leaky), {"gain-squared": 2 / 1.04,
                                                   "slope-ignored": math.sqrt(2)})
    assert slipkit.slip_shown(runner, "init", "calculate-gain", leaky, 1.41) == "slope-ignored"
    tanh = {"nonlinearity": "tanh", "param": 0.5}
    assert approx(slips("calculate-gain", tanh), {"gain-squared": 25 / 9,
                                                  "param-misread": math.sqrt(1.6)})


def test_layer_default_slips_by_hand(runner):
    lin = {"in_features": 100, "out_features": 10}
    assert approx(slips("linear-default-weight-bound", lin), {
        "he-uniform-bound": math.sqrt(0.06), "xavier-bound": math.sqrt(6 / 110),
        "out-features-used": 1 / math.sqrt(10), "sqrt-forgotten": 0.01})
    assert approx(slips("linear-default-bias-bound", lin), {
        "zero-bias": 0.0, "unit-bound": 1.0, "out-features-used": 1 / math.sqrt(10),
        "sqrt-forgotten": 0.01})
    assert slipkit.slip_shown(runner, "init", "linear-default-bias-bound", lin, 1.0) == \
        "unit-bound"
    conv = {"C_in": 16, "C_out": 8, "kernel_size": 3, "groups": 4}  # fan_in = 4·9 = 36
    assert approx(slips("conv2d-default-weight-bound", conv), {
        "groups-forgotten": 1 / 12, "kernel-forgotten": 1 / 2, "he-uniform-bound": math.sqrt(1 / 6),
        "sqrt-forgotten": 1 / 36})
    fans = {"C_in": 16, "C_out": 32, "kh": 3, "kw": 5, "groups": 2}  # weight (32, 8, 3, 5)
    assert slips("conv-fan-in", fans) == {"groups-forgotten": 240, "kernel-forgotten": 8,
                                          "fans-swapped": 480}
    assert slips("conv-fan-out", fans) == {"divided-by-groups": 240, "kernel-forgotten": 32,
                                           "fans-swapped": 120}
    # groups 1 and a 1×1 kernel: two slips give the right fan_out, 32, so the app names none
    plain = {**fans, "groups": 1, "kh": 1, "kw": 1}
    assert slips("conv-fan-out", plain) == {"divided-by-groups": 32, "kernel-forgotten": 32,
                                            "fans-swapped": 16}
    assert slipkit.slip_shown(runner, "init", "conv-fan-out", plain, 32) is None
    emb = {"num_embeddings": 10, "embedding_dim": 8}
    assert slips("embedding-default-init", emb) == {
        "uniform-assumed": "U(-1, 1)", "fan-in-bound-assumed": "U(-1/√dim, 1/√dim)",
        "dim-scaled-normal": "N(0, 1/dim)"}
    assert set(slips("embedding-default-init", emb).values()) < set(
        INIT.choices("embedding-default-init"))
    assert slipkit.slip_shown(runner, "init", "embedding-default-init", emb, "U(-1, 1)") == \
        "uniform-assumed"
