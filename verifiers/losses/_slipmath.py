"""Pure-Python arithmetic the slips functions share (no torch): reductions and their mix-ups."""

from __future__ import annotations

import math

from quizapp.authoring import Slip

LN2 = math.log(2)


def softplus(x: float) -> float:
    """log(1 + e^x) without overflow."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def log_softmax(row: list[float]) -> list[float]:
    top = max(row)
    lse = top + math.log(math.fsum(math.exp(v - top) for v in row))
    return [v - lse for v in row]


def reduce(terms: list[float], reduction: str) -> float:
    added = math.fsum(terms)
    return added if reduction == "sum" else added / len(terms)


def other_reduction(terms: list[float], reduction: str) -> Slip:
    """The reduction confusion: 'mean' read as 'sum', or 'sum' read as 'mean'."""
    n = len(terms)
    if reduction == "mean":
        return Slip("sum-for-mean", math.fsum(terms),
                    f"added the terms up: reduction='mean' also divides by the number of "
                    f"terms ({n})",
                    f"只把各项相加了：reduction='mean' 还要除以项数（{n}）")
    return Slip("mean-for-sum", math.fsum(terms) / n,
                "divided by the number of terms: reduction='sum' only adds them up",
                "除以了项数：reduction='sum' 只把各项相加")


def log_base_2(right: float) -> Slip:
    return Slip("log-base-2", right / LN2, "used log base 2: PyTorch's losses use the natural "
                "log", "用了以 2 为底的对数：PyTorch 的损失函数用自然对数")


def hinge(x: float) -> float:
    return max(0.0, x)


def unclamped(terms: list[float], reduction: str, en: str, zh: str) -> Slip:
    """The hinge max(0, ·) left out: negative terms kept."""
    return Slip("hinge-not-clamped", reduce(terms, reduction),
                f"left out the max(0, ·): no term of {en} goes below 0",
                f"漏掉了 max(0, ·)：{zh}的每一项都不会小于 0")
