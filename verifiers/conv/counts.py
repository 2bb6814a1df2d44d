"""Parameter counts and weight shapes of plain, grouped and depthwise-separable convs."""

from __future__ import annotations

import random
from typing import Any

from ._common import Explain, _bi, _nparams, _shape

# ---------------------------------------------------------------- samplers


def _common_divisors(p: dict, smallest: int) -> list[int]:
    return [g for g in range(smallest, 17) if p["C_in"] % g == 0 and p["C_out"] % g == 0]


def sample_groups(p: dict, rng: random.Random) -> dict:
    """Pick groups among the common divisors of C_in and C_out (nn.Conv2d requires it)."""
    p["groups"] = rng.choice(_common_divisors(p, 1))
    return p


def sample_real_groups(p: dict, rng: random.Random) -> dict:
    """Like sample_groups, but groups >= 2 (the deck's channel choices always allow one)."""
    p["groups"] = rng.choice(_common_divisors(p, 2) or [1])
    return p


# ---------------------------------------------------------------- parameter counts


def conv2d_param_count(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    c_in, c_out, k, g, b = p["C_in"], p["C_out"], p["kernel_size"], p["groups"], p["bias"]
    conv = torch.nn.Conv2d(c_in, c_out, k, groups=g, bias=b).to(device, torch.float64)
    n = _nparams(conv)
    bias_part = f" + {c_out}" if b else ""
    return n, f"{c_out} * ({c_in}/{g}) * {k}*{k}{bias_part} = {n}"


def grouped_conv_param_count(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    c_in, c_out, kh, kw, g = p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"]
    conv = torch.nn.Conv2d(c_in, c_out, (kh, kw), groups=g).to(device, torch.float64)
    n = _nparams(conv)
    return n, f"{c_out} * ({c_in}/{g}) * {kh}*{kw} + {c_out} = {n}"


def grouped_conv_weight_shape(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    c_in, c_out, kh, kw, g = p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"]
    conv = torch.nn.Conv2d(c_in, c_out, (kh, kw), groups=g).to(device, torch.float64)
    shape = _shape(conv.weight)
    return shape, f"(C_out, C_in/groups, kH, kW) = ({c_out}, {c_in}/{g}, {kh}, {kw}) = {shape}"


def groups_valid(p: dict, device: Any) -> tuple[object, Explain]:
    """Ask nn.Conv2d itself: it raises ValueError when a channel count is not divisible."""
    from torch import nn

    c_in, c_out, g = p["C_in"], p["C_out"], p["groups"]
    try:
        nn.Conv2d(c_in, c_out, 3, groups=g)
        ok = True
    except ValueError:
        ok = False
    worked = f"{c_in} % {g} = {c_in % g}, {c_out} % {g} = {c_out % g}"
    return ok, _bi(f"{worked}: {'both divisible' if ok else 'ValueError'}",
                   f"{worked}：{'都能整除' if ok else '抛出 ValueError'}")


def _separable(p: dict, device: Any) -> tuple[int, int, str]:
    """Parameter counts of (depthwise + pointwise, standard) convs, with the worked sum."""
    import torch

    c_in, c_out, k, b = p["C_in"], p["C_out"], p["kernel_size"], p["bias"]
    depthwise = torch.nn.Conv2d(c_in, c_in, k, groups=c_in, bias=b)
    pointwise = torch.nn.Conv2d(c_in, c_out, 1, bias=b)
    standard = torch.nn.Conv2d(c_in, c_out, k, bias=b)
    sep = _nparams(depthwise) + _nparams(pointwise)
    dw = f"{c_in}*{k}*{k}" + (f" + {c_in}" if b else "")
    pw = f"{c_out}*{c_in}" + (f" + {c_out}" if b else "")
    return sep, _nparams(standard), f"({dw}) + ({pw}) = {sep}"


def depthwise_separable_param_count(p: dict, device: Any) -> tuple[object, Explain]:
    sep, _, worked = _separable(p, device)
    return sep, _bi(f"depthwise + pointwise = {worked}", f"逐通道 + 逐点 = {worked}")


def separable_vs_standard_ratio(p: dict, device: Any) -> tuple[object, Explain]:
    sep, std, worked = _separable(p, device)
    b = f" + {p['C_out']}" if p["bias"] else ""
    std_worked = f"{p['C_out']}*{p['C_in']}*{p['kernel_size']}*{p['kernel_size']}{b} = {std}"
    ratio = std / sep
    return ratio, _bi(f"standard: {std_worked}; separable: {worked}; "
                      f"ratio {std}/{sep} = {ratio:.4g}",
                      f"标准卷积：{std_worked}；可分离：{worked}；比值 {std}/{sep} = {ratio:.4g}")
