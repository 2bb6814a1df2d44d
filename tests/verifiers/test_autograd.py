"""Tests for the autograd deck: gradients against SymPy and hand derivations, graph rules."""

from __future__ import annotations

import pytest
import sympy
from deckkit import kit

AUTOGRAD = kit("autograd")
run = AUTOGRAD.run
SEEDS = range(40)
X = sympy.Symbol("x")


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def each_sample(card_id: str):
    for seed in SEEDS:
        yield AUTOGRAD.sample(card_id, seed)


# ---- gradients against SymPy -----------------------------------------------------------------


def sym_grad(expr: sympy.Expr, x0: float) -> float:
    return float(sympy.diff(expr, X).subs(X, sympy.Rational(str(x0))))


def test_poly_grad(device) -> None:
    for p in each_sample("poly-grad"):
        expr = p["a"] * X**3 + p["b"] * X**2 + p["c"] * X
        assert close(run("poly-grad", p, device), sym_grad(expr, p["x0"])), p
    assert run("poly-grad", {"a": 3, "b": -2, "c": 5, "x0": 0.0}, device) == 5.0


def test_product_grad(device) -> None:
    w = sympy.Symbol("w")
    for p in each_sample("product-grad"):
        expr = X * w * (X + w)
        var = X if p["which"] == "x" else w
        ref = float(sympy.diff(expr, var).subs({X: p["x0"], w: p["w0"]}))
        assert close(run("product-grad", p, device), ref), p


def test_exp_log_grad(device) -> None:
    choices = AUTOGRAD.options("exp-log-grad", "expr")
    for p in each_sample("exp-log-grad"):
        # The shown expression, read by SymPy with torch.exp -> exp etc.
        expr = sympy.sympify(p["expr"].replace("torch.", ""), locals={"x": X})
        assert close(run("exp-log-grad", p, device), sym_grad(expr, p["x0"])), p
    for expr_text in choices:  # every choice, at a point where some derivatives vanish
        expr = sympy.sympify(expr_text.replace("torch.", ""), locals={"x": X})
        got = run("exp-log-grad", {"expr": expr_text, "x0": 1.0}, device)
        assert abs(got - sym_grad(expr, 1.0)) < 1e-12, expr_text


def test_chain_rule(device) -> None:
    outer = {"sigmoid": lambda u: 1 / (1 + sympy.exp(-u)), "tanh": sympy.tanh, "sin": sympy.sin}
    for p in each_sample("chain-rule"):
        expr = outer[p["f"]](p["a"] * X + p["b"])
        assert close(run("chain-rule", p, device), sym_grad(expr, p["x0"])), p


DETACHED = {  # the derivative with every detached factor held constant at its value
    "x * x.detach()": lambda x: x,
    "x ** 2 + x.detach() ** 3": lambda x: 2 * x,
    "x.detach() ** 2 * x ** 3": lambda x: x**2 * 3 * x**2,
    "(x * x).detach() + 4 * x": lambda x: 4.0,
    "x ** 3 + x.data": lambda x: 3 * x**2,
}


def test_detach_grad(device) -> None:
    assert set(DETACHED) == set(AUTOGRAD.options("detach-grad", "expr"))
    for p in each_sample("detach-grad"):
        assert close(run("detach-grad", p, device), DETACHED[p["expr"]](p["x0"])), p
    # Without detach, x * x would give 2x: make sure the card is not answering that.
    assert run("detach-grad", {"expr": "x * x.detach()", "x0": 3.0}, device) == 3.0


# ---- gradients derived by hand ---------------------------------------------------------------


def test_sum_squares_grad(device) -> None:
    for p in each_sample("sum-squares-grad"):
        n = len(p["x"]) if p["reduce"] == "mean" else 1
        ref = 2 * (p["x"][p["i"]] - p["c"]) / n
        assert close(run("sum-squares-grad", p, device), ref), p


def test_linear_grad(device) -> None:
    for p in each_sample("linear-grad"):
        out = p["w"][0] * p["x"][0] + p["w"][1] * p["x"][1] + p["b"]
        dout = 2 * (out - p["t"])
        ref = {"lin.weight.grad[0, 0]": dout * p["x"][0], "lin.weight.grad[0, 1]": dout * p["x"][1],
               "lin.bias.grad[0]": dout}[p["target"]]
        assert close(run("linear-grad", p, device), ref), p


def test_nonscalar_backward(device) -> None:
    for p in each_sample("nonscalar-backward"):
        i = p["i"]
        ref = p["v"][i] * (2 * p["x"][i] + p["c"])
        assert close(run("nonscalar-backward", p, device), ref), p
    p = {"x": [1, 2, 3], "c": 1, "v": [0, 1, 2], "i": 0}  # a zero weight kills the gradient
    assert run("nonscalar-backward", p, device) == 0.0


def test_accumulate_grad(device) -> None:
    for p in each_sample("accumulate-grad"):
        ref = p["k"] * p["n"] * p["x0"] ** (p["n"] - 1)
        assert close(run("accumulate-grad", p, device), ref), p
    assert run("accumulate-grad", {"x0": 2.0, "n": 2, "k": 3}, device) == 12.0


# ---- graph rules from the autograd docs --------------------------------------------------------

SAVES_TENSORS = {"x * x": True, "x.exp()": True, "x ** 2": True, "x.sin()": True,
                 "x + 1": False, "x - 3": False}


def test_retain_graph(device) -> None:
    assert set(SAVES_TENSORS) == set(AUTOGRAD.options("retain-graph-raises", "op"))
    for op, saves in SAVES_TENSORS.items():
        for retain in (True, False):
            expected = saves and not retain
            got = run("retain-graph-raises", {"op": op, "retain": retain}, device)
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
def test_leaf_and_requires_grad(device, card_id: str, column: int) -> None:
    choices = AUTOGRAD.options(card_id, "stmt")
    assert set(choices) <= set(STATEMENTS)
    for stmt in choices:
        assert run(card_id, {"stmt": stmt}, device) is STATEMENTS[stmt][column], stmt
