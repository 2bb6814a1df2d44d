"""Tests for the autograd deck: gradients against SymPy and hand derivations, graph rules."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path
from typing import Any

import pytest
import sympy
import yaml

ROOT = Path(__file__).resolve().parents[2]
DECK = yaml.safe_load((ROOT / "cards" / "autograd.yaml").read_text(encoding="utf-8"))
CARDS = {c["id"]: c for c in DECK["cards"]}
QUIZ = [c for c in DECK["cards"] if c["kind"] == "quiz"]
FLASH = [c for c in DECK["cards"] if c["kind"] == "flash"]
SEEDS = range(40)
X = sympy.Symbol("x")


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
    return load_verifier("autograd")


def run(mod: Any, card_id: str, p: dict, device: Any) -> Any:
    card = CARDS[card_id]
    answer, explanation = getattr(mod, card.get("verifier", card_id.replace("-", "_")))(p, device)
    if isinstance(explanation, dict):
        assert explanation["en"] and explanation["zh"]
    else:
        assert isinstance(explanation, str) and explanation
    return answer


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def each_sample(mod: Any, card_id: str):
    for seed in SEEDS:
        yield sample(mod, CARDS[card_id], seed)


# ---- deck structure ------------------------------------------------------------------------


def test_deck_structure(mod) -> None:
    assert DECK["title"] == {"en": "Autograd", "zh": "自动求导"}
    ids = [c["id"] for c in DECK["cards"]]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)
    assert len(QUIZ) >= 8 and len(FLASH) >= 4
    for card in DECK["cards"]:
        for key in ("prompt", "front", "back", "explain"):
            if key in card:
                assert set(card[key]) == {"en", "zh"} and all(card[key].values())
        assert callable(getattr(mod, card.get("verifier", card["id"].replace("-", "_"))))


@pytest.mark.parametrize("card", QUIZ, ids=lambda c: c["id"])
def test_placeholders_are_params(mod, card: dict) -> None:
    names = set(sample(mod, card, 0))
    for template in [card.get("code", ""), card["prompt"]["en"], card["prompt"]["zh"]]:
        used = {f[1] for f in string.Formatter().parse(template) if f[1]}
        assert used <= names, used - names


# ---- gradients against SymPy -----------------------------------------------------------------


def sym_grad(expr: sympy.Expr, x0: float) -> float:
    return float(sympy.diff(expr, X).subs(X, sympy.Rational(str(x0))))


def test_poly_grad(mod, device) -> None:
    for p in each_sample(mod, "poly-grad"):
        expr = p["a"] * X**3 + p["b"] * X**2 + p["c"] * X
        assert close(run(mod, "poly-grad", p, device), sym_grad(expr, p["x0"])), p
    assert run(mod, "poly-grad", {"a": 3, "b": -2, "c": 5, "x0": 0.0}, device) == 5.0


def test_product_grad(mod, device) -> None:
    w = sympy.Symbol("w")
    for p in each_sample(mod, "product-grad"):
        expr = X * w * (X + w)
        var = X if p["which"] == "x" else w
        ref = float(sympy.diff(expr, var).subs({X: p["x0"], w: p["w0"]}))
        assert close(run(mod, "product-grad", p, device), ref), p


def test_exp_log_grad(mod, device) -> None:
    choices = CARDS["exp-log-grad"]["params"]["expr"]["choice"]
    for p in each_sample(mod, "exp-log-grad"):
        # The shown expression, read by SymPy with torch.exp -> exp etc.
        expr = sympy.sympify(p["expr"].replace("torch.", ""), locals={"x": X})
        assert close(run(mod, "exp-log-grad", p, device), sym_grad(expr, p["x0"])), p
    for expr_text in choices:  # every choice, at a point where some derivatives vanish
        expr = sympy.sympify(expr_text.replace("torch.", ""), locals={"x": X})
        got = run(mod, "exp-log-grad", {"expr": expr_text, "x0": 1.0}, device)
        assert abs(got - sym_grad(expr, 1.0)) < 1e-12, expr_text


def test_chain_rule(mod, device) -> None:
    outer = {"sigmoid": lambda u: 1 / (1 + sympy.exp(-u)), "tanh": sympy.tanh, "sin": sympy.sin}
    for p in each_sample(mod, "chain-rule"):
        expr = outer[p["f"]](p["a"] * X + p["b"])
        assert close(run(mod, "chain-rule", p, device), sym_grad(expr, p["x0"])), p


DETACHED = {  # the derivative with every detached factor held constant at its value
    "x * x.detach()": lambda x: x,
    "x ** 2 + x.detach() ** 3": lambda x: 2 * x,
    "x.detach() ** 2 * x ** 3": lambda x: x**2 * 3 * x**2,
    "(x * x).detach() + 4 * x": lambda x: 4.0,
    "x ** 3 + x.data": lambda x: 3 * x**2,
}


def test_detach_grad(mod, device) -> None:
    assert set(DETACHED) == set(CARDS["detach-grad"]["params"]["expr"]["choice"])
    for p in each_sample(mod, "detach-grad"):
        assert close(run(mod, "detach-grad", p, device), DETACHED[p["expr"]](p["x0"])), p
    # Without detach, x * x would give 2x: make sure the card is not answering that.
    assert run(mod, "detach-grad", {"expr": "x * x.detach()", "x0": 3.0}, device) == 3.0


# ---- gradients derived by hand ---------------------------------------------------------------


def test_sum_squares_grad(mod, device) -> None:
    for p in each_sample(mod, "sum-squares-grad"):
        n = len(p["x"]) if p["reduce"] == "mean" else 1
        ref = 2 * (p["x"][p["i"]] - p["c"]) / n
        assert close(run(mod, "sum-squares-grad", p, device), ref), p


def test_linear_grad(mod, device) -> None:
    for p in each_sample(mod, "linear-grad"):
        out = p["w"][0] * p["x"][0] + p["w"][1] * p["x"][1] + p["b"]
        dout = 2 * (out - p["t"])
        ref = {"lin.weight.grad[0, 0]": dout * p["x"][0], "lin.weight.grad[0, 1]": dout * p["x"][1],
               "lin.bias.grad[0]": dout}[p["target"]]
        assert close(run(mod, "linear-grad", p, device), ref), p


def test_nonscalar_backward(mod, device) -> None:
    for p in each_sample(mod, "nonscalar-backward"):
        i = p["i"]
        ref = p["v"][i] * (2 * p["x"][i] + p["c"])
        assert close(run(mod, "nonscalar-backward", p, device), ref), p
    p = {"x": [1, 2, 3], "c": 1, "v": [0, 1, 2], "i": 0}  # a zero weight kills the gradient
    assert run(mod, "nonscalar-backward", p, device) == 0.0


def test_accumulate_grad(mod, device) -> None:
    for p in each_sample(mod, "accumulate-grad"):
        ref = p["k"] * p["n"] * p["x0"] ** (p["n"] - 1)
        assert close(run(mod, "accumulate-grad", p, device), ref), p
    assert run(mod, "accumulate-grad", {"x0": 2.0, "n": 2, "k": 3}, device) == 12.0


# ---- graph rules from the autograd docs --------------------------------------------------------

SAVES_TENSORS = {"x * x": True, "x.exp()": True, "x ** 2": True, "x.sin()": True,
                 "x + 1": False, "x - 3": False}


def test_retain_graph(mod, device) -> None:
    assert set(SAVES_TENSORS) == set(CARDS["retain-graph-raises"]["params"]["op"]["choice"])
    for op, saves in SAVES_TENSORS.items():
        for retain in (True, False):
            expected = saves and not retain
            got = run(mod, "retain-graph-raises", {"op": op, "retain": retain}, device)
            assert got is expected, (op, retain)


# (is_leaf, requires_grad) for `a` requiring grad and `b` not.
STATEMENTS = {
    "t = a": (True, True),
    "t = b": (True, False),
    "t = a * 2": (False, True),
    "t = b * 2": (True, False),
    "t = a + b": (False, True),
    "t = a[0]": (False, True),
    "t = a.clone()": (False, True),
    "t = a.detach()": (True, False),
    "t = a.detach() * 2": (True, False),
    "t = a.detach().requires_grad_()": (True, True),
    "t = a > 1": (True, False),
    "with torch.no_grad(): t = a * 2": (True, False),
    "t = nn.Linear(2, 2).weight": (True, True),
}


@pytest.mark.parametrize(("card_id", "column"), [("is-leaf", 0), ("requires-grad-result", 1)])
def test_leaf_and_requires_grad(mod, device, card_id: str, column: int) -> None:
    choices = CARDS[card_id]["params"]["stmt"]["choice"]
    assert set(choices) <= set(STATEMENTS)
    for stmt in choices:
        assert run(mod, card_id, {"stmt": stmt}, device) is STATEMENTS[stmt][column], stmt


# ---- flash cards ------------------------------------------------------------------------------


@pytest.mark.parametrize("card", FLASH, ids=lambda c: c["id"])
def test_flash_claims_hold(mod, device, card: dict) -> None:
    assert run(mod, card["id"], {}, device) is True


@pytest.mark.parametrize("card", [c for c in QUIZ if c.get("sample")], ids=lambda c: c["id"])
def test_samplers_are_deterministic(mod, card: dict) -> None:
    for seed in range(20):
        assert sample(mod, card, seed) == sample(mod, card, seed)
