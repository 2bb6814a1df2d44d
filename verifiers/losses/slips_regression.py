"""Known slips for the regression and KL cards (pure Python): one named mistake each."""

from __future__ import annotations

import math

from quizapp.authoring import Slip, finite, num

from ._slipmath import other_reduction, reduce


def _d(p: dict) -> list[float]:
    return [a - b for a, b in zip(p["input"], p["target"], strict=True)]


def mse_loss_slips(p: dict) -> list[Slip]:
    """The reduction confusion, a stray ½, the square root (RMSE), |d| (L1)."""
    d, red = _d(p), p["reduction"]
    sq = [v * v for v in d]
    mse = reduce(sq, red)
    slips = [other_reduction(sq, red),
             Slip("half-squared", mse / 2, "used ½·d²: MSELoss has no ½ (the ½ belongs to "
                  "Huber and Smooth L1 near 0)", "用了 ½·d²：均方误差没有 ½（½ 属于 Huber 和平滑 "
                  "L1 的小误差段）")]
    if red == "mean":
        slips.append(Slip("rmse-for-mse", math.sqrt(mse), "took the square root (that is "
                          "RMSE): MSELoss stops at the mean of the squares",
                          "开了平方根（那是 RMSE）：均方误差只算到平方的均值"))
    slips.append(Slip("l1-for-mse", reduce([abs(v) for v in d], red),
                      "took |d| instead of d² (that is L1Loss)",
                      "用了 |d| 而不是 d²（那是 L1Loss）"))
    return finite(slips)


def l1_loss_slips(p: dict) -> list[Slip]:
    d, red = _d(p), p["reduction"]
    absd = [abs(v) for v in d]
    return finite([other_reduction(absd, red),
                   Slip("mse-for-l1", reduce([v * v for v in d], red),
                        "squared the differences (that is MSELoss): L1Loss takes |d|",
                        "把差值平方了（那是均方误差）：L1Loss 取的是 |d|")])


def _smooth(d: list[float], beta: float) -> list[float]:
    if beta == 0:
        return [abs(v) for v in d]
    return [0.5 * v * v / beta if abs(v) < beta else abs(v) - 0.5 * beta for v in d]


def _huber(d: list[float], delta: float) -> list[float]:
    return [0.5 * v * v if abs(v) <= delta else delta * (abs(v) - 0.5 * delta) for v in d]


def smooth_l1_loss_slips(p: dict) -> list[Slip]:
    """β left at 1, Huber's form taken for Smooth L1, the reduction."""
    d, b, red = _d(p), p["beta"], p["reduction"]
    slips = [other_reduction(_smooth(d, b), red)]
    if b != 1:
        slips.append(Slip("beta-ignored", reduce(_smooth(d, 1.0), red),
                          f"used the default β = 1 instead of β = {num(b)}",
                          f"用了默认的 β = 1，而不是 β = {num(b)}"))
    if b > 0:
        slips.append(Slip("huber-for-smooth-l1", reduce(_huber(d, b), red),
                          "used Huber's form: Smooth L1 divides 0.5·d² by β and its linear part "
                          "has slope 1, so huber(δ) = δ·smooth_l1(β = δ)",
                          "用了 Huber 的公式：平滑 L1 把 0.5·d² 除以 β，线性部分斜率为 1，"
                          "所以 huber(δ) = δ·smooth_l1(β = δ)"))
    return finite(slips)


def huber_loss_slips(p: dict) -> list[Slip]:
    d, k, red = _d(p), p["delta"], p["reduction"]
    return finite([other_reduction(_huber(d, k), red),
                   Slip("smooth-l1-for-huber", reduce(_smooth(d, k), red),
                        "used Smooth L1's form: Huber keeps 0.5·d² undivided and its linear "
                        "part has slope δ",
                        "用了平滑 L1 的公式：Huber 的 0.5·d² 不除以 δ，线性部分斜率为 δ")])


def kl_div_slips(p: dict) -> list[Slip]:
    """F.kl_div(log q, p): 'batchmean' vs 'mean' vs 'sum', and p and q swapped."""
    q, t, red = p["q"], p["p"], p["reduction"]
    N, C = len(t), len(t[0])

    def total(a: list[list[float]], b: list[list[float]]) -> float:  # Σ a·(log a − log b)
        return math.fsum(ai * (math.log(ai) - math.log(bi)) if ai > 0 else 0.0
                         for ra, rb in zip(a, b, strict=True)
                         for ai, bi in zip(ra, rb, strict=True))

    s = total(t, q)
    divisor = {"batchmean": N, "mean": N * C, "sum": 1}[red]
    by = {
        "batchmean": Slip("batchmean-for-" + red, s / N, "divided by the batch size N only "
                          "(that is 'batchmean')", "只除以了批大小 N（那是 'batchmean'）"),
        "mean": Slip("mean-for-" + red, s / (N * C), "divided by all N·C elements (that is "
                     "'mean')", "除以了全部 N·C 个元素（那是 'mean'）"),
        "sum": Slip("sum-for-" + red, s, "added every term and stopped (that is 'sum')",
                    "只把所有项相加（那是 'sum'）"),
    }
    rule = {"batchmean": ("'batchmean' divides the sum by N", "'batchmean' 把总和除以 N"),
            "mean": ("'mean' divides the sum by N·C", "'mean' 把总和除以 N·C"),
            "sum": ("'sum' only adds", "'sum' 只求和")}[red]
    slips = [Slip(s_.id, s_.answer, f"{s_.en}: {rule[0]}", f"{s_.zh}：{rule[1]}")
             for name, s_ in by.items() if name != red]
    if all(v > 0 for row in t for v in row):  # else KL(q‖p) is infinite
        slips.append(Slip("p-q-swapped", total(q, t) / divisor,
                          "swapped p and q: F.kl_div(log q, p) computes Σ p·(log p − log q), "
                          "that is KL(p‖q)",
                          "把 p 和 q 弄反了：F.kl_div(log q, p) 计算的是 Σ p·(log p − log q)，"
                          "即 KL(p‖q)"))
    return finite(slips)
