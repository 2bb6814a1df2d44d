"""padding="same"/"valid": output shapes, the zeros PyTorch adds, the padding that keeps a size."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    join,
    layer,
    quiet,
    randn,
    require,
    shape_of,
    zeros,
)

from .lengths import conv_len, require_conv_output


def conv2d_same_output_shape(p: Params, device: Any) -> Result:
    from torch import nn

    k, d, mode = p["kernel_size"], p["dilation"], p["mode"]
    if mode == "valid":
        require_conv_output("height", p["H"], k, d=d)
        require_conv_output("width", p["W"], k, d=d)
    conv = layer(nn.Conv2d(p["C_in"], p["C_out"], k, dilation=d, padding=mode), device)
    with quiet():  # even kernels with "same" warn that the input is copied (speed only)
        shape = shape_of(conv(zeros((p["N"], p["C_in"], p["H"], p["W"]), device)))
    channels = bi(f"channels become C_out = {p['C_out']}: {shape}",
                  f"通道数变为 C_out = {p['C_out']}：输出形状 {shape}")
    if mode == "same":
        return shape, join([bi(
            f"\"same\" pads {d}*({k}-1) = {d * (k - 1)} zeros in total per axis, so H and W "
            f"stay {p['H']}x{p['W']} (stride 1)",
            f"\"same\" 每个方向一共补 {d}*({k}-1) = {d * (k - 1)} 个零，"
            f"所以 H、W 保持 {p['H']}x{p['W']}（步长为 1）"), channels])
    span = d * (k - 1) + 1
    worked = (f"H_out = {p['H']} - {span} + 1 = {shape[2]}, "
              f"W_out = {p['W']} - {span} + 1 = {shape[3]}")
    return shape, join([bi(
        f"\"valid\" means padding 0; the dilated kernel spans {d}*({k}-1)+1 = {span}: {worked}",
        f"\"valid\" 即不填充（padding=0）；空洞后的卷积核覆盖 {d}*({k}-1)+1 = {span} 个像素："
        f"{worked}"), channels])


def conv_same_implied_padding(p: Params, device: Any) -> Result:
    """Find the explicit (left, right) zero padding that reproduces padding='same'."""
    import torch
    import torch.nn.functional as F

    k, d = p["kernel_size"], p["dilation"]
    conv = layer(torch.nn.Conv1d(1, 1, k, dilation=d, padding="same", bias=False), device)
    x = randn(1, 1, 3 * d * k + 3, device=device)
    span = d * (k - 1)  # no padding beyond the kernel's span can matter
    with torch.no_grad(), quiet():
        target = conv(x)
        for left in range(span + 1):
            for right in range(span + 1):
                y = F.conv1d(F.pad(x, (left, right)), conv.weight, dilation=d)
                if y.shape == target.shape and torch.allclose(y, target, rtol=0, atol=1e-12):
                    return (left, right), _implied(span, left, right)
    raise RuntimeError("no explicit padding reproduces padding='same'")


def _implied(span: int, left: int, right: int) -> dict[str, str]:
    worked = (f"total = d*(k-1) = {span}; left = {span}//2 = {left}, "
              f"right = {span} - {left} = {right}")
    worked_zh = (f"总填充 = d*(k-1) = {span}；左 = {span}//2 = {left}，"
                 f"右 = {span} - {left} = {right}")
    if span % 2:
        return bi(f"{worked}: the total is odd, so the extra zero goes at the end (right)",
                  f"{worked_zh}：总数为奇数，多出的一个零补在末尾（右侧）")
    return bi(f"{worked}: the total is even, so both sides get the same",
              f"{worked_zh}：总数为偶数，两侧补得一样多")


def same_padding_for_kernel(p: Params, device: Any) -> Result:
    """Try paddings 0, 1, 2, ... on a real conv until H is unchanged."""
    from torch import nn

    k, d, h = p["kernel_size"], p["dilation"], p["H"]
    require(d * (k - 1) % 2 == 0,
            f"no symmetric integer padding keeps the output height at {h}: d*(k-1) = "
            f"{d}*({k}-1) = {d * (k - 1)} is odd")
    x = zeros((1, 1, h, h), device)
    for pad in range(d * k + 1):
        if conv_len(h, k, 1, pad, d) < 1:
            continue  # the padded input is still shorter than the dilated kernel
        conv = layer(nn.Conv2d(1, 1, k, padding=pad, dilation=d), device)
        if shape_of(conv(x))[2] == h:
            return pad, bi(
                f"stride 1: H_out = H + 2p - d(k-1), so p = {d}*({k}-1)/2 = {pad}",
                f"步长为 1 时 H_out = H + 2p - d(k-1)，所以 p = {d}*({k}-1)/2 = {pad}")
    raise RuntimeError("no padding keeps H unchanged")
