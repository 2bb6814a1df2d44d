"""BatchNorm running statistics and normalised outputs in train and eval mode."""

from __future__ import annotations

import random
from typing import Any

from ._common import Params, Result, _bn, _column, _ex, _f, _num, _p, _t

# ---- running statistics --------------------------------------------------------------------


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
