"""Gradients of small expressions, linear layers and non-scalar backward()."""

from __future__ import annotations

import random
from typing import Any

from ._common import Fn, Params, Result, _ex, _f, _grad_at, _leaf, _p

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
