"""Tests for the autograd deck: gradients against SymPy and hand derivations, graph rules."""

from __future__ import annotations

import re

import pytest
import slipkit
import sympy
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

AUTOGRAD = kit("autograd")
run, sample, explanation = AUTOGRAD.run, AUTOGRAD.sample, AUTOGRAD.explain
SEEDS = range(60)
X = sympy.Symbol("x")


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def each_sample(card_id: str):
    for seed in SEEDS:
        yield sample(card_id, seed)




def read(code: str, **names: sympy.Symbol) -> sympy.Expr:
    """Shown Python code read by SymPy (x**2 is a power in both)."""
    return sympy.sympify(code, locals={"x": X, **names})


# ---- gradients against SymPy -----------------------------------------------------------------


def sym_grad(expr: sympy.Expr, x0: float) -> float:
    return float(sympy.diff(expr, X).subs(X, sympy.Rational(str(x0))))


def test_poly_grad(device) -> None:
    for p in each_sample("poly-grad"):
        expr = p["a"] * X**3 + p["b"] * X**2 + p["c"] * X
        assert close(run("poly-grad", p, device), sym_grad(expr, p["x0"])), p
        assert sympy.simplify(read(p["poly_code"]) - expr) == 0, p
    assert run("poly-grad", {"a": 3, "b": -2, "c": 5, "x0": 0.0}, device) == 5.0


@pytest.mark.parametrize(("a", "b", "c", "shown"), [
    (1, -3, 0, "x**3 - 3*x**2"),          # issue 10: not `1 * x**3 + -3 * x**2 + 0 * x`
    (-1, 0, -2, "-x**3 - 2*x"),
    (0, 2, 1, "2*x**2 + x"),
    (0, 0, -5, "-5*x"),
    (0, 0, 0, "0 * x"),                   # still a tensor expression, so y.backward() runs
])
def test_the_shown_polynomial_reads_as_a_person_writes_it(a, b, c, shown) -> None:
    p = sample("poly-grad", 0, a=a, b=b, c=c)
    assert p["poly_code"] == shown
    text = p["poly_code"]
    assert "+ -" not in text and "1*x" not in text.replace("-1*x", "") and "0*x" not in text


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
        expr = read(p["expr"].replace("torch.", ""))
        assert close(run("exp-log-grad", p, device), sym_grad(expr, p["x0"])), p
    for expr_text in choices:  # every choice, at a point where some derivatives vanish
        expr = read(expr_text.replace("torch.", ""))
        got = run("exp-log-grad", {"expr": expr_text, "x0": 1.0}, device)
        assert abs(got - sym_grad(expr, 1.0)) < 1e-12, expr_text


def test_chain_rule(device) -> None:
    outer = {"sigmoid": lambda u: 1 / (1 + sympy.exp(-u)), "tanh": sympy.tanh, "sin": sympy.sin}
    for p in each_sample("chain-rule"):
        inner = read(p["inner_code"])
        assert sympy.simplify(inner - (p["a"] * X + p["b"])) == 0, p
        assert "+ -" not in p["inner_code"] and "+ 0" not in p["inner_code"]
        assert close(run("chain-rule", p, device), sym_grad(outer[p["f"]](inner), p["x0"])), p


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
    c_ = sympy.Symbol("c")
    for p in each_sample("sum-squares-grad"):
        n = len(p["x"]) if p["reduce"] == "mean" else 1
        ref = 2 * (p["x"][p["i"]] - p["c"]) / n
        assert close(run("sum-squares-grad", p, device), ref), p
        assert sympy.simplify(read(p["diff_code"]) - (X - p["c"])) == 0, p
        assert "- -" not in p["diff_code"] and "- 0" not in p["diff_code"]
    assert read("x - c", c=c_) == X - c_


