"""Known slips for the init deck: each redoes the bound or std with one classic mistake.

Pure Python (no torch): a slips function gets the card's params and returns
[(wrong_answer, {"en": why, "zh": why})]; the app itself skips a candidate its tolerance
cannot tell from the right answer (with some params a mistake changes nothing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TypeVar

N = TypeVar("N", int, float)
Slip = tuple[float, dict[str, str]]


# ---------------------------------------------------------------- helpers


def _slips(candidates: Iterable[tuple[N, str, str]]) -> list[tuple[N, dict[str, str]]]:
    """The candidates as [(wrong, {en, zh})]; the app skips any its tolerance cannot tell from
    the right answer, and names the first listed match."""
    return [(wrong, {"en": en, "zh": zh}) for wrong, en, zh in candidates]


def _gain(nonlinearity: str, a: float) -> float:
    """nn.init.calculate_gain for the nonlinearities the cards use."""
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1 + a * a))
    if nonlinearity == "tanh":
        return 5.0 / 3
    return 1.0  # linear (and conv/sigmoid)


FORGOT_GAIN = ("forgot the gain: multiply by gain = {g:.4g}",
               "漏乘了 gain：要乘以 gain = {g:.4g}")


def _forgot_gain(value: float, gain: float) -> tuple[float, str, str]:
    en, zh = FORGOT_GAIN
    return value, en.format(g=gain), zh.format(g=gain)


# ---------------------------------------------------------------- Xavier


def xavier_uniform_bound_slips(p: dict) -> list[Slip]:
    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    return _slips([
        _forgot_gain(math.sqrt(6 / (fi + fo)), gain),
        (gain * math.sqrt(2 / (fi + fo)),
         "gave xavier_normal_'s std gain·√(2/(fan_in+fan_out)): the uniform bound uses 6, "
         "because U(−b, b) has variance b²/3",
         "给出了 xavier_normal_ 的标准差 gain·√(2/(fan_in+fan_out))：均匀分布的边界用 6，"
         "因为 U(−b, b) 的方差是 b²/3"),
        (gain * 6 / (fi + fo), "forgot the square root: b = gain·√(6/(fan_in+fan_out))",
         "忘了开平方：b = gain·√(6/(fan_in+fan_out))"),
    ])


def xavier_normal_std_slips(p: dict) -> list[Slip]:
    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    return _slips([
        (gain**2 * 2 / (fi + fo),
         "gave the variance gain²·2/(fan_in+fan_out): σ is its square root",
         "给出的是方差 gain²·2/(fan_in+fan_out)：σ 是它的平方根"),
        _forgot_gain(math.sqrt(2 / (fi + fo)), gain),
        (gain * math.sqrt(6 / (fi + fo)),
         "gave xavier_uniform_'s bound gain·√(6/(fan_in+fan_out)): the normal std uses 2",
         "给出了 xavier_uniform_ 的边界 gain·√(6/(fan_in+fan_out))：正态分布的标准差用 2"),
    ])


def xavier_normal_variance_slips(p: dict) -> list[Slip]:
    fi, fo = p["fan_in"], p["fan_out"]
    return _slips([
        (math.sqrt(2 / (fi + fo)),
         "gave the std √(2/(fan_in+fan_out)): the variance is its square, 2/(fan_in+fan_out)",
         "给出的是标准差 √(2/(fan_in+fan_out))：方差是它的平方 2/(fan_in+fan_out)"),
        (1 / fi, "used 1/fan_in (LeCun's variance): Xavier averages both fans, "
         "2/(fan_in+fan_out)",
         "用了 1/fan_in（LeCun 初始化的方差）：Xavier 同时考虑两个 fan，方差 = 2/(fan_in+fan_out)"),
    ])


# ---------------------------------------------------------------- Kaiming


def _other_mode(mode: str) -> tuple[str, str]:
    if mode == "fan_in":
        return ("used fan_out, but mode='fan_in' divides by fan_in",
                "用了 fan_out，但 mode='fan_in' 要除以 fan_in")
    return ("used fan_in, but mode='fan_out' divides by fan_out",
            "用了 fan_in，但 mode='fan_out' 要除以 fan_out")


def kaiming_normal_std_slips(p: dict) -> list[Slip]:
    fans = {"fan_in": p["fan_in"], "fan_out": p["fan_out"]}
    mode, nl, a = p["mode"], p["nonlinearity"], p["a"]
    other = fans["fan_out" if mode == "fan_in" else "fan_in"]
    gain, fan = _gain(nl, a), fans[mode]
    cands = [(gain / math.sqrt(other), *_other_mode(mode)),
             _forgot_gain(1 / math.sqrt(fan), gain),
             (gain**2 / fan, "gave the variance gain²/fan: σ is its square root",
              "给出的是方差 gain²/fan：σ 是它的平方根")]
    if nl == "leaky_relu":
        cands.append((math.sqrt(2 / fan),
                      "ignored the negative slope a: leaky_relu's gain is √(2/(1+a²))",
                      "忽略了负斜率 a：leaky_relu 的 gain 是 √(2/(1+a²))"))
    return _slips(cands)


def kaiming_uniform_bound_slips(p: dict) -> list[Slip]:
    k, mode = p["kernel_size"], p["mode"]
    channels = p["C_in"] if mode == "fan_in" else p["C_out"]
    other = p["C_out"] if mode == "fan_in" else p["C_in"]
    fan, gain = channels * k * k, _gain(p["nonlinearity"], p["a"])
    return _slips([
        (gain * math.sqrt(3 / channels),
         "left out the kernel size: a conv weight's fan_in is C_in·k·k (fan_out C_out·k·k)",
         "漏掉了卷积核大小：卷积权重的 fan_in 是 C_in·k·k（fan_out 是 C_out·k·k）"),
        (gain * math.sqrt(3 / (other * k * k)), *_other_mode(mode)),
        (gain / math.sqrt(fan),
         "gave kaiming_normal_'s std gain/√fan: the uniform bound is gain·√(3/fan)",
         "给出了 kaiming_normal_ 的标准差 gain/√fan：均匀分布的边界是 gain·√(3/fan)"),
        _forgot_gain(math.sqrt(3 / fan), gain),
    ])


# ---------------------------------------------------------------- layer defaults

OUT_FEATURES = ("used out_features: the bound uses fan_in = in_features",
                "用了 out_features：边界用的是 fan_in = in_features")


def linear_default_weight_bound_slips(p: dict) -> list[Slip]:
    n, m = p["in_features"], p["out_features"]
    return _slips([
        (math.sqrt(6 / n),
         "gave the He (ReLU) bound √(6/fan_in): nn.Linear calls kaiming_uniform_ with a=√5, "
         "so b = 1/√in_features",
         "给出了 He（ReLU）边界 √(6/fan_in)：nn.Linear 调用 kaiming_uniform_ 时 a=√5，"
         "所以 b = 1/√in_features"),
        (math.sqrt(6 / (n + m)),
         "gave the Xavier bound √(6/(fan_in+fan_out)): nn.Linear's default is not Xavier",
         "给出了 Xavier 边界 √(6/(fan_in+fan_out))：nn.Linear 的默认初始化不是 Xavier"),
        (1 / math.sqrt(m), *OUT_FEATURES),
        (1 / n, "forgot the square root: b = 1/√in_features", "忘了开平方：b = 1/√in_features"),
    ])


def linear_default_bias_bound_slips(p: dict) -> list[Slip]:
    m = p["out_features"]
    return _slips([
        (0.0, "nn.Linear's bias does not start at 0: it is drawn from "
         "U(−1/√in_features, 1/√in_features)",
         "nn.Linear 的偏置并不从 0 开始：它从 U(−1/√in_features, 1/√in_features) 中采样"),
        (1 / math.sqrt(m), *OUT_FEATURES),
    ])


def conv2d_default_weight_bound_slips(p: dict) -> list[Slip]:
    c, k, g = p["C_in"], p["kernel_size"], p["groups"]
    return _slips([
        (1 / math.sqrt(c * k * k),
         "forgot the groups: each filter sees C_in/groups channels, so fan_in = "
         "(C_in/groups)·k·k",
         "忘了 groups：每个卷积核只看到 C_in/groups 个通道，所以 fan_in = (C_in/groups)·k·k"),
        (1 / math.sqrt(c // g),
         "left out the kernel size: fan_in = (C_in/groups)·k·k",
         "漏掉了卷积核大小：fan_in = (C_in/groups)·k·k"),
    ])


def conv_fan_in_slips(p: dict) -> list[tuple[int, dict]]:
    c, g, area = p["C_in"], p["groups"], p["kh"] * p["kw"]
    return _slips([
        (c * area, "forgot the groups: the weight has C_in/groups input channels, so fan_in = "
         "(C_in/groups)·kh·kw",
         "忘了 groups：权重只有 C_in/groups 个输入通道，所以 fan_in = (C_in/groups)·kh·kw"),
        (c // g, "left out the kernel: fan_in = weight.size(1)·kh·kw",
         "漏掉了卷积核大小：fan_in = weight.size(1)·kh·kw"),
    ])


def conv_fan_out_slips(p: dict) -> list[tuple[int, dict]]:
    c, g, area = p["C_out"], p["groups"], p["kh"] * p["kw"]
    return _slips([
        (c // g * area, "divided C_out by groups: fan_out is weight.size(0)·kh·kw = C_out·kh·kw; "
         "groups shrink only fan_in",
         "把 C_out 除以了 groups：fan_out = weight.size(0)·kh·kw = C_out·kh·kw，"
         "groups 只影响 fan_in"),
        (c, "left out the kernel: fan_out = weight.size(0)·kh·kw",
         "漏掉了卷积核大小：fan_out = weight.size(0)·kh·kw"),
    ])
