"""The training deck against the formulas and rules of PyTorch's documentation, in plain Python.

References: the activation definitions on each nn module's page (GELU's exact x·Phi(x) with
erf and its tanh form sqrt(2/pi)(x + 0.044715 x^3), Softplus' linear branch above
threshold = 20, Hardswish's pieces), inverted dropout (nn.Dropout: scale 1/(1-p) in training,
identity in eval), clip_grad_norm_ (total norm of all gradients as one vector, factor
max_norm/(norm + 1e-6) clamped to 1), clip_grad_value_ (clamp), SGD's update with
weight_decay, and ReduceLROnPlateau's rules (best·(1 - threshold) in 'rel' min mode, reduce
when the bad count exceeds patience, skip a change not larger than eps). Never torch.
"""

from __future__ import annotations

import math
import random
import sys

import pytest
import slipkit
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

K = kit("training")
SEEDS = range(60)
ULP = 2.0**-52
TINY = sys.float_info.min  # below the smallest normal number no 9 digits survive anyway
FNS = ["relu", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "sigmoid", "tanh", "softplus",
       "hardswish"]
K_TANH, C_TANH = math.sqrt(2 / math.pi), 0.044715


def agree(got: float, want: float, scale: float = 0.0) -> bool:
    """Equal to 1e-9 relative. `scale` is the size of the terms a formula subtracts
    (1 - tanh², 1 + erf): where that cancellation leaves fewer than 9 digits, any two
    float64 evaluations differ by a few ulps of `scale`, and that is all that is allowed."""
    if got == want:
        return True
    return abs(got - want) <= 1e-9 * max(abs(got), abs(want)) + TINY + 4 * ULP * scale


# ---- activations: the documented definitions ------------------------------------------------


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _sig(x: float) -> float:
    return 1.0 / (1.0 + _exp(-x))


def ref_value(fn: str, x: float) -> float:
    if fn == "relu":
        return max(x, 0.0)
    if fn == "leaky_relu":
        return x if x >= 0 else 0.01 * x
    if fn == "elu":
        return x if x > 0 else math.expm1(x)
    if fn == "gelu":
        return 0.5 * x * (1 + math.erf(x / math.sqrt(2)))
    if fn == "gelu_tanh":
        return 0.5 * x * (1 + math.tanh(K_TANH * (x + C_TANH * x**3)))
    if fn == "silu":
        return x * _sig(x)
    if fn == "sigmoid":
        return _sig(x)
    if fn == "tanh":
        return math.tanh(x)
    if fn == "softplus":
        return x if x > 20 else math.log1p(_exp(x))
    return 0.0 if x <= -3 else x if x >= 3 else x * (x + 3) / 6


def ref_grad(fn: str, x: float) -> float:
    """The derivative of each piece; at a kink, the piece torch's backward takes (ReLU: 0;
    LeakyReLU: the negative slope; Hardswish: the outer pieces, 0 at -3 and 1 at +3)."""
    if fn == "relu":
        return 1.0 if x > 0 else 0.0
    if fn == "leaky_relu":
        return 1.0 if x > 0 else 0.01
    if fn == "elu":
        return 1.0 if x > 0 else _exp(x)
    if fn == "gelu":
        pdf = _exp(-x * x / 2) / math.sqrt(2 * math.pi)
        return 0.5 * (1 + math.erf(x / math.sqrt(2))) + x * pdf
    if fn == "gelu_tanh":
        t = math.tanh(K_TANH * (x + C_TANH * x**3))
        return 0.5 * (1 + t) + 0.5 * x * ((1 - t) * (1 + t)) * K_TANH * (1 + 3 * C_TANH * x * x)
    if fn == "silu":
        s = _sig(x)
        return s * (1 + x * (1 - s))
    if fn == "sigmoid":
        s = _sig(x)
        return s * (1 - s)
    if fn == "tanh":
        t = math.tanh(x)
        return (1 - t) * (1 + t)  # 1 - tanh², without rounding tanh² first
    if fn == "softplus":
        return 1.0 if x > 20 else _sig(x)
    return 0.0 if x <= -3 else 1.0 if x >= 3 else x / 3 + 0.5


