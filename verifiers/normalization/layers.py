"""What each norm layer averages over and owns: statistics groups, params, buffers."""

from __future__ import annotations

import random
from typing import Any

from ._common import AXES, Params, Result, _ex

# ---- which elements share a mean ---------------------------------------------------------

LAYER_CODE = {
    "BatchNorm2d": "nn.BatchNorm2d({C})",
    "LayerNorm-CHW": "nn.LayerNorm([{C}, {H}, {W}])",
    "LayerNorm-W": "nn.LayerNorm({W})",
    "InstanceNorm2d": "nn.InstanceNorm2d({C})",
    "GroupNorm": "nn.GroupNorm({G}, {C})",
}


def sample_layer(p: Params, rng: random.Random) -> Params:
    # GroupNorm with 1 < G < C, so that it is neither LayerNorm nor InstanceNorm in disguise.
    groups = [g for g in range(2, p["C"]) if p["C"] % g == 0]
    G = rng.choice(groups)
    return {**p, "G": G, "layer_code": LAYER_CODE[p["layer"]].format(**{**p, "G": G})}


def _build(kind: str, C: int, H: int, W: int, G: int, device: Any) -> Any:
    import torch
    from torch import nn

    layer = {
        "BatchNorm2d": lambda: nn.BatchNorm2d(C),
        "LayerNorm-CHW": lambda: nn.LayerNorm([C, H, W]),
        "LayerNorm-W": lambda: nn.LayerNorm(W),
        "InstanceNorm2d": lambda: nn.InstanceNorm2d(C),
        "GroupNorm": lambda: nn.GroupNorm(G, C),
    }[kind]()
    return layer.to(device, torch.float64).train()


def _groups(p: Params, device: Any) -> list[list[tuple[int, ...]]]:
    """Sets of input positions normalised together, read off the layer's Jacobian.

    Output i depends on input j exactly when both are in the same normalisation group, so
    the non-zero pattern of each Jacobian row is one group: this is measured, not assumed.
    """
    import torch
    from torch.autograd.functional import jacobian

    shape = (p["N"], p["C"], p["H"], p["W"])
    layer = _build(p["layer"], p["C"], p["H"], p["W"], p.get("G", 1), device)
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(shape, generator=gen, dtype=torch.float64).to(device)
    jac = jacobian(layer, x, vectorize=True).reshape(x.numel(), x.numel())
    patterns = {tuple(torch.nonzero(row).flatten().tolist()) for row in jac.cpu()}
    coords = list(torch.cartesian_prod(*(torch.arange(s) for s in shape)).tolist())
    return [[tuple(coords[j]) for j in pattern] for pattern in sorted(patterns)]


def _group_text(p: Params, groups: list[list[tuple[int, ...]]]) -> tuple[str, str]:
    n, size = len(groups), len(groups[0])
    shape = f"({p['N']}, {p['C']}, {p['H']}, {p['W']})"
    return (f"{p['layer_code']} on {shape}: {n} groups of {size} values "
            f"({n} x {size} = {n * size} elements)",
            f"{p['layer_code']} 作用于 {shape}：共 {n} 组，每组 {size} 个值"
            f"（{n} x {size} = {n * size} 个元素）")


def stats_count(p: Params, device: Any) -> Result:
    groups = _groups(p, device)
    return len(groups), _ex(*_group_text(p, groups))


def stats_group_size(p: Params, device: Any) -> Result:
    groups = _groups(p, device)
    return len(groups[0]), _ex(*_group_text(p, groups))


SYMBOLIC_CODE = {
    "BatchNorm2d": "nn.BatchNorm2d(C)",
    "LayerNorm-CHW": "nn.LayerNorm([C, H, W])",
    "InstanceNorm2d": "nn.InstanceNorm2d(C)",
    "GroupNorm": "nn.GroupNorm(2, C)   # C >= 4, so each group holds several channels",
}


def sample_symbolic(p: Params, rng: random.Random) -> Params:
    return {**p, "layer_code": SYMBOLIC_CODE[p["layer"]]}


