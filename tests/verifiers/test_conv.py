"""Tests for the conv deck: every verifier against the size/count formulas in PyTorch's docs."""

from __future__ import annotations

import math
import random
import re

import numpy as np
import pytest
import slipkit
from deckkit import CJK, check_explanation, kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

CONV = kit("conv")
run, sample = CONV.run, CONV.sample
SEEDS = range(60)


def verifier(card_id: str):
    """The card's verifier function itself (to see its Invalid and its explanation)."""
    return getattr(CONV.module, CONV.card(card_id).verifier or "")


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


# ---------------------------------------------------------------- slips, through the app

SLIPPED = [card.id for card in CONV.quiz if card.slips]


def test_every_quiz_card_lists_slips() -> None:
    assert [card.id for card in CONV.quiz] == SLIPPED


@pytest.mark.parametrize("card_id", SLIPPED)
def test_slips_through_the_app(runner, card_id: str) -> None:
    typed = sum(slipkit.through_the_app(runner, "conv", card_id, sample(card_id, seed))
                for seed in range(25))
    assert typed >= 10, card_id  # the mistakes do change the answer on sampled questions


def test_slip_ids_are_unique_per_card_and_one_mistake_per_id() -> None:
    words: dict[str, set[str]] = {}
    for card_id in SLIPPED:
        for seed in range(30):
            slips = slipkit.slips_of("conv", card_id, sample(card_id, seed))
            ids = [s.id for s in slips]
            assert len(ids) == len(set(ids)), (card_id, ids)
            for s in slips:
                slipkit.check_slip(s)
                words.setdefault(s.id, set()).add(s.en.split(":")[0])
    # One id names one mistake across the deck: its headline is the same on every card.
    assert all(len(heads) == 1 for heads in words.values()), {
        k: v for k, v in words.items() if len(v) > 1}


# ---------------------------------------------------------------- slips, worked by hand


def test_conv2d_slips_by_hand(runner) -> None:
    p = {"N": 2, "C_in": 3, "H": 10, "W": 9, "C_out": 8, "kernel_size": 3, "stride": 2,
         "padding": 1, "dilation": 2}
    # Right: floor((10 + 2 - 4 - 1)/2) + 1 = 4 and floor((9 + 2 - 4 - 1)/2) + 1 = 4.
    assert slipkit.by_id("conv", "conv2d-output-shape", p) == {
        "rounded-up": (2, 8, 5, 4),          # ceil(7/2) + 1, ceil(6/2) + 1
        "padding-once": (2, 8, 4, 3),        # floor(6/2) + 1, floor(5/2) + 1
        "dilation-ignored": (2, 8, 5, 5),    # floor(9/2) + 1, floor(8/2) + 1
        "plus-one-forgotten": (2, 8, 3, 3),
        "in-channels-kept": (2, 3, 4, 4),
    }
    for slip_id, wrong in slipkit.by_id("conv", "conv2d-output-shape", p).items():
        assert slipkit.slip_shown(runner, "conv", "conv2d-output-shape", p, wrong) == slip_id
    assert slipkit.slip_shown(runner, "conv", "conv2d-output-shape", p, (2, 8, 4, 4)) is None


def test_negative_sizes_are_no_slip() -> None:
    # The kernel exactly covers the padded input: padding once or no + 1 would give 0.
    p = {"N": 2, "C_in": 1, "H": 5, "W": 5, "C_out": 4, "kernel_size": 7, "stride": 1,
         "padding": 1, "dilation": 1}
    found = slipkit.by_id("conv", "conv2d-output-shape", p)
    assert "padding-once" not in found and "plus-one-forgotten" not in found
    assert found["in-channels-kept"] == (2, 1, 1, 1)
    q = {"N": 2, "C_in": 8, "C_out": 3, "H": 2, "kernel_size": 2, "stride": 1, "padding": 2,
         "dilation": 2, "output_padding": 0}  # 1 - 4 + 2 + 0 + 1 = 0: refused, and no slips
    assert all(min(a[2:]) >= 1 for a in slipkit.by_id("conv", "convtranspose2d-output-shape",
                                                      q).values())


def test_conv1d_slips_are_the_formula_with_one_mistake() -> None:
    for L in range(8, 40):
        p = {"C_in": 1, "L": L, "kernel_size": 3, "stride": 2, "padding": 1, "dilation": 2}
        expected = {  # floor((L + 2*1 - 2*(3-1) - 1)/2) + 1, each with one change
            "rounded-up": math.ceil((L + 2 - 4 - 1) / 2) + 1,
            "padding-once": math.floor((L + 1 - 4 - 1) / 2) + 1,
            "dilation-ignored": math.floor((L + 2 - 2 - 1) / 2) + 1,
            "plus-one-forgotten": math.floor((L + 2 - 4 - 1) / 2),
        }
        assert slipkit.by_id("conv", "conv1d-output-length", p) == expected


