"""Known slips for the autograd deck: each redoes the derivative (or the graph rule) with one
classic mistake. Pure Python, no torch; the app skips a candidate equal to the right answer
and names the first listed match."""

from __future__ import annotations

import math
from collections.abc import Callable

from quizapp.authoring import Params, Slip, finite

FACTOR_TWO = ("factor-two-dropped", "dropped the 2 from the square: d/dx (x - c)**2 = 2*(x - c)",
              "漏掉了平方求导带来的 2：d/dx (x - c)**2 = 2*(x - c)")
INNER = ("inner-derivative-dropped",
         "forgot the inner derivative (chain rule): d/dx f(g(x)) = f'(g(x))*g'(x)",
         "漏掉了内层函数的导数（链式法则）：d/dx f(g(x)) = f'(g(x))*g'(x)")


def poly_grad_slips(p: Params) -> list[Slip]:
    a, b, c, x = p["a"], p["b"], p["c"], p["x0"]
    return [
        Slip("power-rule-factor-dropped", a * x**2 + b * x + c,
             "lowered the powers but did not multiply by them: d/dx x**3 is 3*x**2",
             "降了幂却没有乘上原来的指数：x**3 的导数是 3*x**2"),
        Slip("value-for-gradient", a * x**3 + b * x**2 + c * x,
             "gave y itself, not dy/dx: x.grad holds the derivative",
             "给出的是 y 的值而不是 dy/dx：x.grad 存的是导数"),
    ]


def product_grad_slips(p: Params) -> list[Slip]:
    x, w = p["x0"], p["w0"]
    other = x * x + 2 * x * w if p["which"] == "x" else 2 * x * w + w * w
    half = w * (x + w) if p["which"] == "x" else x * (x + w)
    return [
        Slip("other-partial", other,
             "gave the partial derivative for the other variable",
             "给成了对另一个变量的偏导数"),
        Slip("product-rule-half", half,
             "treated (x + w) as a constant: the product rule differentiates every factor",
             "把 (x + w) 当成了常数：乘积法则要对每个因子都求导"),
    ]


# Each expression's derivative redone with one mistake: (slip, wrong derivative).
EXP_LOG_SLIPS: dict[str, tuple[tuple[str, str, str], Callable[[float], float]]] = {
    "torch.exp(2 * x)": (INNER, lambda x: math.exp(2 * x)),
    "torch.log(x ** 2 + 1)": (INNER, lambda x: 1 / (x * x + 1)),
    "x * torch.exp(-x)": (INNER, lambda x: math.exp(-x) * (1 + x)),
    "torch.log(x) / x": (("quotient-rule-sign",
                          "flipped the sign in the quotient rule: (u/v)' = (u'v - uv')/v**2",
                          "商法则里的符号弄反了：(u/v)' = (u'v - uv')/v**2"),
                         lambda x: (1 + math.log(x)) / (x * x)),
    "torch.sqrt(x) + 1 / x": (("reciprocal-sign",
                               "took d/dx (1/x) as +1/x**2: it is -1/x**2",
                               "把 1/x 的导数当成了 +1/x**2：其实是 -1/x**2"),
                              lambda x: 1 / (2 * math.sqrt(x)) + 1 / (x * x)),
}


def exp_log_grad_slips(p: Params) -> list[Slip]:
    if p["expr"] not in EXP_LOG_SLIPS:
        return []
    (slip_id, en, zh), wrong = EXP_LOG_SLIPS[p["expr"]]
    return finite([Slip(slip_id, wrong(p["x0"]), en, zh)])


def sum_squares_grad_slips(p: Params) -> list[Slip]:
    d = p["x"][p["i"]] - p["c"]
    n = len(p["x"])
    if p["reduce"] == "mean":
        return [Slip("mean-as-sum", 2 * d,
                     "forgot that .mean() divides by the number of elements",
                     "忘了 .mean() 还要除以元素个数"),
                Slip(*FACTOR_TWO[:1], d / n, *FACTOR_TWO[1:])]
    return [Slip("sum-as-mean", 2 * d / n,
                 "divided by the number of elements, which .sum() does not",
                 "除以了元素个数，但 .sum() 并不除"),
            Slip(*FACTOR_TWO[:1], d, *FACTOR_TWO[1:])]


