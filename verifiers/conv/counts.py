"""Parameter counts and weight shapes of plain, grouped and depthwise-separable convs."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    count_params,
    layer,
    num,
    require,
    shape_of,
    short,
)


def _require_groups(c_in: int, c_out: int, g: int) -> None:
    require(g >= 1 and c_in % g == 0 and c_out % g == 0,
            f"groups={g} must divide both in_channels={c_in} and out_channels={c_out}: "
            "nn.Conv2d raises ValueError, so there is no layer and no output")


def conv2d_param_count(p: Params, device: Any) -> Result:
    from torch import nn

    c_in, c_out, k, g, b = p["C_in"], p["C_out"], p["kernel_size"], p["groups"], p["bias"]
    _require_groups(c_in, c_out, g)
    n = count_params(layer(nn.Conv2d(c_in, c_out, k, groups=g, bias=b), device))
    worked = f"{c_out} * ({c_in}/{g}) * {k}*{k}" + (f" + {c_out}" if b else "") + f" = {n}"
    if b:
        return n, bi(f"weights C_out * (C_in/groups) * k*k, plus C_out biases: {worked}",
                     f"权重 C_out * (C_in/groups) * k*k，再加 C_out 个偏置：{worked}")
    return n, bi(f"weights C_out * (C_in/groups) * k*k, no biases (bias=False): {worked}",
                 f"权重 C_out * (C_in/groups) * k*k，bias=False 没有偏置：{worked}")


def grouped_conv_param_count(p: Params, device: Any) -> Result:
    from torch import nn

    c_in, c_out, kh, kw, g = p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"]
    _require_groups(c_in, c_out, g)
    n = count_params(layer(nn.Conv2d(c_in, c_out, (kh, kw), groups=g), device))
    worked = f"{c_out} * ({c_in}/{g}) * {kh}*{kw} + {c_out} = {n}"
    return n, bi(f"each of the {c_out} filters sees {c_in}/{g} = {c_in // g} input channels; "
                 f"the {c_out} biases are not divided: {worked}",
                 f"{c_out} 个卷积核各看 {c_in}/{g} = {c_in // g} 个输入通道；"
                 f"{c_out} 个偏置不受分组影响：{worked}")


def grouped_conv_weight_shape(p: Params, device: Any) -> Result:
    from torch import nn

    c_in, c_out, kh, kw, g = p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"]
    _require_groups(c_in, c_out, g)
    shape = shape_of(layer(nn.Conv2d(c_in, c_out, (kh, kw), groups=g), device).weight)
    worked = f"(C_out, C_in/groups, kH, kW) = ({c_out}, {c_in}/{g}, {kh}, {kw}) = {shape}"
    return shape, bi(f"output channels first: {worked}", f"输出通道在最前：{worked}")


def groups_valid(p: Params, device: Any) -> Result:
    """Ask nn.Conv2d itself: it raises ValueError when a channel count is not divisible."""
    from torch import nn

    c_in, c_out, g = p["C_in"], p["C_out"], p["groups"]
    try:
        nn.Conv2d(c_in, c_out, 3, groups=g)
        ok = True
    except ValueError:
        ok = False
    worked = f"{c_in} % {g} = {c_in % g}, {c_out} % {g} = {c_out % g}"
    if ok:
        return ok, bi(f"{worked}: both divisible, so the layer is built",
                      f"{worked}：两者都能整除，可以正常创建")
    return ok, bi(f"{worked}: not both divisible, so nn.Conv2d raises ValueError",
                  f"{worked}：不能同时整除，nn.Conv2d 抛出 ValueError")


def _separable(p: Params, device: Any) -> tuple[int, int, dict[str, str]]:
    """Parameter counts of (depthwise + pointwise, standard) convs, with the worked sum."""
    from torch import nn

    c_in, c_out, k, b = p["C_in"], p["C_out"], p["kernel_size"], p["bias"]
    depthwise = layer(nn.Conv2d(c_in, c_in, k, groups=c_in, bias=b), device)
    pointwise = layer(nn.Conv2d(c_in, c_out, 1, bias=b), device)
    standard = layer(nn.Conv2d(c_in, c_out, k, bias=b), device)
    sep = count_params(depthwise) + count_params(pointwise)
    dw = f"{c_in}*{k}*{k}" + (f" + {c_in}" if b else "")
    pw = f"{c_out}*{c_in}" + (f" + {c_out}" if b else "")
    return sep, count_params(standard), bi(
        f"depthwise ({dw}) + pointwise ({pw}) = {sep}",
        f"逐通道卷积（{dw}）+ 逐点卷积（{pw}）= {sep}")


def depthwise_separable_param_count(p: Params, device: Any) -> Result:
    sep, _, worked = _separable(p, device)
    return sep, worked


def separable_vs_standard_ratio(p: Params, device: Any) -> Result:
    sep, std, worked = _separable(p, device)
    b = f" + {p['C_out']}" if p["bias"] else ""
    k = p["kernel_size"]
    std_worked = f"{p['C_out']}*{p['C_in']}*{k}*{k}{b} = {std}"
    ratio = std / sep
    return ratio, bi(f"standard: {std_worked}; separable: {worked['en']}; "
                     f"ratio {std}/{sep} = {short(ratio)} (about {num(ratio, 3)})",
                     f"标准卷积：{std_worked}；可分离：{worked['zh']}；"
                     f"比值 {std}/{sep} = {short(ratio)}（约 {num(ratio, 3)}）")
