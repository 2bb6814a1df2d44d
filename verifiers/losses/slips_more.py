"""Known slips for PoissonNLL, distillation and the shape cards (pure Python)."""

from __future__ import annotations

import math

from quizapp.authoring import Slip, differing, finite, num

from ._slipmath import log_softmax, other_reduction, reduce

EPS = 1e-8  # PoissonNLLLoss's eps


def _poisson_terms(x: list[float], t: list[float], log_input: bool, stirling: str
                   ) -> list[float] | None:
    """Per-element loss; stirling: 'torch' (y > 1), 'none', or 'all' (every y > 0)."""
    out = []
    for xi, ti in zip(x, t, strict=True):
        if log_input:
            v = math.exp(xi) - ti * xi
        else:
            if xi + EPS <= 0:
                return None
            v = xi - ti * math.log(xi + EPS)
        if (stirling == "torch" and ti > 1) or (stirling == "all" and ti > 0):
            v += ti * math.log(ti) - ti + 0.5 * math.log(2 * math.pi * ti)
        out.append(v)
    return out


def poisson_nll_slips(p: dict) -> list[Slip]:
    x, t, log_input, full, red = (p[k] for k in ("input", "target", "log_input", "full",
                                                 "reduction"))
    mode = "torch" if full else "none"
    right = _poisson_terms(x, t, log_input, mode)
    assert right is not None
    slips = [other_reduction(right, red)]
    if full:
        slips.append(Slip("stirling-forgotten", reduce(_poisson_terms(x, t, log_input, "none")
                                                       or right, red),
                          "left out the Stirling term: full=True adds "
                          "y·log y - y + ½·log(2πy) where y > 1",
                          "漏掉了 Stirling 项：full=True 会在 y > 1 处加上 "
                          "y·log y - y + ½·log(2πy)"))
        slips.append(Slip("stirling-for-small-targets",
                          reduce(_poisson_terms(x, t, log_input, "all") or right, red),
                          "added the Stirling term for targets of 1 or less too: torch adds it "
                          "only where y > 1",
                          "在 y ≤ 1 的元素上也加了 Stirling 项：torch 只在 y > 1 处加"))
    else:
        slips.append(Slip("stirling-without-full",
                          reduce(_poisson_terms(x, t, log_input, "torch") or right, red),
                          "added the Stirling term: with full=False it is left out",
                          "加上了 Stirling 项：full=False 时不加"))
    other = _poisson_terms(x, t, not log_input, mode)
    if other is not None:
        slips.append(Slip("log-input-misread", reduce(other, red),
                          "read log_input the wrong way round: True means the input is log λ "
                          "(l = exp(x) - y·x), False means it is λ (l = x - y·log(x + eps))",
                          "把 log_input 理解反了：True 表示输入是 log λ（l = exp(x) - y·x），"
                          "False 表示输入就是 λ（l = x - y·log(x + eps)）"))
    return finite(slips)


def _softmax(row: list[float]) -> list[float]:
    return [math.exp(v) for v in log_softmax(row)]


def _kd_parts(p: dict, T: float) -> tuple[float, float]:
    """(soft KL with batchmean at temperature T, hard cross-entropy at temperature 1)."""
    s, t, y = p["student"], p["teacher"], p["labels"]
    soft = 0.0
    for rs, rt in zip(s, t, strict=True):
        log_q = log_softmax([v / T for v in rs])
        log_p = log_softmax([v / T for v in rt])
        soft += math.fsum(math.exp(lp) * (lp - lq) for lp, lq in zip(log_p, log_q, strict=True))
    hard = math.fsum(-log_softmax(rs)[yi] for rs, yi in zip(s, y, strict=True))
    return soft / len(s), hard / len(s)


