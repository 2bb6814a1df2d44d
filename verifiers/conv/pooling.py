"""Pooling windows (ceil_mode, count_include_pad) and a conv/pool stack's receptive field."""

from __future__ import annotations

from typing import Any

from ._common import Explain, _bi, _shape, _zeros

# ---------------------------------------------------------------- pooling


def maxpool2d_ceil_mode(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    k, s, pad = p["kernel_size"], p["stride"], p["padding"]
    pool = torch.nn.MaxPool2d(k, stride=s, padding=pad, ceil_mode=True)
    out = pool(_zeros((p["N"], p["C"], p["H"], p["W"]), device))

    def dim(n: int, o: int) -> tuple[str, str]:
        raw = -(-(n + 2 * pad - k) // s) + 1
        base = f"ceil(({n} + 2*{pad} - {k})/{s}) + 1 = {raw}"
        if raw == o:
            return base, base
        start = f"({raw}-1)*{s} - {pad} = {(raw - 1) * s - pad} >= {n}"
        return (f"{base}, but the last window would start at {start}, past the input, "
                f"so it is dropped: {o}",
                f"{base}，但最后一个窗口的起点 {start}，已越过输入，舍去：{o}")

    (he, hz), (we, wz) = dim(p["H"], out.shape[2]), dim(p["W"], out.shape[3])
    return _shape(out), _bi(f"H_out = {he}; W_out = {we}", f"H_out = {hz}；W_out = {wz}")


def avgpool2d_count_include_pad(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    rows = [p["r0"], p["r1"], p["r2"], p["r3"]]
    x = torch.tensor(rows, dtype=torch.float64, device=device).view(1, 1, 4, 4)
    pool = torch.nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=p["include"])
    i, j = p["i"], p["j"]
    value = float(pool(x)[0, 0, i, j])
    # The window of output (i, j) covers input rows/cols 2i-1 .. 2i+1 (row -1 is padding).
    cells = [rows[r][c] for r in range(2 * i - 1, 2 * i + 2) for c in range(2 * j - 1, 2 * j + 2)
             if 0 <= r < 4 and 0 <= c < 4]
    div = 9 if p["include"] else len(cells)
    return value, f"({' + '.join(map(str, cells))}) / {div} = {sum(cells)}/{div} = {value:.6g}"


# ---------------------------------------------------------------- receptive field


def receptive_field(p: dict, device: Any) -> tuple[object, Explain]:
    """Light up one input column at a time and see which ones reach output pixel (0, 0).

    With all-ones weights, zero bias and a zero background, an input pixel changes the
    output iff a path connects them; this works through max pooling too, where a gradient
    would only reach the argmax.
    """
    import torch
    from torch import nn

    k1, s1, kp, sp, k2, d2 = (p["k1"], p["s1"], p["kp"], p["sp"], p["k2"], p["d2"])
    net = nn.Sequential(nn.Conv2d(1, 1, k1, stride=s1), nn.MaxPool2d(kp, stride=sp),
                        nn.Conv2d(1, 1, k2, dilation=d2)).to(device, torch.float64)
    for conv in (net[0], net[2]):
        nn.init.ones_(conv.weight)
        nn.init.zeros_(conv.bias)
    size = 48  # larger than any receptive field the sampler can make, so none is clipped
    x = _zeros((size, 1, size, size), device)
    cols = torch.arange(size, device=device)
    x[cols, 0, :, cols] = 1.0  # batch item c has column c set to one
    with torch.no_grad():
        hit = (net(x)[:, 0, 0, 0] != 0).nonzero().flatten()
    rf = int(hit.max() - hit.min()) + 1
    worked = (f"1 + ({k1}-1)*1 + ({kp}-1)*{s1} + {d2}*({k2}-1)*{s1}*{sp} = {rf}")
    return rf, _bi(f"r = 1 + sum of d*(k-1) * (product of earlier strides): {worked}",
                   f"r = 1 + Σ d*(k-1) × 之前各层步长之积：{worked}")
