"""Xavier and Kaiming initialisers, the ResNet conv init and calculate_gain."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, layer, num, shape_of, short

from .checks import require_sizes
from .gains import gain_text
from .replay import recover_scale


def _gain(nonlinearity: str, a: float) -> float:
    import torch

    return float(torch.nn.init.calculate_gain(nonlinearity, a))


def xavier_uniform_bound(p: Params, device: Any) -> Result:
    import torch

    require_sizes(p, "fan_in", "fan_out")
    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    b = recover_scale(lambda w, g: torch.nn.init.xavier_uniform_(w, gain=gain, generator=g),
                      (fo, fi), "uniform", device)
    work = f"b = gain·√(6/(fan_in + fan_out)) = {num(gain)}·√(6/({fi} + {fo})) = {num(b)}"
    return b, bi(f"Xavier uniform: {work}.", f"Xavier 均匀初始化：{work}。")


def xavier_normal_std(p: Params, device: Any) -> Result:
    import torch

    require_sizes(p, "fan_in", "fan_out")
    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    s = recover_scale(lambda w, g: torch.nn.init.xavier_normal_(w, gain=gain, generator=g),
                      (fo, fi), "normal", device)
    work = f"σ = gain·√(2/(fan_in + fan_out)) = {num(gain)}·√(2/({fi} + {fo})) = {num(s)}"
    return s, bi(f"Xavier normal: {work}. The square root is already the standard deviation.",
                 f"Xavier 正态初始化：{work}。这个平方根本身就是标准差。")


def xavier_normal_variance(p: Params, device: Any) -> Result:
    import torch

    require_sizes(p, "fan_in", "fan_out")
    fi, fo = p["fan_in"], p["fan_out"]
    s = recover_scale(lambda w, g: torch.nn.init.xavier_normal_(w, generator=g),
                      (fo, fi), "normal", device)
    var = s * s
    std = f"σ = √(2/({fi} + {fo})) = {short(s)}"
    work = f"Var = σ² = 2/({fi} + {fo}) = {num(var)}"
    return var, bi(f"xavier_normal_ draws with standard deviation {std}, so {work}, "
                   f"without the square root.",
                   f"xavier_normal_ 采样的标准差 {std}，所以方差 {work}，不带根号。")


def _kaiming(fn: str, shape: tuple[int, ...], p: Params, device: Any) -> float:
    import torch

    init = getattr(torch.nn.init, fn)
    kind = "uniform" if fn == "kaiming_uniform_" else "normal"
    return recover_scale(lambda w, g: init(w, a=p["a"], mode=p["mode"],
                                           nonlinearity=p["nonlinearity"], generator=g),
                         shape, kind, device)


def kaiming_normal_std(p: Params, device: Any) -> Result:
    require_sizes(p, "fan_in", "fan_out")
    s = _kaiming("kaiming_normal_", (p["fan_out"], p["fan_in"]), p, device)
    nl, a, mode = p["nonlinearity"], p["a"], p["mode"]
    gain, fan = _gain(nl, a), p[mode]
    g = gain_text(nl, a, gain)
    work = f"σ = gain/√{mode} = {short(gain)}/√{fan} = {num(s)}"
    return s, bi(f"mode='{mode}' divides by {mode} = {fan}; {g['en']}; {work}.",
                 f"mode='{mode}' 表示除以 {mode} = {fan}；{g['zh']}；{work}。")


def kaiming_uniform_bound(p: Params, device: Any) -> Result:
    k, mode, nl, a = p["kernel_size"], p["mode"], p["nonlinearity"], p["a"]
    b = _kaiming("kaiming_uniform_", (p["C_out"], p["C_in"], k, k), p, device)
    name = "C_in" if mode == "fan_in" else "C_out"
    channels = p[name]
    fan = channels * k * k
    gain = _gain(nl, a)
    g = gain_text(nl, a, gain)
    fans = f"{mode} = {name}·k·k = {channels}·{k}·{k} = {fan}"
    work = f"b = gain·√(3/{mode}) = {short(gain)}·√(3/{fan}) = {num(b)}"
    return b, bi(f"The conv weight is ({p['C_out']}, {p['C_in']}, {k}, {k}), so {fans}; "
                 f"{g['en']}; {work}.",
                 f"卷积权重形状为 ({p['C_out']}, {p['C_in']}, {k}, {k})，所以 {fans}；"
                 f"{g['zh']}；{work}。")


def resnet_conv_init_std(p: Params, device: Any) -> Result:
    import torch

    k, c_in, c_out = p["kernel_size"], p["C_in"], p["C_out"]
    conv = layer(torch.nn.utils.skip_init(torch.nn.Conv2d, c_in, c_out, k, bias=False), device)
    s = recover_scale(lambda w, g: torch.nn.init.kaiming_normal_(
        w, mode="fan_out", nonlinearity="relu", generator=g), shape_of(conv.weight),
        "normal", device)
    fan = c_out * k * k
    work = f"σ = √2/√{fan} = {num(s)}"
    return s, bi(f"mode='fan_out' uses fan_out = C_out·k·k = {c_out}·{k}·{k} = {fan}, "
                 f"whatever C_in (= {c_in}) is; the gain for relu is √2, so {work}.",
                 f"mode='fan_out' 用的是 fan_out = C_out·k·k = {c_out}·{k}·{k} = {fan}，"
                 f"与 C_in（= {c_in}）无关；relu 的增益为 √2，所以 {work}。")


def calculate_gain(p: Params, device: Any) -> Result:
    nl, param = p["nonlinearity"], p["param"]
    gain = _gain(nl, param)
    call = f"calculate_gain('{nl}', {num(param)}) = {num(gain)}"
    if nl == "leaky_relu":
        g = gain_text(nl, param, gain)
        return gain, bi(f"{call}: {g['en']}.", f"{call}：{g['zh']}。")
    g = gain_text(nl, 0.0, gain)
    return gain, bi(f"{call}: {g['en']}; the second argument is only read for leaky_relu, "
                    f"so {num(param)} changes nothing.",
                    f"{call}：{g['zh']}；第二个参数只对 leaky_relu 有用，"
                    f"所以 {num(param)} 不起作用。")
