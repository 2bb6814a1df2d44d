"""Which input values share one mean in each norm layer, read off the layer's Jacobian."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, Slip, bi, layer, plural, randn, require

AXES = ("N", "C", "H", "W")

# The constructor each question shows; derive_layer_code fills it from the params.
LAYER_CODE = {
    "BatchNorm2d": "nn.BatchNorm2d({C})",
    "LayerNorm-CHW": "nn.LayerNorm([{C}, {H}, {W}])",
    "LayerNorm-W": "nn.LayerNorm({W})",
    "InstanceNorm2d": "nn.InstanceNorm2d({C})",
    "GroupNorm": "nn.GroupNorm({G}, {C})",
}

# What the docs say each layer averages over: (en, zh, count formula, size formula).
RULES = {
    "BatchNorm2d": (
        "BatchNorm2d keeps one mean per channel, taken over the batch and the plane (N, H, W)",
        "批归一化 BatchNorm2d 每个通道一个均值，跨整个批次和空间平面（N、H、W）求平均",
        "C = {C}", "N*H*W = {N}*{H}*{W}"),
    "LayerNorm-CHW": (
        "LayerNorm([C, H, W]) normalises each sample over its last three dims (C, H, W)",
        "层归一化 LayerNorm([C, H, W]) 对每个样本的最后三维（C、H、W）求均值",
        "N = {N}", "C*H*W = {C}*{H}*{W}"),
    "LayerNorm-W": (
        "LayerNorm(W) normalises over the last dim only: one mean per sample, channel and row",
        "层归一化 LayerNorm(W) 只对最后一维求均值：每个样本、每个通道的每一行各一个均值",
        "N*C*H = {N}*{C}*{H}", "W = {W}"),
    "InstanceNorm2d": (
        "InstanceNorm2d keeps one mean per sample and channel, over that channel's plane (H, W)",
        "实例归一化 InstanceNorm2d 每个样本的每个通道一个均值，对该通道的平面（H、W）求平均",
        "N*C = {N}*{C}", "H*W = {H}*{W}"),
    "GroupNorm": (
        "GroupNorm(G, C) splits the channels into G groups of C/G and keeps one mean per "
        "sample and group",
        "组归一化 GroupNorm(G, C) 把通道分成 G 组（每组 C/G 个通道），每个样本的每一组一个均值",
        "N*G = {N}*{G}", "(C/G)*H*W = ({C}/{G})*{H}*{W}"),
}


def fitted_groups(C: int, G: int) -> int:
    """G itself when it divides C, else the largest divisor of C below it (a --param C=...
    can leave a sampled G that no longer splits the channels evenly)."""
    return max(d for d in range(1, min(G, C) + 1) if C % d == 0)


def sample_groups(p: Params, rng: random.Random) -> Params:
    # 1 < G < C, so that GroupNorm is neither LayerNorm nor InstanceNorm in disguise.
    return {**p, "G": rng.choice([g for g in range(2, p["C"]) if p["C"] % g == 0])}


def derive_layer_code(p: Params) -> Params:
    """The constructor shown, from the layer, C, H, W and G the answer is computed for."""
    q = {**p, "G": fitted_groups(p["C"], p["G"])}
    return {**q, "layer_code": LAYER_CODE[p["layer"]].format(**q)}


def _build(p: Params, device: Any) -> Any:
    from torch import nn

    C, H, W, G = p["C"], p["H"], p["W"], p["G"]
    require(G >= 1 and C % G == 0, f"GroupNorm({G}, {C}): {C} channels cannot be split into "
            f"{G} equal groups")
    module = {
        "BatchNorm2d": lambda: nn.BatchNorm2d(C),
        "LayerNorm-CHW": lambda: nn.LayerNorm([C, H, W]),
        "LayerNorm-W": lambda: nn.LayerNorm(W),
        "InstanceNorm2d": lambda: nn.InstanceNorm2d(C),
        "GroupNorm": lambda: nn.GroupNorm(G, C),
    }[p["layer"]]()
    return layer(module, device).train()


def _groups(p: Params, device: Any) -> list[list[tuple[int, ...]]]:
    """Sets of input positions normalised together, read off the layer's Jacobian.

    Output i depends on input j exactly when both are in the same normalisation group, so
    the non-zero pattern of each Jacobian row is one group: this is measured, not assumed.
    """
    import torch
    from torch.autograd.functional import jacobian

    shape = (p["N"], p["C"], p["H"], p["W"])
    x = randn(*shape, device=device)
    jac = jacobian(_build(p, device), x, vectorize=True).reshape(x.numel(), x.numel())
    patterns = {tuple(torch.nonzero(row).flatten().tolist()) for row in jac.cpu()}
    coords = list(torch.cartesian_prod(*(torch.arange(s) for s in shape)).tolist())
    return [[tuple(coords[j]) for j in pattern] for pattern in sorted(patterns)]


def _group_text(p: Params, groups: list[list[tuple[int, ...]]]) -> dict[str, str]:
    n, size = len(groups), len(groups[0])
    en, zh, count, per = RULES[p["layer"]]
    count, per = count.format(**p), per.format(**p)
    shape = f"({p['N']}, {p['C']}, {p['H']}, {p['W']})"
    code = LAYER_CODE[p["layer"]].format(**p)
    return bi(f"{code} on {shape}: {en}. Means: {count} = {n}; values per mean: "
              f"{per} = {size}; {n} x {size} = {n * size}, every element once "
              f"(measured from the layer's Jacobian: {plural(n, 'group', 'groups')} of "
              f"{plural(size, 'value', 'values')})",
              f"{code} 作用于形状 {shape} 的输入：{zh}。均值个数：{count} = {n}；"
              f"每个均值对应的值：{per} = {size}；{n} x {size} = {n * size}，每个元素恰好一次"
              f"（由该层的雅可比矩阵测得：{n} 组，每组 {size} 个值）")


def stats_count(p: Params, device: Any) -> Result:
    groups = _groups(p, device)
    return len(groups), _group_text(p, groups)


def stats_group_size(p: Params, device: Any) -> Result:
    groups = _groups(p, device)
    return len(groups[0]), _group_text(p, groups)


# ---- which axes one mean spans -------------------------------------------------------------

SYMBOLIC_CODE = {
    "BatchNorm2d": "nn.BatchNorm2d(C)",
    "LayerNorm-CHW": "nn.LayerNorm([C, H, W])",
    "InstanceNorm2d": "nn.InstanceNorm2d(C)",
    "GroupNorm": "nn.GroupNorm(2, C)   # C >= 4, so each group holds several channels",
}

PER_CHANNEL = "N, H, W (one mean per channel)"
PER_SAMPLE = "C, H, W (one mean per sample)"
PER_PLANE = "H, W (one mean per sample and channel)"
PER_GROUP = "H, W and a subset of the channels (one mean per sample and channel group)"
# The axes a mean varies over ("c": some of the channels, not all) -> the card's choice.
AVERAGED_OVER = {("N", "H", "W"): PER_CHANNEL, ("C", "H", "W"): PER_SAMPLE,
                 ("H", "W"): PER_PLANE, ("c", "H", "W"): PER_GROUP}


def derive_symbolic_code(p: Params) -> Params:
    return {**p, "layer_code": SYMBOLIC_CODE[p["layer"]]}


def averaged_over(p: Params, device: Any) -> Result:
    # A fixed small input: N=3, C=4, H=W=2; GroupNorm uses 2 groups of 2 channels.
    q = {"layer": p["layer"], "N": 3, "C": 4, "H": 2, "W": 2, "G": 2}
    group = _groups(q, device)[0]
    spans = []
    for axis, name in enumerate(AXES):  # in N, C, H, W order
        seen = len({c[axis] for c in group})
        if seen > 1:
            spans.append(name if seen == q[name] else name.lower())
    answer = AVERAGED_OVER[tuple(spans)]
    shown = ", ".join("C (2 of the 4 channels)" if a == "c" else a for a in spans)
    shown_zh = ", ".join("C（4 个通道中的 2 个）" if a == "c" else a for a in spans)
    en, zh = RULES[p["layer"]][:2]
    code = SYMBOLIC_CODE[p["layer"]].split("   #")[0]
    return answer, bi(f"{code} on an (N=3, C=4, H=2, W=2) input: one mean spans "
                      f"the axes {shown} ({len(group)} values, measured from the Jacobian). "
                      f"{en}",
                      f"{code} 作用于 (N=3, C=4, H=2, W=2) 的输入：一个均值跨越 "
                      f"{shown_zh} 这些轴（{len(group)} 个值，由雅可比矩阵测得）。{zh}")


SWAPPED_BN_LN = ("batch-layer-swapped",
                 "swapped BatchNorm and LayerNorm: BatchNorm averages across the batch "
                 "(N, H, W), LayerNorm within one sample (C, H, W)",
                 "把批归一化和层归一化弄反了：批归一化跨批次求平均（N、H、W），"
                 "层归一化在单个样本内部求平均（C、H、W）")
SWAPPED_IN_LN = ("instance-layer-swapped",
                 "swapped InstanceNorm and LayerNorm: InstanceNorm averages one channel's "
                 "plane (H, W), LayerNorm([C, H, W]) the whole sample (C, H, W)",
                 "把实例归一化和层归一化弄反了：实例归一化只对单个通道的平面（H、W）求平均，"
                 "LayerNorm([C, H, W]) 对整个样本（C、H、W）求平均")


def averaged_over_slips(p: Params) -> list[Slip]:
    (bn_ln, *bn_ln_text), (in_ln, *in_ln_text) = SWAPPED_BN_LN, SWAPPED_IN_LN
    return {
        "BatchNorm2d": [Slip(bn_ln, PER_SAMPLE, *bn_ln_text)],
        "LayerNorm-CHW": [Slip(bn_ln, PER_CHANNEL, *bn_ln_text),
                          Slip(in_ln, PER_PLANE, *in_ln_text)],
        "InstanceNorm2d": [Slip(in_ln, PER_SAMPLE, *in_ln_text)],
        "GroupNorm": [Slip("groups-as-channels", PER_PLANE,
                           "took each group for a single channel: GroupNorm(2, C) averages "
                           "C/2 channels together",
                           "把每一组当成了单个通道：GroupNorm(2, C) 会把 C/2 个通道"
                           "放在一起求平均")],
    }[p["layer"]]


def _doc_count_and_size(p: Params) -> tuple[int, int]:
    """(means, values per mean) by the docs' rule for each layer, for the slips."""
    N, C, H, W, G = p["N"], p["C"], p["H"], p["W"], p["G"]
    return {"BatchNorm2d": (C, N * H * W), "LayerNorm-CHW": (N, C * H * W),
            "LayerNorm-W": (N * C * H, W), "InstanceNorm2d": (N * C, H * W),
            "GroupNorm": (N * G, C // G * H * W)}[p["layer"]]


def stats_count_slips(p: Params) -> list[Slip]:
    return [Slip("gave-group-size", _doc_count_and_size(p)[1],
                 "gave the number of values each mean averages, not the number of means",
                 "给出的是每个均值所平均的值的个数，而不是均值的个数")]


def stats_group_size_slips(p: Params) -> list[Slip]:
    return [Slip("gave-mean-count", _doc_count_and_size(p)[0],
                 "gave the number of means, not the number of values each one averages",
                 "给出的是均值的个数，而不是每个均值所平均的值的个数")]
