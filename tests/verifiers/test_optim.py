"""The optim deck: every verifier against the update rules of PyTorch's docs, in plain floats."""

from __future__ import annotations

import bisect
import math
import random
from fractions import Fraction

import pytest
import slipkit
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

OPTIM = kit("optim")
sample = OPTIM.sample
SEEDS = range(60)


def close(got: float, want: float) -> bool:
    # abs_tol only absorbs float64 rounding where θ - update cancels to (nearly) zero
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-14)


# ---- reference update rules: the pseudo-code of each torch.optim class's documentation -------

def ref_sgd(p: dict, want_buffer: bool = False) -> float:
    theta, buf = p["theta"], None
    mu, d, wd = p["momentum"], p["dampening"], p["weight_decay"]
    for g in p["grads"]:
        g = g + wd * theta
        if mu:
            buf = g if buf is None else mu * buf + (1 - d) * g
            g = g + mu * buf if p.get("nesterov") else buf
        theta -= p["lr"] * g
    return buf if want_buffer else theta


def ref_adam(p: dict, decoupled: bool = False) -> float:
    theta, m, v = p["theta"], 0.0, 0.0
    lr, b1, b2, eps, wd = p["lr"], p["beta1"], p["beta2"], p["eps"], p["weight_decay"]
    for t, g in enumerate(p["grads"], start=1):
        if decoupled:
            theta *= 1 - lr * wd
        else:
            g = g + wd * theta
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        theta -= lr * m_hat / (math.sqrt(v_hat) + eps)
    return theta


def ref_adam_moments(p: dict) -> list[float]:
    m = v = 0.0
    for g in p["grads"]:
        m = p["beta1"] * m + (1 - p["beta1"]) * g
        v = p["beta2"] * v + (1 - p["beta2"]) * g * g
    return [m, v]


def ref_rmsprop(p: dict) -> float:
    theta, v, g_avg, buf = p["theta"], 0.0, 0.0, 0.0
    alpha, eps, mu = p["alpha"], p["eps"], p["momentum"]
    for g in p["grads"]:
        v = alpha * v + (1 - alpha) * g * g
        v_tilde = v
        if p["centered"]:
            g_avg = alpha * g_avg + (1 - alpha) * g
            v_tilde = v - g_avg**2
        step = g / (math.sqrt(v_tilde) + eps)
        if mu > 0:
            buf = mu * buf + step
            step = buf
        theta -= p["lr"] * step
    return theta


def ref_adagrad(p: dict) -> float:
    theta, total = p["theta"], p["initial_accumulator_value"]
    for t, g in enumerate(p["grads"], start=1):
        lr_t = p["lr"] / (1 + (t - 1) * p["lr_decay"])
        total += g * g
        theta -= lr_t * g / (math.sqrt(total) + p["eps"])
    return theta


def ref_decay_zero_grad(p: dict) -> float:
    common = {"theta": p["theta"], "grads": [0.0], "lr": p["lr"], "weight_decay": p["weight_decay"]}
    if p["optimizer"] == "SGD":
        return ref_sgd({**common, "momentum": 0, "dampening": 0, "nesterov": False})
    adam = {**common, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}
    return ref_adam(adam, decoupled=p["optimizer"] == "AdamW")


def ref_cosine(p: dict) -> float:
    """The closed form in CosineAnnealingLR's docs; it holds past T_max too (the cosine rises)."""
    lr, eta, t_max = p["lr"], p["eta_min"], p["T_max"]
    return eta + (lr - eta) * (1 + math.cos(math.pi * p["epoch"] / t_max)) / 2


def ref_cosine_recursive(lr: float, eta: float, t_max: int, epochs: int) -> list[float]:
    """The docs' recursive form: η_t from η_{t-1}, with the special case at (2k+1)·T_max + 1."""
    out = [lr]
    for t in range(1, epochs + 1):
        prev = out[-1]
        if (t - 1 - t_max) % (2 * t_max) == 0:
            out.append(prev + (lr - eta) * (1 - math.cos(math.pi / t_max)) / 2)
        else:
            ratio = (1 + math.cos(math.pi * t / t_max)) / (1 + math.cos(math.pi * (t - 1) / t_max))
            out.append(eta + (prev - eta) * ratio)
    return out


def ref_onecycle(p: dict) -> float:
    """Two phases (Smith & Topin): initial → max_lr, then max_lr → initial/final_div_factor."""
    top, total, step = p["max_lr"], p["total_steps"], p["step"]
    initial = top / p["div_factor"]
    peak = p["pct_start"] * total - 1
    if step <= peak:
        a, b, frac = initial, top, step / peak
    else:
        a, b, frac = top, initial / p["final_div_factor"], (step - peak) / (total - 1 - peak)
    if p["anneal_strategy"] == "linear":
        return a + (b - a) * frac
    return b + (a - b) * (1 + math.cos(math.pi * frac)) / 2