def cancels(fn: str, x: float, grad: bool) -> float:
    """The `scale` of agree(): the terms each formula subtracts."""
    if fn in ("gelu", "gelu_tanh") and not grad:
        return 0.5 * abs(x)
    if grad and fn in ("tanh", "sigmoid", "gelu"):
        return 1.0
    if grad and fn == "silu":
        return 1 + abs(x)
    if grad and fn == "gelu_tanh":
        return 1 + 0.5 * abs(x) * K_TANH * (1 + 3 * C_TANH * x * x)
    return 0.0


ADVERSARIAL_X = [-800.0, -745.5, -740.0, -709.9, -100.0, -40.0, -30.0, -20.0, -12.3, -10.36,
                 -8.71, -6.5, -5.0, -3.0, -2.999, -1e-8, 0.0, 1e-8, 2.999, 3.0, 5.0, 8.71,
                 10.36, 19.99, 20.0, 20.01, 25.0, 30.0]


def test_activation_cards_agree_on_sampled_questions(device):
    for seed in range(300):
        for card, ref, grad in (("activation-value", ref_value, False),
                                ("activation-grad", ref_grad, True)):
            p = K.sample(card, seed)
            got = K.run(card, p, device)
            assert agree(got, ref(p["fn"], p["x"]), cancels(p["fn"], p["x"], grad)), (p, got)


@pytest.mark.parametrize("fn", FNS)
def test_activation_cards_agree_on_adversarial_x(fn, device):
    grid = [round(-800 + 1.37 * i, 2) for i in range(607)]  # -800 .. 30, off the kinks
    rng = random.Random(fn)
    raw = [rng.uniform(-800, 30) for _ in range(100)] + [rng.uniform(-9, 9) for _ in range(200)]
    for x in ADVERSARIAL_X + grid + raw:
        p = {"fn": fn, "x": x}
        value, slope = K.run("activation-value", p, device), K.run("activation-grad", p, device)
        assert agree(value, ref_value(fn, x), cancels(fn, x, False)), (fn, x, value)
        assert agree(slope, ref_grad(fn, x), cancels(fn, x, True)), (fn, x, slope)


def test_activation_underflow_and_saturation_by_hand(device):
    run = K.run
    cases = [("sigmoid", -800.0, 0.0, 0.0), ("softplus", -800.0, 0.0, 0.0),
             ("elu", -800.0, -1.0, 0.0), ("softplus", 30.0, 30.0, 1.0),
             ("tanh", 30.0, 1.0, 0.0), ("sigmoid", 0.0, 0.5, 0.25), ("tanh", 0.0, 0.0, 1.0),
             ("relu", 0.0, 0.0, 0.0), ("leaky_relu", 0.0, 0.0, 0.01),
             ("hardswish", -3.0, 0.0, 0.0), ("hardswish", 3.0, 3.0, 1.0)]
    for fn, x, value, slope in cases:
        p = K.sample("activation-value", 0, fn=fn, x=x)
        assert run("activation-value", p, device) == value, (fn, x)
        assert run("activation-grad", p, device) == slope, (fn, x)


def test_activation_x_range_is_admitted_but_bounded():
    for x in (-800.0, 30.0, -800, 30):
        assert K.sample("activation-grad", 0, fn="sigmoid", x=x)["x"] == x
    for x in (-800.5, 30.01, "1"):
        with pytest.raises(ParamError):
            K.sample("activation-grad", 0, x=x)
    with pytest.raises(ParamError):
        K.sample("activation-value", 0, fn="swish")


def test_sampled_gradients_avoid_the_kinks():
    kinks = {"relu": {0.0}, "leaky_relu": {0.0}, "hardswish": {-3.0, 3.0}}
    for seed in range(300):
        p = K.sample("activation-grad", seed)
        assert p["x"] not in kinks.get(p["fn"], set()), p
        assert -4 <= p["x"] <= 4


