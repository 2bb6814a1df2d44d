"""Activation formulas in plain Python, worked with the numbers for explanations and slips."""

from __future__ import annotations

import math

from quizapp.authoring import factor, short

# The module each `fn` names, as the question shows it (PyTorch's default arguments).
CALLS = {
    "relu": "nn.ReLU()", "leaky_relu": "nn.LeakyReLU()", "elu": "nn.ELU()",
    "gelu": "nn.GELU()", "gelu_tanh": 'nn.GELU(approximate="tanh")', "silu": "nn.SiLU()",
    "sigmoid": "nn.Sigmoid()", "tanh": "nn.Tanh()", "softplus": "nn.Softplus()",
    "hardswish": "nn.Hardswish()",
}
# Where the derivative does not exist and autograd's answer is a convention.
KINKS = {"relu": (0.0,), "leaky_relu": (0.0,), "hardswish": (-3.0, 3.0)}
SQRT_2_PI = math.sqrt(2 * math.pi)
K_TANH = math.sqrt(2 / math.pi)


def exp(x: float) -> float:
    """math.exp that overflows to inf instead of raising."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + exp(-x))


def phi_cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def gelu_tanh(x: float) -> float:
    return 0.5 * x * (1 + math.tanh(K_TANH * (x + 0.044715 * x**3)))


def softplus(x: float) -> float:
    return x if x > 20 else math.log1p(exp(x))


def _s(x: float) -> str:
    """An intermediate number (4 significant figures), inf shown as such."""
    return short(x) if math.isfinite(x) else ("inf" if x > 0 else "-inf")


def _f(x: float) -> str:
    return factor(x) if math.isfinite(x) else _s(x)


def value_steps(fn: str, x: float) -> tuple[str, str]:
    """fn(x) as a formula with x filled in: (English, Chinese), without the final value."""
    X = _f(x)
    if fn == "relu":
        return f"ReLU(x) = max(0, x) = max(0, {x})", f"ReLU 取 max(0, x) = max(0, {x})"
    if fn == "leaky_relu":
        rest = f"{x}" if x > 0 else f"0.01·{X}"
        return (f"LeakyReLU(x) = x for x > 0, else negative_slope·x (negative_slope = 0.01): "
                f"{rest}",
                f"LeakyReLU：x > 0 时为 x，否则为 negative_slope·x（默认 0.01）：{rest}")
    if fn == "elu":
        if x > 0:
            return f"ELU(x) = x for x > 0: {x}", f"ELU 在 x > 0 时就是 x：{x}"
        return (f"ELU(x) = alpha·(exp(x) - 1) for x <= 0, alpha = 1: exp({x}) - 1",
                f"x <= 0 时 ELU(x) = alpha·(exp(x) - 1)，默认 alpha = 1：exp({x}) - 1")
    if fn == "gelu":
        erf = math.erf(x / math.sqrt(2))
        body = f"0.5·x·(1 + erf(x/√2)) = 0.5·{X}·(1 + {_f(erf)})"
        return (f"GELU(x) = x·Phi(x) = {body}",
                f"GELU(x) = x·Phi(x)（Phi 为标准正态分布函数）= {body}")
    if fn == "gelu_tanh":
        u = K_TANH * (x + 0.044715 * x**3)
        body = (f"u = √(2/π)·(x + 0.044715·x³) = {_s(u)}, 0.5·x·(1 + tanh(u)) = "
                f"0.5·{X}·(1 + {_f(math.tanh(u))})")
        return f"tanh form: {body}", f"tanh 近似：{body}"
    if fn == "silu":
        body = f"x·sigmoid(x) = {X}·{_s(sigmoid(x))}"
        return f"SiLU(x) = {body}", f"SiLU(x)（即 Swish）= {body}"
    if fn == "sigmoid":
        body = f"1/(1 + exp(-x)) = 1/(1 + {_s(exp(-x))})"
        return f"sigmoid(x) = {body}", f"sigmoid(x) = {body}，输出落在 (0, 1)"
    if fn == "tanh":
        body = f"(exp(x) - exp(-x))/(exp(x) + exp(-x)) = tanh({x})"
        return f"tanh(x) = {body}", f"tanh(x) = {body}，输出落在 (-1, 1)"
    if fn == "softplus":
        if x > 20:
            return ("Softplus (beta = 1, threshold = 20): beta·x > 20, so torch returns x "
                    f"itself: {x}",
                    f"Softplus（beta = 1，threshold = 20）：beta·x > 20 时 torch 直接返回 x：{x}")
        body = f"log(1 + exp(x)) = log(1 + {_s(exp(x))})"
        return f"Softplus(x) = {body}", f"Softplus(x) = {body}"
    # hardswish
    if x <= -3:
        rest = "0 (x <= -3)"
    elif x >= 3:
        rest = f"x = {x} (x >= 3)"
    else:
        rest = f"{X}·({X} + 3)/6"
    return (f"Hardswish(x) = x·ReLU6(x + 3)/6: 0 for x <= -3, x for x >= 3, else x·(x + 3)/6 "
            f"= {rest}",
            f"Hardswish(x) = x·ReLU6(x + 3)/6：x <= -3 为 0，x >= 3 为 x，其余为 x·(x + 3)/6 "
            f"= {rest}")


def grad_steps(fn: str, x: float) -> tuple[str, str]:
    """f'(x) as autograd computes it, with x filled in: (English, Chinese)."""
    X = _f(x)
    if fn == "relu":
        if x > 0:
            return "dReLU/dx = 1 for x > 0", "x > 0 时 ReLU 的导数为 1"
        return ("dReLU/dx = 0 for x <= 0 (the output is the constant 0)",
                "x <= 0 时 ReLU 输出恒为 0，导数为 0")
    if fn == "leaky_relu":
        if x > 0:
            return "slope 1 for x > 0", "x > 0 时斜率为 1"
        return ("slope negative_slope = 0.01 for x <= 0", "x <= 0 时斜率为 negative_slope = 0.01")
    if fn == "elu":
        if x > 0:
            return "slope 1 for x > 0", "x > 0 时斜率为 1"
        return (f"d/dx alpha·(exp(x) - 1) = alpha·exp(x) = exp({x})",
                f"x <= 0 时导数为 alpha·exp(x) = exp({x})")
    if fn == "gelu":
        pdf = exp(-0.5 * x * x) / SQRT_2_PI
        body = f"Phi(x) + x·phi(x) = {_s(phi_cdf(x))} + {X}·{_s(pdf)}"
        return f"d/dx [x·Phi(x)] = {body}", f"对 x·Phi(x) 求导（phi 为标准正态密度）：{body}"
    if fn == "gelu_tanh":
        u = K_TANH * (x + 0.044715 * x**3)
        t = math.tanh(u)
        body = (f"u = {_s(u)}, t = tanh(u) = {_f(t)}: 0.5·(1 + t) + 0.5·x·(1 - t²)·√(2/π)·"
                f"(1 + 3·0.044715·x²)")
        return f"tanh form, {body}", f"tanh 近似，{body}"
    if fn == "silu":
        s = _s(sigmoid(x))
        body = f"sigmoid(x)·(1 + x·(1 - sigmoid(x))) = {s}·(1 + {X}·(1 - {s}))"
        return f"SiLU'(x) = {body}", f"SiLU 的导数：{body}"
    if fn == "sigmoid":
        s = _s(sigmoid(x))
        return (f"sigmoid'(x) = sigmoid(x)·(1 - sigmoid(x)) = {s}·(1 - {s})",
                f"sigmoid 的导数 sigmoid(x)·(1 - sigmoid(x)) = {s}·(1 - {s})")
    if fn == "tanh":
        t = _f(math.tanh(x))
        return f"tanh'(x) = 1 - tanh²(x) = 1 - {t}²", f"tanh 的导数 1 - tanh²(x) = 1 - {t}²"
    if fn == "softplus":
        if x > 20:
            return ("beta·x > threshold 20: torch's linear branch, slope 1",
                    "beta·x > threshold 20：torch 走线性分支，斜率为 1")
        body = f"sigmoid(x) = exp(x)/(1 + exp(x)) = {_s(sigmoid(x))}"
        return f"d/dx log(1 + exp(x)) = {body}", f"对 log(1 + exp(x)) 求导得 {body}"
    if x <= -3:
        return "0 for x <= -3 (the flat piece)", "x <= -3 时为常数 0，导数为 0"
    if x >= 3:
        return "1 for x >= 3 (the identity piece)", "x >= 3 时就是 x，导数为 1"
    return (f"d/dx [x·(x + 3)/6] = (2x + 3)/6 = (2·{X} + 3)/6",
            f"对 x·(x + 3)/6 求导得 (2x + 3)/6 = (2·{X} + 3)/6")
