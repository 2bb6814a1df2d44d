"""BatchNorm running statistics and normalised outputs in train and eval mode; LayerNorm."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    f64,
    factor,
    layer,
    num,
    require,
    term,
    total,
    value,
)

from .batch import batchnorm1d, column, mean_and_squares

# ---- running statistics --------------------------------------------------------------------


def running_mean(p: Params, device: Any) -> Result:
    m = p["momentum"]
    bn = batchnorm1d(device, m)
    steps_en, steps_zh = [], []
    for k, batch in enumerate((p["b1"], p["b2"]), start=1):
        before = float(bn.running_mean)
        bn(column(batch, device))
        mean, _ = mean_and_squares(batch)
        after = float(bn.running_mean)
        step = f"(1 - {m})*{factor(before)} + {m}*{factor(mean)} = {num(after)}"
        steps_en.append(f"batch {k} (mean {num(mean)}): {step}")
        steps_zh.append(f"第 {k} 批（均值 {num(mean)}）：{step}")
    out = float(bn.running_mean)
    return out, bi("running_mean starts at 0; after each training batch running = "
                   "(1 - momentum)*running + momentum*batch_mean. " + "; ".join(steps_en),
                   "running_mean 初始为 0；每个训练批次之后，running = (1 - 动量)*running + "
                   "动量*批均值。" + "；".join(steps_zh))


def running_var(p: Params, device: Any) -> Result:
    m, x = p["momentum"], p["x"]
    bn = batchnorm1d(device, m)
    bn(column(x, device))
    n = len(x)
    mean, ss = mean_and_squares(x)
    unbiased = ss / (n - 1)
    out = float(bn.running_var)
    update = f"(1 - {m})*1 + {m}*{num(unbiased)} = {num(out)}"
    return out, bi(
        f"running_var starts at 1 and is updated with the unbiased batch variance: mean = "
        f"{num(mean)}, sum of squared deviations = {num(ss)}, unbiased var = {num(ss)}/({n} - 1)"
        f" = {num(unbiased)}; {update}",
        f"running_var 初始为 1，用本批数据方差的无偏估计（除以 n - 1）更新：均值 = {num(mean)}，"
        f"离差平方和 = {num(ss)}，无偏方差 = {num(ss)}/({n} - 1) = {num(unbiased)}；{update}",
    )


def momentum_none(p: Params, device: Any) -> Result:
    bn = batchnorm1d(device, None)
    means = []
    for batch in (p["b1"], p["b2"], p["b3"]):
        bn(column(batch, device))
        means.append(mean_and_squares(batch)[0])
    out = float(bn.running_mean)
    work = f"({total(means)})/3 = {num(out)}"
    return out, bi(
        f"momentum=None: a cumulative average with factor 1/num_batches_tracked, so the plain "
        f"average of the batch means (the initial 0 drops out): {work}",
        f"momentum=None：累积平均，每批的系数是 1/num_batches_tracked，结果就是各批均值的简单"
        f"平均（初始的 0 不参与）：{work}",
    )


# ---- normalised values -----------------------------------------------------------------------


def _normalised(x: list[float], i: int, eps: float, out: float) -> tuple[str, str]:
    """The worked (x_i - mean) / sqrt(var + eps) with the biased variance (÷n)."""
    n = len(x)
    mean, ss = mean_and_squares(x)
    var = ss / n
    work = f"({x[i]} - {factor(mean)})/sqrt({num(var)} + {num(eps)}) = {num(out)}"
    return (f"mean = {num(mean)}, biased var = {num(ss)}/{n} = {num(var)}; {work}",
            f"均值 = {num(mean)}，有偏方差 = {num(ss)}/{n} = {num(var)}；{work}")


def train_output(p: Params, device: Any) -> Result:
    x, i, eps = p["x"], p["i"], p["eps"]
    require(0 <= i < len(x), f"element {i} is not in a batch of {len(x)}")
    bn = batchnorm1d(device, eps=eps).train()
    out = value(bn(column(x, device))[i, 0])
    en, zh = _normalised(x, i, eps, out)
    return out, bi(f"training mode normalises with the batch's own statistics: {en}",
                   f"训练模式用本批次自己的统计量归一化：{zh}")


def eval_output(p: Params, device: Any) -> Result:
    import torch

    bn = batchnorm1d(device, eps=p["eps"])
    with torch.no_grad():
        bn.running_mean.fill_(p["rm"])
        bn.running_var.fill_(p["rv"])
        bn.weight.fill_(p["gamma"])
        bn.bias.fill_(p["beta"])
    bn.eval()
    out = value(bn(column([p["x"]], device))[0, 0])
    work = (f"{p['gamma']}*({p['x']} - {factor(p['rm'])})/sqrt({p['rv']} + {num(p['eps'])})"
            f"{term(p['beta'])} = {num(out)}")
    return out, bi("eval mode normalises with the stored running statistics, not the batch: "
                   "weight*(x - running_mean)/sqrt(running_var + eps) + bias = " + work,
                   "eval 模式用保存下来的运行均值和运行方差归一化，而不是当前批次："
                   "weight*(x - running_mean)/sqrt(running_var + eps) + bias = " + work)


def layernorm_output(p: Params, device: Any) -> Result:
    from torch import nn

    x, i, eps = p["x"], p["i"], p["eps"]
    require(0 <= i < len(x), f"feature {i} is not among {len(x)} features")
    ln = layer(nn.LayerNorm(len(x), eps=eps), device)
    out = value(ln(f64([float(v) for v in x], device))[i])
    en, zh = _normalised(x, i, eps, out)
    return out, bi(f"LayerNorm normalises this sample over its {len(x)} features: {en}",
                   f"层归一化在这个样本自身的 {len(x)} 个特征上归一化：{zh}")


def sample_index(p: Params, rng: random.Random) -> Params:
    return {**p, "i": rng.randrange(len(p["x"]))}