def test_shown_call_matches_fn():
    for seed in range(40):
        p = K.sample("activation-value", seed)
        name = {"gelu_tanh": 'GELU(approximate="tanh")', "leaky_relu": "LeakyReLU()",
                "silu": "SiLU()", "hardswish": "Hardswish()", "softplus": "Softplus()"}
        want = name.get(p["fn"])
        assert want is None or p["call"] == "nn." + want, p
    assert K.sample("activation-value", 0, fn="tanh")["call"] == "nn.Tanh()"


# ---- softmax with a temperature -------------------------------------------------------------


def ref_softmax(z: list[float], t: float, i: int) -> float:
    top = max(v / t for v in z)
    e = [math.exp(v / t - top) for v in z]
    return e[i] / sum(e)


def test_softmax_temperature(device):
    cases = [K.sample("softmax-temperature", s) for s in SEEDS] + [
        {"logits": [1.0, 1.1], "T": 0.01, "index": 0},
        {"logits": [1000.0, -1000.0, 999.0], "T": 0.01, "index": 2},
        {"logits": [-1000.0, 1000.0], "T": 100.0, "index": 0},
        {"logits": [5.0], "T": 1.0, "index": 0},
        {"logits": [0.0] * 100, "T": 3.0, "index": 99},
    ]
    for p in cases:
        got = K.run("softmax-temperature", p, device)
        assert agree(got, ref_softmax(p["logits"], p["T"], p["index"])), (p, got)
    with pytest.raises(Invalid, match="index 3"):
        K.run("softmax-temperature", {"logits": [1.0, 2.0], "T": 1.0, "index": 3}, device)
    with pytest.raises(ParamError):
        K.sample("softmax-temperature", 0, T=0.0)


# ---- dropout --------------------------------------------------------------------------------


def test_dropout_kept_value_is_exactly_one_over_keep_probability(device):
    ps = [K.sample("dropout-train-value", s)["p"] for s in SEEDS]
    ps += [round(0.01 * i, 2) for i in range(100)] + [0.0, 0.999]
    for prob in ps:
        for n in (1, 6) if prob not in (0.5, 0.9) else (1, 6, 1000):
            got = K.run("dropout-train-value", {"p": prob, "n": n}, device)
            assert got == 1 / (1 - prob), (prob, n, got)


def test_dropout_with_nothing_kept_is_refused(device):
    with pytest.raises(Invalid, match="p = 1"):
        K.run("dropout-train-value", K.sample("dropout-train-value", 0, p=1.0), device)
    with pytest.raises(Invalid, match="too close to 1"):
        K.run("dropout-train-value", {"p": 1 - 1e-12, "n": 1}, device)
    with pytest.raises(ParamError):
        K.sample("dropout-train-value", 0, p=1.5)
    assert K.sample("dropout-train-value", 0, p=0.0)["p"] == 0.0
    for seed in range(200):
        p = K.sample("dropout-train-value", seed)
        assert 0 <= p["p"] < 1, p
        K.run("dropout-train-value", p, device)


def test_dropout_eval_is_the_identity(device):
    cases = [K.sample("dropout-eval-value", s) for s in SEEDS] + [
        {"p": 1.0, "x": [1.5, 3.0], "index": 1}, {"p": 0.0, "x": [-1e6], "index": 0}]
    for p in cases:
        assert K.run("dropout-eval-value", p, device) == p["x"][p["index"]], p


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("context", ["none", "no_grad", "inference_mode"])
def test_only_the_mode_switches_dropout_and_only_contexts_switch_autograd(mode, context, device):
    for prob in (0.1, 0.2, 0.5):
        p = K.sample("dropout-active", 0, p=prob, mode=mode, context=context)
        assert K.run("dropout-active", p, device) is (mode == "train"), p
        assert f"drop.{mode}()" in p["snippet"]
    p = K.sample("eval-requires-grad", 0, mode=mode, context=context)
    assert K.run("eval-requires-grad", p, device) is (context == "none"), p
    assert f"net.{mode}()" in p["snippet"] and (context == "none") == ("with" not in p["snippet"])


# ---- zero_grad, accumulation ----------------------------------------------------------------