def test_tuple_swap_slip(runner) -> None:
    p = dict(N=1, C_in=3, C_out=8, H=6, W=40, kh=5, kw=1, sh=3, sw=1, ph=0, pw=3)
    got = slipkit.by_id("conv", "conv2d-tuple-output-shape", p)
    # Swapped: H with (kw=1, sw=1, pw=3) -> 12; W with (kh=5, sh=3, ph=0) -> 12.
    assert got["height-width-swapped"] == (1, 8, ref_conv(6, 1, 1, 3), ref_conv(40, 5, 3, 0))
    assert got["height-width-swapped"] == (1, 8, 12, 12)
    assert slipkit.slip_shown(runner, "conv", "conv2d-tuple-output-shape", p,
                              (1, 8, 12, 12)) == "height-width-swapped"


def test_transpose_slips_by_hand(runner) -> None:
    p = dict(N=1, C_in=4, C_out=1, H=4, kernel_size=3, stride=2, padding=1, dilation=1,
             output_padding=1)  # right: 3*2 - 2 + 2 + 1 + 1 = 8
    got = slipkit.by_id("conv", "convtranspose2d-output-shape", p)
    assert got["padding-added"] == (1, 1, 12, 12)
    assert got["output-padding-forgotten"] == (1, 1, 7, 7)
    assert got["h-times-stride"] == (1, 1, 10, 10)
    assert got["forward-formula"] == (1, 1, 2, 2)
    assert slipkit.slip_shown(runner, "conv", "convtranspose2d-output-shape", p,
                              (1, 1, 7, 7)) == "output-padding-forgotten"


@pytest.mark.parametrize(("k", "d", "extra"), [(4, 1, True), (3, 3, False), (6, 3, True),
                                                (3, 1, False), (2, 2, False)])
