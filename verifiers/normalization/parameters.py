"""What a norm layer owns: learnable parameters (affine) and the buffers in its state_dict."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, Slip, bi, layer, plural, require, shape_of

from .groups import fitted_groups

PARAM_CODE = {
    "BatchNorm2d": "nn.BatchNorm2d({C}, affine={flag})",
    "InstanceNorm2d": "nn.InstanceNorm2d({C}, affine={flag})",
    "GroupNorm": "nn.GroupNorm({G}, {C}, affine={flag})",
    "LayerNorm": "nn.LayerNorm([{C}, {H}, {W}], elementwise_affine={flag})",
    "LayerNorm-nobias": "nn.LayerNorm([{C}, {W}], elementwise_affine={flag}, bias=False)",
}


def sample_param_groups(p: Params, rng: random.Random) -> Params:
    return {**p, "G": rng.choice([g for g in range(1, p["C"] + 1) if p["C"] % g == 0])}


def derive_param_code(p: Params) -> Params:
    """The constructor shown, from the layer, C, H, W, G and flag the answer is computed for."""
    q = {**p, "G": fitted_groups(p["C"], p["G"])}
    return {**q, "layer_code": PARAM_CODE[p["layer"]].format(**q)}


def _param_layer(p: Params, device: Any) -> Any:
    from torch import nn

    C, H, W, G, flag = p["C"], p["H"], p["W"], p["G"], p["flag"]
    require(G >= 1 and C % G == 0, f"GroupNorm({G}, {C}): {C} channels cannot be split into "
            f"{G} equal groups")
    module = {
        "BatchNorm2d": lambda: nn.BatchNorm2d(C, affine=flag),
        "InstanceNorm2d": lambda: nn.InstanceNorm2d(C, affine=flag),
        "GroupNorm": lambda: nn.GroupNorm(G, C, affine=flag),
        "LayerNorm": lambda: nn.LayerNorm([C, H, W], elementwise_affine=flag),
        "LayerNorm-nobias": lambda: nn.LayerNorm([C, W], elementwise_affine=flag, bias=False),
    }[p["layer"]]()
    return layer(module, device)


def _listing(tensors: list[tuple[str, Any]]) -> tuple[str, str]:
    """'weight (4,), bias (4,)' and '4 + 4 = 8' for named tensors."""
    names = ", ".join(f"{name} {shape_of(t)}" for name, t in tensors)
    sizes = [int(t.numel()) for _, t in tensors]
    total = sum(sizes)
    sums = " + ".join(map(str, sizes)) + (f" = {total}" if len(sizes) > 1 else "")
    return names, sums


def param_count(p: Params, device: Any) -> Result:
    module = _param_layer(p, device)
    named = list(module.named_parameters())
    total = sum(int(t.numel()) for _, t in named)
    code = PARAM_CODE[p["layer"]].format(**p)
    buffers = [name for name, _ in module.named_buffers()]
    aside = bi(f"; {', '.join(buffers)} are buffers, not parameters" if buffers else "",
               f"；{', '.join(buffers)} 是缓冲区，不是参数" if buffers else "")
    if not named:
        return 0, bi(f"{code}: no learnable parameters (the affine flag is False) -> 0"
                     + aside["en"],
                     f"{code}：没有可学习参数（仿射开关为 False）-> 0" + aside["zh"])
    names, sums = _listing(named)
    return total, bi(f"{code}: parameters {names} -> {sums}" + aside["en"],
                     f"{code}：参数 {names} -> {sums}" + aside["zh"])


def state_dict_numel(p: Params, device: Any) -> Result:
    from torch import nn

    module = layer(nn.BatchNorm1d(p["C"], affine=p["affine"], track_running_stats=p["track"]),
                   device)
    entries = list(module.state_dict().items())
    total = sum(int(v.numel()) for _, v in entries)
    if not entries:
        return 0, bi("affine=False and track_running_stats=False: the state_dict is empty "
                     "-> 0 numbers",
                     "affine=False 且 track_running_stats=False：state_dict 是空的 -> 0 个数")
    names, sums = _listing(entries)
    unit = plural(total, "number", "numbers").split(" ", 1)[1]
    return total, bi(f"state_dict: {names} -> {sums} {unit}",
                     f"state_dict：{names} -> 共 {sums} 个数")


# ---- slips -----------------------------------------------------------------------------------


def _count(layer_kind: str, C: int, H: int, W: int, G: int, affine: bool) -> int:
    """Parameters by the docs' rules, for a slip that changes one of the inputs."""
    if not affine:
        return 0
    return {"BatchNorm2d": 2 * C, "InstanceNorm2d": 2 * C, "GroupNorm": 2 * C,
            "LayerNorm": 2 * C * H * W, "LayerNorm-nobias": C * W}[layer_kind]


def param_count_slips(p: Params) -> list[Slip]:
    kind, C, H, W, G, flag = p["layer"], p["C"], p["H"], p["W"], p["G"], p["flag"]
    right = _count(kind, C, H, W, G, flag)
    slips = []
    if kind == "BatchNorm2d":
        slips.append(Slip("running-stats-counted", right + 2 * C,
                          "counted running_mean and running_var: they are buffers, not "
                          "parameters",
                          "把 running_mean 和 running_var 也算进去了：它们是缓冲区，不是参数"))
    if not flag:
        slips.append(Slip("affine-flag-ignored", _count(kind, C, H, W, G, True),
                          "counted a weight and bias although the affine flag is False, which "
                          "creates none",
                          "仿射开关为 False 时根本没有 weight 和 bias，却把它们算上了"))
    elif kind.startswith("LayerNorm"):
        slips.append(Slip("layernorm-per-channel", C if kind == "LayerNorm-nobias" else 2 * C,
                          "counted one weight and bias per channel: LayerNorm learns one per "
                          "element of normalized_shape",
                          "按通道数去数 weight 和 bias：层归一化对 normalized_shape 的每个元素"
                          "各学一个"))
        if kind == "LayerNorm-nobias":
            slips.append(Slip("bias-false-ignored", 2 * C * W,
                              "counted a bias although bias=False",
                              "bias=False 时没有 bias，却把它也算上了"))
    elif kind == "GroupNorm":
        slips.append(Slip("groupnorm-per-group", 2 * G,
                          "counted one weight and bias per group: GroupNorm learns one per "
                          "channel",
                          "按组数去数 weight 和 bias：组归一化每个通道各学一个"))
    return slips


def state_dict_numel_slips(p: Params) -> list[Slip]:
    C, affine, track = p["C"], p["affine"], p["track"]
    params, buffers = 2 * C * affine, (2 * C + 1) * track
    slips = [Slip("buffers-left-out", params,
                  "counted only the parameters: the state_dict also holds the buffers "
                  "running_mean, running_var and num_batches_tracked",
                  "只数了参数：state_dict 里还有缓冲区 running_mean、running_var 和 "
                  "num_batches_tracked")] if track else []
    if track:
        slips.append(Slip("num-batches-tracked-forgotten", params + buffers - 1,
                          "forgot num_batches_tracked, the one-number buffer that counts the "
                          "training batches",
                          "漏掉了 num_batches_tracked：这个缓冲区只有一个数，记录训练过的批次数"))
    else:
        slips.append(Slip("untracked-buffers-counted", params + 2 * C + 1,
                          "counted running buffers although track_running_stats=False creates "
                          "none",
                          "track_running_stats=False 时根本没有运行均值、运行方差这些缓冲区，"
                          "却把它们算上了"))
    return slips