def linear_grad_slips(p: Params) -> list[Slip]:
    w, x, b, t = p["w"], p["x"], p["b"], p["t"]
    err = w[0] * x[0] + w[1] * x[1] + b - t
    by_input = {"lin.weight.grad[0, 0]": x[0], "lin.weight.grad[0, 1]": x[1],
                "lin.bias.grad[0]": 1}[p["target"]]
    slips = [Slip(*FACTOR_TWO[:1], err * by_input, *FACTOR_TWO[1:]),
             Slip("residual-sign-flipped", -2 * err * by_input,
                  "wrote 2*(t - out): the derivative of (out - t)**2 by out is 2*(out - t)",
                  "写成了 2*(t - out)：(out - t)**2 对 out 的导数是 2*(out - t)")]
    if p["target"] != "lin.bias.grad[0]":
        slips.append(Slip("input-factor-dropped", 2 * err,
                          "forgot to multiply by the input: dL/dw_j = dL/dout*x_j",
                          "忘了乘上输入：dL/dw_j = dL/dout*x_j"))
    return slips


OUTER_DERIVATIVE: dict[str, Callable[[float], float]] = {
    "sigmoid": lambda u: (1 / (1 + math.exp(-u))) * (1 - 1 / (1 + math.exp(-u))),
    "tanh": lambda u: 1 - math.tanh(u) ** 2,
    "sin": math.cos,
}


def chain_rule_slips(p: Params) -> list[Slip]:
    outer, a, x0 = OUTER_DERIVATIVE[p["f"]], p["a"], p["x0"]
    u = a * x0 + p["b"]
    return [Slip(INNER[0], outer(u), *INNER[1:]),
            Slip("outer-at-x", outer(x0) * a,
                 "evaluated f' at x instead of at u = a*x + b",
                 "在 x 处而不是在 u = a*x + b 处求了 f'")]


def nonscalar_backward_slips(p: Params) -> list[Slip]:
    i = p["i"]
    return [Slip("gradient-weights-ignored", 2 * p["x"][i] + p["c"],
                 "ignored the weights v passed as gradient: x.grad = v*dy/dx",
                 "忽略了 gradient 参数传入的权重 v：x.grad = v*dy/dx")]


def accumulate_grad_slips(p: Params) -> list[Slip]:
    n, x0 = p["n"], p["x0"]
    return [Slip("overwritten-not-accumulated", n * x0 ** (n - 1),
                 "took backward to overwrite .grad: it adds to it, and nothing here zeroes it",
                 "以为 backward 会覆盖 .grad：它是累加的，而这里没有清零")]


# ---- graph rules (bool answers): the wrong answer each mistaken rule gives -----------------

SAVES_TENSORS = {"x * x": True, "x.exp()": True, "x ** 2": True, "x.sin()": True,
                 "x + 1": False, "x - 3": False}


def retain_graph_raises_slips(p: Params) -> list[Slip]:
    if p["retain"]:
        return [Slip("retain-graph-ignored", True,
                     "overlooked retain_graph=True, which keeps the saved tensors for a second "
                     "backward",
                     "忽略了 retain_graph=True：它为第二次 backward 保留了保存的张量")]
    if SAVES_TENSORS[p["op"]]:
        return [Slip("graph-kept-by-default", False,
                     "assumed the graph survives a backward pass: without retain_graph=True "
                     "its saved tensors are freed",
                     "以为反向传播之后计算图还完整保留：不设 retain_graph=True 时，保存的张量会被"
                     "释放")]
    return [Slip("second-backward-always-raises", True,
                 "took every second backward to raise, as the notes say: only a node that saved "
                 "tensors for its backward fails, and adding a constant or sum saves none",
                 "以为第二次 backward 一定报错（笔记里这么说）：只有为反向传播保存了张量的节点才会"
                 "报错，加减常数和 sum 都不保存张量")]


