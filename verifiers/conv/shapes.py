"""Conv output shapes: Conv1d/2d/3d with ints or tuples, and ConvTranspose2d."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, join, layer, require, shape_of, zeros

from .lengths import conv_formula, require_conv_output, transpose_len


def _shape_words(shape: tuple[int, ...], n: int, c_out: int) -> dict[str, str]:
    return bi(f"batch N = {n} stays, channels become C_out = {c_out}: {shape}",
              f"批大小 N = {n} 不变，通道数变为 C_out = {c_out}：输出形状 {shape}")


def conv2d_output_shape(p: Params, device: Any) -> Result:
    from torch import nn

    k, s, pad, d = p["kernel_size"], p["stride"], p["padding"], p["dilation"]
    require_conv_output("height", p["H"], k, s, pad, d)
    require_conv_output("width", p["W"], k, s, pad, d)
    conv = layer(nn.Conv2d(p["C_in"], p["C_out"], k, stride=s, padding=pad, dilation=d), device)
    shape = shape_of(conv(zeros((p["N"], p["C_in"], p["H"], p["W"]), device)))
    h = f"H_out = {conv_formula(p['H'], k, s, pad, d)} = {shape[2]}"
    w = f"W_out = {conv_formula(p['W'], k, s, pad, d)} = {shape[3]}"
    return shape, join([bi(f"{h}; {w}", f"{h}；{w}"), _shape_words(shape, p["N"], p["C_out"])])


def conv1d_output_length(p: Params, device: Any) -> Result:
    from torch import nn

    k, s, pad, d = p["kernel_size"], p["stride"], p["padding"], p["dilation"]
    require_conv_output("length", p["L"], k, s, pad, d)
    conv = layer(nn.Conv1d(p["C_in"], 4, k, stride=s, padding=pad, dilation=d), device)
    length = shape_of(conv(zeros((1, p["C_in"], p["L"]), device)))[-1]
    worked = f"L_out = {conv_formula(p['L'], k, s, pad, d)} = {length}"
    return length, bi(f"{worked} (the dilated kernel spans {d}*({k}-1)+1 = {d * (k - 1) + 1})",
                      f"{worked}（空洞后的卷积核覆盖 {d}*({k}-1)+1 = {d * (k - 1) + 1} 个位置）")


def conv2d_tuple_output_shape(p: Params, device: Any) -> Result:
    from torch import nn

    require_conv_output("height", p["H"], p["kh"], p["sh"], p["ph"])
    require_conv_output("width", p["W"], p["kw"], p["sw"], p["pw"])
    conv = layer(nn.Conv2d(p["C_in"], p["C_out"], (p["kh"], p["kw"]), stride=(p["sh"], p["sw"]),
                           padding=(p["ph"], p["pw"])), device)
    shape = shape_of(conv(zeros((p["N"], p["C_in"], p["H"], p["W"]), device)))
    h = f"floor(({p['H']} + 2*{p['ph']} - {p['kh']})/{p['sh']}) + 1 = {shape[2]}"
    w = f"floor(({p['W']} + 2*{p['pw']} - {p['kw']})/{p['sw']}) + 1 = {shape[3]}"
    return shape, join([
        bi(f"height uses the first entries (kh={p['kh']}, sh={p['sh']}, ph={p['ph']}): "
           f"H_out = {h}; width the second (kw={p['kw']}, sw={p['sw']}, pw={p['pw']}): "
           f"W_out = {w}",
           f"高用每个元组的第一个数（kh={p['kh']}，sh={p['sh']}，ph={p['ph']}）：H_out = {h}；"
           f"宽用第二个数（kw={p['kw']}，sw={p['sw']}，pw={p['pw']}）：W_out = {w}"),
        _shape_words(shape, p["N"], p["C_out"]),
    ])


def conv3d_output_shape(p: Params, device: Any) -> Result:
    from torch import nn

    k, s, pad = p["kernel_size"], p["stride"], p["padding"]
    for axis, key in (("depth", "D"), ("height", "H"), ("width", "W")):
        require_conv_output(axis, p[key], k, s, pad)
    conv = layer(nn.Conv3d(p["C_in"], p["C_out"], k, stride=s, padding=pad), device)
    shape = shape_of(conv(zeros((p["N"], p["C_in"], p["D"], p["H"], p["W"]), device)))
    parts = [f"{a}_out = floor(({p[a]} + 2*{pad} - {k})/{s}) + 1 = {o}"
             for a, o in zip(("D", "H", "W"), shape[2:], strict=True)]
    return shape, join([bi("; ".join(parts), "；".join(parts)),
                        _shape_words(shape, p["N"], p["C_out"])])


def convtranspose2d_output_shape(p: Params, device: Any) -> Result:
    from torch import nn

    h, k, s, pad, d, op = (p["H"], p["kernel_size"], p["stride"], p["padding"], p["dilation"],
                           p["output_padding"])
    require(op < max(s, d), f"output_padding={op} is invalid: the output padding must be "
            f"smaller than the stride ({s}) or the dilation ({d})")
    n = transpose_len(h, k, s, pad, op, d)
    require(n >= 1, f"the output height would be ({h}-1)*{s} - 2*{pad} + {d}*({k}-1) + {op} "
            f"+ 1 = {n}, smaller than 1: the padding removes more rows than there are")
    conv = layer(nn.ConvTranspose2d(p["C_in"], p["C_out"], k, stride=s, padding=pad,
                                    output_padding=op, dilation=d), device)
    shape = shape_of(conv(zeros((p["N"], p["C_in"], h, h), device)))
    worked = f"H_out = W_out = ({h}-1)*{s} - 2*{pad} + {d}*({k}-1) + {op} + 1 = {shape[2]}"
    return shape, join([
        bi(f"{worked}: the stride spreads the {h} inputs apart, padding removes 2*{pad}, "
           f"output_padding adds {op} on one side",
           f"{worked}：步长把 {h} 个输入拉开，padding 去掉 2*{pad} 行，output_padding 在一侧"
           f"补 {op} 行"),
        _shape_words(shape, p["N"], p["C_out"]),
    ])
