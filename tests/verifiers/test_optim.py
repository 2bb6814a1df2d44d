"""The optim deck: every verifier against the update rules of PyTorch's docs, in plain floats."""

from __future__ import annotations

import bisect
import math
import random

import pytest
import slipkit
from deckkit import kit

OPTIM = kit("optim")
sample = OPTIM.sample
SEEDS = range(120)


def close(got: float, want: float) -> bool:
    # abs_tol only absorbs float64 rounding where θ - update cancels to (nearly) zero
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-14)


# ---- reference update rules: the pseudo-code of each torch.optim class's documentation -------

def ref_sgd(p: dict) -> float:
    theta, buf = p["theta"], None
    mu, d, wd = p["momentum"], p["dampening"], p["weight_decay"]
    for g in p["grads"]:
        g = g + wd * theta
        if mu:
            buf = g if buf is None else mu * buf + (1 - d) * g
            g = g + mu * buf if p["nesterov"] else buf
        theta -= p["lr"] * g
    return theta


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
}


def run(card_id: str, p: dict, device) -> float:
    got = OPTIM.run(card_id, p, device)
    assert isinstance(got, float)
    return got


def test_every_quiz_card_has_a_reference():
    assert {card.id for card in OPTIM.quiz} == set(REFERENCES)


# ---- quiz verifiers over sampled parameters ----------------------------------------------

@pytest.mark.parametrize("card_id", sorted(REFERENCES))
def test_quiz_answers_match_documented_rules(card_id, device):
    for seed in SEEDS:
        p = sample(card_id, seed)
        got, want = run(card_id, p, device), REFERENCES[card_id](p)
        assert close(got, want), (seed, p, got, want)


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
    ("cosine-annealing-lr", {"lr": 0.1, "T_max": 1, "eta_min": 0.0, "epoch": 1}),
    ("cosine-annealing-lr", {"lr": 0.1, "T_max": 5, "eta_min": 0.01, "epoch": 5}),
    ("onecycle-lr", {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.3, "step": 2,
                     "div_factor": 25.0, "final_div_factor": 1e4, "anneal_strategy": "cos"}),
    ("onecycle-lr", {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.3, "step": 9,
                     "div_factor": 25.0, "final_div_factor": 1e4, "anneal_strategy": "linear"}),
])
def test_edge_cases(card_id, p, device):
    got = run(card_id, p, device)
    assert close(got, REFERENCES[card_id](p)), (got, REFERENCES[card_id](p))


def test_edge_case_values_by_hand(device):
    # Adam step 1 with |g| = eps moves exactly lr/2; SGD's first momentum step ignores dampening.
    assert close(run("adam-first-step-delta", {"grad": 1e-8, "lr": 0.1, "eps": 1e-8}, device),
                 -0.05)
    sgd = {**SGD, "grads": [1.0], "dampening": 0.5}
    assert close(run("sgd-momentum-step", sgd, device), 0.9)
    one = {"max_lr": 1.0, "total_steps": 10, "pct_start": 0.3, "step": 9, "div_factor": 25.0,
           "final_div_factor": 1e4, "anneal_strategy": "cos"}
    assert close(run("onecycle-lr", one, device), 1 / 25 / 1e4)


@pytest.mark.parametrize("t_max, eta_min", [(1, 0.0), (3, 0.01), (7, 0.001)])
def test_cosine_beyond_t_max_follows_both_documented_forms(t_max, eta_min, device):
    recursive = ref_cosine_recursive(0.1, eta_min, t_max, 3 * t_max + 2)
    for epoch, want in enumerate(recursive):
        p = {"lr": 0.1, "T_max": t_max, "eta_min": eta_min, "epoch": epoch}
        got = run("cosine-annealing-lr", p, device)
        assert close(got, want) and close(got, ref_cosine(p))


def test_random_grad_sequences(device):
    """Longer, denser sequences than the cards use, so the state handling is stressed too."""
    rng = random.Random(7)
    for _ in range(40):
        grads = [rng.uniform(-3, 3) for _ in range(rng.randint(1, 8))]
        p = {**ADAM, "theta": rng.uniform(-2, 2), "grads": grads,
             "weight_decay": rng.choice([0.0, 0.3])}
        assert close(run("adam-step", p, device), ref_adam(p))
        assert close(run("adamw-step", p, device), ref_adam(p, decoupled=True))
        s = {**SGD, "theta": p["theta"], "grads": grads, "nesterov": rng.random() < 0.5}
        assert close(run("sgd-momentum-step", s, device), ref_sgd(s))


# ---- slips ----------------------------------------------------------------------------------

SLIP_CARDS = ["adam-first-step-delta", "adam-step", "adamw-step", "cosine-annealing-lr",
              "sgd-momentum-step", "step-lr"]


def slips(card_id: str, p: dict) -> dict[str, float]:
    return slipkit.by_hint("optim", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(
        got, expected, lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12))



@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_slips_are_named_in_the_deck(card_id):
    assert OPTIM.card(card_id).slips == card_id.replace("-", "_") + "_slips"


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(session, card_id):
    typed = sum(slipkit.through_the_app(session, "optim", card_id, sample(card_id, seed))
                for seed in SEEDS)
    assert typed > 60


DAMP_FIRST = ("applied dampening on the first step: torch sets buf = g at step 1 and dampens "
              "only the later steps")
NO_BIAS = "skipped the bias correction: divide m by 1 − β1^t and v by 1 − β2^t before the step"
PLAIN_SGD = ("ignored the momentum buffer (plain SGD): later steps use "
             "buf = momentum·buf + (1 − dampening)·g")
