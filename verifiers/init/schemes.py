"""Xavier and Kaiming initialisers, the ResNet conv init and calculate_gain."""

from __future__ import annotations

from typing import Any

from .replay import _fmt, recover_scale


def _gain(nonlinearity: str, a: float) -> float:
    import torch

    return torch.nn.init.calculate_gain(nonlinearity, a)


# ---- quiz verifiers ---------------------------------------------------------------------

def xavier_uniform_bound(p: dict, device: Any) -> tuple[float, str]:
    import torch

    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    b = recover_scale(lambda w, g: torch.nn.init.xavier_uniform_(w, gain=gain, generator=g),
                      (fo, fi), "uniform", device)
    return b, f"b = gain·√(6/(fan_in+fan_out)) = {gain}·√(6/({fi}+{fo})) = {_fmt(b)}"


def xavier_normal_std(p: dict, device: Any) -> tuple[float, str]:
    import torch

    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    s = recover_scale(lambda w, g: torch.nn.init.xavier_normal_(w, gain=gain, generator=g),
                      (fo, fi), "normal", device)
    return s, f"std = gain·√(2/(fan_in+fan_out)) = {gain}·√(2/({fi}+{fo})) = {_fmt(s)}"


def xavier_normal_variance(p: dict, device: Any) -> tuple[float, str]:
    std, _ = xavier_normal_std({**p, "gain": 1.0}, device)
    fi, fo = p["fan_in"], p["fan_out"]
    return std**2, f"Var = std² = 2/(fan_in+fan_out) = 2/({fi}+{fo}) = {_fmt(std**2)}"


def _kaiming(fn: str, shape: tuple[int, ...], p: dict, device: Any) -> float:
    import torch

    init = getattr(torch.nn.init, fn)
    kind = "uniform" if fn == "kaiming_uniform_" else "normal"
    return recover_scale(lambda w, g: init(w, a=p["a"], mode=p["mode"],
                                           nonlinearity=p["nonlinearity"], generator=g),
                         shape, kind, device)


def kaiming_normal_std(p: dict, device: Any) -> tuple[float, str]:
    s = _kaiming("kaiming_normal_", (p["fan_out"], p["fan_in"]), p, device)
    gain, fan = _gain(p["nonlinearity"], p["a"]), p[p["mode"]]
    return s, (f"gain({p['nonlinearity']}, a={p['a']}) = {_fmt(gain)}; "
               f"std = gain/√{p['mode']} = {_fmt(gain)}/√{fan} = {_fmt(s)}")


def kaiming_uniform_bound(p: dict, device: Any) -> tuple[float, str]:
    k = p["kernel_size"]
    b = _kaiming("kaiming_uniform_", (p["C_out"], p["C_in"], k, k), p, device)
    fan = (p["C_in"] if p["mode"] == "fan_in" else p["C_out"]) * k * k
    gain = _gain(p["nonlinearity"], p["a"])
    return b, (f"{p['mode']} = {p['C_in'] if p['mode'] == 'fan_in' else p['C_out']}·{k}·{k}"
               f" = {fan}; gain = {_fmt(gain)}; b = gain·√(3/{fan}) = {_fmt(b)}")


def resnet_conv_init_std(p: dict, device: Any) -> tuple[float, str]:
    import torch

    k, c_out = p["kernel_size"], p["C_out"]
    conv = torch.nn.utils.skip_init(torch.nn.Conv2d, p["C_in"], c_out, k, bias=False,
                                    device=device, dtype=torch.float64)
    s = recover_scale(lambda w, g: torch.nn.init.kaiming_normal_(
        w, mode="fan_out", nonlinearity="relu", generator=g), tuple(conv.weight.shape),
        "normal", device)
    fan = c_out * k * k
    return s, f"fan_out = C_out·k·k = {c_out}·{k}·{k} = {fan}; std = √2/√{fan} = {_fmt(s)}"


def calculate_gain(p: dict, device: Any) -> tuple[float, str]:
    gain = float(_gain(p["nonlinearity"], p["param"]))
    table = ("linear/conv/sigmoid: 1, tanh: 5/3, relu: √2, "
             "leaky_relu: √(2/(1+slope²)), selu: 3/4")
    return gain, f"{table} → calculate_gain('{p['nonlinearity']}', {p['param']}) = {_fmt(gain)}"