def test_zero_grad_defaults_to_none(device):
    # Optimizer.zero_grad(set_to_none=True) and Module.zero_grad(set_to_none=True) in the docs
    want = {"opt.zero_grad()": "None", "opt.zero_grad(set_to_none=True)": "None",
            "net.zero_grad()": "None", "opt.zero_grad(set_to_none=False)": "tensor([[0., 0., 0.]])"}
    for call, text in want.items():
        assert K.run("zero-grad-result", {"call": call}, device) == text
        assert text in K.choices("zero-grad-result")


def ref_accumulated(p: dict) -> float:
    div = p["k"] if p["mean"] else 1
    return sum(2 * x * (p["w"] * x - y) / div for x, y in zip(p["xs"], p["ys"], strict=True))


def test_grad_accumulation_sums_micro_batches(device):
    rng = random.Random(5)
    cases = [K.sample("grad-accumulation", s) for s in SEEDS]
    for k in (1, 7, 50):
        xs = [round(rng.uniform(-1000, 1000), 3) for _ in range(k)]
        ys = [round(rng.uniform(-1000, 1000), 3) for _ in range(k)]
        for mean in (True, False):
            cases.append(K.sample("grad-accumulation", 0, k=k, w=-3.5, xs=xs, ys=ys, mean=mean))
    for p in cases:
        got = K.run("grad-accumulation", p, device)
        pairs = zip(p["xs"], p["ys"], strict=True)
        scale = sum(abs(2 * x * x * p["w"]) + abs(2 * x * y) for x, y in pairs)
        assert agree(got, ref_accumulated(p), scale), (p, got)
        assert p["scale"] == (f" / {p['k']}" if p["mean"] else "")
    with pytest.raises(ParamError):
        K.sample("grad-accumulation", 0, k=3, xs=[1.0, 2.0])


# ---- penalties versus weight_decay ----------------------------------------------------------


def test_l2_penalty_step(device):
    cases = [K.sample("l2-penalty-sgd-step", s) for s in SEEDS] + [
        {"w": 0.0, "c": 1.0, "lr": 0.1, "lam": 0.1}, {"w": -1000.0, "c": 1000.0, "lr": 10.0,
                                                      "lam": 100.0},
        {"w": 1.0, "c": 0.0, "lr": 0.0, "lam": 0.5}]
    for p in cases:
        want = p["w"] - p["lr"] * (p["c"] + 2 * p["lam"] * p["w"])
        got = K.run("l2-penalty-sgd-step", p, device)
        assert agree(got, want, abs(p["w"])), (p, got)
    for seed in range(200):
        assert K.sample("l2-penalty-sgd-step", seed)["w"] != 0


def test_weight_decay_equivalent(device):
    for form, per_lam in (("sum-of-squares", 2), ("half-sum-of-squares", 1), ("norm-squared", 2)):
        for lam in (0.1, 0.05, 0.01, 0.001, 0.0005, 0.0, 100.0):
            p = K.sample("weight-decay-equivalent", 0, lam=lam, form=form)
            assert agree(K.run("weight-decay-equivalent", p, device), per_lam * lam), p
            assert str(lam) in p["penalty"]


def test_l1_penalty_grad(device):
    cases = [K.sample("l1-penalty-grad", s) for s in range(200)]
    assert all(p["ws"][p["index"]] != 0 for p in cases)
    cases += [{"ws": [0.0, 1.0], "lam": 0.5, "index": 0}, {"ws": [-1e6], "lam": 100.0, "index": 0}]
    for p in cases:
        w = p["ws"][p["index"]]
        want = p["lam"] * (1.0 if w > 0 else -1.0 if w < 0 else 0.0)  # sign(0) = 0
        assert agree(K.run("l1-penalty-grad", p, device), want), p


# ---- clipping -------------------------------------------------------------------------------


def ref_norm(grads: list[float], norm_type: object) -> float:
    if norm_type == "inf":
        return max(abs(g) for g in grads)
    q = float(norm_type)  # type: ignore[arg-type]
    return sum(abs(g) ** q for g in grads) ** (1 / q)


def ref_clipped(grads: list[float], max_norm: float, norm_type: object) -> list[float]:
    coef = min(max_norm / (ref_norm(grads, norm_type) + 1e-6), 1.0)
    return [g * coef for g in grads]


