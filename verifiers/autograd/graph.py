"""The autograd graph: grad accumulation, retain_graph, leaves, requires_grad, detach."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._common import Fn, Params, Result, _ex, _f, _grad_at, _leaf, _p

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