def test_implied_padding_slips_and_words(device, runner, k: int, d: int, extra: bool) -> None:
    total = d * (k - 1)
    p = {"kernel_size": k, "dilation": d}
    got = slipkit.by_id("conv", "conv-same-implied-padding", p)
    assert got["extra-on-left"] == (total - total // 2, total // 2)
    assert got["total-each-side"] == (total, total)
    if extra:
        assert slipkit.slip_shown(runner, "conv", "conv-same-implied-padding", p,
                                  got["extra-on-left"]) == "extra-on-left"
    # The worked explanation names the extra zero only when the total padding is odd.
    _, words = CONV.module.conv_same_implied_padding(dict(p), device)
    check_explanation(words)
    assert ("extra zero" in words["en"]) is extra and ("多出" in words["zh"]) is extra


def test_maxpool_slips_by_hand(runner) -> None:
    p = dict(N=1, C=3, H=5, W=6, kernel_size=2, stride=2, padding=1)
    got = slipkit.by_id("conv", "maxpool2d-ceil-mode", p)
    # Right (1, 3, 3, 4); the 4th window on H starts at 3*2 - 1 = 5, in the right padding.
    assert got["padding-window-kept"] == (1, 3, 4, 4)
    assert got["ceil-mode-ignored"] == (1, 3, 3, 4)  # = right here: the app skips it
    assert slipkit.slip_shown(runner, "conv", "maxpool2d-ceil-mode", p,
                              (1, 3, 4, 4)) == "padding-window-kept"


def test_avgpool_slips_by_hand(runner) -> None:
    rows = dict(r0=[3, 1, 4, 1], r1=[5, 9, 2, 6], r2=[5, 3, 5, 8], r3=[9, 7, 9, 3])
    p = {**rows, "i": 0, "j": 1, "include": False}  # rows 0-1, cols 1-3: 23/6
    got = slipkit.by_id("conv", "avgpool2d-count-include-pad", p)
    assert got["count-include-pad-flipped"] == pytest.approx(23 / 9, rel=1e-12)
    assert got["stride-ignored"] == pytest.approx(24 / 6, rel=1e-12)  # rows 0-1, cols 0-2
    assert slipkit.slip_shown(runner, "conv", "avgpool2d-count-include-pad", p,
                              23 / 9) == "count-include-pad-flipped"


def test_count_slips_by_hand(runner) -> None:
    p = dict(C_in=3, C_out=12, kernel_size=5, groups=3, bias=True)  # 12*1*25 + 12 = 312
    assert slipkit.by_id("conv", "conv2d-param-count", p) == {
        "bias-forgotten": 300, "groups-ignored": 912, "kernel-not-squared": 72,
        "bias-divided-by-groups": 304}
    q = dict(C_in=12, C_out=48, kh=1, kw=5, groups=12)  # 48*1*5 + 48 = 288
    assert slipkit.by_id("conv", "grouped-conv-param-count", q) == {
        "bias-forgotten": 240, "groups-ignored": 2928, "bias-divided-by-groups": 244,
        "groups-divided-twice": 68}
    assert slipkit.by_id("conv", "grouped-conv-weight-shape", q) == {
        "groups-ignored": (48, 12, 1, 5), "transpose-layout": (12, 4, 1, 5),
        "out-divided-by-groups": (4, 1, 1, 5), "kh-kw-swapped": (48, 1, 5, 1)}
    sep = dict(C_in=8, C_out=16, kernel_size=3, bias=True)  # (72 + 8) + (128 + 16) = 224
    assert slipkit.by_id("conv", "depthwise-separable-param-count", sep) == {
        "bias-forgotten": 200, "depthwise-as-full-conv": 728, "one-bias-set": 216}
    ratio = slipkit.by_id("conv", "separable-vs-standard-ratio", sep)
    assert ratio["ratio-inverted"] == pytest.approx(224 / 1168, rel=1e-12)
    assert ratio["bias-ignored"] == pytest.approx(144 / 25, rel=1e-12)
    assert slipkit.slip_shown(runner, "conv", "conv2d-param-count", p, 912) == "groups-ignored"


def test_groups_valid_slips(runner) -> None:
    # 12 % 4 == 0 but 9 % 4 == 1: someone who checks only in_channels says yes.
    p = dict(C_in=12, C_out=9, groups=4)
    assert slipkit.slip_shown(runner, "conv", "groups-valid", p, True) == "out-channels-unchecked"
    q = dict(C_in=3, C_out=12, groups=4)
    assert slipkit.slip_shown(runner, "conv", "groups-valid", q, True) == "in-channels-unchecked"
    assert slipkit.slip_shown(runner, "conv", "groups-valid", dict(C_in=6, C_out=9, groups=3),
                              False) is None


def test_receptive_field_slips_by_hand() -> None:
    p = dict(k1=5, s1=2, kp=3, sp=2, k2=5, d2=2)  # 1 + 4 + 2*2 + 2*4*2*2 = 41
    assert slipkit.by_id("conv", "receptive-field", p) == {
        "strides-ignored": 15, "dilation-ignored": 25, "own-stride-counted": 49}


# ---------------------------------------------------------------- refusals


INVALID = [  # (card, params within every spec (so --param lets them in), words of the reason)
    ("conv2d-output-shape", dict(H=5, kernel_size=7, padding=0, dilation=1), "output height"),
    ("conv2d-output-shape", dict(W=5, kernel_size=3, padding=0, dilation=3), "output width"),
    ("conv1d-output-length", dict(L=8, kernel_size=7, padding=0, dilation=3), "output length"),
    ("conv1d-output-length", dict(L=1, kernel_size=2, padding=0), "output length"),
    ("convtranspose2d-output-shape", dict(stride=2, dilation=1, output_padding=2),
     "output_padding"),
    ("convtranspose2d-output-shape", dict(stride=1, dilation=2, output_padding=2),
     "output_padding"),
    ("convtranspose2d-output-shape", dict(H=2, kernel_size=2, stride=1, padding=2, dilation=1,
                                          output_padding=0), "output height"),
    ("same-padding-for-kernel", dict(kernel_size=4, dilation=1), "output height"),
    ("conv2d-param-count", dict(C_in=3, C_out=4, groups=2), "output"),
    ("grouped-conv-param-count", dict(C_in=12, C_out=16, groups=8), "output"),
    ("grouped-conv-weight-shape", dict(C_in=8, C_out=24, groups=3), "output"),
]


@pytest.mark.parametrize(("card_id", "given", "words"), INVALID,
                         ids=[f"{c}-{i}" for i, (c, _g, _w) in enumerate(INVALID)])
def test_params_without_an_answer_are_refused(runner, card_id, given, words) -> None:
    p = sample(card_id, 0, **given)  # accepted by the specs, as --param would be
    with pytest.raises(Invalid, match=words):
        verifier(card_id)(dict(p), "cpu")
    with pytest.raises(ParamError, match=r"^--param: .*output"):
        runner.compute(CONV.card(card_id), p, given=True)


DIRECT = [  # beyond the specs, straight to the verifier: still refused, never a torch error
    ("conv2d-tuple-output-shape", dict(N=1, C_in=1, C_out=4, H=4, W=8, kh=5, kw=7, sh=1, sw=1,
                                       ph=0, pw=0), "output height"),
    ("conv3d-output-shape", dict(N=1, C_in=1, C_out=2, D=2, H=8, W=8, kernel_size=3, stride=1,
                                 padding=0), "output depth"),
    ("conv2d-same-output-shape", dict(mode="valid", N=1, C_in=1, C_out=4, H=8, W=20,
                                      kernel_size=5, dilation=2), "output height"),
    ("maxpool2d-ceil-mode", dict(N=1, C=1, H=3, W=3, kernel_size=2, stride=1, padding=2),
     "padding=2"),
    ("maxpool2d-ceil-mode", dict(N=1, C=1, H=1, W=5, kernel_size=3, stride=1, padding=0),
     "output height"),
]


@pytest.mark.parametrize(("card_id", "p", "words"), DIRECT,
                         ids=[f"{c}-{i}" for i, (c, _p, _w) in enumerate(DIRECT)])
def test_out_of_spec_params_are_refused_too(card_id, p, words) -> None:
    with pytest.raises(Invalid, match=words) as refused:
        verifier(card_id)(dict(p), "cpu")
    assert "output" in str(refused.value)


@pytest.mark.parametrize(("card_id", "given", "message"), [
    ("conv2d-output-shape", dict(H=4), "expected an int in [5, 64], got 4"),
    ("conv1d-output-length", dict(L=0), "expected an int in [1, 100], got 0"),
    ("convtranspose2d-output-shape", dict(output_padding=3), "expected an int in [0, 2]"),
    ("conv2d-param-count", dict(groups=5), "expected one of 1, 2, 3, 4, 6, 8, 12, 16"),
    ("same-padding-for-kernel", dict(kernel_size=10), "or a number in [1, 9]"),
    ("depthwise-separable-param-count", dict(C_in=0), "or a number in [1, 64]"),
])
def test_spec_violations_are_param_errors(card_id, given, message) -> None:
    with pytest.raises(ParamError) as refused:
        sample(card_id, 0, **given)
    assert message in str(refused.value)


# Every card whose verifier can refuse; conv2d-output-shape runs its 200 sampled seeds
# through the verifier in test_conv2d_output_shape_sampled.
REFUSING = ["conv1d-output-length", "conv2d-tuple-output-shape", "conv3d-output-shape",
            "conv2d-same-output-shape", "same-padding-for-kernel", "convtranspose2d-output-shape",
            "maxpool2d-ceil-mode", "conv2d-param-count", "grouped-conv-param-count",
            "grouped-conv-weight-shape"]


@pytest.mark.parametrize("card_id", REFUSING)
def test_samplers_never_produce_params_without_an_answer(card_id: str) -> None:
    fn = verifier(card_id)
    for seed in range(200):
        p = sample(card_id, seed)
        fn(dict(p), "cpu")  # raises Invalid for a refused combination


def test_the_documented_impossible_command_exits_2(quizapp) -> None:
    outcome = quizapp("card", "show", "conv/conv2d-output-shape", "--param", "H=5",
                      "--param", "kernel_size=7", "--param", "padding=0", "--param", "dilation=1")
    assert outcome.code == 2, outcome
    assert "--param" in outcome.stderr and "output" in outcome.stderr
    assert "Traceback" not in outcome.stderr + outcome.stdout


# ---------------------------------------------------------------- both languages

ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")


def _no_english_sentence(zh: str) -> None:
    assert CJK.search(zh) and not ENGLISH_SENTENCE.search(zh), zh


@pytest.mark.parametrize("card_id", [card.id for card in CONV.quiz])
def test_explanations_and_slips_read_in_chinese(card_id: str) -> None:
    fn = verifier(card_id)
    for seed in range(15):
        p = sample(card_id, seed)
        _, words = fn(dict(p), "cpu")
        check_explanation(words)
        _no_english_sentence(words["zh"])
        for slip in slipkit.slips_of("conv", card_id, p):
            _no_english_sentence(slip.zh)


@pytest.mark.parametrize("card_id", [card.id for card in CONV.flash])
def test_live_checks_read_in_chinese(card_id: str) -> None:
    ok, words = verifier(card_id)({}, "cpu")
    assert ok is True
    check_explanation(words)
    _no_english_sentence(words["zh"])