CLIP_EDGES = [
    {"grads": [0.0, 0.0], "max_norm": 1.0},          # nothing to clip, 0/(0 + 1e-6)
    {"grads": [3.0, 4.0], "max_norm": 5.0},          # norm == max_norm: still scaled by 5/5.000001
    {"grads": [-7.5], "max_norm": 0.0},              # max_norm 0 zeroes every gradient
    {"grads": [1e6, -1e6, 3.0], "max_norm": 1e6},    # large gradients
    {"grads": [0.1, 0.2, 0.2], "max_norm": 1e6},     # far below the cap
    {"grads": [1e-9] * 100, "max_norm": 1e-9},
]


def _clip_cases() -> list[dict]:
    cases = [K.sample("clip-grad-norm-after", s) for s in SEEDS]
    for edge in CLIP_EDGES:
        for nt in (1, 2, "inf"):
            for i in range(len(edge["grads"])):
                cases.append({**edge, "norm_type": nt, "index": i})
    return cases


def test_clip_grad_norm_returns_the_total_norm_before_clipping(device):
    for p in _clip_cases():
        p = K.sample("clip-grad-norm", 0, grads=p["grads"], max_norm=p["max_norm"],
                     norm_type=p["norm_type"])
        assert agree(K.run("clip-grad-norm", p, device), ref_norm(p["grads"], p["norm_type"])), p


def test_clip_grad_norm_scales_every_gradient_by_one_factor(device):
    for p in _clip_cases():
        want = ref_clipped(p["grads"], p["max_norm"], p["norm_type"])[p["index"]]
        assert agree(K.run("clip-grad-norm-after", p, device), want), p


def test_clipping_params_and_refusals(device):
    assert K.sample("clip-grad-norm", 0, norm_type="inf")["norm_arg"] == '"inf"'
    assert K.sample("clip-grad-norm", 0, norm_type=1)["norm_arg"] == "1.0"
    with pytest.raises(ParamError):
        K.sample("clip-grad-norm", 0, norm_type=3)
    with pytest.raises(ParamError):
        K.sample("clip-grad-norm", 0, max_norm=-1.0)
    with pytest.raises(Invalid, match="index 2"):
        K.run("clip-grad-norm-after", {"grads": [1.0, 2.0], "max_norm": 1.0, "norm_type": 2,
                                       "index": 2}, device)


def test_clip_grad_value_clamps_each_gradient(device):
    cases = [K.sample("clip-grad-value", s) for s in SEEDS] + [
        {"grads": [1.5, -2.0], "clip_value": 0.0, "index": 1},
        {"grads": [1.0, -1.0], "clip_value": 1.0, "index": 1},
        {"grads": [-1e6, 1e6], "clip_value": 1e6, "index": 0}]
    for p in cases:
        c, g = p["clip_value"], p["grads"][p["index"]]
        assert K.run("clip-grad-value", p, device) == max(-c, min(c, g)), p


# ---- ReduceLROnPlateau ----------------------------------------------------------------------


def ref_plateau(lr: float, factor: float, patience: int, losses: list[float]) -> float:
    """mode='min', threshold=1e-4 'rel', cooldown=0, min_lr=0, eps=1e-8, as documented. The
    docs say a change 'smaller than eps' is ignored; torch also ignores one exactly eps."""
    best, bad = math.inf, 0
    for loss in losses:
        if loss < best * (1 - 1e-4):
            best, bad = loss, 0
        else:
            bad += 1
        if bad > patience:
            new = max(lr * factor, 0.0)
            if lr - new > 1e-8:
                lr = new
            bad = 0
    return lr


