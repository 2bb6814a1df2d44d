"""Known slips for the losses deck: each redoes the loss by hand with one classic mistake.

Pure Python (no torch): a slips function gets the card's params and returns
[(wrong_answer, {"en": why, "zh": why})]; the app itself skips a candidate its tolerance
cannot tell from the right answer (with some params a mistake changes nothing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Slip = tuple[float, dict[str, str]]


# ---------------------------------------------------------------- helpers


def _slips(candidates: Iterable[tuple[float, str, str]]) -> list[Slip]:
    """The finite candidates as [(wrong, {en, zh})]; the app skips any its tolerance cannot
    tell from the right answer, and names the first listed match."""
    return [(w, {"en": en, "zh": zh}) for w, en, zh in candidates if math.isfinite(w)]


def _softplus(x: float) -> float:
    """log(1 + e^x) without overflow."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _log_softmax(row: list[float]) -> list[float]:
    top = max(row)
    lse = top + math.log(sum(math.exp(v - top) for v in row))
    return [v - lse for v in row]


def _reduce(terms: list[float], reduction: str) -> float:
    total = math.fsum(terms)
    return total if reduction == "sum" else total / len(terms)


def _other_reduction(terms: list[float], reduction: str) -> tuple[float, str, str]:
    """The reduction confusion: 'mean' read as 'sum', or 'sum' read as 'mean'."""
    n = len(terms)
    if reduction == "mean":
        return (math.fsum(terms),
                f"added the terms up: reduction='mean' also divides by the number of terms ({n})",
                f"只把各项相加了：reduction='mean' 还要除以项数（{n}）")
    return (math.fsum(terms) / n,
            "divided by the number of terms: reduction='sum' only adds them up",
            "除以了项数：reduction='sum' 只把各项相加")


# ---------------------------------------------------------------- cards


def _bce_terms(logits: list[float], targets: list[int], w_pos: float, w_neg: float) -> list[float]:
    # -[w·y·log σ(x) + (1-y)·log(1-σ(x))]; -log σ(x) = softplus(-x), -log(1-σ(x)) = softplus(x)
    return [w_pos * y * _softplus(-x) + w_neg * (1 - y) * _softplus(x)
            for x, y in zip(logits, targets, strict=True)]


def bce_with_logits_slips(p: dict) -> list[Slip]:
    """BCEWithLogits: the reduction confusion and pos_weight on the wrong term (or left out)."""
    x, y, pw, red = p["logits"], p["targets"], p["pos_weight"], p["reduction"]
    w = 1.0 if pw is None else pw
    terms = _bce_terms(x, y, w, 1.0)
    cands = [_other_reduction(terms, red)]
    if pw is not None:
        cands.append((_reduce(_bce_terms(x, y, 1.0, pw), red),
                      "applied pos_weight to the negative term: it multiplies only the "
                      "positive part, y·log σ(x)",
                      "把 pos_weight 乘到了负类项上：它只乘正类部分 y·log σ(x)"))
        cands.append((_reduce(_bce_terms(x, y, 1.0, 1.0), red),
                      "left out pos_weight: every positive term is multiplied by it",
                      "漏掉了 pos_weight：每个正类项都要乘以它"))
    return _slips(cands)


def _ce_terms(logits: list[list[float]], targets: list[int], eps: float,
              spread_over_others: bool = False, raw: bool = False) -> list[float]:
    terms = []
    for row, t in zip(logits, targets, strict=True):
        logp = list(row) if raw else _log_softmax(row)
        C = len(row)
        if spread_over_others:  # 1-ε on the true class, ε/(C-1) on each of the others
            q = [1 - eps if c == t else eps / (C - 1) for c in range(C)]
        else:  # PyTorch: (1-ε)·one_hot + ε/C on every class
            q = [(1 - eps) * (c == t) + eps / C for c in range(C)]
        terms.append(-math.fsum(qc * lc for qc, lc in zip(q, logp, strict=True)))
    return terms


