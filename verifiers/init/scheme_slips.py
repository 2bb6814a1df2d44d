"""Known slips of the Xavier, Kaiming and calculate_gain cards: each redoes the bound or std
with one classic mistake (pure Python, no torch)."""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip, short

from .gains import gain_of


def _gain_forgotten(value: float, gain: float) -> Slip:
    return Slip("gain-forgotten", value, f"forgot the gain: multiply by gain = {short(gain)}",
                f"漏乘了增益：还要乘以 gain = {short(gain)}")


def _fans_swapped(value: float, mode: str) -> Slip:
    used, right = ("fan_out", "fan_in") if mode == "fan_in" else ("fan_in", "fan_out")
    return Slip("fans-swapped", value, f"used {used}, but mode='{mode}' divides by {right}",
                f"用了 {used}，但 mode='{mode}' 要除以 {right}")


def _wrong_gain(nl: str, a: float, fan: float, scale: float) -> list[Slip]:
    """`scale / √fan` with ReLU's gain √2 where the nonlinearity has another gain."""
    if nl == "leaky_relu":
        return [Slip("slope-ignored", math.sqrt(2) * scale / math.sqrt(fan),
                     "ignored the negative slope a: leaky_relu's gain is √(2/(1+a²))",
                     "忽略了负斜率 a：leaky_relu 的增益是 √(2/(1+a²))")]
    if nl != "relu":
        g = short(gain_of(nl, a))
        return [Slip("relu-gain-assumed", math.sqrt(2) * scale / math.sqrt(fan),
                     f"used ReLU's gain √2: Kaiming init takes the gain of the nonlinearity "
                     f"passed, {nl}: {g}",
                     f"用了 ReLU 的增益 √2：Kaiming 初始化用的是所传非线性函数 {nl} 的增益 {g}")]
    return []


# ---------------------------------------------------------------- Xavier


def xavier_uniform_bound_slips(p: Params) -> list[Slip]:
    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    return [
        _gain_forgotten(math.sqrt(6 / (fi + fo)), gain),
        Slip("std-for-bound", gain * math.sqrt(2 / (fi + fo)),
             "gave xavier_normal_'s std gain·√(2/(fan_in+fan_out)): the uniform bound uses 6, "
             "because U(-b, b) has variance b²/3",
             "给出了 xavier_normal_ 的标准差 gain·√(2/(fan_in+fan_out))：均匀分布的边界用 6，"
             "因为 U(-b, b) 的方差是 b²/3"),
        Slip("sqrt-forgotten", gain * 6 / (fi + fo),
             "forgot the square root: b = gain·√(6/(fan_in+fan_out))",
             "忘了开平方：b = gain·√(6/(fan_in+fan_out))"),
        Slip("fan-out-dropped", gain * math.sqrt(6 / fi),
             "used only fan_in (He's √(6/fan_in)): Xavier divides by fan_in + fan_out",
             "只用了 fan_in（He 初始化的 √(6/fan_in)）：Xavier 要除以 fan_in + fan_out"),
    ]


def xavier_normal_std_slips(p: Params) -> list[Slip]:
    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    return [
        Slip("variance-for-std", gain**2 * 2 / (fi + fo),
             "gave the variance gain²·2/(fan_in+fan_out): σ is its square root",
             "给出的是方差 gain²·2/(fan_in+fan_out)：σ 是它的平方根"),
        _gain_forgotten(math.sqrt(2 / (fi + fo)), gain),
        Slip("bound-for-std", gain * math.sqrt(6 / (fi + fo)),
             "gave xavier_uniform_'s bound gain·√(6/(fan_in+fan_out)): the normal std uses 2",
             "给出了 xavier_uniform_ 的边界 gain·√(6/(fan_in+fan_out))：正态分布的标准差用 2"),
        Slip("fan-out-dropped", gain * math.sqrt(2 / fi),
             "used only fan_in (He's √(2/fan_in)): Xavier divides by fan_in + fan_out",
             "只用了 fan_in（He 初始化的 √(2/fan_in)）：Xavier 要除以 fan_in + fan_out"),
    ]


def xavier_normal_variance_slips(p: Params) -> list[Slip]:
    fi, fo = p["fan_in"], p["fan_out"]
    return [
        Slip("std-for-variance", math.sqrt(2 / (fi + fo)),
             "gave the std √(2/(fan_in+fan_out)) as the variance, as some notes do: the "
             "variance is its square, 2/(fan_in+fan_out)",
             "把标准差 √(2/(fan_in+fan_out)) 当成了方差（有些笔记就这么写）：方差是它的平方 "
             "2/(fan_in+fan_out)"),
        Slip("lecun-variance", 1 / fi,
             "used 1/fan_in (LeCun's variance): Xavier averages both fans, 2/(fan_in+fan_out)",
             "用了 1/fan_in（LeCun 初始化的方差）：Xavier 同时考虑扇入和扇出，"
             "方差 = 2/(fan_in+fan_out)"),
        Slip("bound-squared", 6 / (fi + fo),
             "squared xavier_uniform_'s bound, 6/(fan_in+fan_out): the normal's variance is "
             "2/(fan_in+fan_out)",
             "把 xavier_uniform_ 的边界平方成了 6/(fan_in+fan_out)：正态分布的方差是 "
             "2/(fan_in+fan_out)"),
    ]