def test_linear_grad(device) -> None:
    out = sympy.Symbol("out")
    for p in each_sample("linear-grad"):
        value = p["w"][0] * p["x"][0] + p["w"][1] * p["x"][1] + p["b"]
        dout = 2 * (value - p["t"])
        ref = {"lin.weight.grad[0, 0]": dout * p["x"][0], "lin.weight.grad[0, 1]": dout * p["x"][1],
               "lin.bias.grad[0]": dout}[p["target"]]
        assert close(run("linear-grad", p, device), ref), p
        assert sympy.simplify(read(p["residual_code"], out=out) - (out - p["t"])) == 0, p


def test_nonscalar_backward(device) -> None:
    for p in each_sample("nonscalar-backward"):
        i = p["i"]
        ref = p["v"][i] * (2 * p["x"][i] + p["c"])
        assert close(run("nonscalar-backward", p, device), ref), p
        assert sympy.simplify(read(p["y_code"]) - (X**2 + p["c"] * X)) == 0, p
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


# eval()/train() only set module.training; tracking stops under no_grad/inference_mode, after
# detach(), or when nothing requires grad (the autograd docs, "Locally disabling gradients").
EVAL_STATEMENTS = {
    "net.eval(); out = net(x)": True,
    "net.train(); out = net(x)": True,
    "net.eval(); out = net(x).detach()": False,
    "with torch.no_grad(): out = net(x)": False,
    "with torch.no_grad(): out = net.eval()(x)": False,
    "with torch.inference_mode(): out = net(x)": False,
    "net.requires_grad_(False); out = net(x)": False,
}


def test_eval_does_not_stop_gradient_tracking(device) -> None:
    assert set(AUTOGRAD.options("eval-keeps-grad", "stmt")) == set(EVAL_STATEMENTS)
    for stmt, expected in EVAL_STATEMENTS.items():
        assert run("eval-keeps-grad", {"stmt": stmt}, device) is expected, stmt
    text = explanation("eval-keeps-grad", {"stmt": "net.eval(); out = net(x)"}, device)
    assert "The notes say eval() stops gradient computation; torch does not" in text["en"]
    assert "net.training=False" in text["en"]


# ---- explanations --------------------------------------------------------------------------

ENGLISH = re.compile(r"\b(the|and|is|are|at|of|so|gives|after|each|only|rule|chain)\b",
                     re.IGNORECASE)


@pytest.mark.parametrize("card_id", [c.id for c in AUTOGRAD.deck.cards])
def test_chinese_explanations_have_no_english_sentence(device, card_id: str) -> None:
    for p, prose in AUTOGRAD.zh_prose(card_id, 30, device):
        assert not ENGLISH.search(prose), (p, prose)
    assert ENGLISH.search("at x = 2: the gradient")  # the detector itself works


# ---- slips -----------------------------------------------------------------------------------

SLIP_CARDS = [card.id for card in AUTOGRAD.quiz]


def slips(card_id: str, p: dict) -> dict:
    return slipkit.by_id("autograd", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(got, expected, close)


def test_every_quiz_card_names_its_slips() -> None:
    assert all(card.slips for card in AUTOGRAD.quiz)


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, card_id) -> None:
    typed = sum(slipkit.through_the_app(runner, "autograd", card_id, sample(card_id, seed))
                for seed in range(40))
    assert typed >= 3, card_id  # eval-keeps-grad: one statement in seven has a slip


def test_slip_ids_are_unique_slugs_with_one_meaning_each() -> None:
    seen: dict[str, str] = {}
    for card_id in SLIP_CARDS:
        for seed in range(30):
            for slip in slipkit.slips_of("autograd", card_id, sample(card_id, seed)):
                slipkit.check_slip(slip)
                mistake = slip.en.split(":")[0]
                assert seen.setdefault(slip.id, mistake) == mistake, (card_id, slip.id)