def cross_entropy_slips(p: dict) -> list[Slip]:
    """F.cross_entropy with label smoothing: reduction, smoothing, log_softmax, log base."""
    x, t, eps, red = p["logits"], p["targets"], p["label_smoothing"], p["reduction"]
    terms = _ce_terms(x, t, eps)
    cands = [_other_reduction(terms, red)]
    if eps:
        cands.append((_reduce(_ce_terms(x, t, 0.0), red),
                      "ignored label_smoothing: the target is 1−ε on the true class plus ε/C "
                      "on every class",
                      "忽略了 label_smoothing：目标分布是真实类上 1−ε，再在每个类上加 ε/C"))
        cands.append((_reduce(_ce_terms(x, t, eps, spread_over_others=True), red),
                      "spread ε over the other C−1 classes only: PyTorch spreads ε/C over all "
                      "C classes, the true class included",
                      "把 ε 只分给了其余 C−1 个类：PyTorch 把 ε/C 分给全部 C 个类（包括真实类）"))
    cands.append((_reduce(_ce_terms(x, t, eps, raw=True), red),
                  "used the raw logits as log-probabilities: cross_entropy applies log_softmax "
                  "first",
                  "把原始 logits 当成了对数概率：cross_entropy 会先做 log_softmax"))
    cands.append((_reduce(terms, red) / math.log(2),
                  "used log base 2: PyTorch's losses use the natural log",
                  "用了以 2 为底的对数：PyTorch 的损失函数用自然对数"))
    return _slips(cands)


def kl_div_slips(p: dict) -> list[Slip]:
    """F.kl_div(log q, p): 'batchmean' vs 'mean' vs 'sum', and p and q swapped."""
    q, t, red = p["q"], p["p"], p["reduction"]
    N, C = len(t), len(t[0])

    def total(a: list[list[float]], b: list[list[float]]) -> float:  # Σ a·(log a − log b)
        return math.fsum(ai * (math.log(ai) - math.log(bi)) if ai > 0 else 0.0
                         for ra, rb in zip(a, b, strict=True)
                         for ai, bi in zip(ra, rb, strict=True))

    s = total(t, q)
    div = {"batchmean": N, "mean": N * C, "sum": 1}
    cands: list[tuple[float, str, str]] = []
    if red == "batchmean":
        cands += [(s / (N * C),
                   "divided by all N·C elements (that is 'mean'): 'batchmean' divides the sum "
                   "by the batch size N only",
                   "除以了全部 N·C 个元素（那是 'mean'）：'batchmean' 只把总和除以批大小 N"),
                  (s, "forgot to divide by the batch size N: 'batchmean' is the sum / N",
                   "忘了除以批大小 N：'batchmean' 是总和 / N")]
    elif red == "mean":
        cands += [(s / N,
                   "divided by the batch size N only (that is 'batchmean'): 'mean' divides by "
                   "every element, N·C",
                   "只除以了批大小 N（那是 'batchmean'）：'mean' 要除以全部元素个数 N·C"),
                  (s, "forgot to divide: 'mean' divides the sum by all N·C elements",
                   "忘了做除法：'mean' 要把总和除以全部 N·C 个元素")]
    else:
        cands += [(s / N, "divided by the batch size: reduction='sum' only adds every term up",
                   "除以了批大小：reduction='sum' 只把所有项相加"),
                  (s / (N * C), "averaged over the elements: reduction='sum' only adds every "
                   "term up", "对元素取了平均：reduction='sum' 只把所有项相加")]
    cands.append((total(q, t) / div[red],
                  "swapped p and q: F.kl_div(log q, p) computes Σ p·(log p − log q), "
                  "that is KL(p‖q)",
                  "把 p 和 q 弄反了：F.kl_div(log q, p) 计算的是 Σ p·(log p − log q)，即 KL(p‖q)"))
    return _slips(cands)


def mse_loss_slips(p: dict) -> list[Slip]:
    """MSELoss: the reduction confusion, a stray ½, the square root (RMSE), |d| (L1)."""
    d = [a - b for a, b in zip(p["input"], p["target"], strict=True)]
    red = p["reduction"]
    sq = [v * v for v in d]
    mse = _reduce(sq, red)
    cands = [_other_reduction(sq, red),
             (mse / 2, "used ½·d²: MSELoss has no ½ (the ½ belongs to Huber/SmoothL1 near 0)",
              "用了 ½·d²：MSELoss 没有 ½（½ 属于 Huber/SmoothL1 的小误差段）")]
    if red == "mean":
        cands.append((math.sqrt(mse),
                      "took the square root (that is RMSE): MSELoss stops at the mean of the "
                      "squares",
                      "开了平方根（那是 RMSE）：MSELoss 只算到平方的均值"))
    cands.append((_reduce([abs(v) for v in d], red),
                  "took |d| instead of d² (that is L1Loss)",
                  "用了 |d| 而不是 d²（那是 L1Loss）"))
    return _slips(cands)
