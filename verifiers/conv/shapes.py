"""Verifiers for the conv deck: every answer comes from running real torch conv/pool layers."""

from __future__ import annotations

import random
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Explain = str | dict[str, str]


# ---------------------------------------------------------------- helpers (pure Python)


def _conv_len(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output length of a conv window; samplers use it to reject empty outputs."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _bi(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _shape(t: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in t.shape)


def _zeros(shape: tuple[int, ...], device: Any) -> Any:
    import torch

    return torch.zeros(shape, dtype=torch.float64, device=device)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence torch's note that even kernels with padding='same' copy the input (speed only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def _nparams(module: Any) -> int:
    return sum(int(t.numel()) for t in module.parameters())


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


# ---------------------------------------------------------------- flash-card checks


def _seeded(*shape: int) -> Any:
    import torch

    return torch.randn(*shape, dtype=torch.float64, generator=torch.Generator().manual_seed(0))


def check_odd_kernels(p: dict, device: Any) -> tuple[object, Explain]:
    """Odd k: padding (k-1)/2 on both sides keeps 9x9. Even k=4: no symmetric padding does."""
    import torch

    x = _zeros((1, 1, 9, 9), device)
    odd_ok = all(torch.nn.Conv2d(1, 1, k, padding=(k - 1) // 2).double().to(device)(x).shape[-1]
                 == 9 for k in (1, 3, 5, 7))
    even_sizes = [torch.nn.Conv2d(1, 1, 4, padding=pad).double().to(device)(x).shape[-1]
                  for pad in range(3)]
    return odd_ok and 9 not in even_sizes, _bi(
        f"k = 1, 3, 5, 7 with padding (k-1)/2 keep 9x9; "
        f"k = 4 with padding 0, 1, 2 gives {even_sizes}",
        f"k = 1、3、5、7 配 padding (k-1)/2 保持 9x9；k = 4 配 padding 0、1、2 得到 {even_sizes}")


def check_parameter_sharing(p: dict, device: Any) -> tuple[object, Explain]:
    """One small kernel serves every position: shifting the input shifts the output."""
    import torch

    conv = torch.nn.Conv2d(3, 8, 3, padding=1, padding_mode="circular").to(device, torch.float64)
    x = _seeded(1, 3, 16, 16).to(device)
    with torch.no_grad():
        shifted_first = conv(torch.roll(x, (2, 5), dims=(2, 3)))
        shifted_after = torch.roll(conv(x), (2, 5), dims=(2, 3))
    same = torch.allclose(shifted_first, shifted_after, rtol=0, atol=1e-12)
    n = _nparams(conv)
    return same and n == 8 * 3 * 9 + 8, _bi(
        f"{n} parameters (8*3*3*3 + 8) whatever the image size; conv(shift(x)) == shift(conv(x))",
        f"无论图像多大都只有 {n} 个参数（8*3*3*3 + 8）；conv(平移(x)) == 平移(conv(x))")


def check_local_connectivity(p: dict, device: Any) -> tuple[object, Explain]:
    """The gradient of one output pixel is non-zero only on its 3x3 input window."""
    import torch

    conv = torch.nn.Conv2d(1, 1, 3, padding=1).to(device, torch.float64)
    torch.nn.init.ones_(conv.weight)
    x = _zeros((1, 1, 12, 12), device).requires_grad_(True)
    conv(x)[0, 0, 5, 7].backward()
    rows, cols = (x.grad[0, 0] != 0).nonzero(as_tuple=True)
    window = (int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max()))
    return len(rows) == 9 and window == (4, 6, 6, 8), _bi(
        f"output (5, 7) depends on {len(rows)} of 144 inputs: rows 4-6, cols 6-8",
        f"输出 (5, 7) 只依赖 144 个输入中的 {len(rows)} 个：第 4-6 行、第 6-8 列")


def check_dilation(p: dict, device: Any) -> tuple[object, Explain]:
    """dilation=2 keeps a 3x3 weight (9 taps) but spreads them over a 5x5 window."""
    import torch

    conv = torch.nn.Conv2d(1, 1, 3, dilation=2, bias=False).to(device, torch.float64)
    torch.nn.init.ones_(conv.weight)
    x = _zeros((1, 1, 9, 9), device).requires_grad_(True)
    conv(x)[0, 0, 0, 0].backward()
    rows, _ = (x.grad[0, 0] != 0).nonzero(as_tuple=True)
    extent = int(rows.max()) - int(rows.min()) + 1
    plain = torch.nn.Conv2d(1, 1, 3, bias=False)
    ok = _nparams(conv) == _nparams(plain) == 9 and extent == 5 and len(rows) == 9
    n = _nparams(conv)
    return ok, _bi(f"{n} weights, as many as a plain 3x3; receptive field {extent}x{extent} "
                   "= 2*(3-1)+1",
                   f"{n} 个权重，与普通 3x3 相同；感受野 {extent}x{extent} = 2*(3-1)+1")


def check_one_by_one_conv(p: dict, device: Any) -> tuple[object, Explain]:
    """A 1x1 conv is a Linear layer over channels, applied at every pixel."""
    import torch

    conv = torch.nn.Conv2d(6, 4, 1).to(device, torch.float64)
    lin = torch.nn.Linear(6, 4).to(device, torch.float64)
    with torch.no_grad():
        lin.weight.copy_(conv.weight.view(4, 6))
        lin.bias.copy_(conv.bias)
        x = _seeded(2, 6, 5, 5).to(device)
        via_linear = lin(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        ok = torch.allclose(conv(x), via_linear, rtol=1e-12, atol=1e-12)
    return ok, _bi(f"Conv2d(6, 4, 1) == Linear(6, 4) at every pixel; {_nparams(conv)} = 6*4 + 4",
                   f"Conv2d(6, 4, 1) 等于逐像素的 Linear(6, 4)；参数 {_nparams(conv)} = 6*4 + 4")


def check_pooling_no_params(p: dict, device: Any) -> tuple[object, Explain]:
    """Pooling layers own no parameters and keep the channel count."""
    from torch import nn

    pools = [nn.MaxPool2d(2), nn.AvgPool2d(3, stride=2, padding=1), nn.AdaptiveAvgPool2d(1)]
    counts = [_nparams(m) for m in pools]
    channels = [int(m(_zeros((1, 5, 8, 8), device)).shape[1]) for m in pools]
    return counts == [0, 0, 0] and channels == [5, 5, 5], _bi(
        f"parameter counts {counts}; channels stay 5: {channels}",
        f"参数个数 {counts}；通道数保持 5：{channels}")


def check_equivariance(p: dict, device: Any) -> tuple[object, Explain]:
    """Convolution is translation-equivariant (output moves), not invariant (output unchanged)."""
    import torch

    conv = torch.nn.Conv1d(1, 1, 3, padding=1, padding_mode="circular").to(device, torch.float64)
    x = _seeded(1, 1, 10).to(device)
    with torch.no_grad():
        y, y_shift = conv(x), conv(torch.roll(x, 3, dims=2))
    moved = torch.allclose(y_shift, torch.roll(y, 3, dims=2), rtol=0, atol=1e-12)
    unchanged = torch.allclose(y_shift, y)
    return moved and not unchanged, _bi(
        "conv(shift(x)) == shift(conv(x)), but conv(shift(x)) != conv(x)",
        "conv(平移(x)) == 平移(conv(x))，但 conv(平移(x)) != conv(x)")


def check_default_bias(p: dict, device: Any) -> tuple[object, Explain]:
    """bias=True is the default, so the count is C_out*C_in/g*k*k + C_out, not C_in*C_out*k*k."""
    from torch import nn

    plain, grouped = nn.Conv2d(16, 32, 3), nn.Conv2d(16, 32, 3, groups=4)
    ok = (plain.bias is not None and _nparams(plain) == 16 * 32 * 9 + 32
          and _nparams(grouped) == 32 * 4 * 9 + 32)
    return ok, _bi(
        f"Conv2d(16, 32, 3): {_nparams(plain)} = 32*16*3*3 + 32; "
        f"groups=4: {_nparams(grouped)} = 32*(16/4)*3*3 + 32",
        f"Conv2d(16, 32, 3)：{_nparams(plain)} = 32*16*3*3 + 32；"
        f"groups=4：{_nparams(grouped)} = 32*(16/4)*3*3 + 32")


def check_transpose_output_padding(p: dict, device: Any) -> tuple[object, Explain]:
    """A stride-2 conv maps 7 and 8 to 4; output_padding picks which size the transpose returns."""
    import torch
    from torch import nn

    down = nn.Conv2d(1, 1, 3, stride=2, padding=1).to(device, torch.float64)
    sizes = [int(down(_zeros((1, 1, n, n), device)).shape[-1]) for n in (7, 8)]
    ups = [int(nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=op)
               .to(device, torch.float64)(_zeros((1, 1, 4, 4), device)).shape[-1])
           for op in (0, 1)]
    return sizes == [4, 4] and ups == [7, 8], _bi(
        f"7 -> {sizes[0]}, 8 -> {sizes[1]}; transpose of 4 with output_padding 0/1 -> {ups}",
        f"7 -> {sizes[0]}，8 -> {sizes[1]}；4 经转置卷积，output_padding 取 0/1 -> {ups}")


def check_pool_default_stride(p: dict, device: Any) -> tuple[object, Explain]:
    """MaxPool2d's stride defaults to kernel_size, so windows do not overlap."""
    import torch

    pool = torch.nn.MaxPool2d(3)
    out = pool(_zeros((1, 1, 9, 9), device))
    return pool.stride == 3 and _shape(out)[-1] == 3, _bi(
        f"MaxPool2d(3).stride = {pool.stride}; 9x9 -> {_shape(out)[-1]}x{_shape(out)[-1]}",
        f"MaxPool2d(3).stride = {pool.stride}；9x9 -> {_shape(out)[-1]}x{_shape(out)[-1]}")
