"""Gradients of small expressions, a linear layer, and non-scalar backward(gradient=...)."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, f64, factor, layer, num, poly, require, total

from .derivative import Fn, grad_at
from .shown_code import derive_poly, shifted


def poly_grad(p: Params, device: Any) -> Result:
    a, b, c, x0 = p["a"], p["b"], p["c"], p["x0"]
    g = grad_at(lambda x: a * x**3 + b * x**2 + c * x, x0, device)
    shown = derive_poly(p)["poly_code"]
    slope = poly([c, 2 * b, 3 * a])
    terms = [t for t, k in ((3 * a * x0**2, a), (2 * b * x0, b), (c, c)) if k] or [0]
    at = f"{total(terms)} = {num(g)}"
    return g, bi(f"y = {shown}, so dy/dx = {slope}; at x = {num(x0)}: {at}",
                 f"y = {shown}，所以 dy/dx = {slope}；在 x = {num(x0)} 处：{at}")


def product_grad(p: Params, device: Any) -> Result:
    x, w = f64(p["x0"], device, requires_grad=True), f64(p["w0"], device, requires_grad=True)
    (x * w * (x + w)).backward()
    g = float(x.grad if p["which"] == "x" else w.grad)
    x0, w0 = factor(p["x0"]), factor(p["w0"])
    if p["which"] == "x":
        rule = f"dy/dx = w*(x + w) + x*w = {w0}*({x0} + {w0}) + {x0}*{w0} = {num(g)}"
    else:
        rule = f"dy/dw = x*(x + w) + x*w = {x0}*({x0} + {w0}) + {x0}*{w0} = {num(g)}"
    return g, bi(f"product rule on (x*w)*(x + w): {rule}", f"对 (x*w)*(x + w) 用乘积法则：{rule}")


def _expressions() -> dict[str, tuple[Fn, str]]:
    """Each shown expression, the function that runs it, and its derivative for display."""
    import torch

    return {
        "torch.exp(2 * x)": (lambda x: torch.exp(2 * x), "2*e^(2x)"),
        "torch.log(x ** 2 + 1)": (lambda x: torch.log(x**2 + 1), "2x/(x^2 + 1)"),
        "x * torch.exp(-x)": (lambda x: x * torch.exp(-x), "e^(-x)*(1 - x)"),
        "torch.exp(x) * torch.log(x)": (lambda x: torch.exp(x) * torch.log(x),
                                        "e^x*(ln x + 1/x)"),
        "torch.log(x) / x": (lambda x: torch.log(x) / x, "(1 - ln x)/x^2"),
        "torch.sqrt(x) + 1 / x": (lambda x: torch.sqrt(x) + 1 / x, "1/(2*sqrt(x)) - 1/x^2"),
    }


def exp_log_grad(p: Params, device: Any) -> Result:
    fn, rule = _expressions()[p["expr"]]
    g = grad_at(fn, p["x0"], device)
    return g, bi(f"d/dx ({p['expr']}) = {rule}; at x = {num(p['x0'])}: {num(g)}",
                 f"d/dx ({p['expr']}) = {rule}；在 x = {num(p['x0'])} 处：{num(g)}")


def sum_squares_grad(p: Params, device: Any) -> Result:
    xs, c, i, reduce = p["x"], p["c"], p["i"], p["reduce"]
    require(0 <= i < len(xs), f"x has no element {i}")
    x = f64([float(v) for v in xs], device, requires_grad=True)
    y = (x - c) ** 2
    (y.sum() if reduce == "sum" else y.mean()).backward()
    g = float(x.grad[i])
    n = len(xs) if reduce == "mean" else 1
    inner = f"2*({shifted(str(xs[i]), c)})"
    work = f"{inner}/{n} = {num(g)}" if n > 1 else f"{inner} = {num(g)}"
    if reduce == "mean":
        return g, bi(f"d/dx_i of mean((x - c)**2) = 2*(x_i - c)/n, n = {n}: {work}",
                     f"mean((x - c)**2) 对 x_i 的导数 = 2*(x_i - c)/n，n = {n}：{work}")
    return g, bi(f"d/dx_i of sum((x - c)**2) = 2*(x_i - c): {work}",
                 f"sum((x - c)**2) 对 x_i 的导数 = 2*(x_i - c)：{work}")


def sample_index(p: Params, rng: random.Random) -> Params:
    return {**p, "i": rng.randrange(len(p["x"]))}


LINEAR_TARGETS = ("lin.weight.grad[0, 0]", "lin.weight.grad[0, 1]", "lin.bias.grad[0]")


def linear_grad(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    lin = layer(nn.Linear(2, 1), device)
    with torch.no_grad():
        lin.weight.copy_(f64([p["w"]], device))
        lin.bias.fill_(p["b"])
    out = lin(f64(p["x"], device))
    ((out - p["t"]) ** 2).sum().backward()
    grads = dict(zip(LINEAR_TARGETS, (lin.weight.grad[0, 0], lin.weight.grad[0, 1],
                                      lin.bias.grad[0]), strict=True))
    g = float(grads[p["target"]])
    out_value = float(out.detach())
    dout = 2 * (out_value - p["t"])
    by_input = {LINEAR_TARGETS[0]: f"*x0 = {num(dout)}*{factor(p['x'][0])}",
                LINEAR_TARGETS[1]: f"*x1 = {num(dout)}*{factor(p['x'][1])}",
                LINEAR_TARGETS[2]: ""}[p["target"]]
    w, x = p["w"], p["x"]
    forward = (f"out = {factor(w[0])}*{factor(x[0])} + {factor(w[1])}*{factor(x[1])} + "
               f"{factor(p['b'])} = {num(out_value)}")
    dl = f"dL/dout = 2*({shifted(num(out_value), p['t'])}) = {num(dout)}"
    grad = f"{p['target']} = dL/dout{by_input} = {num(g)}"
    return g, bi(f"{forward}; chain rule: {dl}; {grad}", f"{forward}；链式法则：{dl}；{grad}")


OUTER = {"sigmoid": "s(u)*(1 - s(u))", "tanh": "1 - tanh(u)**2", "sin": "cos(u)"}


def chain_rule(p: Params, device: Any) -> Result:
    import torch

    fn = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "sin": torch.sin}[p["f"]]
    x = f64(p["x0"], device, requires_grad=True)
    u = p["a"] * x + p["b"]
    fn(u).backward()
    g, u0 = float(x.grad), float(u.detach())
    u_work = f"u = {factor(p['a'])}*{factor(p['x0'])} + {factor(p['b'])} = {num(u0)}"
    dy = f"dy/dx = f'(u)*a = {OUTER[p['f']]}*{factor(p['a'])} = {num(g)}"
    return g, bi(f"chain rule: {u_work}; {dy}", f"链式法则：{u_work}；{dy}")


def nonscalar_backward(p: Params, device: Any) -> Result:
    x = f64([float(v) for v in p["x"]], device, requires_grad=True)
    y = x**2 + p["c"] * x
    y.backward(gradient=f64(p["v"], device))
    i = p["i"]
    g = float(x.grad[i])
    work = f"{factor(p['v'][i])}*(2*{factor(p['x'][i])} + {factor(p['c'])}) = {num(g)}"
    return g, bi(f"backward(gradient=v) gives x.grad = v*dy/dx element by element, "
                 f"dy/dx = 2*x + c: x.grad[{i}] = {work}",
                 f"backward(gradient=v) 得到 x.grad = v*dy/dx（逐元素），dy/dx = 2*x + c："
                 f"x.grad[{i}] = {work}")


def sample_nonscalar(p: Params, rng: random.Random) -> Params:
    return {**p, "v": [rng.choice([-1, 0.5, 1, 2]) for _ in p["x"]], "i": rng.randrange(3)}