PLATEAU_EDGES = [
    (1e-7, 0.1, 0, [1.0, 1.0, 1.0, 1.0]),              # 1e-7 -> 1e-8, then eps stops it
    (2e-8, 0.5, 0, [1.0, 1.0]),                        # the change is exactly eps: skipped
    (3e-8, 0.5, 0, [1.0, 1.0, 1.0]),                   # 1.5e-8 -> change 7.5e-9: skipped
    (0.1, 0.5, 1, [1.0, 0.99995, 0.9999, 0.99991]),    # 0.9999 is exactly best·(1 - 1e-4)
    (0.1, 0.5, 1, [2.0, 1.9998, 1.9998, 1.99979]),     # 1.9998 == 2·(1 - 1e-4) too
    (0.1, 0.1, 1, [-1.0, -0.99995, -0.99991, -0.99985]),  # negative: worse losses count
    (0.1, 0.1, 0, [-2.5, -2.49999, -2.50001, -2.49974, -2.49975]),
    (0.1, 0.0, 0, [1.0, 2.0, 3.0]),                    # factor 0: lr drops to 0 at once
    (0.0, 0.5, 0, [1.0, 1.0]),                         # lr 0 stays 0
    (10.0, 0.999, 0, [5.0] * 200),                     # many small cuts
    (0.1, 0.1, 1000, [1.0] * 1000),                    # patience never exceeded
    (0.1, 0.1, 2, [0.0, 0.0, 0.0, 0.0]),               # best 0: 0·(1 - 1e-4) = 0, never better
]


def test_reduce_lr_on_plateau(device):
    cases = [K.sample("reduce-lr-on-plateau", s) for s in SEEDS]
    cases += [dict(zip(("lr", "factor", "patience", "losses"), e, strict=True))
              for e in PLATEAU_EDGES]
    for p in cases:
        got = K.run("reduce-lr-on-plateau", p, device)
        want = ref_plateau(p["lr"], p["factor"], p["patience"], p["losses"])
        assert agree(got, want), (p, got, want)


def test_plateau_edges_by_hand(device):
    def run(*e: object) -> float:
        return K.run("reduce-lr-on-plateau",
                     dict(zip(("lr", "factor", "patience", "losses"), e, strict=True)), device)

    assert run(*PLATEAU_EDGES[0]) == pytest.approx(1e-8, rel=1e-12)
    assert run(*PLATEAU_EDGES[1]) == 2e-8
    assert run(*PLATEAU_EDGES[3]) == 0.05
    assert run(*PLATEAU_EDGES[5]) == 0.1
    assert run(*PLATEAU_EDGES[7]) == 0.0
    assert run(*PLATEAU_EDGES[11]) == 0.1 * 0.1


def test_plateau_params(device):
    p = K.sample("reduce-lr-on-plateau", 0, lr=1e-7, losses=[-1.23456, -1.23457])
    assert p["lr"] == 1e-7 and p["losses"] == [-1.23456, -1.23457]
    with pytest.raises(Invalid, match="factor"):
        K.run("reduce-lr-on-plateau", {**p, "factor": 1.0}, device)
    with pytest.raises(ParamError):
        K.sample("reduce-lr-on-plateau", 0, lr=-0.1)
    for seed in range(200):
        q = K.sample("reduce-lr-on-plateau", seed)
        assert all(round(x, 5) == x for x in q["losses"]) and 5 <= len(q["losses"]) <= 10


def test_plateau_samples_hit_every_rule():
    """Sampled curves have real cuts, sub-threshold improvements, and runs without a cut."""
    cut = below = uncut = 0
    for seed in range(200):
        p = K.sample("reduce-lr-on-plateau", seed)
        final = ref_plateau(p["lr"], p["factor"], p["patience"], p["losses"])
        cut += final < p["lr"]
        uncut += final == p["lr"]
        best = math.inf
        for x in p["losses"]:
            below += best * (1 - 1e-4) <= x < best
            best = min(best, x)
    assert cut > 40 and uncut > 20 and below > 20, (cut, uncut, below)


# ---- every quiz card has its reference, stated tests and an edge ----------------------------

REFERENCED = {"activation-value", "activation-grad", "softmax-temperature",
              "dropout-train-value", "dropout-eval-value", "dropout-active", "eval-requires-grad",
              "zero-grad-result", "grad-accumulation", "l2-penalty-sgd-step",
              "weight-decay-equivalent", "l1-penalty-grad", "clip-grad-norm",
              "clip-grad-norm-after", "clip-grad-value", "reduce-lr-on-plateau"}