# ---------------------------------------------------------------- Kaiming


def kaiming_normal_std_slips(p: Params) -> list[Slip]:
    fans = {"fan_in": p["fan_in"], "fan_out": p["fan_out"]}
    mode, nl, a = p["mode"], p["nonlinearity"], p["a"]
    other = fans["fan_out" if mode == "fan_in" else "fan_in"]
    gain, fan = gain_of(nl, a), fans[mode]
    return [
        _fans_swapped(gain / math.sqrt(other), mode),
        _gain_forgotten(1 / math.sqrt(fan), gain),
        Slip("variance-for-std", gain**2 / fan, "gave the variance gain²/fan: σ is its square "
             "root", "给出的是方差 gain²/fan：σ 是它的平方根"),
        Slip("bound-for-std", gain * math.sqrt(3 / fan),
             "gave kaiming_uniform_'s bound gain·√(3/fan): the normal std is gain/√fan",
             "给出了 kaiming_uniform_ 的边界 gain·√(3/fan)：正态分布的标准差是 gain/√fan"),
        *_wrong_gain(nl, a, fan, 1.0),
    ]


def kaiming_uniform_bound_slips(p: Params) -> list[Slip]:
    k, mode, nl, a = p["kernel_size"], p["mode"], p["nonlinearity"], p["a"]
    channels = p["C_in"] if mode == "fan_in" else p["C_out"]
    other = p["C_out"] if mode == "fan_in" else p["C_in"]
    fan, gain = channels * k * k, gain_of(nl, a)
    return [
        Slip("kernel-forgotten", gain * math.sqrt(3 / channels),
             "left out the kernel size: a conv weight's fan_in is C_in·k·k (fan_out C_out·k·k)",
             "漏掉了卷积核大小：卷积权重的 fan_in 是 C_in·k·k（fan_out 是 C_out·k·k）"),
        _fans_swapped(gain * math.sqrt(3 / (other * k * k)), mode),
        Slip("std-for-bound", gain / math.sqrt(fan),
             "gave kaiming_normal_'s std gain/√fan: the uniform bound is gain·√(3/fan)",
             "给出了 kaiming_normal_ 的标准差 gain/√fan：均匀分布的边界是 gain·√(3/fan)"),
        _gain_forgotten(math.sqrt(3 / fan), gain),
        *_wrong_gain(nl, a, fan, math.sqrt(3)),
    ]


def resnet_conv_init_std_slips(p: Params) -> list[Slip]:
    k, c_in, c_out = p["kernel_size"], p["C_in"], p["C_out"]
    fan = c_out * k * k
    return [
        _fans_swapped(math.sqrt(2 / (c_in * k * k)), "fan_out"),
        Slip("kernel-forgotten", math.sqrt(2 / c_out),
             "left out the kernel size: fan_out = C_out·k·k",
             "漏掉了卷积核大小：fan_out = C_out·k·k"),
        Slip("variance-for-std", 2 / fan, "gave the variance 2/fan_out: the std is its square "
             "root", "给出的是方差 2/fan_out：标准差是它的平方根"),
        _gain_forgotten(1 / math.sqrt(fan), math.sqrt(2)),
    ]


def calculate_gain_slips(p: Params) -> list[Slip]:
    nl, param = p["nonlinearity"], p["param"]
    gain = gain_of(nl, param)
    slips = [Slip("gain-squared", gain**2,
                  "gave gain², the factor the variance gets: the gain is its square root",
                  "给出的是 gain²（方差放大的倍数）：增益是它的平方根")]
    if nl == "leaky_relu":
        slips.append(Slip("slope-ignored", math.sqrt(2),
                          "ignored the negative slope: leaky_relu's gain is √(2/(1+slope²))",
                          "忽略了负斜率：leaky_relu 的增益是 √(2/(1+slope²))"))
    else:
        slips.append(Slip("param-misread", math.sqrt(2 / (1 + param * param)),
                          f"read the second argument as a negative slope: only leaky_relu uses "
                          f"it, {nl}'s gain is {short(gain)}",
                          f"把第二个参数当成了负斜率：只有 leaky_relu 才用它，{nl} 的增益是 "
                          f"{short(gain)}"))
    return slips
