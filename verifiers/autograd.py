"""Verifiers for the autograd deck: gradients, leaves, accumulation, retain_graph, detach."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

Params = dict[str, Any]
Result = tuple[Any, Any]
Fn = Callable[[Any], Any]


def _ex(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _f(x: float) -> str:
    return f"{x:.6g}"


def _p(x: float) -> str:
    """A number for use inside a formula: negatives get parentheses."""
    return f"({_f(x)})" if x < 0 else _f(x)


def _leaf(value: float | list[float], device: Any) -> Any:
    import torch

    return torch.tensor(value, dtype=torch.float64, device=device, requires_grad=True)


def _grad_at(fn: Fn, x0: float, device: Any) -> float:
    x = _leaf(x0, device)
    fn(x).backward()
    return float(x.grad)


# ---- gradients of small expressions ------------------------------------------------------


def poly_grad(p: Params, device: Any) -> Result:
    a, b, c, x0 = p["a"], p["b"], p["c"], p["x0"]
    g = _grad_at(lambda x: a * x**3 + b * x**2 + c * x, x0, device)
    formula = f"3*{_p(a)}*{_p(x0)}^2 + 2*{_p(b)}*{_p(x0)} + {_p(c)} = {_f(g)}"
    return g, f"dy/dx = 3a x^2 + 2b x + c = {formula}"


def product_grad(p: Params, device: Any) -> Result:
    x, w = _leaf(p["x0"], device), _leaf(p["w0"], device)
    (x * w * (x + w)).backward()
    g = float(x.grad if p["which"] == "x" else w.grad)
    x0, w0 = _p(p["x0"]), _p(p["w0"])
    if p["which"] == "x":
        rule = f"d/dx = w(x + w) + x w = {w0}*({x0} + {w0}) + {x0}*{w0} = {_f(g)}"
    else:
        rule = f"d/dw = x(x + w) + x w = {x0}*({x0} + {w0}) + {x0}*{w0} = {_f(g)}"
    return g, _ex(f"product rule: {rule}", f"乘积法则：{rule}")


def _expressions() -> dict[str, tuple[Fn, str]]:
    """Each shown expression, the function that runs it, and its derivative for display."""
    import torch

    return {
        "torch.exp(2 * x)": (lambda x: torch.exp(2 * x), "2 e^(2x)"),
        "torch.log(x ** 2 + 1)": (lambda x: torch.log(x**2 + 1), "2x / (x^2 + 1)"),
        "x * torch.exp(-x)": (lambda x: x * torch.exp(-x), "e^(-x) (1 - x)"),
        "torch.exp(x) * torch.log(x)": (lambda x: torch.exp(x) * torch.log(x),
                                        "e^x (ln x + 1/x)"),
        "torch.log(x) / x": (lambda x: torch.log(x) / x, "(1 - ln x) / x^2"),
        "torch.sqrt(x) + 1 / x": (lambda x: torch.sqrt(x) + 1 / x, "1/(2 sqrt(x)) - 1/x^2"),
    }


def exp_log_grad(p: Params, device: Any) -> Result:
    fn, rule = _expressions()[p["expr"]]
    g = _grad_at(fn, p["x0"], device)
    return g, _ex(f"d/dx {p['expr']} = {rule}; at x = {p['x0']}: {_f(g)}",
                  f"d/dx {p['expr']} = {rule}；在 x = {p['x0']} 处：{_f(g)}")


def sum_squares_grad(p: Params, device: Any) -> Result:
    x = _leaf([float(v) for v in p["x"]], device)
    y = (x - p["c"]) ** 2
    (y.sum() if p["reduce"] == "sum" else y.mean()).backward()
    g = float(x.grad[p["i"]])
    n = len(p["x"]) if p["reduce"] == "mean" else 1
    return g, _ex(f"d/dx_i = 2 (x_i - c) / {n} = 2*({p['x'][p['i']]} - {_p(p['c'])})/{n} = {_f(g)}",
                  f"d/dx_i = 2 (x_i - c) / {n} = 2*({p['x'][p['i']]} - {_p(p['c'])})/{n} = {_f(g)}")


def sample_index(p: Params, rng: random.Random) -> Params:
    return {**p, "i": rng.randrange(len(p["x"]))}


def linear_grad(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    lin = nn.Linear(2, 1).to(device, torch.float64)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor([p["w"]], dtype=torch.float64))
        lin.bias.fill_(p["b"])
    out = lin(torch.tensor(p["x"], dtype=torch.float64, device=device))
    ((out - p["t"]) ** 2).sum().backward()
    grads = {"lin.weight.grad[0, 0]": lin.weight.grad[0, 0],
             "lin.weight.grad[0, 1]": lin.weight.grad[0, 1], "lin.bias.grad[0]": lin.bias.grad[0]}
    g = float(grads[p["target"]])
    out_value = float(out.detach())
    err = out_value - p["t"]
    factor = {"lin.weight.grad[0, 0]": f" * x0 = {_f(err * 2)} * {_p(p['x'][0])}",
              "lin.weight.grad[0, 1]": f" * x1 = {_f(err * 2)} * {_p(p['x'][1])}",
              "lin.bias.grad[0]": ""}[p["target"]]
    fwd = (f"out = {_p(p['w'][0])}*{_p(p['x'][0])} + {_p(p['w'][1])}*{_p(p['x'][1])} + "
           f"{_p(p['b'])} = {_f(out_value)}")
    return g, _ex(f"{fwd}; dL/dout = 2(out - t) = {_f(2 * err)}; "
                  f"{p['target']} = 2(out - t){factor} = {_f(g)}",
                  f"{fwd}；dL/dout = 2(out - t) = {_f(2 * err)}；"
                  f"{p['target']} = 2(out - t){factor} = {_f(g)}")


def chain_rule(p: Params, device: Any) -> Result:
    import torch

    fn = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "sin": torch.sin}[p["f"]]
    x = _leaf(p["x0"], device)
    u = p["a"] * x + p["b"]
    fn(u).backward()
    g, u0 = float(x.grad), float(u.detach())
    outer = {"sigmoid": "s(u)(1 - s(u))", "tanh": "1 - tanh(u)^2", "sin": "cos(u)"}[p["f"]]
    return g, _ex(f"u = {_p(p['a'])}*{_p(p['x0'])} + {_p(p['b'])} = {_f(u0)}; dy/dx = f'(u) * a = "
                  f"{outer} * {_p(p['a'])} = {_f(g)}",
                  f"u = {_p(p['a'])}*{_p(p['x0'])} + {_p(p['b'])} = {_f(u0)}；dy/dx = f'(u) * a = "
                  f"{outer} * {_p(p['a'])} = {_f(g)}")


def nonscalar_backward(p: Params, device: Any) -> Result:
    import torch

    x = _leaf([float(v) for v in p["x"]], device)
    y = x**2 + p["c"] * x
    y.backward(gradient=torch.tensor(p["v"], dtype=torch.float64, device=device))
    i = p["i"]
    g = float(x.grad[i])
    work = f"{_p(p['v'][i])} * (2*{_p(p['x'][i])} + {_p(p['c'])}) = {_f(g)}"
    return g, _ex(f"x.grad = v * dy/dx elementwise: {work}",
                  f"x.grad = v * dy/dx（逐元素）：{work}")


def sample_nonscalar(p: Params, rng: random.Random) -> Params:
    return {**p, "v": [rng.choice([-1, 0.5, 1, 2]) for _ in p["x"]], "i": rng.randrange(3)}


# ---- accumulation, retain_graph, detach --------------------------------------------------------


def accumulate_grad(p: Params, device: Any) -> Result:
    x = _leaf(p["x0"], device)
    for _ in range(p["k"]):
        (x ** p["n"]).backward()
    g = float(x.grad)
    one = p["n"] * p["x0"] ** (p["n"] - 1)
    return g, _ex(f"each backward adds n x^(n-1) = {_f(one)}; {p['k']} calls, no zero_grad: "
                  f"{p['k']} * {_p(one)} = {_f(g)}",
                  f"每次 backward 累加 n x^(n-1) = {_f(one)}；调用 {p['k']} 次且未清零："
                  f"{p['k']} * {_p(one)} = {_f(g)}")


RETAIN_OPS: dict[str, Fn] = {
    "x * x": lambda x: x * x,
    "x.exp()": lambda x: x.exp(),
    "x ** 2": lambda x: x**2,
    "x.sin()": lambda x: x.sin(),
    "x + 1": lambda x: x + 1,
    "x - 3": lambda x: x - 3,
}


def retain_graph_raises(p: Params, device: Any) -> Result:
    x = _leaf([1.0, 2.0], device)
    y = RETAIN_OPS[p["op"]](x).sum()
    y.backward(retain_graph=p["retain"])
    try:
        y.backward()
    except RuntimeError:
        return True, _ex(f"{p['op']} saved tensors for its backward; the first backward freed "
                         f"them (retain_graph={p['retain']}), so the second one raises",
                         f"{p['op']} 为反向传播保存了张量；第一次 backward 已将其释放"
                         f"（retain_graph={p['retain']}），所以第二次报错")
    why = ("retain_graph=True kept the saved tensors" if p["retain"]
           else f"{p['op']} saves no tensors (its derivative is constant), so nothing was freed")
    why_zh = ("retain_graph=True 保留了保存的张量" if p["retain"]
              else f"{p['op']} 不保存任何张量（导数是常数），没有东西被释放")
    grads = "[" + ", ".join(_f(v) for v in x.grad.tolist()) + "]"
    return False, _ex(f"{why}; x.grad after two calls = {grads} (twice the one-call value)",
                      f"{why_zh}；两次调用后 x.grad = {grads}（是一次调用的两倍）")


def _statements() -> dict[str, Callable[[Any, Any], Any]]:
    import torch
    from torch import nn

    def no_grad_times_two(a: Any, b: Any) -> Any:
        with torch.no_grad():
            return a * 2

    return {
        "t = a": lambda a, b: a,
        "t = b": lambda a, b: b,
        "t = a * 2": lambda a, b: a * 2,
        "t = b * 2": lambda a, b: b * 2,
        "t = a + b": lambda a, b: a + b,
        "t = a[0]": lambda a, b: a[0],
        "t = a.clone()": lambda a, b: a.clone(),
        "t = a.detach()": lambda a, b: a.detach(),
        "t = a.detach() * 2": lambda a, b: a.detach() * 2,
        "t = a.detach().requires_grad_()": lambda a, b: a.detach().requires_grad_(),
        "t = a > 1": lambda a, b: a > 1,
        "with torch.no_grad(): t = a * 2": no_grad_times_two,
        "t = nn.Linear(2, 2).weight": lambda a, b: nn.Linear(2, 2).to(a.device, a.dtype).weight,
    }


def _tensor_after(stmt: str, device: Any) -> Any:
    import torch

    a = _leaf([1.0, 2.0], device)
    b = torch.tensor([3.0, 4.0], dtype=torch.float64, device=device)
    return _statements()[stmt](a, b)


def is_leaf(p: Params, device: Any) -> Result:
    t = _tensor_after(p["stmt"], device)
    fn = type(t.grad_fn).__name__ if t.grad_fn is not None else "None"
    return bool(t.is_leaf), _ex(
        f"requires_grad={t.requires_grad}, grad_fn={fn} -> is_leaf={t.is_leaf} (a leaf is any "
        f"tensor with no grad_fn: created by the user, or not requiring grad)",
        f"requires_grad={t.requires_grad}，grad_fn={fn} -> is_leaf={t.is_leaf}（没有 grad_fn "
        f"的张量都是叶子：用户直接创建的，或不需要梯度的）",
    )


def requires_grad_result(p: Params, device: Any) -> Result:
    t = _tensor_after(p["stmt"], device)
    fn = type(t.grad_fn).__name__ if t.grad_fn is not None else "None"
    return bool(t.requires_grad), _ex(
        f"{p['stmt']}: requires_grad={t.requires_grad}, grad_fn={fn}",
        f"{p['stmt']}：requires_grad={t.requires_grad}，grad_fn={fn}",
    )


DETACH_EXPRS: dict[str, tuple[Fn, str]] = {
    "x * x.detach()": (lambda x: x * x.detach(), "x.detach() is a constant c = x: grad = c"),
    "x ** 2 + x.detach() ** 3": (lambda x: x**2 + x.detach() ** 3,
                                 "the detached term is a constant: grad = 2x"),
    "x.detach() ** 2 * x ** 3": (lambda x: x.detach() ** 2 * x**3,
                                 "c = x^2 is a constant: grad = c * 3x^2"),
    "(x * x).detach() + 4 * x": (lambda x: (x * x).detach() + 4 * x,
                                 "only 4x is tracked: grad = 4"),
    "x ** 3 + x.data": (lambda x: x**3 + x.data, "x.data is untracked: grad = 3x^2"),
}


def detach_grad(p: Params, device: Any) -> Result:
    fn, rule = DETACH_EXPRS[p["expr"]]
    g = _grad_at(fn, p["x0"], device)
    return g, _ex(f"{rule}; at x = {p['x0']}: {_f(g)}",
                  f"被 detach 的部分视为常数：{rule}；在 x = {p['x0']} 处：{_f(g)}")


# ---- flash-card checks -------------------------------------------------------------------


def check_grads_accumulate(p: Params, device: Any) -> Result:
    x = _leaf(3.0, device)
    (x * x).backward()
    first = float(x.grad)
    (x * x).backward()
    second = float(x.grad)
    x.grad = None  # what optimizer.zero_grad() does by default (set_to_none=True)
    (x * x).backward()
    ok = (first, second, float(x.grad)) == (6.0, 12.0, 6.0)
    return ok, _ex(f"x=3, y=x*x: grad {first} after one backward, {second} after two, "
                   f"{float(x.grad)} again after x.grad = None",
                   f"x=3，y=x*x：一次 backward 后梯度为 {first}，两次后为 {second}，"
                   f"x.grad = None 之后再算为 {float(x.grad)}")


def check_nonleaf_grad_none(p: Params, device: Any) -> Result:
    import warnings

    x = _leaf(2.0, device)
    y = x * 3
    z = x * 5
    z.retain_grad()
    (y * z).backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading a non-leaf's .grad warns, which is the point
        y_grad = y.grad
    ok = y_grad is None and z.grad is not None and float(x.grad) == 60.0
    return ok, _ex(f"y.grad = {y_grad}; with z.retain_grad(): z.grad = {float(z.grad)}; "
                   f"x.grad = {float(x.grad)}",
                   f"y.grad = {y_grad}；调用 z.retain_grad() 后 z.grad = {float(z.grad)}；"
                   f"x.grad = {float(x.grad)}")


def check_scalar_backward_only(p: Params, device: Any) -> Result:
    import torch

    x = _leaf([1.0, 2.0], device)
    y = x * x
    try:
        y.backward()
        raised = ""
    except RuntimeError as err:
        raised = str(err).splitlines()[0]
    y.backward(gradient=torch.ones_like(y))
    ok = bool(raised) and x.grad.tolist() == [2.0, 4.0]
    return ok, _ex(f"y.backward() -> RuntimeError: {raised}; y.backward(torch.ones_like(y)) "
                   f"-> x.grad = {x.grad.tolist()}",
                   f"y.backward() -> RuntimeError：{raised}；y.backward(torch.ones_like(y)) "
                   f"-> x.grad = {x.grad.tolist()}")


def check_leaf_inplace(p: Params, device: Any) -> Result:
    import torch

    x = _leaf([1.0, 2.0], device)
    try:
        x.add_(1)
        raised = ""
    except RuntimeError as err:
        raised = str(err).splitlines()[0]
    with torch.no_grad():
        x.add_(1)  # allowed: this is how optimizers update parameters
    ok = bool(raised) and x.tolist() == [2.0, 3.0] and x.is_leaf
    return ok, _ex(f"x.add_(1) -> RuntimeError: {raised}; inside torch.no_grad() it works: "
                   f"x = {x.tolist()}",
                   f"x.add_(1) -> RuntimeError：{raised}；在 torch.no_grad() 中可以执行："
                   f"x = {x.tolist()}")


def check_detach_shares_memory(p: Params, device: Any) -> Result:
    x = _leaf([1.0, 2.0], device)
    d = x.detach()
    d.zero_()
    ok = (x.tolist() == [0.0, 0.0] and not d.requires_grad and d.data_ptr() == x.data_ptr())
    return ok, _ex(f"after x.detach().zero_(): x = {x.tolist()}; detached requires_grad = "
                   f"{d.requires_grad}",
                   f"执行 x.detach().zero_() 之后：x = {x.tolist()}；detach 结果的 requires_grad = "
                   f"{d.requires_grad}")
