"""Known slips for the normalization deck: BatchNorm statistics redone with one classic mistake.

Pure Python (no torch). The app skips a candidate its tolerance cannot tell from the right
answer (with some params a mistake changes nothing) and names the first listed match.
"""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip, finite

from .batch import mean_and_squares


def _keras(answer: float) -> Slip:
    return Slip("keras-momentum", answer,
                "weighted the old value by momentum (the Keras/TensorFlow convention): PyTorch "
                "uses running = (1 - momentum)*running + momentum*batch",
                "把动量当成了旧值的权重（Keras/TensorFlow 的约定）：PyTorch 是 "
                "running = (1 - 动量)*running + 动量*批统计量")


def running_mean_slips(p: Params) -> list[Slip]:
    m = p["momentum"]
    means = [mean_and_squares(b)[0] for b in (p["b1"], p["b2"])]
    keras = 0.0
    for mean in means:
        keras = m * keras + (1 - m) * mean
    return finite([
        _keras(keras),
        Slip("momentum-none-average", sum(means) / 2,
             "averaged the batch means (that is momentum=None): with a momentum the running "
             "mean is an exponential moving average that starts at 0",
             "直接对各批均值取了平均（那是 momentum=None 的行为）：设了动量时，运行均值是从 0 "
             "开始的指数滑动平均"),
        Slip("running-mean-from-first-batch", (1 - m) * means[0] + m * means[1],
             "started the running mean at the first batch's mean: it starts at 0, so the first "
             "update gives momentum*mean",
             "把第一批的均值当成了运行均值的初值：它从 0 开始，第一次更新后只有 动量*均值"),
    ])


def running_var_slips(p: Params) -> list[Slip]:
    m, x = p["momentum"], p["x"]
    n = len(x)
    _, ss = mean_and_squares(x)
    unbiased = ss / (n - 1)
    return finite([
        Slip("biased-variance", (1 - m) + m * ss / n,
             "used the biased batch variance (÷n): running_var is updated with the unbiased "
             "one (÷(n-1)); only the normalisation itself uses ÷n",
             "用了有偏的批方差（÷n）：running_var 用无偏估计（÷(n-1)）更新，只有归一化本身"
             "才用 ÷n"),
        _keras(m + (1 - m) * unbiased),
        Slip("running-var-from-zero", m * unbiased,
             "started running_var at 0: it is initialised to 1 (running_mean starts at 0)",
             "把 running_var 的初值当成了 0：它初始化为 1（从 0 开始的是 running_mean）"),
    ])


def momentum_none_slips(p: Params) -> list[Slip]:
    means = [mean_and_squares(p[b])[0] for b in ("b1", "b2", "b3")]
    ema = 0.0
    for mean in means:
        ema = 0.9 * ema + 0.1 * mean
    return finite([
        Slip("default-momentum-applied", ema,
             "used the default momentum 0.1: momentum=None switches to a cumulative average "
             "of the batch means",
             "按默认动量 0.1 算了：momentum=None 会改用各批均值的累积平均"),
        Slip("initial-zero-averaged", sum(means) / 4,
             "averaged the initial 0 in as well: the cumulative average covers only the batches",
             "把初始的 0 也算进了平均：累积平均只对各批次求平均"),
    ])


def _eps_slips(d: float, var: float, eps: float, scale: float = 1.0,
               shift: float = 0.0) -> list[Slip]:
    """The two ways to get eps wrong in scale*d/sqrt(var + eps) + shift."""
    return [
        Slip("eps-left-out", scale * d / math.sqrt(var) + shift if var else math.inf,
             "left out eps: the denominator is sqrt(var + eps)",
             "漏掉了 eps：分母是 sqrt(var + eps)"),
        Slip("eps-outside-sqrt", scale * d / (math.sqrt(var) + eps) + shift,
             "added eps outside the square root: the denominator is sqrt(var + eps)",
             "把 eps 加在了平方根外面：分母是 sqrt(var + eps)"),
    ]


def _normalized_slips(p: Params, layer: str) -> list[Slip]:
    x, i, eps = p["x"], p["i"], p["eps"]
    n = len(x)
    mean, ss = mean_and_squares(x)
    d = x[i] - mean
    zh_layer = {"BatchNorm": "批归一化", "LayerNorm": "层归一化"}[layer]
    slips = [Slip("unbiased-variance", d / math.sqrt(ss / (n - 1) + eps) if n > 1 else math.inf,
                  f"normalised with the unbiased variance (÷(n-1)): {layer} normalises with "
                  "the biased variance (÷n)",
                  f"用无偏方差（÷(n-1)）做了归一化：{zh_layer}归一化时用的是有偏方差（÷n）"),
             *_eps_slips(d, ss / n, eps)]
    if layer == "BatchNorm":
        slips.append(Slip("running-stats-in-train", x[i] / math.sqrt(1 + eps),
                          "used the running statistics (mean 0, var 1 in a fresh layer): in "
                          "training mode BatchNorm uses the batch's own mean and variance",
                          "用了运行统计量（新建的层里均值为 0、方差为 1）：训练模式下批归一化"
                          "用的是当前批次自己的均值和方差"))
    return finite(slips)


def train_output_slips(p: Params) -> list[Slip]:
    return _normalized_slips(p, "BatchNorm")


def layernorm_output_slips(p: Params) -> list[Slip]:
    return _normalized_slips(p, "LayerNorm")


def eval_output_slips(p: Params) -> list[Slip]:
    x, rm, rv, eps, gamma, beta = p["x"], p["rm"], p["rv"], p["eps"], p["gamma"], p["beta"]
    d = x - rm
    return finite([
        Slip("batchnorm-off-in-eval", x,
             "took BatchNorm to be switched off in eval mode (the notes say eval() turns it "
             "off): it still normalises, with the running statistics",
             "以为 eval 模式下批归一化被关掉了（笔记说 eval() 会关闭它）：它照样归一化，"
             "只是改用运行均值和运行方差"),
        Slip("affine-skipped", d / math.sqrt(rv + eps),
             "left out weight and bias: the output is weight*x_hat + bias",
             "漏掉了 weight 和 bias：输出是 weight*x_hat + bias"),
        Slip("variance-for-std", gamma * d / (rv + eps) + beta,
             "divided by the variance instead of its square root",
             "除以了方差本身，而不是它的平方根"),
        *_eps_slips(d, rv, eps, gamma, beta),
    ])