def ref_lambda(p: dict) -> float:
    """LambdaLR's docs: lr_epoch = base_lr · lr_lambda(epoch)."""
    return p["lr"] * p["factor"] ** p["epoch"]


def ref_multiplicative(p: dict) -> float:
    """MultiplicativeLR's docs: lr_epoch = lr_{epoch-1} · lr_lambda(epoch) for epoch >= 1."""
    lr = p["lr"]
    for e in range(1, p["epoch"] + 1):
        lr *= p["factor"] ** e if p["form"] == "power" else p["factor"]
    return lr


def ref_param_groups(p: dict) -> list[float]:
    """A group's own lr overrides the default; StepLR scales each group's initial lr."""
    k = p["gamma"] ** (p["epoch"] // p["step_size"])
    return [p["backbone_lr"] * k, p["lr"] * k]


def ref_adam_step_count(p: dict) -> int:
    """Optimizer.step skips parameters whose .grad is None; zero_grad(set_to_none=False)
    leaves zero tensors, which are gradients."""
    if p["index"] == 0 or not p["set_to_none"]:
        return p["n"]
    return sum(1 for i in range(p["n"]) if i % p["every"] == 0)


# The per-parameter state of each algorithm box in torch.optim's docs (and Adagrad's
# constructor, which fills its state before any step).
STATE_KEYS = {
    "SGD(params, lr=0.1)": (set(), False),
    "SGD(params, lr=0.1, momentum=0.9)": ({"momentum_buffer"}, False),
    "Adam(params)": ({"step", "exp_avg", "exp_avg_sq"}, False),
    "AdamW(params)": ({"step", "exp_avg", "exp_avg_sq"}, False),
    "Adam(params, amsgrad=True)": ({"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}, False),
    "RMSprop(params)": ({"step", "square_avg"}, False),
    "RMSprop(params, momentum=0.9)": ({"step", "square_avg", "momentum_buffer"}, False),
    "Adagrad(params)": ({"step", "sum"}, True),
}


def ref_state_keys(p: dict) -> str:
    keys, at_construction = STATE_KEYS[p["optimizer"]]
    shown = sorted(keys) if p["steps"] or at_construction else []
    return "[" + ", ".join(repr(k) for k in shown) + "]"


REFERENCES = {
    "sgd-momentum-step": ref_sgd,
    "adam-step": ref_adam,
    "adamw-step": lambda p: ref_adam(p, decoupled=True),
    "adam-first-step-delta": lambda p: ref_adam({"theta": 0.0, "grads": [p["grad"]], "lr": p["lr"],
                                                 "beta1": 0.9, "beta2": 0.999, "eps": p["eps"],
                                                 "weight_decay": 0.0}),
    "decay-zero-grad-step": ref_decay_zero_grad,
    "rmsprop-step": ref_rmsprop,
    "adagrad-step": ref_adagrad,
    "step-lr": lambda p: p["lr"] * p["gamma"] ** (p["epoch"] // p["step_size"]),
    "multistep-lr": lambda p: p["lr"] * p["gamma"] ** bisect.bisect_right(p["milestones"],
                                                                           p["epoch"]),
    "exponential-lr": lambda p: p["lr"] * p["gamma"] ** p["epoch"],
    "cosine-annealing-lr": ref_cosine,
    "onecycle-lr": ref_onecycle,
    "lambda-lr": ref_lambda,
    "multiplicative-lr": ref_multiplicative,
    "param-groups-lr": ref_param_groups,
    "sgd-state-buffer": lambda p: ref_sgd(p, want_buffer=True),
    "adam-state-step": ref_adam_step_count,
    "adam-state-moments": ref_adam_moments,
    "optimizer-state-keys": ref_state_keys,
}


def agrees(card_id: str, got, want) -> bool:
    kind = OPTIM.card(card_id).answer
    if kind == "number":
        return isinstance(got, float) and close(got, want)
    if kind == "tensor":
        return len(got) == len(want) and all(close(a, b) for a, b in zip(got, want, strict=True))
    return got == want and type(got) is type(want)


def test_every_quiz_card_has_a_reference():
    assert {card.id for card in OPTIM.quiz} == set(REFERENCES)


def test_every_quiz_card_states_tests_with_an_edge_case():
    for card in OPTIM.quiz:
        assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card.id


# ---- quiz verifiers over sampled parameters ----------------------------------------------

@pytest.mark.parametrize("card_id", sorted(REFERENCES))
def test_quiz_answers_match_documented_rules(card_id, device):
    for seed in SEEDS:
        p = sample(card_id, seed)
        got, want = OPTIM.run(card_id, p, device), REFERENCES[card_id](p)
        assert agrees(card_id, got, want), (seed, p, got, want)


def test_samplers_respect_torch_constraints():
    for seed in range(400):
        sgd = sample("sgd-momentum-step", seed)
        assert not sgd["nesterov"] or (sgd["dampening"] == 0 and sgd["momentum"] > 0)
        cos = sample("cosine-annealing-lr", seed)
        assert cos["eta_min"] < cos["lr"] and 0 <= cos["epoch"] <= 2 * cos["T_max"]
        one = sample("onecycle-lr", seed)
        assert 0 <= one["step"] < one["total_steps"]
        assert abs(one["pct_start"] * one["total_steps"] - round(one["pct_start"]
                                                                 * one["total_steps"])) < 1e-9
        ms = sample("multistep-lr", seed)["milestones"]
        assert ms == sorted(set(ms))
        assert sample("sgd-momentum-step", seed) == sgd  # deterministic
    assert any(sample("cosine-annealing-lr", s)["epoch"]
               > sample("cosine-annealing-lr", s)["T_max"] for s in range(50))


HOOKED = ["sgd-momentum-step", "onecycle-lr", "adam-state-step", "optimizer-state-keys",
          "multiplicative-lr", "cosine-annealing-lr", "multistep-lr"]


@pytest.mark.parametrize("card_id", HOOKED)
def test_sampled_params_always_have_an_answer(card_id):
    for seed in range(200):
        OPTIM.run(card_id, sample(card_id, seed), "cpu")  # raises Invalid if not


# ---- LambdaLR: 1e-9 relative to the documented rule, sampled and adversarial --------------

def test_lambda_lr_sampled_to_1e9(device):
    for seed in range(200):
        p = sample("lambda-lr", seed)
        got = OPTIM.run("lambda-lr", p, device)
        assert math.isclose(got, ref_lambda(p), rel_tol=1e-9, abs_tol=0.0), (seed, p, got)


@pytest.mark.parametrize("factor, epoch", [
    (0.0, 0), (0.0, 1), (0.0, 100), (1.1, 100), (1.1, 0), (1.0, 100), (0.5, 100), (1.2, 1000),
    (0.99, 1000), (0.0, 1000), (1, 7),
])
def test_lambda_lr_adversarial_to_1e9(factor, epoch, device):
    p = sample("lambda-lr", 3, factor=factor, epoch=epoch)  # the specs admit them
    got = OPTIM.run("lambda-lr", p, device)
    want = ref_lambda(p)
    assert math.isclose(got, want, rel_tol=1e-9, abs_tol=0.0), (p, got, want)


def test_lambda_lr_edges_by_hand(device):
    base = {"lr": 0.01}
    assert OPTIM.run("lambda-lr", {**base, "factor": 0.0, "epoch": 0}, device) == 0.01  # 0**0
    assert OPTIM.run("lambda-lr", {**base, "factor": 0.0, "epoch": 5}, device) == 0.0
    exact = Fraction(1, 100) * Fraction(11, 10) ** 100
    got = OPTIM.run("lambda-lr", {**base, "factor": 1.1, "epoch": 100}, device)
    assert abs(Fraction(got) - exact) / exact < Fraction(1, 10**9)


@pytest.mark.parametrize("override", [{"factor": 1.3}, {"factor": -0.1}, {"epoch": 1001},
                                      {"epoch": -1}, {"epoch": 2.5}, {"factor": "0.5"}])
def test_lambda_lr_refuses_params_outside_its_specs(override):
    with pytest.raises(ParamError):
        sample("lambda-lr", 0, **override)


# ---- MultiplicativeLR and its derive hook ------------------------------------------------

def test_multiplicative_lr_shows_the_lambda_it_runs(device):
    for seed in range(40):
        p = sample("multiplicative-lr", seed)
        power = " ** e" if p["form"] == "power" else ""
        assert p["lambda_code"] == f"lambda e: {p['factor']:g}{power}"
    p = sample("multiplicative-lr", 0, form="power", factor=0.9, epoch=4)
    assert p["lambda_code"] == "lambda e: 0.9 ** e"
    assert close(OPTIM.run("multiplicative-lr", p, device), p["lr"] * 0.9**10)
    with pytest.raises(ParamError):
        sample("multiplicative-lr", 0, lambda_code="lambda e: 2")


@pytest.mark.parametrize("form, factor, epoch", [
    ("power", 0.99, 100), ("constant", 1.2, 100), ("power", 0.0, 3), ("constant", 0.0, 0),
    ("power", 1.2, 20),
])
def test_multiplicative_lr_adversarial(form, factor, epoch, device):
    p = sample("multiplicative-lr", 1, form=form, factor=factor, epoch=epoch)
    assert math.isclose(OPTIM.run("multiplicative-lr", p, device), ref_multiplicative(p),
                        rel_tol=1e-9, abs_tol=0.0)


# ---- refusals ------------------------------------------------------------------------------

def test_combinations_without_an_answer_are_refused(device):
    sgd = {"theta": 1.0, "grads": [1.0], "lr": 0.1, "momentum": 0.9, "dampening": 0.5,
           "nesterov": True, "weight_decay": 0.0}
    with pytest.raises(Invalid):
        OPTIM.run("sgd-momentum-step", sgd, device)
    one = {"max_lr": 1.0, "total_steps": 8, "pct_start": 0.25, "step": 8, "div_factor": 25.0,
           "final_div_factor": 1e4, "anneal_strategy": "cos"}
    with pytest.raises(Invalid):
        OPTIM.run("onecycle-lr", one, device)
    with pytest.raises(Invalid):
        OPTIM.run("adam-state-step", {"n": 0, "every": 2, "set_to_none": True, "index": 1},
                  device)


@pytest.mark.parametrize("card_id, override", [
    ("adam-state-step", {"n": 0}), ("adam-state-step", {"index": 2}),
    ("optimizer-state-keys", {"optimizer": "Adadelta(params)"}),
    ("multiplicative-lr", {"form": "cubic"}), ("multiplicative-lr", {"epoch": 101}),
    ("sgd-momentum-step", {"lr": 0.3}),
])
def test_spec_violations_are_param_errors(card_id, override):
    with pytest.raises(ParamError):
        sample(card_id, 0, **override)


# ---- hand-picked edge cases -------------------------------------------------------------

ADAM = {"theta": 1.0, "lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0}
SGD = {"theta": 1.0, "lr": 0.1, "momentum": 0.9, "dampening": 0.0, "nesterov": False,
       "weight_decay": 0.0}


@pytest.mark.parametrize("card_id, p", [
    ("adam-step", {**ADAM, "grads": [1e-10]}),                    # eps-dominated: ≈ lr/101
    ("adam-step", {**ADAM, "grads": [1e-10, -1e-10, 1e-10]}),
    ("adam-step", {**ADAM, "grads": [0.0, 0.0]}),                 # nothing moves
    ("adam-step", {**ADAM, "grads": [0.0], "weight_decay": 0.5}),  # L2 alone, normalized
    ("adam-step", {**ADAM, "grads": [2.0, -2.0, 2.0], "beta1": 0.5, "beta2": 0.9}),
    ("adamw-step", {**ADAM, "grads": [0.0], "weight_decay": 0.5}),  # decay alone
    ("adamw-step", {**ADAM, "grads": [1.5, 1.5, 1.5], "weight_decay": 1.0}),
    ("adam-first-step-delta", {"grad": 1e-8, "lr": 0.1, "eps": 1e-8}),  # exactly half of lr
    ("adam-first-step-delta", {"grad": -1000.0, "lr": 0.001, "eps": 1e-8}),
    ("sgd-momentum-step", {**SGD, "grads": [1.0]}),                # one step vs several
    ("sgd-momentum-step", {**SGD, "grads": [1.0, 1.0, 1.0], "dampening": 0.5}),
    ("sgd-momentum-step", {**SGD, "grads": [1.0, -2.0, 0.5], "nesterov": True}),
    ("sgd-momentum-step", {**SGD, "grads": [0.0, 0.0], "weight_decay": 0.5}),
    ("sgd-momentum-step", {**SGD, "grads": [0.0], "nesterov": True, "weight_decay": 0.1}),
    ("rmsprop-step", {"theta": 0.0, "grads": [1e-9], "lr": 0.01, "alpha": 0.99, "eps": 1e-8,
                      "momentum": 0.0, "centered": False}),     # eps-dominated
    ("rmsprop-step", {"theta": 1.0, "grads": [0.0, 0.0], "lr": 0.01, "alpha": 0.9,
                      "eps": 1e-8, "momentum": 0.9, "centered": True}),
    ("rmsprop-step", {"theta": 1.0, "grads": [0.5, 0.5], "lr": 0.01, "alpha": 0.9,
                      "eps": 1e-8, "momentum": 0.5, "centered": True}),
    ("adagrad-step", {"theta": 1.0, "grads": [0.0, 3.0, -4.0], "lr": 1.0, "lr_decay": 0.5,
                      "initial_accumulator_value": 0.0, "eps": 1e-10}),
    ("decay-zero-grad-step", {"optimizer": "Adam", "theta": -0.5, "lr": 0.1,
                              "weight_decay": 0.01}),
    ("step-lr", {"lr": 0.1, "step_size": 3, "gamma": 0.5, "epoch": 0}),
    ("step-lr", {"lr": 0.1, "step_size": 3, "gamma": 0.5, "epoch": 3}),  # exactly at a step
    ("multistep-lr", {"lr": 1.0, "milestones": [2, 5], "gamma": 0.1, "epoch": 5}),
    ("multistep-lr", {"lr": 1.0, "milestones": [1, 2, 3], "gamma": 0.5, "epoch": 25}),
    ("cosine-annealing-lr", {"lr": 0.1, "T_max": 1, "eta_min": 0.0, "epoch": 1}),
    ("cosine-annealing-lr", {"lr": 0.1, "T_max": 5, "eta_min": 0.01, "epoch": 5}),
    ("onecycle-lr", {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.3, "step": 2,
                     "div_factor": 25.0, "final_div_factor": 1e4, "anneal_strategy": "cos"}),
    ("onecycle-lr", {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.3, "step": 9,
                     "div_factor": 25.0, "final_div_factor": 1e4, "anneal_strategy": "linear"}),
    ("param-groups-lr", {"lr": 0.1, "backbone_lr": 0.001, "step_size": 2, "gamma": 0.1,
                         "epoch": 12}),
    ("param-groups-lr", {"lr": 0.01, "backbone_lr": 0.01, "step_size": 5, "gamma": 0.5,
                         "epoch": 4}),
    ("sgd-state-buffer", {**SGD, "grads": [0.0, 0.0], "weight_decay": 0.5}),
    ("sgd-state-buffer", {**SGD, "grads": [1.0, -1.0], "momentum": 0.5, "dampening": 0.5}),
    ("adam-state-step", {"n": 1000, "every": 3, "set_to_none": True, "index": 1}),
    ("adam-state-step", {"n": 1, "every": 4, "set_to_none": False, "index": 0}),
    ("adam-state-moments", {"grads": [0.0, 0.0], "beta1": 0.9, "beta2": 0.999}),
    ("adam-state-moments", {"grads": [1.0, -1.0, 1.0], "beta1": 0.5, "beta2": 0.9}),
    ("optimizer-state-keys", {"optimizer": "RMSprop(params)", "steps": 0}),
    ("optimizer-state-keys", {"optimizer": "Adagrad(params)", "steps": 2}),
])
def test_edge_cases(card_id, p, device):
    got = OPTIM.run(card_id, p, device)
    assert agrees(card_id, got, REFERENCES[card_id](p)), (got, REFERENCES[card_id](p))


def test_edge_case_values_by_hand(device):
    # Adam step 1 with |g| = eps moves exactly lr/2; SGD's first momentum step ignores dampening.
    assert close(OPTIM.run("adam-first-step-delta", {"grad": 1e-8, "lr": 0.1, "eps": 1e-8},
                           device), -0.05)
    assert close(OPTIM.run("sgd-momentum-step", {**SGD, "grads": [1.0], "dampening": 0.5},
                           device), 0.9)
    one = {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.3, "step": 9, "div_factor": 25.0,
           "final_div_factor": 1e4, "anneal_strategy": "cos"}
    assert close(OPTIM.run("onecycle-lr", one, device), 1 / 25 / 1e4)
    # buf 1, 1.9, 2.71 with μ = 0.9 and g = 1: the state holds it without lr
    buf = OPTIM.run("sgd-state-buffer", {**SGD, "grads": [1.0, 1.0, 1.0], "lr": 0.5}, device)
    assert close(buf, 2.71)
    assert OPTIM.run("adam-state-step", {"n": 7, "every": 3, "set_to_none": True, "index": 1},
                     device) == 3
    m, v = OPTIM.run("adam-state-moments", {"grads": [1.0, 2.0], "beta1": 0.9, "beta2": 0.999},
                     device)
    assert close(m, 0.29) and close(v, 0.004999)


@pytest.mark.parametrize("t_max, eta_min", [(1, 0.0), (3, 0.01), (7, 0.001)])
def test_cosine_beyond_t_max_follows_both_documented_forms(t_max, eta_min, device):
    recursive = ref_cosine_recursive(0.1, eta_min, t_max, 3 * t_max + 2)
    for epoch, want in enumerate(recursive):
        p = {"lr": 0.1, "T_max": t_max, "eta_min": eta_min, "epoch": epoch}
        got = OPTIM.run("cosine-annealing-lr", p, device)
        assert close(got, want) and close(got, ref_cosine(p))


def test_random_grad_sequences(device):
    """Longer, denser sequences than the cards use, so the state handling is stressed too."""
    rng = random.Random(7)
    for _ in range(40):
        grads = [rng.uniform(-3, 3) for _ in range(rng.randint(1, 8))]
        p = {**ADAM, "theta": rng.uniform(-2, 2), "grads": grads,
             "weight_decay": rng.choice([0.0, 0.3])}
        assert close(OPTIM.run("adam-step", p, device), ref_adam(p))
        assert close(OPTIM.run("adamw-step", p, device), ref_adam(p, decoupled=True))
        s = {**SGD, "theta": p["theta"], "grads": grads, "nesterov": rng.random() < 0.5}
        assert close(OPTIM.run("sgd-momentum-step", s, device), ref_sgd(s))
        s = {**SGD, "theta": p["theta"], "grads": grads, "dampening": rng.choice([0.0, 0.5]),
             "weight_decay": p["weight_decay"]}
        assert close(OPTIM.run("sgd-state-buffer", s, device), ref_sgd(s, want_buffer=True))
        m = {"grads": grads, "beta1": rng.choice([0.5, 0.9]), "beta2": rng.choice([0.9, 0.999])}
        got = OPTIM.run("adam-state-moments", m, device)
        assert all(close(a, b) for a, b in zip(got, ref_adam_moments(m), strict=True))


# ---- explanations: true chains, readable live checks, both languages ---------------------

def explain(card_id: str, p: dict, device="cpu") -> dict:
    fn = getattr(OPTIM.module, OPTIM.card(card_id).verifier)
    return fn(dict(p), device)[1]


def test_nesterov_explanation_prints_a_true_chain():
    p = {**SGD, "grads": [1.0], "weight_decay": 0.5, "nesterov": True}
    text = explain("sgd-momentum-step", p)["en"]
    # g = 1.5 = buf; θ = 1 - 0.1·(1.5 + 0.9·1.5) = 1 - 0.1·2.85 = 0.715
    assert "θ = θ - lr·(g + μ·buf) = 1 - 0.1·(1.5 + 0.9·1.5) = 1 - 0.1·2.85 = 0.715" in text
    assert "+ -" not in explain("sgd-momentum-step", {**SGD, "grads": [1.0, -2.0]})["en"]


def test_adamw_card_stands_alone():
    prompt = OPTIM.card("adamw-step").prompt
    assert "AdamW" in prompt.en and "same" not in prompt.en.lower()
    assert "同样" not in (prompt.zh or "")


def test_number_prompts_state_their_precision():
    for card in OPTIM.quiz:
        if card.answer in {"number", "tensor"}:
            assert "significant figures" in card.prompt.en, card.id
            assert "有效数字" in (card.prompt.zh or ""), card.id


@pytest.mark.parametrize("card_id", [c.id for c in OPTIM.flash])
def test_live_checks_are_sentences_in_both_languages(card_id):
    ok, text = getattr(OPTIM.module, OPTIM.card(card_id).verifier)({}, "cpu")
    assert ok is True
    assert text["en"].endswith(".") and text["en"][0].isalpha(), text["en"]
    assert text["zh"].endswith("。"), text["zh"]


def test_scheduler_order_check_reads_as_a_sentence():
    _, text = OPTIM.module.check_scheduler_after_optimizer({}, "cpu")
    assert text["en"].startswith("calling scheduler.step() before optimizer.step() made torch "
                                 "warn") and "lr = 0.01 instead of 0.1" in text["en"]
    assert "…" not in text["en"]


def test_plurals_in_explanations():
    one = explain("step-lr", {"lr": 0.1, "step_size": 3, "gamma": 0.5, "epoch": 1})["en"]
    many = explain("step-lr", {"lr": 0.1, "step_size": 3, "gamma": 0.5, "epoch": 4})["en"]
    assert "after 1 call of" in one and "after 4 calls of" in many
    ms = explain("multistep-lr", {"lr": 0.1, "milestones": [2, 9], "gamma": 0.5, "epoch": 3})
    assert "1 milestone ≤ 3" in ms["en"]


def test_notes_errors_are_named_on_their_cards():
    for card_id in ("no-optimizer-step-count", "weight-decay-not-everywhere",
                    "rmsprop-has-momentum", "sgd-lr-default", "adadelta-has-lr",
                    "resume-needs-optimizer-state"):
        back = OPTIM.card(card_id).back
        assert "The notes" in back.en or "the notes" in back.en, card_id
        assert "笔记" in back.zh, card_id


# ---- slips ----------------------------------------------------------------------------------

SLIP_CARDS = sorted(card.id for card in OPTIM.quiz if card.slips)


def test_every_quiz_card_names_its_slips():
    assert sorted(REFERENCES) == SLIP_CARDS
    for card_id in SLIP_CARDS:
        assert OPTIM.card(card_id).slips == card_id.replace("-", "_") + "_slips"


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, card_id):
    typed = sum(slipkit.through_the_app(runner, "optim", card_id, sample(card_id, seed))
                for seed in SEEDS)
    assert typed >= 20, typed


def test_one_id_means_one_mistake():
    """An id is stored with every review where it fired: it must name one mistake deck-wide."""
    messages: dict[str, set[str]] = {}
    for card_id in SLIP_CARDS:
        for seed in range(80):
            for slip in slipkit.slips_of("optim", card_id, sample(card_id, seed)):
                slipkit.check_slip(slip)
                messages.setdefault(slip.id, set()).add(slip.en)
    assert all(len(m) == 1 for m in messages.values()), {k: m for k, m in messages.items()
                                                          if len(m) > 1}
    assert {"bias-correction-forgotten", "dampening-on-first-step", "adam-decay-for-adamw",
            "steplr-off-by-one"} <= set(messages)


def slips(card_id: str, p: dict) -> dict:
    return slipkit.by_id("optim", card_id, p)


def approx(got: dict, expected: dict) -> bool:
    def same(a, b) -> bool:
        if isinstance(b, list):
            return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
                       for x, y in zip(a, b, strict=True))
        if isinstance(b, str):
            return a == b
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return slipkit.approx(got, expected, same)


def test_sgd_slips_by_hand(runner):
    p = {"theta": 1.0, "grads": [1.0, 1.0], "lr": 0.1, "momentum": 0.5, "dampening": 0.5,
         "nesterov": False, "weight_decay": 0.0}
    # Right: buf 1 then 0.5·1 + 0.5·1 = 1 → θ 0.8 (plain SGD gives 0.8 too: not a slip here).
    # Damped at step 1: buf 0.5 then 0.25 + 0.5 = 0.75 → θ 1 - 0.05 - 0.075.
    assert approx(slips("sgd-momentum-step", p),
                  {"dampening-on-first-step": 0.875, "momentum-ignored": 0.8})
    assert slipkit.slip_shown(runner, "optim", "sgd-momentum-step", p, 0.8) is None
    q = {"theta": 1.0, "grads": [1.0], "lr": 0.1, "momentum": 0.9, "dampening": 0.0,
         "nesterov": True, "weight_decay": 0.5}
    # Right: g = 1.5, buf = 1.5, step g + 0.9·buf = 2.85 → θ 0.715. One step without nesterov
    # is plain SGD: typing 0.85 names the first listed of the two, nesterov.
    assert approx(slips("sgd-momentum-step", q), {
        "nesterov-ignored": 0.85, "weight-decay-forgotten": 0.81, "momentum-ignored": 0.85})
    assert slipkit.slip_shown(runner, "optim", "sgd-momentum-step", q, 0.85) == \
        "nesterov-ignored"


def test_adam_slips_by_hand(runner):
    p = {"theta": 1.0, "grads": [2.0], "lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
         "weight_decay": 0.0}
    # Right: m̂ = 2, v̂ = 4 → θ ≈ 0.9; raw m = 0.2, v = 0.004 → 0.2/√0.004 = √10
    assert approx(slips("adam-step", p),
                  {"bias-correction-forgotten": 1 - 0.1 * 0.2 / (math.sqrt(0.004) + 1e-8)})
    w = {**p, "weight_decay": 0.5}
    # AdamW: θ·(1 - 0.05) then - 0.1·1 = 0.85; Adam's L2 (g = 2.5) and no decay both give 0.9,
    # and typing 0.9 names the first listed of the two
    assert approx(slips("adamw-step", w), {
        "bias-correction-forgotten": 0.95 - 0.1 * 0.2 / (math.sqrt(0.004) + 1e-8),
        "adam-decay-for-adamw": 1 - 0.1 * 2.5 / (2.5 + 1e-8),
        "weight-decay-forgotten": 1 - 0.1 * 2 / (2 + 1e-8)})
    assert slipkit.slip_shown(runner, "optim", "adamw-step", w, 0.9) == "adam-decay-for-adamw"
    checked = slipkit.answer(runner, "optim", "adamw-step", w, "0.9")
    assert checked.slip.why.get("zh") == (
        "把 weight_decay·θ 加到了梯度上（那是 Adam 的做法）：AdamW 直接把 θ 乘以 "
        "1 - lr·weight_decay")
    tiny = slips("adam-first-step-delta", {"grad": 1e-8, "lr": 0.1, "eps": 1e-8})  # right -0.05
    assert approx(tiny, {"sgd-step-for-adam": -1e-9,
                         "bias-correction-forgotten": -0.1 * 1e-9 / (math.sqrt(1e-19) + 1e-8),
                         "eps-ignored": -0.1})
    big = {"grad": 2.0, "lr": 0.1, "eps": 1e-8}  # ε is noise: ignoring it gives the right -0.1
    assert slips("adam-first-step-delta", big)["eps-ignored"] == -0.1
    assert slipkit.slip_shown(runner, "optim", "adam-first-step-delta", big, -0.1) is None


def test_decay_and_adaptive_slips_by_hand(runner):
    d = {"optimizer": "AdamW", "theta": 3.0, "lr": 0.01, "weight_decay": 0.1}
    assert approx(slips("decay-zero-grad-step", d), {
        "adam-decay-for-adamw": 3 - 0.01 * 0.3 / (0.3 + 1e-8), "decay-without-lr": 2.7,
        "nothing-moves": 3.0})
    assert slipkit.slip_shown(runner, "optim", "decay-zero-grad-step", d, 2.99) == \
        "adam-decay-for-adamw"
    r = {"theta": 1.0, "grads": [1.0], "lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0,
         "centered": False}
    # v = 0.01; bias-corrected v/(1 - 0.99) = 1 → θ = 1 - 0.01/(1 + 1e-8)
    assert approx(slips("rmsprop-step", r), {"rmsprop-bias-corrected": 1 - 0.01 / (1 + 1e-8)})
    a = {"theta": 0.5, "grads": [1.0, -1.0], "lr": 0.5, "lr_decay": 0.1,
         "initial_accumulator_value": 1.0, "eps": 1e-10}
    first = 0.5 - 0.5 / (math.sqrt(2) + 1e-10)
    assert approx(slips("adagrad-step", a), {
        "lr-decay-ignored": first + 0.5 / (math.sqrt(3) + 1e-10),
        "initial-accumulator-ignored": 0.5 - 0.5 / (1 + 1e-10) + 0.5 / 1.1 / (math.sqrt(2)
                                                                               + 1e-10),
        "accumulator-not-summed": first + 0.5 / 1.1 / (math.sqrt(2) + 1e-10)})


def test_scheduler_slips_by_hand(runner):
    p = {"lr": 1.0, "step_size": 3, "gamma": 0.5, "epoch": 5}  # right: 0.5^⌊5/3⌋ = 0.5
    assert approx(slips("step-lr", p), {"steplr-off-by-one": 0.25, "steplr-one-late": 0.5,
                                        "decayed-every-epoch": 0.5**5})
    assert slipkit.slip_shown(runner, "optim", "step-lr", p, 0.5) is None  # late is right here
    c = {"lr": 1.0, "T_max": 10, "eta_min": 0.1, "epoch": 12}  # past T_max: climbing back up
    half = (1 + math.cos(1.2 * math.pi)) / 2
    assert approx(slips("cosine-annealing-lr", c), {
        "clamped-at-eta-min": 0.1, "eta-min-forgotten": half,
        "t-max-full-period": 0.1 + 0.9 * (1 + math.cos(2.4 * math.pi)) / 2})
    lam = {"lr": 0.1, "factor": 0.9, "epoch": 3}
    assert approx(slips("lambda-lr", lam), {"lambda-is-the-lr": 0.729,
                                            "lambda-compounded": 0.1 * 0.9**6,
                                            "lambda-one-ahead": 0.1 * 0.9**4})
    huge = slips("lambda-lr", {"lr": 0.1, "factor": 1.2, "epoch": 1000})
    assert "lambda-compounded" not in huge  # 1.2^500500 overflows: dropped, never raised
    mul = {"lr": 1.0, "factor": 0.9, "form": "power", "epoch": 4}
    assert approx(slips("multiplicative-lr", mul), {
        "multiplicative-as-lambda": 0.9**4, "multiplicative-from-zero": 0.9**6,
        "multiplicative-one-extra": 0.9**10})
    groups = {"lr": 0.1, "backbone_lr": 0.001, "step_size": 3, "gamma": 0.1, "epoch": 4}
    assert approx(slips("param-groups-lr", groups), {
        "scheduler-first-group-only": [1e-4, 0.1], "group-lr-ignored": [0.01, 0.01],
        "steplr-off-by-one": [1e-4, 0.01]})
    assert slipkit.slip_shown(runner, "optim", "param-groups-lr", groups, [1e-4, 0.1]) == \
        "scheduler-first-group-only"


def test_state_slips_by_hand(runner):
    b = {"theta": 1.0, "grads": [1.0, 1.0, 1.0], "lr": 0.5, "momentum": 0.9, "dampening": 0.0,
         "weight_decay": 0.0}
    assert approx(slips("sgd-state-buffer", b), {"lr-inside-buffer": 1.355,
                                                 "buffer-is-ema": 0.271})
    s = {"n": 7, "every": 3, "set_to_none": True, "index": 1}
    assert slips("adam-state-step", s) == {"step-from-zero": 2, "step-counts-calls": 7}
    assert slipkit.slip_shown(runner, "optim", "adam-state-step", s, 7) == "step-counts-calls"
    assert slips("adam-state-step", {**s, "set_to_none": False}) == {
        "step-from-zero": 6, "zero-grad-skipped": 3}
    m = {"grads": [1.0, 2.0], "beta1": 0.9, "beta2": 0.999}
    assert approx(slips("adam-state-moments", m), {
        "bias-correction-in-state": [0.29 / 0.19, 0.004999 / (1 - 0.999**2)],
        "moments-start-at-g": [1.1, 1.003], "betas-swapped": [0.002999, 0.49]})
    k = {"optimizer": "Adagrad(params)", "steps": 0}
    assert slips("optimizer-state-keys", k) == {"adagrad-state-empty": "[]"}
    assert slipkit.slip_shown(runner, "optim", "optimizer-state-keys", k, "[]") == \
        "adagrad-state-empty"