NESTEROV = "ignored nesterov=True: each step uses g + momentum·buf, not buf"
ADAM_L2 = ("added weight_decay·θ to the gradient (that is Adam): AdamW multiplies θ by "
           "1 − lr·weight_decay")


def test_sgd_slips_by_hand(session):
    p = {"theta": 1.0, "grads": [1.0, 1.0], "lr": 0.1, "momentum": 0.5, "dampening": 0.5,
         "nesterov": False, "weight_decay": 0.0}
    # Right: buf 1 then 0.5·1 + 0.5·1 = 1 → θ 0.8 (plain SGD gives 0.8 too: not a slip here).
    # Damped at step 1: buf 0.5 then 0.25 + 0.5 = 0.75 → θ 1 - 0.05 - 0.075.
    assert approx(slips("sgd-momentum-step", p), {DAMP_FIRST: 0.875, PLAIN_SGD: 0.8})
    assert slipkit.slip_shown(session, "optim", "sgd-momentum-step", p, 0.8) is None
    q = {"theta": 1.0, "grads": [1.0], "lr": 0.1, "momentum": 0.9, "dampening": 0.0,
         "nesterov": True, "weight_decay": 0.5}
    # Right: g = 1.5, buf = 1.5, step g + 0.9·buf = 2.85 → θ 0.715. One step without nesterov
    # is plain SGD: typing 0.85 names the first listed of the two, nesterov.
    assert approx(slips("sgd-momentum-step", q), {
        NESTEROV: 0.85,
        "left out weight_decay: it adds weight_decay·θ to the gradient first": 0.81,
        PLAIN_SGD: 0.85})
    assert slipkit.slip_shown(session, "optim", "sgd-momentum-step", q, 0.85) == NESTEROV


def test_adam_slips_by_hand(session):
    p = {"theta": 1.0, "grads": [2.0], "lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
         "weight_decay": 0.0}
    # Right: m̂ = 2, v̂ = 4 → θ ≈ 0.9; raw m = 0.2, v = 0.004 → 0.2/√0.004 = √10
    assert approx(slips("adam-step", p), {NO_BIAS: 1 - 0.1 * 0.2 / (math.sqrt(0.004) + 1e-8)})
    w = {**p, "weight_decay": 0.5}
    # AdamW: θ·(1 - 0.05) then - 0.1·1 = 0.85; Adam's L2 (g = 2.5) and no decay both give 0.9,
    # and typing 0.9 names the first listed of the two
    assert approx(slips("adamw-step", w), {
        NO_BIAS: 0.95 - 0.1 * 0.2 / (math.sqrt(0.004) + 1e-8),
        ADAM_L2: 1 - 0.1 * 2.5 / (2.5 + 1e-8),
        "left out weight_decay": 1 - 0.1 * 2 / (2 + 1e-8)})
    assert slipkit.slip_shown(session, "optim", "adamw-step", w, 0.9) == ADAM_L2
    assert slipkit.slip_shown(session, "optim", "adamw-step", w, 0.9, lang="zh") == (
        "把 weight_decay·θ 加到了梯度上（那是 Adam）：AdamW 直接把 θ 乘以 1 − lr·weight_decay")
    tiny = slips("adam-first-step-delta", {"grad": 1e-8, "lr": 0.1, "eps": 1e-8})  # right -0.05
    assert approx(tiny, {
        "took an SGD step −lr·g: Adam divides by √v̂, so its first step is about −lr·sign(g)":
            -1e-9,
        "skipped the bias correction: at t = 1, m̂ = m/(1 − 0.9) = g and v̂ = v/(1 − 0.999) = g²":
            -0.1 * 1e-9 / (math.sqrt(1e-19) + 1e-8),
        "ignored ε: when |g| is not much larger than ε the step −lr·g/(|g| + ε) is smaller "
        "than lr": -0.1})
    big = {"grad": 2.0, "lr": 0.1, "eps": 1e-8}  # ε is noise: ignoring it gives the right -0.1
    ignored = [v for k, v in slips("adam-first-step-delta", big).items()
               if k.startswith("ignored ε")]
    assert ignored == [-0.1]
    assert slipkit.slip_shown(session, "optim", "adam-first-step-delta", big, -0.1) is None


def test_scheduler_slips_by_hand(session):
    p = {"lr": 1.0, "step_size": 3, "gamma": 0.5, "epoch": 5}  # right: 0.5^⌊5/3⌋ = 0.5
    assert approx(slips("step-lr", p), {
        "decayed one epoch early: the k-th decay comes after step_size·k calls of sched.step(), "
        "so lr = lr₀·γ^⌊epoch/step_size⌋": 0.25,
        "decayed one epoch late: after epoch calls of sched.step(), lr = "
        "lr₀·γ^⌊epoch/step_size⌋": 0.5,
        "decayed every epoch (that is ExponentialLR): StepLR multiplies by γ once every "
        "step_size epochs": 0.5**5})
    assert slipkit.slip_shown(session, "optim", "step-lr", p, 0.5) is None  # late is right here
    c = {"lr": 1.0, "T_max": 10, "eta_min": 0.1, "epoch": 12}  # past T_max: climbing back up
    half = (1 + math.cos(1.2 * math.pi)) / 2
    assert approx(slips("cosine-annealing-lr", c), {
        "left out eta_min: lr = eta_min + (lr₀ − eta_min)·(1 + cos(π·epoch/T_max))/2": half,
        "treated T_max as the full cosine period: T_max is half a period, the epochs from lr "
        "down to eta_min": 0.1 + 0.9 * (1 + math.cos(2.4 * math.pi)) / 2,
        "assumed the LR stays at eta_min after T_max: CosineAnnealingLR keeps following the "
        "cosine, which climbs back up": 0.1})
