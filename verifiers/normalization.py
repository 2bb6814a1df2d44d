"""Verifiers for the normalization deck: BatchNorm, LayerNorm, InstanceNorm and GroupNorm."""

from __future__ import annotations

import random
from typing import Any

Params = dict[str, Any]
Result = tuple[Any, Any]

AXES = ("N", "C", "H", "W")


def _ex(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _f(x: float) -> str:
    return f"{x:.6g}"


def _p(x: float) -> str:
    """A number for use after a minus sign: negatives get parentheses."""
    return f"({_f(x)})" if x < 0 else _f(x)


def _num(t: Any) -> float:
    return float(t.detach().cpu())


def _t(values: list[float], device: Any) -> Any:
    import torch

    return torch.tensor(values, dtype=torch.float64, device=device)


def _column(values: list[float], device: Any) -> Any:
    """A batch of scalar samples shaped (N, 1) for BatchNorm1d(1)."""
    return _t(values, device).view(-1, 1)


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


# ---- running statistics --------------------------------------------------------------------


def _bn(device: Any, momentum: float | None = 0.1, eps: float = 1e-5) -> Any:
    import torch
    from torch import nn

    return nn.BatchNorm1d(1, momentum=momentum, eps=eps).to(device, torch.float64)


def running_mean(p: Params, device: Any) -> Result:
    bn, m = _bn(device, p["momentum"]), p["momentum"]
    steps = []
    for batch in (p["b1"], p["b2"]):
        before = float(bn.running_mean)
        bn(_column(batch, device))
        mean = sum(batch) / len(batch)
        steps.append(f"(1-{m})*{_f(before)} + {m}*{_f(mean)} = {_f(float(bn.running_mean))}")
    out = float(bn.running_mean)
    return out, _ex("starts at 0; running = (1-m)*running + m*batch_mean: " + "; ".join(steps),
                    "初始为 0；running = (1-m)*running + m*batch_mean：" + "；".join(steps))


def running_var(p: Params, device: Any) -> Result:
    bn, m, x = _bn(device, p["momentum"]), p["momentum"], p["x"]
    bn(_column(x, device))
    n = len(x)
    mean = sum(x) / n
    ss = sum((v - mean) ** 2 for v in x)
    out = float(bn.running_var)
    return out, _ex(
        f"unbiased batch var = {_f(ss)}/({n}-1) = {_f(ss / (n - 1))}; "
        f"(1-{m})*1 + {m}*{_f(ss / (n - 1))} = {_f(out)}",
        f"无偏批方差 = {_f(ss)}/({n}-1) = {_f(ss / (n - 1))}；"
        f"(1-{m})*1 + {m}*{_f(ss / (n - 1))} = {_f(out)}",
    )


def momentum_none(p: Params, device: Any) -> Result:
    bn = _bn(device, None)
    means = []
    for batch in (p["b1"], p["b2"], p["b3"]):
        bn(_column(batch, device))
        means.append(sum(batch) / len(batch))
    out = float(bn.running_mean)
    return out, _ex(
        f"momentum=None: cumulative average of batch means = "
        f"({' + '.join(_f(v) for v in means)})/3 = {_f(out)}",
        f"momentum=None：各批均值的累积平均 = ({' + '.join(_f(v) for v in means)})/3 = {_f(out)}",
    )


# ---- normalised values -----------------------------------------------------------------------


def train_output(p: Params, device: Any) -> Result:
    x, i, eps = p["x"], p["i"], p["eps"]
    bn = _bn(device, eps=eps).train()
    out = _num(bn(_column(x, device))[i, 0])
    n = len(x)
    mean = sum(x) / n
    var = sum((v - mean) ** 2 for v in x) / n
    return out, _ex(
        f"mean = {_f(mean)}, biased var = {_f(var)}; "
        f"({x[i]} - {_p(mean)}) / sqrt({_f(var)} + {eps}) = {_f(out)}",
        f"均值 = {_f(mean)}，有偏方差 = {_f(var)}；"
        f"({x[i]} - {_p(mean)}) / sqrt({_f(var)} + {eps}) = {_f(out)}",
    )


def eval_output(p: Params, device: Any) -> Result:
    import torch

    bn = _bn(device, eps=p["eps"])
    with torch.no_grad():
        bn.running_mean.fill_(p["rm"])
        bn.running_var.fill_(p["rv"])
        bn.weight.fill_(p["gamma"])
        bn.bias.fill_(p["beta"])
    bn.eval()
    out = _num(bn(_column([p["x"]], device))[0, 0])
    formula = (f"{p['gamma']} * ({p['x']} - {_p(p['rm'])}) / sqrt({p['rv']} + {p['eps']}) "
               f"+ {p['beta']} = {_f(out)}")
    return out, _ex("eval mode uses the running statistics: " + formula,
                    "eval 模式使用滑动统计量：" + formula)


def layernorm_output(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    x, i, eps = p["x"], p["i"], p["eps"]
    ln = nn.LayerNorm(len(x), eps=eps).to(device, torch.float64)
    out = _num(ln(_t(x, device))[i])
    n = len(x)
    mean = sum(x) / n
    var = sum((v - mean) ** 2 for v in x) / n
    return out, _ex(
        f"over the {n} features: mean = {_f(mean)}, biased var = {_f(var)}; "
        f"({x[i]} - {_p(mean)}) / sqrt({_f(var)} + {eps}) = {_f(out)}",
        f"对 {n} 个特征：均值 = {_f(mean)}，有偏方差 = {_f(var)}；"
        f"({x[i]} - {_p(mean)}) / sqrt({_f(var)} + {eps}) = {_f(out)}",
    )


def sample_index(p: Params, rng: random.Random) -> Params:
    return {**p, "i": rng.randrange(len(p["x"]))}


# ---- flash-card checks -------------------------------------------------------------------


def check_train_vs_eval(p: Params, device: Any) -> Result:
    x = _column([1.0, 2.0, 6.0], device)
    bn = _bn(device).train()
    train_out = bn(x)
    after = (float(bn.running_mean), float(bn.running_var))
    shown = f"({_f(after[0])}, {_f(after[1])})"
    eval_out = bn.eval()(x)
    # Train: batch stats give mean-zero outputs; eval: running stats leave them far off zero.
    ok = (abs(_num(train_out.mean())) < 1e-12 and abs(_num(eval_out.mean())) > 0.1
          and after != (0.0, 1.0) and (float(bn.running_mean), float(bn.running_var)) == after)
    return ok, _ex(f"train output mean {_num(train_out.mean()):.3g} (batch stats), running "
                   f"stats updated to {shown}; eval output mean {_num(eval_out.mean()):.3g} "
                   f"(running stats, not updated)",
                   f"训练模式输出均值 {_num(train_out.mean()):.3g}（批统计量），滑动统计量更新为 "
                   f"{shown}；eval 模式输出均值 {_num(eval_out.mean()):.3g}"
                   f"（用滑动统计量，不再更新）")


def check_unbiased_running_var(p: Params, device: Any) -> Result:
    x = _column([0.0, 2.0], device)  # biased var 1, unbiased var 2
    bn = _bn(device, momentum=1.0, eps=1e-12).train()
    out = bn(x)
    ok = float(bn.running_var) == 2.0 and abs(_num(out[1, 0]) - 1.0) < 1e-9
    return ok, _ex(f"batch [0, 2], momentum=1: running_var = {float(bn.running_var)} "
                   f"(unbiased), output for 2 = {_num(out[1, 0]):.6g} = (2-1)/sqrt(1) (biased)",
                   f"批 [0, 2]，momentum=1：running_var = {float(bn.running_var)}（无偏），"
                   f"2 的输出 = {_num(out[1, 0]):.6g} = (2-1)/sqrt(1)（有偏）")


def check_buffers_not_parameters(p: Params, device: Any) -> Result:
    bn = _bn(device)
    params = {n for n, _ in bn.named_parameters()}
    buffers = {n for n, _ in bn.named_buffers()}
    ok = (params == {"weight", "bias"}
          and buffers == {"running_mean", "running_var", "num_batches_tracked"}
          and set(bn.state_dict()) == params | buffers)
    return ok, _ex(f"parameters: {sorted(params)}; buffers: {sorted(buffers)}; "
                   f"state_dict holds both",
                   f"参数：{sorted(params)}；缓冲区：{sorted(buffers)}；state_dict 包含两者")


def check_layernorm_elementwise(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    ln = nn.LayerNorm([3, 4]).to(device, torch.float64)
    gn = nn.GroupNorm(2, 6).to(device, torch.float64)
    ok = (tuple(ln.weight.shape) == (3, 4) and not list(ln.buffers())
          and tuple(gn.weight.shape) == (6,) and not list(gn.buffers()))
    return ok, _ex(f"LayerNorm([3, 4]).weight {tuple(ln.weight.shape)}, buffers "
                   f"{len(list(ln.buffers()))}; GroupNorm(2, 6).weight {tuple(gn.weight.shape)}",
                   f"LayerNorm([3, 4]).weight {tuple(ln.weight.shape)}，缓冲区 "
                   f"{len(list(ln.buffers()))} 个；GroupNorm(2, 6).weight "
                   f"{tuple(gn.weight.shape)}")


def check_instancenorm_defaults(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    inorm = nn.InstanceNorm2d(4).to(device, torch.float64)
    x = torch.arange(32, dtype=torch.float64, device=device).view(2, 4, 2, 2)
    same = torch.equal(inorm.train()(x), inorm.eval()(x))
    ok = not list(inorm.parameters()) and not list(inorm.buffers()) and same
    return ok, _ex(f"InstanceNorm2d(4): {len(list(inorm.parameters()))} parameters, "
                   f"{len(list(inorm.buffers()))} buffers, train output == eval output: {same}",
                   f"InstanceNorm2d(4)：参数 {len(list(inorm.parameters()))} 个，缓冲区 "
                   f"{len(list(inorm.buffers()))} 个，训练与 eval 输出相同：{same}")