def knowledge_distillation_slips(p: dict) -> list[Slip]:
    T, a = p["T"], p["alpha"]
    C = len(p["student"][0])
    soft, hard = _kd_parts(p, T)
    slips = [Slip("kd-temperature-not-squared", a * T * soft + (1 - a) * hard,
                  f"scaled the soft term by T = {num(T)} (the notes' ce + T·kl): Hinton's loss "
                  f"scales it by T² = {num(T * T)}",
                  f"软目标项只乘了 T = {num(T)}（笔记里的 ce + T·kl）：Hinton 的蒸馏损失乘的是 "
                  f"T² = {num(T * T)}"),
             Slip("kd-temperature-unscaled", a * soft + (1 - a) * hard,
                  f"left out the T² = {num(T * T)} factor on the soft term",
                  f"漏掉了软目标项上的 T² = {num(T * T)} 因子"),
             Slip("mean-for-batchmean", a * T * T * soft / C + (1 - a) * hard,
                  "divided the KL by all N·C elements (that is 'mean'): the card's kl_div "
                  "uses 'batchmean', which divides by N only",
                  "把 KL 除以了全部 N·C 个元素（那是 'mean'）：卡片里的 kl_div 用的是 "
                  "'batchmean'，只除以 N")]
    hot_hard = _kd_parts({**p, "student": [[v / T for v in r] for r in p["student"]]}, 1.0)[1]
    slips.append(Slip("hard-at-temperature", a * T * T * soft + (1 - a) * hot_hard,
                      "softened the student's logits in the hard term too: the cross-entropy "
                      "with the labels uses temperature 1",
                      "在硬目标项里也把学生 logits 除以了 T：与真实标签的交叉熵用温度 1"))
    return finite(slips)


def margin_ranking_none_shape_slips(p: dict) -> list[Slip]:
    N = p["N"]
    if p["reduction"] == "none":
        return differing([
            Slip("n-by-n-matrix", (N, N),
                 "gave an N x N matrix (the notes' claim): the loss pairs x1[i] with x2[i] only, "
                 "elementwise",
                 "给出了 N x N 矩阵（笔记里的说法）：该损失只把 x1[i] 与 x2[i] 逐元素配对"),
            Slip("reduced-to-scalar", (), "gave a scalar: reduction='none' keeps one loss per "
                 "pair", "给出了标量：reduction='none' 为每一对保留一个损失")], (N,))
    return differing([
        Slip("per-element-for-scalar", (N,), "kept one loss per pair: reduction='mean' "
             "averages them into a scalar", "为每一对保留了一个损失：reduction='mean' 会把它们"
             "平均成一个标量"),
        Slip("n-by-n-matrix", (N, N), "gave an N x N matrix (the notes' claim): the loss is "
             "elementwise, and 'mean' reduces it to a scalar",
             "给出了 N x N 矩阵（笔记里的说法）：该损失逐元素计算，'mean' 再把它归约成标量")], ())


def ctc_shapes_slips(p: dict) -> list[Slip]:
    T, N, S = p["T"], p["N"], p["S"]
    if p["reduction"] == "none":
        return differing([
            Slip("per-timestep", (T, N), "gave one loss per time step: CTC sums over every "
                 "alignment of the whole sequence, one loss per sequence",
                 "给出了每个时间步一个损失：CTC 对整条序列的所有对齐求和，每条序列一个损失"),
            Slip("per-target-label", (N, S), "gave one loss per target label: CTC gives one "
                 "loss per sequence", "给出了每个目标标签一个损失：CTC 每条序列只有一个损失"),
            Slip("reduced-to-scalar", (), "gave a scalar: reduction='none' keeps one loss per "
                 "sequence", "给出了标量：reduction='none' 为每条序列保留一个损失")], (N,))
    return differing([
        Slip("per-element-for-scalar", (N,), f"kept one loss per sequence: reduction="
             f"'{p['reduction']}' reduces them to a scalar",
             f"为每条序列保留了一个损失：reduction='{p['reduction']}' 会把它们归约成标量")], ())