def test_derivative_slips_by_hand() -> None:
    # y = 2x^3 - x^2 + 5x at -1.5: dy/dx 21.5; without the power factors 2*2.25 + 1.5 + 5
    assert approx(slips("poly-grad", {"a": 2, "b": -1, "c": 5, "x0": -1.5}), {
        "power-rule-factor-dropped": 11.0, "value-for-gradient": -16.5})
    assert approx(slips("product-grad", {"x0": 2.0, "w0": 3.0, "which": "x"}), {
        "other-partial": 16.0, "product-rule-half": 15.0})
    assert approx(slips("sum-squares-grad", {"x": [1, 4, -2], "c": 2, "reduce": "mean",
                                             "i": 1}),
                  {"mean-as-sum": 4.0, "factor-two-dropped": 2 / 3})
    # out = 3 - 2 + 1 = 2, t = 3: dL/dout = -2, dL/dw0 = -6
    assert approx(slips("linear-grad", {"w": [1, -2], "b": 1, "x": [3, 1], "t": 3,
                                        "target": "lin.weight.grad[0, 0]"}),
                  {"factor-two-dropped": -3.0, "residual-sign-flipped": 6.0,
                   "input-factor-dropped": -2.0})
    assert approx(slips("chain-rule", {"f": "tanh", "a": 2, "b": -1, "x0": 0.5}), {
        "inner-derivative-dropped": 1.0, "outer-at-x": 2 * (1 - float(sympy.tanh(0.5)) ** 2)})
    assert approx(slips("accumulate-grad", {"x0": 2.0, "n": 2, "k": 3}),
                  {"overwritten-not-accumulated": 4.0})
    assert approx(slips("detach-grad", {"expr": "(x * x).detach() + 4 * x", "x0": -2.0}),
                  {"detached-part-differentiated": 0.0})


def test_the_notes_claims_are_named_when_typed(runner) -> None:
    def shown(card_id: str, params: dict, typed) -> str | None:
        return slipkit.slip_shown(runner, "autograd", card_id, params, typed)

    assert shown("retain-graph-raises", {"op": "x + 1", "retain": False}, True) == \
        "second-backward-always-raises"
    assert shown("retain-graph-raises", {"op": "x * x", "retain": False}, False) == \
        "graph-kept-by-default"
    assert shown("is-leaf", {"stmt": "t = b * 2"}, False) == "only-user-created-leaves"
    assert shown("is-leaf", {"stmt": "t = a"}, False) == "requires-grad-not-leaf"
    assert shown("requires-grad-result", {"stmt": "t = b * 2"}, True) == "spreads-from-any-leaf"
    assert shown("eval-keeps-grad", {"stmt": "net.eval(); out = net(x)"}, False) == \
        "eval-stops-grad"
    # A wrong answer no listed mistake explains names no slip.
    assert shown("eval-keeps-grad", {"stmt": "with torch.no_grad(): out = net(x)"}, True) is None


# ---- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("card_id", "given"), [
    ("poly-grad", {"x0": 2.5}),                    # outside [-2, 2]
    ("poly-grad", {"poly_code": "x**2"}),          # fixed: derived from a, b, c
    ("exp-log-grad", {"expr": "torch.tan(x)"}),
    ("nonscalar-backward", {"v": [1, 1, 1]}),      # fixed: chosen by the sampler
    ("nonscalar-backward", {"x": [1, 2]}),         # three elements
    ("sum-squares-grad", {"reduce": "max"}),
    ("retain-graph-raises", {"retain": "yes"}),    # YAML 1.2: a string, not a bool
])
def test_spec_violations_are_refused(card_id, given) -> None:
    with pytest.raises(ParamError):
        sample(card_id, 0, **given)


def test_an_index_outside_x_is_refused(device) -> None:
    with pytest.raises(Invalid):
        run("sum-squares-grad", {"x": [1, 2], "c": 0, "reduce": "sum", "i": 2}, device)


def test_sampled_questions_always_have_an_answer(device) -> None:
    for card in AUTOGRAD.quiz:
        for seed in range(200):
            run(card.id, sample(card.id, seed), device)
