"""Activation cards: the value of an nn activation module at x and its derivative by autograd."""

from __future__ import annotations

import math
import random
from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    Slip,
    as_list,
    bi,
    f64,
    finite,
    join,
    num,
    redraw,
    require,
    vec,
)

from ._common import index_in
from .formulas import (
    CALLS,
    KINKS,
    exp,
    gelu_tanh,
    grad_steps,
    phi_cdf,
    sigmoid,
    softplus,
    value_steps,
)


def _module(fn: str) -> Any:
    from torch import nn

    return {
        "relu": nn.ReLU, "leaky_relu": nn.LeakyReLU, "elu": nn.ELU, "gelu": nn.GELU,
        "gelu_tanh": lambda: nn.GELU(approximate="tanh"), "silu": nn.SiLU,
        "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "softplus": nn.Softplus,
        "hardswish": nn.Hardswish,
    }[fn]()


def derive_activation(p: Params) -> Params:
    """The module call shown in the question, e.g. `nn.GELU(approximate="tanh")`."""
    return {**p, "call": CALLS[p["fn"]]}


def sample_activation_grad(p: Params, rng: random.Random) -> Params:
    """Keep x off the kinks, where autograd's derivative is only a convention."""
    def draw(r: random.Random) -> float:
        return round(r.uniform(-4, 4), 2) + 0.0

    return redraw(dict(p), "x", rng, draw, lambda q: q["x"] not in KINKS.get(q["fn"], ()))


def _run(p: Params, device: Any) -> tuple[float, float]:
    """(fn(x), dfn/dx at x) from the real module and autograd, in float64."""
    import torch

    x = f64(p["x"], device, requires_grad=True)
    y = _module(p["fn"])(x)
    (grad,) = torch.autograd.grad(y, x)
    return float(y.item()), float(grad.item())


def activation_value(p: Params, device: Any) -> Result:
    y, _ = _run(p, device)
    en, zh = value_steps(p["fn"], p["x"])
    return y, join([bi(f"{en} = {num(y)}", f"{zh} = {num(y)}"),
                    bi(f"({CALLS[p['fn']]} with its default arguments)",
                       f"（{CALLS[p['fn']]} 使用默认参数）")])


def activation_grad(p: Params, device: Any) -> Result:
    _, g = _run(p, device)
    fn, x = p["fn"], p["x"]
    en, zh = grad_steps(fn, x)
    parts = [bi(f"{en} = {num(g)}", f"{zh} = {num(g)}")]
    if x in KINKS.get(fn, ()):
        parts.append(bi(f"x = {num(x)} is a kink: the derivative does not exist there, and "
                        f"autograd returns {num(g)} by convention",
                        f"x = {num(x)} 是折点，数学上导数不存在，autograd 按约定返回 {num(g)}"))
    if fn == "relu" and x < 0:
        parts.append(bi("The notes say ReLU's derivative is 1; torch gives 1 only for x > 0 "
                        "and 0 for every negative input (no gradient flows).",
                        "笔记说 ReLU 的导数是 1；torch 只在 x > 0 时给 1，"
                        "负输入的梯度都是 0（梯度无法回传）。"))
    return g, join(parts)


# ---- slips: one classic mistake each, in plain Python ------------------------------------


def activation_value_slips(p: Params) -> list[Slip]:
    fn, x = p["fn"], p["x"]
    found = []
    if fn == "leaky_relu" and x < 0:
        found.append(Slip("leaky-slope-tenth", 0.1 * x,
                          "took negative_slope = 0.1: LeakyReLU's default is 0.01",
                          "把 negative_slope 当成 0.1：LeakyReLU 默认是 0.01"))
    if fn == "elu" and x < 0:
        found.append(Slip("elu-without-minus-one", exp(x),
                          "forgot the - 1: ELU(x) = alpha·(exp(x) - 1) for x <= 0",
                          "漏了 - 1：x <= 0 时 ELU(x) = alpha·(exp(x) - 1)"))
    if fn == "gelu":
        found.append(Slip("gelu-tanh-form", gelu_tanh(x),
                          "used the tanh approximation: nn.GELU() defaults to the exact erf form",
                          "用了 tanh 近似：nn.GELU() 默认是精确的 erf 形式"))
    if fn == "gelu_tanh":
        found.append(Slip("gelu-erf-form", x * phi_cdf(x),
                          "used the exact erf form: approximate=\"tanh\" uses "
                          "tanh(sqrt(2/pi)·(x + 0.044715·x³))",
                          "用了精确的 erf 形式：approximate=\"tanh\" 用的是 "
                          "tanh(sqrt(2/pi)·(x + 0.044715·x³))"))
    if fn == "silu":
        found.append(Slip("silu-as-sigmoid", sigmoid(x),
                          "gave sigmoid(x): SiLU multiplies it by x, SiLU(x) = x·sigmoid(x)",
                          "只算了 sigmoid(x)：SiLU 还要乘以 x，SiLU(x) = x·sigmoid(x)"))
    if fn == "sigmoid":
        found.append(Slip("sigmoid-sign-flipped", sigmoid(-x),
                          "dropped the minus sign: sigmoid(x) = 1/(1 + exp(-x))",
                          "漏了负号：sigmoid(x) = 1/(1 + exp(-x))"))
    if fn == "hardswish":
        found.append(Slip("hardswish-as-hardsigmoid", min(max(x + 3, 0.0), 6.0) / 6,
                          "forgot the factor x: Hardswish(x) = x·ReLU6(x + 3)/6",
                          "漏乘了 x：Hardswish(x) = x·ReLU6(x + 3)/6"))
    if fn == "softplus":
        found.append(Slip("softplus-as-relu", max(x, 0.0),
                          "gave max(0, x): Softplus is the smooth log(1 + exp(x))",
                          "给了 max(0, x)：Softplus 是平滑的 log(1 + exp(x))"))
    return finite(found)


