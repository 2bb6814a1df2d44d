"""Tests for the conv deck: every verifier against the size/count formulas in PyTorch's docs."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from deckkit import kit

CONV = kit("conv")
run, sample = CONV.run, CONV.sample
SEEDS = range(60)


# ---------------------------------------------------------------- independent references
# Written from the shape formulas in the docs of nn.Conv1d/2d/3d, nn.ConvTranspose2d,
# nn.MaxPool2d (including its ceil_mode note) and nn.AvgPool2d.


def ref_conv(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    return math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1


def ref_transpose(n: int, k: int, s: int, p: int, op: int, d: int) -> int:
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def ref_maxpool_ceil(n: int, k: int, s: int, p: int) -> int:
    out = math.ceil((n + 2 * p - (k - 1) - 1) / s) + 1
    # Docs: windows that would start in the right padded region are ignored.
    if (out - 1) * s >= n + p:
        out -= 1
    return out


def ref_params(c_in: int, c_out: int, kh: int, kw: int, groups: int, bias: bool) -> int:
    return c_out * (c_in // groups) * kh * kw + (c_out if bias else 0)


def ref_avgpool(rows: list[list[int]], i: int, j: int, include: bool) -> float:
    padded = np.pad(np.array(rows, dtype=float), 1)  # padding=1 on every side
    window = padded[2 * i: 2 * i + 3, 2 * j: 2 * j + 3]  # kernel 3, stride 2
    real = np.pad(np.ones((4, 4)), 1)[2 * i: 2 * i + 3, 2 * j: 2 * j + 3]
    return float(window.sum() / (9 if include else real.sum()))


def ref_receptive_field(layers: list[tuple[int, int, int]]) -> int:
    """layers = [(kernel, stride, dilation), ...]; r = 1 + sum d(k-1) * prod(earlier strides)."""
    r, jump = 1, 1
    for k, s, d in layers:
        r += d * (k - 1) * jump
        jump *= s
    return r


# ---------------------------------------------------------------- conv output shapes


CONV2D_EDGES = [  # (H, W, k, s, p, d): the kernel/stride/dilation corner cases
    (3, 3, 5, 1, 1, 1),    # kernel exactly as large as the padded input -> 1x1
    (7, 9, 7, 1, 0, 1),    # output exactly 1 high
    (20, 19, 7, 1, 0, 3),  # dilation 3 makes the 7-tap kernel span 19 pixels
    (10, 11, 1, 3, 0, 1),  # stride > kernel: pixels are skipped
    (10, 10, 2, 5, 0, 1),  # stride > kernel, even kernel
    (5, 6, 3, 3, 2, 2),    # padding + dilation + stride together
    (64, 64, 1, 1, 0, 1),  # 1x1 kernel is the identity on spatial size
]


@pytest.mark.parametrize("edge", CONV2D_EDGES)
def test_conv2d_output_shape_edges(device, edge):
    h, w, k, s, pad, d = edge
    p = dict(N=2, C_in=3, H=h, W=w, C_out=5, kernel_size=k, stride=s, padding=pad, dilation=d)
    expected = (2, 5, ref_conv(h, k, s, pad, d), ref_conv(w, k, s, pad, d))
    assert tuple(run("conv2d-output-shape", p, device)) == expected


def test_conv2d_output_shape_sampled(device):
    outputs = set()
    for seed in range(200):
        p = sample("conv2d-output-shape", seed)
        h = ref_conv(p["H"], p["kernel_size"], p["stride"], p["padding"], p["dilation"])
        w = ref_conv(p["W"], p["kernel_size"], p["stride"], p["padding"], p["dilation"])
        assert h >= 1 and w >= 1, p  # the sampler's guarantee
        assert 5 <= p["H"] <= 64 and 5 <= p["W"] <= 64
        assert tuple(run("conv2d-output-shape", p, device)) == (p["N"], p["C_out"], h, w)
        outputs.add(h)
    assert len(outputs) > 20


def test_conv2d_sampler_repairs_too_small_input():
    conv = CONV.module
    p = dict(N=1, C_in=1, H=5, W=6, C_out=4, kernel_size=7, stride=1, padding=0, dilation=3)
    fixed = conv.sample_conv2d(dict(p), random.Random(0))
    assert ref_conv(fixed["H"], 7, 1, 0, 3) >= 1 and ref_conv(fixed["W"], 7, 1, 0, 3) >= 1
    assert conv.sample_conv2d(dict(p), random.Random(5)) == conv.sample_conv2d(
        dict(p), random.Random(5))  # deterministic given the rng


def test_conv1d_output_length(device):
    cases = [sample("conv1d-output-length", seed) for seed in SEEDS]
    cases.append(dict(C_in=1, L=8, kernel_size=7, stride=4, padding=0, dilation=1))  # -> 1
    cases.append(dict(C_in=2, L=10, kernel_size=4, stride=1, padding=3, dilation=3))  # even k
    for p in cases:
        expected = ref_conv(p["L"], p["kernel_size"], p["stride"], p["padding"], p["dilation"])
        assert expected >= 1
        assert run("conv1d-output-length", p, device) == expected


def test_conv2d_tuple_output_shape(device):
    cases = [sample("conv2d-tuple-output-shape", seed) for seed in SEEDS]
    # Asymmetric on purpose: swapping height and width entries would give another answer.
    cases.append(dict(N=1, C_in=3, C_out=8, H=6, W=40, kh=5, kw=1, sh=3, sw=1, ph=0, pw=3))
    for p in cases:
        expected = (p["N"], p["C_out"], ref_conv(p["H"], p["kh"], p["sh"], p["ph"]),
                    ref_conv(p["W"], p["kw"], p["sw"], p["pw"]))
        assert tuple(run("conv2d-tuple-output-shape", p, device)) == expected


def test_conv3d_output_shape(device):
    cases = [sample("conv3d-output-shape", seed) for seed in SEEDS]
    cases.append(dict(N=1, C_in=1, C_out=2, D=3, H=8, W=9, kernel_size=3, stride=2, padding=0))
    for p in cases:
        k, s, pad = p["kernel_size"], p["stride"], p["padding"]
        expected = (p["N"], p["C_out"], ref_conv(p["D"], k, s, pad), ref_conv(p["H"], k, s, pad),
                    ref_conv(p["W"], k, s, pad))
        assert tuple(run("conv3d-output-shape", p, device)) == expected


def test_conv2d_same_output_shape(device):
    cases = [sample("conv2d-same-output-shape", seed) for seed in SEEDS]
    assert {p["mode"] for p in cases} == {"same", "valid"}
    cases.append(dict(mode="same", N=1, C_in=1, C_out=4, H=10, W=11, kernel_size=4, dilation=1))
    cases.append(dict(mode="valid", N=1, C_in=1, C_out=4, H=10, W=10, kernel_size=5, dilation=2))
    for p in cases:
        k, d = p["kernel_size"], p["dilation"]
        # Docs: "same" keeps the input's spatial size; "valid" is the same as no padding.
        same = p["mode"] == "same"
        h = p["H"] if same else ref_conv(p["H"], k, 1, 0, d)
        w = p["W"] if same else ref_conv(p["W"], k, 1, 0, d)
        assert tuple(run("conv2d-same-output-shape", p, device)) == (
            p["N"], p["C_out"], h, w)


@pytest.mark.parametrize("k", [2, 3, 4, 5, 6])
@pytest.mark.parametrize("d", [1, 2, 3])
def test_conv_same_implied_padding(device, k, d):
    # torch/nn/modules/conv.py: left = total // 2, right = total - left, total = d*(k-1).
    total = d * (k - 1)
    p = {"kernel_size": k, "dilation": d}
    assert tuple(run("conv-same-implied-padding", p, device)) == (
        total // 2, total - total // 2)


def test_same_padding_for_kernel(device):
    cases = [sample("same-padding-for-kernel", seed) for seed in SEEDS]
    cases += [dict(H=8, kernel_size=7, dilation=4), dict(H=9, kernel_size=4, dilation=2),
              dict(H=8, kernel_size=1, dilation=3)]
    for p in cases:
        twice = p["dilation"] * (p["kernel_size"] - 1)
        assert twice % 2 == 0, p  # the sampler only asks answerable questions
        assert ref_conv(p["H"], p["kernel_size"], 1, twice // 2, p["dilation"]) == p["H"]
        assert run("same-padding-for-kernel", p, device) == twice // 2


def test_convtranspose2d_output_shape(device):
    cases = [sample("convtranspose2d-output-shape", seed) for seed in range(120)]
    assert any(p["output_padding"] > 0 for p in cases)
    assert any(p["output_padding"] >= p["stride"] for p in cases)  # allowed by dilation
    cases.append(dict(N=1, C_in=4, C_out=1, H=4, kernel_size=3, stride=2, padding=1,
                      dilation=1, output_padding=1))
    cases.append(dict(N=2, C_in=8, C_out=3, H=2, kernel_size=2, stride=1, padding=0,
                      dilation=2, output_padding=1))  # output_padding == stride, < dilation
    for p in cases:
        assert p["output_padding"] < max(p["stride"], p["dilation"])
        n = ref_transpose(p["H"], p["kernel_size"], p["stride"], p["padding"],
                          p["output_padding"], p["dilation"])
        assert n >= 1
        assert tuple(run("convtranspose2d-output-shape", p, device)) == (
            p["N"], p["C_out"], n, n)


# ---------------------------------------------------------------- pooling


MAXPOOL_EDGES = [  # (n, k, s, p, expected) worked by hand from the docs
    (5, 2, 2, 1, 3),  # ceil gives 4, but the 4th window would start in the right padding
    (5, 1, 3, 0, 2),  # stride > kernel: ceil gives 3, the 3rd window would start at 6 >= 5
    (5, 2, 2, 0, 3),  # ceil adds a half-outside window that starts inside the input
    (6, 3, 2, 1, 4),  # that window starts exactly at the last input pixel
    (4, 2, 2, 0, 2),  # exact fit: ceil and floor agree
]


@pytest.mark.parametrize("edge", MAXPOOL_EDGES)
def test_maxpool2d_ceil_mode_edges(device, edge):
    n, k, s, pad, expected = edge
    assert ref_maxpool_ceil(n, k, s, pad) == expected
    p = dict(N=1, C=2, H=n, W=n + 1, kernel_size=k, stride=s, padding=pad)
    out = run("maxpool2d-ceil-mode", p, device)
    assert tuple(out) == (1, 2, expected, ref_maxpool_ceil(n + 1, k, s, pad))


def test_maxpool2d_ceil_mode_sampled(device):
    dropped = 0
    for seed in range(150):
        p = sample("maxpool2d-ceil-mode", seed)
        assert 2 * p["padding"] <= p["kernel_size"]
        k, s, pad = p["kernel_size"], p["stride"], p["padding"]
        expected = (p["N"], p["C"], ref_maxpool_ceil(p["H"], k, s, pad),
                    ref_maxpool_ceil(p["W"], k, s, pad))
        assert tuple(run("maxpool2d-ceil-mode", p, device)) == expected
        dropped += math.ceil((p["H"] + 2 * pad - k) / s) + 1 != expected[2]
    assert dropped > 5  # the sampled questions do exercise the right-padding rule


def test_avgpool2d_count_include_pad(device):
    cases = [sample("avgpool2d-count-include-pad", seed) for seed in SEEDS]
    corners = [[9, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 7]]
    cases += [dict(r0=corners[0], r1=corners[1], r2=corners[2], r3=corners[3], i=i, j=i,
                   include=inc) for i in (0, 1) for inc in (True, False)]
    for p in cases:
        rows = [p["r0"], p["r1"], p["r2"], p["r3"]]
        expected = ref_avgpool(rows, p["i"], p["j"], p["include"])
        assert run("avgpool2d-count-include-pad", p, device) == pytest.approx(
            expected, rel=1e-9, abs=1e-12)
    # Hand-worked corner of an all-ones image: 4 real cells of a 3x3 window.
    corner = dict(r0=[1] * 4, r1=[1] * 4, r2=[1] * 4, r3=[1] * 4, i=0, j=0)
    assert run("avgpool2d-count-include-pad", {**corner, "include": True}, device) == (
        pytest.approx(4 / 9, rel=1e-12))
    assert run("avgpool2d-count-include-pad", {**corner, "include": False}, device) == (
        pytest.approx(1.0, rel=1e-12))


# ---------------------------------------------------------------- parameter counts


def test_conv2d_param_count(device):
    cases = [sample("conv2d-param-count", seed) for seed in range(120)]
    assert {p["groups"] for p in cases} > {1, 2, 4}
    cases += [dict(C_in=16, C_out=16, kernel_size=3, groups=16, bias=False),  # depthwise
              dict(C_in=3, C_out=12, kernel_size=5, groups=3, bias=True),
              dict(C_in=1, C_out=1, kernel_size=1, groups=1, bias=False)]
    for p in cases:
        assert p["C_in"] % p["groups"] == 0 and p["C_out"] % p["groups"] == 0
        k = p["kernel_size"]
        expected = ref_params(p["C_in"], p["C_out"], k, k, p["groups"], p["bias"])
        assert run("conv2d-param-count", p, device) == expected


@pytest.mark.parametrize("card_id", ["grouped-conv-param-count", "grouped-conv-weight-shape"])
def test_grouped_conv(device, card_id):
    cases = [sample(card_id, seed) for seed in SEEDS]
    cases.append(dict(C_in=12, C_out=48, kh=1, kw=5, groups=12))
    for p in cases:
        g = p["groups"]
        assert g >= 2 and p["C_in"] % g == 0 and p["C_out"] % g == 0
        answer = run(card_id, p, device)
        if card_id == "grouped-conv-param-count":
            assert answer == ref_params(p["C_in"], p["C_out"], p["kh"], p["kw"], g, True)
        else:
            assert tuple(answer) == (p["C_out"], p["C_in"] // g, p["kh"], p["kw"])


def test_groups_valid(device):
    seen = set()
    for c_in in CONV.options("groups-valid", "C_in"):
        for c_out in CONV.options("groups-valid", "C_out"):
            for g in CONV.options("groups-valid", "groups"):
                p = dict(C_in=c_in, C_out=c_out, groups=g)
                expected = c_in % g == 0 and c_out % g == 0
                assert run("groups-valid", p, device) is expected
                seen.add(expected)
    assert seen == {True, False}


def _separable_ref(p: dict) -> tuple[int, int]:
    c_in, c_out, k, b = p["C_in"], p["C_out"], p["kernel_size"], p["bias"]
    separable = ref_params(c_in, c_in, k, k, c_in, b) + ref_params(c_in, c_out, 1, 1, 1, b)
    return separable, ref_params(c_in, c_out, k, k, 1, b)


def test_depthwise_separable(device):
    cases = [sample("depthwise-separable-param-count", seed) for seed in SEEDS]
    cases.append(dict(C_in=8, C_out=16, kernel_size=3, bias=True))  # 8*9+8 + 16*8+16 = 224
    for p in cases:
        separable, standard = _separable_ref(p)
        assert run("depthwise-separable-param-count", p, device) == separable
        ratio = run("separable-vs-standard-ratio", p, device)
        assert ratio == pytest.approx(standard / separable, rel=1e-12)
        assert ratio > 1
    assert _separable_ref(cases[-1]) == (224, 16 * 8 * 9 + 16)


# ---------------------------------------------------------------- receptive field


RF_EDGES = [  # (k1, s1, kp, sp, k2, d2, expected by hand)
    (3, 1, 2, 2, 3, 1, 8),    # 1 + 2 + 1 + 2*2
    (5, 2, 3, 2, 5, 2, 41),   # the largest the card samples: 1 + 4 + 2*2 + 2*4*4
    (3, 1, 2, 1, 3, 1, 6),    # overlapping pool (stride 1)
    (1, 1, 1, 1, 1, 1, 1),    # nothing grows
]


@pytest.mark.parametrize("edge", RF_EDGES)
def test_receptive_field_edges(device, edge):
    *layers, expected = edge
    k1, s1, kp, sp, k2, d2 = layers
    assert ref_receptive_field([(k1, s1, 1), (kp, sp, 1), (k2, 1, d2)]) == expected
    p = dict(k1=k1, s1=s1, kp=kp, sp=sp, k2=k2, d2=d2)
    assert run("receptive-field", p, device) == expected


def test_receptive_field_sampled(device):
    for seed in SEEDS:
        p = sample("receptive-field", seed)
        expected = ref_receptive_field([(p["k1"], p["s1"], 1), (p["kp"], p["sp"], 1),
                                        (p["k2"], 1, p["d2"])])
        assert run("receptive-field", p, device) == expected


# ---------------------------------------------------------------- slips


def test_slips_are_the_formula_with_one_classic_mistake() -> None:
    conv = CONV.module
    p = {"N": 2, "C_out": 8, "H": 10, "W": 9, "kernel_size": 3, "stride": 2, "padding": 1,
         "dilation": 2}
    slips = {why["en"]: shape for shape, why in conv.conv2d_slips(p)}
    # Right: floor((10 + 2 - 4 - 1)/2) + 1 = 4 and floor((9 + 2 - 4 - 1)/2) + 1 = 4.
    assert slips["rounded up instead of taking the floor"] == (2, 8, 5, 4)
    assert slips["counted the padding on one side only (use 2p)"] == (2, 8, 4, 3)
    assert slips["ignored the dilation (the kernel spans d(k-1)+1)"] == (2, 8, 5, 5)
    assert slips["forgot the + 1"] == (2, 8, 3, 3)
    right = (2, 8, 4, 4)
    assert right not in slips.values()


def test_conv1d_slips_never_list_the_right_answer() -> None:
    conv = CONV.module
    for L in range(8, 40):
        p = {"L": L, "kernel_size": 3, "stride": 2, "padding": 1, "dilation": 1}
        right = (L + 2 - 2 - 1) // 2 + 1
        assert all(wrong != right for wrong, _ in conv.conv1d_slips(p))
