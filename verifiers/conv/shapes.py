"""Conv output shapes: Conv1d/2d/3d, padding='same'/'valid', ConvTranspose2d, slips."""

from __future__ import annotations

import random
from typing import Any

from ._common import Explain, _bi, _conv_len, _quiet, _shape, _zeros

# ---------------------------------------------------------------- known slips

# Each variant re-does the output-size formula with one classic mistake, so the feedback
# can name the mistake when the learner's answer matches it.
_SLIPS: list[tuple[str, str, Any]] = [
    ("rounded up instead of taking the floor", "向上取整了，应当向下取整（floor）",
     lambda n, k, s, p, d: -(-(n + 2 * p - d * (k - 1) - 1) // s) + 1),
    ("counted the padding on one side only (use 2p)", "padding 只算了一边（应为 2p）",
     lambda n, k, s, p, d: (n + p - d * (k - 1) - 1) // s + 1),
    ("ignored the dilation (the kernel spans d(k-1)+1)", "忽略了空洞率（卷积核跨度为 d(k-1)+1）",
     lambda n, k, s, p, d: (n + 2 * p - (k - 1) - 1) // s + 1),
    ("forgot the + 1", "漏掉了 + 1", lambda n, k, s, p, d: (n + 2 * p - d * (k - 1) - 1) // s),
]


def _slipped_lengths(n: int, k: int, s: int, p: int, d: int) -> list[tuple[int, dict]]:
    right = _conv_len(n, k, s, p, d)
    return [(wrong(n, k, s, p, d), _bi(en, zh)) for en, zh, wrong in _SLIPS
            if wrong(n, k, s, p, d) != right]


def conv2d_slips(p: dict) -> list[tuple[tuple[int, ...], dict]]:
    """Shapes a learner gets by one classic slip, applied to both H and W."""
    args = (p["kernel_size"], p["stride"], p["padding"], p["dilation"])
    right = (_conv_len(p["H"], *args), _conv_len(p["W"], *args))
    slips = []
    for en, zh, wrong in _SLIPS:
        sizes = (wrong(p["H"], *args), wrong(p["W"], *args))
        if sizes != right:
            slips.append(((p["N"], p["C_out"], *sizes), _bi(en, zh)))
    return slips


def conv1d_slips(p: dict) -> list[tuple[int, dict]]:
    return _slipped_lengths(p["L"], p["kernel_size"], p["stride"], p["padding"], p["dilation"])


# ---------------------------------------------------------------- samplers


def sample_conv2d(p: dict, rng: random.Random) -> dict:
    """Redraw H and W until the conv output is at least 1x1."""
    k, s, pad, d = p["kernel_size"], p["stride"], p["padding"], p["dilation"]
    for key in ("H", "W"):
        while _conv_len(p[key], k, s, pad, d) < 1:
            p[key] = rng.randint(5, 64)
    return p


def sample_conv1d(p: dict, rng: random.Random) -> dict:
    """Redraw L until the output is at least one step long."""
    while _conv_len(p["L"], p["kernel_size"], p["stride"], p["padding"], p["dilation"]) < 1:
        p["L"] = rng.randint(8, 100)
    return p


def sample_transpose(p: dict, rng: random.Random) -> dict:
    """output_padding must be < stride or < dilation, and the output must be non-empty."""
    p["output_padding"] = rng.randrange(max(p["stride"], p["dilation"]))
    s, pad, d, k = p["stride"], p["padding"], p["dilation"], p["kernel_size"]
    while (p["H"] - 1) * s - 2 * pad + d * (k - 1) < 0:
        p["H"] += 1
    return p


def sample_same_padding(p: dict, rng: random.Random) -> dict:
    """A symmetric integer padding exists only when d*(k-1) is even."""
    while p["dilation"] * (p["kernel_size"] - 1) % 2:
        p["kernel_size"] = rng.choice([1, 3, 5, 7])
    return p


# ---------------------------------------------------------------- conv output shapes


def conv2d_output_shape(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    k, s, pad, d = p["kernel_size"], p["stride"], p["padding"], p["dilation"]
    conv = torch.nn.Conv2d(p["C_in"], p["C_out"], k, stride=s, padding=pad, dilation=d)
    conv = conv.to(device, torch.float64)
    out = conv(_zeros((p["N"], p["C_in"], p["H"], p["W"]), device))
    f = "floor(({n} + 2*{p} - {d}*({k}-1) - 1)/{s}) + 1 = {o}"
    return _shape(out), (
        "H_out = " + f.format(n=p["H"], p=pad, d=d, k=k, s=s, o=out.shape[2])
        + "; W_out = " + f.format(n=p["W"], p=pad, d=d, k=k, s=s, o=out.shape[3])
    )


def conv1d_output_length(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    k, s, pad, d = p["kernel_size"], p["stride"], p["padding"], p["dilation"]
    conv = torch.nn.Conv1d(p["C_in"], 4, k, stride=s, padding=pad, dilation=d)
    out = conv.to(device, torch.float64)(_zeros((1, p["C_in"], p["L"]), device))
    length = int(out.shape[-1])
    return length, f"L_out = floor(({p['L']} + 2*{pad} - {d}*({k}-1) - 1)/{s}) + 1 = {length}"


def conv2d_tuple_output_shape(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    conv = torch.nn.Conv2d(p["C_in"], p["C_out"], (p["kh"], p["kw"]), stride=(p["sh"], p["sw"]),
                           padding=(p["ph"], p["pw"])).to(device, torch.float64)
    out = conv(_zeros((p["N"], p["C_in"], p["H"], p["W"]), device))
    h, w = out.shape[2], out.shape[3]
    return _shape(out), (
        f"H_out = floor(({p['H']} + 2*{p['ph']} - {p['kh']})/{p['sh']}) + 1 = {h}; "
        f"W_out = floor(({p['W']} + 2*{p['pw']} - {p['kw']})/{p['sw']}) + 1 = {w}"
    )


def conv3d_output_shape(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    k, s, pad = p["kernel_size"], p["stride"], p["padding"]
    conv = torch.nn.Conv3d(p["C_in"], p["C_out"], k, stride=s, padding=pad)
    x = _zeros((p["N"], p["C_in"], p["D"], p["H"], p["W"]), device)
    out = conv.to(device, torch.float64)(x)
    parts = [f"floor(({p[a]} + 2*{pad} - {k})/{s}) + 1 = {o}"
             for a, o in zip(("D", "H", "W"), out.shape[2:], strict=True)]
    return _shape(out), "D_out = {}; H_out = {}; W_out = {}".format(*parts)


def conv2d_same_output_shape(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    k, d = p["kernel_size"], p["dilation"]
    conv = torch.nn.Conv2d(p["C_in"], p["C_out"], k, dilation=d, padding=p["mode"])
    with _quiet():
        out = conv.to(device, torch.float64)(_zeros((p["N"], p["C_in"], p["H"], p["W"]), device))
    if p["mode"] == "same":
        return _shape(out), _bi(
            f"'same' keeps H and W ({p['H']}x{p['W']}); only channels change to {p['C_out']}",
            f"'same' 保持 H、W 不变（{p['H']}x{p['W']}），只有通道数变为 {p['C_out']}")
    eff = d * (k - 1) + 1
    worked = (f"H_out = {p['H']} - {eff} + 1 = {out.shape[2]}, "
              f"W_out = {p['W']} - {eff} + 1 = {out.shape[3]}")
    return _shape(out), _bi(f"'valid' = padding 0: effective kernel {d}*({k}-1)+1 = {eff}; "
                            f"{worked}",
                            f"'valid' 即 padding=0：等效核 {d}*({k}-1)+1 = {eff}；{worked}")


def conv_same_implied_padding(p: dict, device: Any) -> tuple[object, Explain]:
    """Find the explicit (left, right) zero padding that reproduces padding='same'."""
    import torch
    import torch.nn.functional as F

    k, d = p["kernel_size"], p["dilation"]
    conv = torch.nn.Conv1d(1, 1, k, dilation=d, padding="same", bias=False)
    conv = conv.to(device, torch.float64)
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(1, 1, 3 * d * k + 3, dtype=torch.float64, generator=gen).to(device)
    with torch.no_grad(), _quiet():
        target = conv(x)
        span = d * (k - 1)  # no padding beyond the kernel's span can matter
        for left in range(span + 1):
            for right in range(span + 1):
                y = F.conv1d(F.pad(x, (left, right)), conv.weight, dilation=d)
                if y.shape == target.shape and torch.allclose(y, target, rtol=0, atol=1e-12):
                    return (left, right), _bi(
                        f"total = {d}*({k}-1) = {span}; left = {span}//2 = {left}, "
                        f"right = {span} - {left} = {right} (the extra zero goes on the right)",
                        f"总填充 = {d}*({k}-1) = {span}；左 = {span}//2 = {left}，"
                        f"右 = {span} - {left} = {right}（多出的一个补在右侧）")
    raise RuntimeError("no explicit padding reproduces padding='same'")


def same_padding_for_kernel(p: dict, device: Any) -> tuple[object, Explain]:
    """Try paddings 0, 1, 2, ... on a real conv until H is unchanged."""
    import torch

    k, d, h = p["kernel_size"], p["dilation"], p["H"]
    x = _zeros((1, 1, h, h), device)
    for pad in range(d * k + 1):
        conv = torch.nn.Conv2d(1, 1, k, padding=pad, dilation=d).to(device, torch.float64)
        try:
            out_h = conv(x).shape[2]
        except RuntimeError:  # padded input still smaller than the dilated kernel
            continue
        if out_h == h:
            return pad, f"p = {d}*({k}-1)/2 = {pad}"
    raise RuntimeError("no padding keeps H unchanged")


def convtranspose2d_output_shape(p: dict, device: Any) -> tuple[object, Explain]:
    import torch

    k, s, pad, d, op = (p["kernel_size"], p["stride"], p["padding"], p["dilation"],
                        p["output_padding"])
    conv = torch.nn.ConvTranspose2d(p["C_in"], p["C_out"], k, stride=s, padding=pad,
                                    output_padding=op, dilation=d).to(device, torch.float64)
    out = conv(_zeros((p["N"], p["C_in"], p["H"], p["H"]), device))
    return _shape(out), (
        f"H_out = ({p['H']}-1)*{s} - 2*{pad} + {d}*({k}-1) + {op} + 1 = {out.shape[2]} (= W_out)"
    )