def test_every_quiz_card_is_referenced_and_tested():
    assert {c.id for c in K.quiz} == REFERENCED
    assert len(K.quiz) >= 12 and len(K.flash) >= 6
    for card in K.quiz:
        assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card.id
        assert card.explain and all(card.explain.get(lang) for lang in ("en", "zh")), card.id


@pytest.mark.parametrize("card_id", sorted(REFERENCED))
def test_sampled_questions_always_have_an_answer(card_id, device):
    for seed in range(200):
        K.run(card_id, K.sample(card_id, seed), device)  # Invalid would fail the test


# ---- the notes' wrong claims are named where they are corrected -----------------------------

NOTE_CARDS = {  # card: params that show the correction
    "dropout-train-value": {"p": 0.5, "n": 4},
    "dropout-eval-value": {"p": 0.5, "x": [1.0], "index": 0},
    "eval-requires-grad": {"mode": "eval", "context": "none"},
    "zero-grad-result": {"call": "opt.zero_grad()"},
    "activation-grad": {"fn": "relu", "x": -1.0},
}


@pytest.mark.parametrize("card_id", sorted(NOTE_CARDS))
def test_corrections_name_the_notes(card_id, device):
    p = NOTE_CARDS[card_id]
    fn = getattr(K.module, K.card(card_id).verifier)
    _, explanation = fn(dict(K.sample(card_id, 0, **p)), device)
    assert "notes say" in explanation["en"] and "笔记" in explanation["zh"], explanation


def test_flash_backs_name_the_notes():
    corrected = {"dropout-zeroes-activations", "eval-keeps-autograd", "plateau-verbose-removed",
                 "zero-grad-sets-none", "weight-decay-not-everywhere", "tanh-module-name",
                 "saturating-derivative-peaks", "relu-derivative"}
    for card in K.flash:
        if card.id in corrected:
            assert "notes" in card.back.get("en") and "笔记" in card.back.get("zh"), card.id


# ---- slips ----------------------------------------------------------------------------------

SLIPPED = [c.id for c in K.quiz if c.slips]


@pytest.mark.parametrize("card_id", SLIPPED)
def test_typing_a_slip_names_it_in_the_app(runner, card_id):
    typed = sum(slipkit.through_the_app(runner, "training", card_id, K.sample(card_id, seed))
                for seed in range(40))
    assert typed > 0, card_id


SAME_MISTAKE = {"l2-norm-used"}  # one mistake (the 2-norm for another norm_type), two cards


def test_slip_ids_are_unique_per_mistake():
    owner: dict[str, str] = {}
    for card_id in SLIPPED:
        for seed in range(40):
            for s in slipkit.slips_of("training", card_id, K.sample(card_id, seed)):
                slipkit.check_slip(s)
                first = owner.setdefault(s.id, card_id)
                assert first == card_id or s.id in SAME_MISTAKE, (s.id, first, card_id)


def test_slips_by_hand(runner):
    by_id = slipkit.by_id
    assert by_id("training", "dropout-train-value", {"p": 0.25, "n": 4}) == {
        "scaled-by-keep-prob": 0.75, "no-rescale": 1.0, "divided-by-p": 4.0}
    assert by_id("training", "activation-grad", {"fn": "relu", "x": -2.0}) == {
        "relu-grad-always-one": 1.0, "value-for-grad": 0.0}
    p = {"lr": 0.1, "factor": 0.1, "patience": 1, "losses": [-1.0, -0.99995, -0.99991, -0.99985]}
    assert slipkit.slip_shown(runner, "training", "reduce-lr-on-plateau", p, 0.01) == \
        "threshold-sign"
    assert slipkit.slip_shown(runner, "training", "reduce-lr-on-plateau", p, 0.1) is None
    q = {"grads": [0.3, 0.4], "max_norm": 1.0, "norm_type": 2, "index": 0, "norm_arg": "2.0"}
    assert slipkit.slip_shown(runner, "training", "clip-grad-norm-after", q, 0.6) == "rescaled-up"
    e = {"mode": "eval", "context": "none", "snippet": ""}
    assert slipkit.slip_shown(runner, "training", "eval-requires-grad", e, False) == \
        "eval-stops-grad"
