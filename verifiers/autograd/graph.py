"""The autograd graph: grad accumulation, retain_graph, leaves, requires_grad, detach, eval."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    f64,
    factor,
    layer,
    num,
    plural,
    randn,
    steps,
    vec,
)

from .derivative import Fn, grad_at


def accumulate_grad(p: Params, device: Any) -> Result:
    x = f64(p["x0"], device, requires_grad=True)
    for _ in steps(p["k"], "backward calls"):
        (x ** p["n"]).backward()
    g = float(x.grad)
    n, x0, k = p["n"], p["x0"], p["k"]
    one = n * x0 ** (n - 1)
    work = f"{k}*{factor(one)} = {num(g)}"
    return g, bi(f"each backward adds n*x**(n-1) = {n}*{factor(x0)}**{n - 1} = {num(one)} to "
                 f"x.grad; {plural(k, 'call', 'calls')} and nothing zeroes it: {work}",
                 f"每次 backward 都把 n*x**(n-1) = {n}*{factor(x0)}**{n - 1} = {num(one)} 累加到 "
                 f"x.grad 上；调用 {k} 次且中间没有清零：{work}")


RETAIN_OPS: dict[str, Fn] = {
    "x * x": lambda x: x * x,
    "x.exp()": lambda x: x.exp(),
    "x ** 2": lambda x: x**2,
    "x.sin()": lambda x: x.sin(),
    "x + 1": lambda x: x + 1,
    "x - 3": lambda x: x - 3,
}


def retain_graph_raises(p: Params, device: Any) -> Result:
    op, retain = p["op"], p["retain"]
    x = f64([1.0, 2.0], device, requires_grad=True)
    y = RETAIN_OPS[op](x).sum()
    y.backward(retain_graph=retain)
    try:
        y.backward()
    except RuntimeError:
        return True, bi(f"{op} saved tensors for its backward; the first backward freed them "
                        f"(retain_graph={retain}), so the second one raises",
                        f"{op} 为反向传播保存了张量；第一次 backward 已把它们释放"
                        f"（retain_graph={retain}），所以第二次报错")
    grads = vec(x.grad.tolist())
    if retain:
        why = bi("retain_graph=True kept the saved tensors",
                 "retain_graph=True 保留了计算图保存的张量")
    else:
        why = bi(f"{op} saves no tensors (its derivative is a constant) and neither does sum, "
                 f"so nothing was freed",
                 f"{op} 不保存任何张量（它的导数是常数），sum 也不保存，所以没有东西被释放")
    return False, bi(f"{why['en']}; after two calls x.grad = {grads}, twice the one-call value "
                     f"(gradients accumulate)",
                     f"{why['zh']}；两次调用后 x.grad = {grads}，是一次调用的两倍（梯度累加）")


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
        "t = nn.Linear(2, 2).weight": lambda a, b: layer(nn.Linear(2, 2), a.device).weight,
    }


def _tensor_after(stmt: str, device: Any) -> Any:
    a = f64([1.0, 2.0], device, requires_grad=True)
    b = f64([3.0, 4.0], device)
    return _statements()[stmt](a, b)


def _grad_fn(t: Any) -> str:
    return type(t.grad_fn).__name__ if t.grad_fn is not None else "None"


def is_leaf(p: Params, device: Any) -> Result:
    t = _tensor_after(p["stmt"], device)
    facts = f"requires_grad={t.requires_grad}, grad_fn={_grad_fn(t)} -> is_leaf={t.is_leaf}"
    return bool(t.is_leaf), bi(
        f"{p['stmt']}: {facts}. A leaf is any tensor without a grad_fn: made by the user, or "
        f"computed while nothing it came from required grad (or with tracking off)",
        f"{p['stmt']}：{facts}。没有 grad_fn 的张量都是叶子张量：用户直接创建的，或者算出它时"
        f"没有任何输入需要梯度（或关闭了梯度追踪）",
    )


def requires_grad_result(p: Params, device: Any) -> Result:
    t = _tensor_after(p["stmt"], device)
    facts = f"requires_grad={t.requires_grad}, grad_fn={_grad_fn(t)}"
    return bool(t.requires_grad), bi(
        f"{p['stmt']}: {facts}. A result requires grad when an input does and the operation "
        f"is tracked and differentiable",
        f"{p['stmt']}：{facts}。只有当某个输入需要梯度、且运算被追踪并且可导时，结果才需要梯度",
    )


# The expression, the function that runs it, and the rule with the detached part held fixed.
DETACH_EXPRS: dict[str, tuple[Fn, str, str]] = {
    "x * x.detach()": (lambda x: x * x.detach(),
                       "x.detach() is a constant c = x: grad = c",
                       "x.detach() 是常数 c = x：梯度 = c"),
    "x ** 2 + x.detach() ** 3": (lambda x: x**2 + x.detach() ** 3,
                                 "the detached term is a constant: grad = 2*x",
                                 "被 detach 的那一项是常数：梯度 = 2*x"),
    "x.detach() ** 2 * x ** 3": (lambda x: x.detach() ** 2 * x**3,
                                 "c = x**2 is a constant: grad = c*3*x**2",
                                 "c = x**2 是常数：梯度 = c*3*x**2"),
    "(x * x).detach() + 4 * x": (lambda x: (x * x).detach() + 4 * x,
                                 "only 4*x is tracked: grad = 4",
                                 "只有 4*x 被追踪：梯度 = 4"),
    "x ** 3 + x.data": (lambda x: x**3 + x.data,
                        "x.data is not tracked: grad = 3*x**2",
                        "x.data 不被追踪：梯度 = 3*x**2"),
}


def detach_grad(p: Params, device: Any) -> Result:
    fn, rule_en, rule_zh = DETACH_EXPRS[p["expr"]]
    g = grad_at(fn, p["x0"], device)
    return g, bi(f"a detached tensor keeps its value but is a constant for autograd: {rule_en}; "
                 f"at x = {num(p['x0'])}: {num(g)}",
                 f"被 detach 的张量数值不变，但对自动求导来说是常数：{rule_zh}；"
                 f"在 x = {num(p['x0'])} 处：{num(g)}")


# ---- eval() is not no_grad() -------------------------------------------------------------------


def _forward(stmt: str, net: Any, x: Any) -> Any:
    import torch

    def run_eval(detach: bool = False) -> Any:
        out = net.eval()(x)
        return out.detach() if detach else out

    def inside(context: Any, module: Any) -> Any:
        with context:
            return module(x)

    return {
        "net.eval(); out = net(x)": lambda: run_eval(),
        "net.train(); out = net(x)": lambda: net.train()(x),
        "net.eval(); out = net(x).detach()": lambda: run_eval(detach=True),
        "with torch.no_grad(): out = net(x)": lambda: inside(torch.no_grad(), net),
        "with torch.no_grad(): out = net.eval()(x)": lambda: inside(torch.no_grad(),
                                                                     net.eval()),
        "with torch.inference_mode(): out = net(x)": lambda: inside(torch.inference_mode(),
                                                                     net),
        "net.requires_grad_(False); out = net(x)": lambda: net.requires_grad_(False)(x),
    }[stmt]()


EVAL_NOTES = bi("The notes say eval() stops gradient computation; torch does not: eval() only "
                "switches Dropout and BatchNorm to their inference behaviour. Gradient tracking "
                "stops under torch.no_grad() or torch.inference_mode(), after detach(), or "
                "when nothing involved requires grad.",
                "笔记说 eval 模式下「不会计算梯度」；torch 并非如此：eval() 只让 Dropout 和批"
                "归一化切换到推理时的行为。停止梯度追踪的是 torch.no_grad()、"
                "torch.inference_mode()、detach()，或者参与计算的张量都不需要梯度。")


def eval_keeps_grad(p: Params, device: Any) -> Result:
    from torch import nn

    net = layer(nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5)), device)
    out = _forward(p["stmt"], net, randn(4, 2, device=device))
    facts = (f"out.requires_grad={out.requires_grad}, grad_fn={_grad_fn(out)}, "
             f"net.training={net.training}")
    return bool(out.requires_grad), bi(f"{p['stmt']}: {facts}. {EVAL_NOTES['en']}",
                                       f"{p['stmt']}：{facts}。{EVAL_NOTES['zh']}")