AVERAGED_OVER = {
    "N, H, W (one mean per channel)": {"N", "H", "W"},
    "C, H, W (one mean per sample)": {"C", "H", "W"},
    "H, W (one mean per sample and channel)": {"H", "W"},
    "H, W and a subset of the channels (one mean per sample and channel group)": {"c", "H", "W"},
}


def averaged_over(p: Params, device: Any) -> Result:
    # A fixed small input: N=3, C=4, H=W=2; GroupNorm uses 2 groups of 2 channels.
    q = {"layer": p["layer"], "N": 3, "C": 4, "H": 2, "W": 2, "G": 2}
    group = _groups(q, device)[0]
    varying = set()
    for axis, name in enumerate(AXES):
        seen = {c[axis] for c in group}
        if len(seen) > 1:
            # Lower-case "c": some channels but not all of them (a channel group).
            varying.add(name if len(seen) == q[name] or name != "C" else "c")
    answer = next(k for k, v in AVERAGED_OVER.items() if v == varying)
    return answer, _ex(f"one group spans axes {sorted(varying)} of (N=3, C=4, H=2, W=2): "
                       f"{len(group)} values per mean",
                       f"一组跨越 (N=3, C=4, H=2, W=2) 中的 {sorted(varying)} 轴："
                       f"每个均值对应 {len(group)} 个值")


# ---- parameters and buffers ----------------------------------------------------------------


def sample_param_count(p: Params, rng: random.Random) -> Params:
    C, flag = p["C"], p["flag"]
    G = rng.choice([g for g in range(1, C + 1) if C % g == 0])
    code = {
        "BatchNorm2d": f"nn.BatchNorm2d({C}, affine={flag})",
        "InstanceNorm2d": f"nn.InstanceNorm2d({C}, affine={flag})",
        "GroupNorm": f"nn.GroupNorm({G}, {C}, affine={flag})",
        "LayerNorm": f"nn.LayerNorm([{C}, {p['H']}, {p['W']}], elementwise_affine={flag})",
        "LayerNorm-nobias": f"nn.LayerNorm([{C}, {p['W']}], elementwise_affine={flag}, "
                            f"bias=False)",
    }[p["layer"]]
    return {**p, "G": G, "layer_code": code}


def _param_layer(p: Params, device: Any) -> Any:
    import torch
    from torch import nn

    C, H, W, flag = p["C"], p["H"], p["W"], p["flag"]
    layer = {
        "BatchNorm2d": lambda: nn.BatchNorm2d(C, affine=flag),
        "InstanceNorm2d": lambda: nn.InstanceNorm2d(C, affine=flag),
        "GroupNorm": lambda: nn.GroupNorm(p["G"], C, affine=flag),
        "LayerNorm": lambda: nn.LayerNorm([C, H, W], elementwise_affine=flag),
        "LayerNorm-nobias": lambda: nn.LayerNorm([C, W], elementwise_affine=flag, bias=False),
    }[p["layer"]]()
    return layer.to(device, torch.float64)


def param_count(p: Params, device: Any) -> Result:
    layer = _param_layer(p, device)
    parts = [f"{name} {tuple(t.shape)}" for name, t in layer.named_parameters()]
    total = sum(t.numel() for t in layer.parameters())
    return total, _ex(f"{p['layer_code']}: parameters {parts or 'none'} -> {total}",
                      f"{p['layer_code']}：参数 {parts or '无'} -> {total}")


def state_dict_numel(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    layer = nn.BatchNorm1d(p["C"], affine=p["affine"], track_running_stats=p["track"])
    layer = layer.to(device, torch.float64)
    parts = [f"{k} {tuple(v.shape)}" for k, v in layer.state_dict().items()]
    total = sum(v.numel() for v in layer.state_dict().values())
    return total, _ex(f"state_dict: {parts or 'empty'} -> {total} numbers",
                      f"state_dict：{parts or '空'} -> 共 {total} 个数")