USER_CREATED = {"t = a", "t = b", "t = nn.Linear(2, 2).weight"}
REQUIRES_GRAD = {"t = a", "t = a * 2", "t = a + b", "t = a[0]", "t = a.clone()",
                 "t = a.detach().requires_grad_()", "t = nn.Linear(2, 2).weight"}


def is_leaf_slips(p: Params) -> list[Slip]:
    stmt = p["stmt"]
    return [
        Slip("only-user-created-leaves", stmt in USER_CREATED,
             "took only tensors the user creates for leaves, as the notes define them: any "
             "tensor without a grad_fn is a leaf, results computed without tracking included",
             "以为只有用户直接创建的张量才是叶子（笔记就是这样定义的）：没有 grad_fn 的张量都是"
             "叶子张量，包括不追踪梯度时算出的结果"),
        Slip("requires-grad-not-leaf", stmt not in REQUIRES_GRAD,
             "thought a tensor that requires grad cannot be a leaf: leaves made with "
             "requires_grad=True (parameters too) are exactly the ones whose .grad is filled",
             "以为需要梯度的张量就不是叶子：用 requires_grad=True 创建的张量（包括模型参数）正是"
             ".grad 会被填充的叶子张量"),
        Slip("tracked-result-as-leaf", True,
             "took a tracked result for a leaf: an operation on a tensor that requires grad "
             "records a grad_fn, so its result is not a leaf",
             "把被追踪的运算结果当成了叶子：对需要梯度的张量做运算会记录 grad_fn，结果不是叶子"),
    ]


def requires_grad_result_slips(p: Params) -> list[Slip]:
    slips = [Slip("spreads-from-any-leaf", True,
                  "applied the notes' rule that whatever depends on a leaf requires grad: it "
                  "spreads only from inputs that require grad, through tracked operations",
                  "套用了笔记里「依赖于叶子结点的结点，requires_grad 默认为 True」的说法：只有"
                  "需要梯度的输入经过被追踪的运算，结果才需要梯度")]
    if p["stmt"] == "t = a.clone()":
        slips.append(Slip("clone-detaches", False,
                          "took clone() for a copy outside the graph: clone is recorded "
                          "(CloneBackward0); detach() is what leaves the graph",
                          "以为 clone() 的副本脱离了计算图：clone 会被记录（CloneBackward0），"
                          "脱离计算图的是 detach()"))
    return slips


# d/dx of each expression if the detached part were tracked after all.
UNDETACHED: dict[str, Callable[[float], float]] = {
    "x * x.detach()": lambda x: 2 * x,
    "x ** 2 + x.detach() ** 3": lambda x: 2 * x + 3 * x * x,
    "x.detach() ** 2 * x ** 3": lambda x: 5 * x**4,
    "(x * x).detach() + 4 * x": lambda x: 2 * x + 4,
    "x ** 3 + x.data": lambda x: 3 * x * x + 1,
}


def detach_grad_slips(p: Params) -> list[Slip]:
    return [Slip("detached-part-differentiated", UNDETACHED[p["expr"]](p["x0"]),
                 "differentiated the detached part too: detach() and .data give constants "
                 "for autograd",
                 "把被 detach 的部分也求了导：detach() 和 .data 对自动求导来说都是常数")]


def eval_keeps_grad_slips(p: Params) -> list[Slip]:
    if not p["stmt"].startswith("net.eval()"):
        return []
    return [Slip("eval-stops-grad", False,
                 "took eval() to stop gradient tracking, as the notes say: it only changes how "
                 "Dropout and BatchNorm behave; torch.no_grad() stops tracking",
                 "以为 eval() 会停止梯度追踪（笔记里这么说）：它只改变 Dropout 和批归一化的行为，"
                 "停止追踪的是 torch.no_grad()")]