def _value(fn: str, x: float) -> float:
    """fn(x) in plain Python, for the 'value given for the derivative' slip."""
    if fn == "relu":
        return max(x, 0.0)
    if fn == "leaky_relu":
        return x if x > 0 else 0.01 * x
    if fn == "elu":
        return x if x > 0 else math.expm1(x)
    if fn == "gelu":
        return x * phi_cdf(x)
    if fn == "gelu_tanh":
        return gelu_tanh(x)
    if fn == "silu":
        return x * sigmoid(x)
    if fn == "sigmoid":
        return sigmoid(x)
    if fn == "tanh":
        return math.tanh(x)
    if fn == "softplus":
        return softplus(x)
    return 0.0 if x <= -3 else x if x >= 3 else x * (x + 3) / 6


def activation_grad_slips(p: Params) -> list[Slip]:
    fn, x = p["fn"], p["x"]
    found = []
    if fn == "relu" and x < 0:
        found.append(Slip("relu-grad-always-one", 1.0,
                          "took ReLU's derivative as always 1 (as the notes say): "
                          "it is 0 for x < 0",
                          "以为 ReLU 的导数总是 1（笔记的说法）：x < 0 时导数是 0"))
    if fn == "leaky_relu" and x < 0:
        found.append(Slip("leaky-grad-zero", 0.0,
                          "treated it like ReLU: LeakyReLU keeps slope 0.01 for x < 0",
                          "当成了 ReLU：LeakyReLU 在 x < 0 时斜率为 0.01"))
    if fn == "gelu":
        found.append(Slip("gelu-grad-cdf-only", phi_cdf(x),
                          "kept only Phi(x): d/dx [x·Phi(x)] = Phi(x) + x·phi(x)",
                          "只保留了 Phi(x)：d/dx [x·Phi(x)] = Phi(x) + x·phi(x)"))
    if fn == "silu":
        found.append(Slip("silu-grad-sigmoid-only", sigmoid(x),
                          "kept only sigmoid(x): d/dx [x·sigmoid(x)] = "
                          "sigmoid(x)·(1 + x·(1 - sigmoid(x)))",
                          "只保留了 sigmoid(x)：d/dx [x·sigmoid(x)] = "
                          "sigmoid(x)·(1 + x·(1 - sigmoid(x)))"))
    if fn == "tanh":
        found.append(Slip("tanh-grad-unsquared", 1 - math.tanh(x),
                          "forgot the square: tanh'(x) = 1 - tanh(x)²",
                          "漏了平方：tanh'(x) = 1 - tanh(x)²"))
    if fn == "hardswish" and -3 < x < 3:
        found.append(Slip("hardswish-grad-no-half", x / 3,
                          "dropped the constant: d/dx [x·(x + 3)/6] = (2x + 3)/6 = x/3 + 1/2",
                          "漏了常数项：d/dx [x·(x + 3)/6] = (2x + 3)/6 = x/3 + 1/2"))
    found.append(Slip("value-for-grad", _value(fn, x),
                      "gave the activation's value f(x), not its derivative f'(x)",
                      "给出的是激活值 f(x)，而不是导数 f'(x)"))
    return finite(found)


# ---- softmax with a temperature -----------------------------------------------------------


def _softmax(z: list[float], t: float) -> list[float]:
    top = max(v / t for v in z)
    e = [exp(v / t - top) for v in z]
    return [v / sum(e) for v in e]


def softmax_temperature(p: Params, device: Any) -> Result:
    import torch

    z, t, i = p["logits"], p["T"], p["index"]
    index_in(z, i, "logits")
    require(t > 0, "the temperature T must be > 0")
    scaled = f64(z, device) / t
    probs = torch.softmax(scaled, dim=0)
    got = float(probs[i].item())
    shifted = scaled - scaled.max()
    shape = "> 1 让分布更平" if t > 1 else "< 1 让分布更尖" if t < 1 else "= 1 即普通 softmax"
    return got, join([
        bi(f"z/T = {vec(as_list(scaled))}; softmax subtracts the max first: exp(z/T - max) = "
           f"{vec(as_list(shifted.exp()))}",
           f"z/T = {vec(as_list(scaled))}；softmax 先减去最大值：exp(z/T - max) = "
           f"{vec(as_list(shifted.exp()))}"),
        bi(f"p[{i}] = exp(z[{i}]/T - max) / Σ exp(z/T - max) = {num(got)}",
           f"p[{i}] = exp(z[{i}]/T - max) / Σ exp(z/T - max) = {num(got)}，"
           f"T = {num(t)} {shape}"),
    ])


def softmax_temperature_slips(p: Params) -> list[Slip]:
    z, t, i = p["logits"], p["T"], p["index"]
    return finite([
        Slip("temperature-multiplied", _softmax(z, 1 / t)[i],
             "multiplied the logits by T: the temperature divides them, softmax(z / T)",
             "把 logits 乘以了 T：温度是除数，softmax(z / T)"),
        Slip("temperature-ignored", _softmax(z, 1.0)[i],
             "left out the temperature: softmax(z / T), not softmax(z)",
             "漏掉了温度：是 softmax(z / T)，不是 softmax(z)"),
    ])
