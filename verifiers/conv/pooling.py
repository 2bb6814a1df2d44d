"""Pooling windows (ceil_mode, count_include_pad) and a conv/pool stack's receptive field."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, f64, join, layer, num, require, shape_of, zeros

from .lengths import pool_ceil_len

# ---------------------------------------------------------------- pooling


def maxpool2d_ceil_mode(p: Params, device: Any) -> Result:
    import torch

    k, s, pad = p["kernel_size"], p["stride"], p["padding"]
    require(2 * pad <= k, f"padding={pad} is more than half of kernel_size={k}: MaxPool2d "
            "refuses it, so there is no output")
    for axis, key in (("height", "H"), ("width", "W")):
        out = pool_ceil_len(p[key], k, s, pad)
        require(out >= 1, f"the output {axis} would be {out}: the {axis} {p[key]} plus "
                f"padding is shorter than the kernel {k}")
    pool = torch.nn.MaxPool2d(k, stride=s, padding=pad, ceil_mode=True)
    shape = shape_of(pool(zeros((p["N"], p["C"], p["H"], p["W"]), device)))

    def dim(name: str, n: int, o: int) -> dict[str, str]:
        raw = -(-(n + 2 * pad - k) // s) + 1
        base = f"{name}_out = ceil(({n} + 2*{pad} - {k})/{s}) + 1 = {raw}"
        if raw == o:
            start = (o - 1) * s - pad
            return bi(f"{base}; the last window starts at {start} < {n}, before the right "
                      "padding, so it is kept",
                      f"{base}；最后一个窗口从 {start} 开始，小于 {n}，没有落在右侧填充区，保留")
        start = f"({raw}-1)*{s} - {pad} = {(raw - 1) * s - pad} >= {n}"
        return bi(f"{base}, but the last window would start at {start}, in the right "
                  f"padding, so it is dropped: {o}",
                  f"{base}，但最后一个窗口的起点 {start}，落在右侧填充区，被舍去：{o}")

    return shape, join([dim("H", p["H"], shape[2]), dim("W", p["W"], shape[3]),
                        bi(f"channels stay {p['C']}: {shape}",
                           f"池化不改变通道数 {p['C']}：输出形状 {shape}")])


def avgpool2d_count_include_pad(p: Params, device: Any) -> Result:
    import torch

    rows = [p["r0"], p["r1"], p["r2"], p["r3"]]
    pool = torch.nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=p["include"])
    i, j = p["i"], p["j"]
    value = float(pool(f64(rows, device).view(1, 1, 4, 4))[0, 0, i, j])
    # The window of output (i, j) covers input rows/cols 2i-1 .. 2i+1 (row -1 is padding).
    cells = [rows[r][c] for r in range(2 * i - 1, 2 * i + 2) for c in range(2 * j - 1, 2 * j + 2)
             if 0 <= r < 4 and 0 <= c < 4]
    div = 9 if p["include"] else len(cells)
    worked = f"({' + '.join(map(str, cells))}) / {div} = {sum(cells)}/{div} = {num(value)}"
    window = (f"rows {2 * i - 1}..{2 * i + 1}, columns {2 * j - 1}..{2 * j + 1}",
              f"第 {2 * i - 1}..{2 * i + 1} 行、第 {2 * j - 1}..{2 * j + 1} 列")
    if p["include"]:
        why = bi("count_include_pad=True divides by all 9 cells, padding included",
                 "count_include_pad=True 时除以全部 9 格（填充的 0 也算在内）")
    else:
        why = bi(f"count_include_pad=False divides by the {len(cells)} real cells only",
                 f"count_include_pad=False 时只除以 {len(cells)} 个真实元素")
    return value, join([bi(f"window: {window[0]} (index -1 is padding); {worked}",
                           f"窗口：{window[1]}（下标 -1 是填充）；{worked}"), why])


# ---------------------------------------------------------------- receptive field


def receptive_field(p: Params, device: Any) -> Result:
    """Light up one input column at a time and see which ones reach output pixel (0, 0).

    With all-ones weights, zero bias and a zero background, an input pixel changes the
    output iff a path connects them; this works through max pooling too, where a gradient
    would only reach the argmax.
    """
    import torch
    from torch import nn

    k1, s1, kp, sp, k2, d2 = (p["k1"], p["s1"], p["kp"], p["sp"], p["k2"], p["d2"])
    net = layer(nn.Sequential(nn.Conv2d(1, 1, k1, stride=s1), nn.MaxPool2d(kp, stride=sp),
                              nn.Conv2d(1, 1, k2, dilation=d2)), device)
    for conv in (net[0], net[2]):
        nn.init.ones_(conv.weight)
        nn.init.zeros_(conv.bias)
    # The probe only has to be wider than the field: a bound that multiplies every layer's
    # growth by all the strides is never smaller (the answer itself is what torch lights up).
    size = 1 + ((k1 - 1) + (kp - 1) + d2 * (k2 - 1)) * s1 * sp
    x = zeros((size, 1, size, size), device)
    cols = torch.arange(size, device=device)
    x[cols, 0, :, cols] = 1.0  # batch item c has column c set to one
    with torch.no_grad():
        hit = (net(x)[:, 0, 0, 0] != 0).nonzero().flatten()
    rf = int(hit.max() - hit.min()) + 1
    worked = f"1 + ({k1}-1)*1 + ({kp}-1)*{s1} + {d2}*({k2}-1)*{s1}*{sp} = {rf}"
    return rf, join([
        bi("r = 1 + sum of d*(k-1) times the product of the earlier layers' strides",
           "r = 1 + Σ d*(k-1) × 之前各层步长之积"),
        bi(f"conv {k1}x{k1} (stride {s1}), pool {kp}x{kp} (stride {sp}), conv {k2}x{k2} "
           f"(dilation {d2}): {worked}",
           f"卷积 {k1}x{k1}（步长 {s1}）、池化 {kp}x{kp}（步长 {sp}）、卷积 {k2}x{k2}"
           f"（空洞率 {d2}）：{worked}"),
    ])
