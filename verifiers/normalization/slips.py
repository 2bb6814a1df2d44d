"""Known slips for the normalization deck: BatchNorm statistics redone with one classic mistake.

Pure Python (no torch): a slips function gets the card's params and returns
[(wrong_answer, {"en": why, "zh": why})]; the app itself skips a candidate its tolerance
cannot tell from the right answer (with some params a mistake changes nothing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Slip = tuple[float, dict[str, str]]


def _slips(candidates: Iterable[tuple[float, str, str]]) -> list[Slip]:
    """The finite candidates as [(wrong, {en, zh})]; the app skips any its tolerance cannot
    tell from the right answer, and names the first listed match."""
    return [(w, {"en": en, "zh": zh}) for w, en, zh in candidates if math.isfinite(w)]


def _stats(x: list[float]) -> tuple[float, float]:
    """Mean and the sum of squared deviations."""
    mean = sum(x) / len(x)
    return mean, sum((v - mean) ** 2 for v in x)


KERAS_MOMENTUM = ("weighted the old value by momentum (the Keras/TensorFlow convention): "
                  "PyTorch uses running = (1 − momentum)·running + momentum·batch",
                  "用 momentum 加权了旧值（Keras/TensorFlow 的约定）："
                  "PyTorch 是 running = (1 − momentum)·running + momentum·batch")


def running_mean_slips(p: dict) -> list[Slip]:
    m = p["momentum"]
    means = [_stats(b)[0] for b in (p["b1"], p["b2"])]
    keras = 0.0
    for mean in means:
        keras = m * keras + (1 - m) * mean
    return _slips([
        (keras, *KERAS_MOMENTUM),
        (sum(means) / 2,
         "averaged the batch means (that is momentum=None): with a momentum the running mean "
         "is an exponential moving average that starts at 0",
         "对各批均值取了平均（那是 momentum=None）：设了 momentum 时，running_mean 是从 0 开始的"
         "指数滑动平均"),
    ])


def running_var_slips(p: dict) -> list[Slip]:
    m, x = p["momentum"], p["x"]
    n = len(x)
    _, ss = _stats(x)
    unbiased = ss / (n - 1)
    return _slips([
        ((1 - m) + m * ss / n,
         "used the biased batch variance (÷n): running_var is updated with the unbiased one "
         "(÷(n−1)); only the normalization itself uses ÷n",
         "用了有偏的批方差（÷n）：running_var 用无偏方差（÷(n−1)）更新，只有归一化本身用 ÷n"),
        (m + (1 - m) * unbiased, *KERAS_MOMENTUM),
        (m * unbiased,
         "started running_var at 0: it is initialised to 1 (running_mean starts at 0)",
         "把 running_var 的初值当成了 0：它初始化为 1（running_mean 才从 0 开始）"),
    ])


def _normalized_slips(p: dict, layer: str) -> list[Slip]:
    x, i, eps = p["x"], p["i"], p["eps"]
    n = len(x)
    mean, ss = _stats(x)
    d = x[i] - mean
    cands = [(d / math.sqrt(ss / (n - 1) + eps) if n > 1 else math.inf,
              f"normalised with the unbiased variance (÷(n−1)): {layer} normalises with the "
              "biased variance (÷n)",
              f"用无偏方差（÷(n−1)）做了归一化：{layer} 用有偏方差（÷n）归一化"),
             (d / math.sqrt(ss / n) if ss else math.inf,
              "left out eps: the denominator is √(var + eps)",
              "漏掉了 eps：分母是 √(var + eps)"),
             (d / (math.sqrt(ss / n) + eps),
              "added eps outside the square root: the denominator is √(var + eps)",
              "把 eps 加在了平方根外面：分母是 √(var + eps)")]
    if layer == "BatchNorm":
        cands.append((x[i] / math.sqrt(1 + eps),
                      "used the running statistics (mean 0, var 1 for a fresh layer): in "
                      "training mode BatchNorm uses the batch's own mean and variance",
                      "用了滑动统计量（新建的层均值为 0、方差为 1）：训练模式下 BatchNorm "
                      "用当前批自己的均值和方差"))
    return _slips(cands)


def train_output_slips(p: dict) -> list[Slip]:
    return _normalized_slips(p, "BatchNorm")


def layernorm_output_slips(p: dict) -> list[Slip]:
    return _normalized_slips(p, "LayerNorm")
