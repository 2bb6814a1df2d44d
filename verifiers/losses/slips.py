"""Known slips for the classification and regression cards: each redoes the loss by hand
(pure Python, no torch) with one classic mistake; the id names the mistake."""

from __future__ import annotations

import math

from quizapp.authoring import Slip, differing, finite, num

from ._common import IGNORE
from ._slipmath import log_base_2, log_softmax, other_reduction, reduce, softplus

# ---------------------------------------------------------------- binary cross-entropy


def _bce_terms(logits: list[float], targets: list[float], w_pos: float, w_neg: float
               ) -> list[float]:
    # -[w·y·log σ(x) + (1-y)·log(1-σ(x))]; -log σ(x) = softplus(-x), -log(1-σ(x)) = softplus(x)
    return [w_pos * y * softplus(-x) + w_neg * (1 - y) * softplus(x)
            for x, y in zip(logits, targets, strict=True)]


def bce_with_logits_slips(p: dict) -> list[Slip]:
    """The reduction confusion, pos_weight on the wrong term or left out, log base 2."""
    x, y, pw, red = p["logits"], p["targets"], p["pos_weight"], p["reduction"]
    terms = _bce_terms(x, y, 1.0 if pw is None else pw, 1.0)
    slips = [other_reduction(terms, red)]
    if pw is not None:
        slips += [Slip("pos-weight-on-negatives", reduce(_bce_terms(x, y, 1.0, pw), red),
                       "applied pos_weight to the negative term: it multiplies only the "
                       "positive part, y·log σ(x)",
                       "把 pos_weight 乘到了负样本项上：它只乘正样本部分 y·log σ(x)"),
                  Slip("pos-weight-ignored", reduce(_bce_terms(x, y, 1.0, 1.0), red),
                       "left out pos_weight: every positive term is multiplied by it",
                       "漏掉了 pos_weight：每个正样本项都要乘以它")]
    return finite([*slips, log_base_2(reduce(terms, red))])


def _bce_prob_terms(q: list[float], y: list[float], flipped: bool = False) -> list[float]:
    def log(v: float) -> float:
        return max(math.log(v), -100.0) if v > 0 else -100.0

    if flipped:
        return [-(t * log(1 - v) + (1 - t) * log(v)) for v, t in zip(q, y, strict=True)]
    return [-(t * log(v) + (1 - t) * log(1 - v)) for v, t in zip(q, y, strict=True)]


def bce_loss_slips(p: dict) -> list[Slip]:
    """The reduction confusion, the two logs swapped, log base 2."""
    q, y, red = p["probs"], p["targets"], p["reduction"]
    terms = _bce_prob_terms(q, y)
    return finite([
        other_reduction(terms, red),
        Slip("logs-swapped", reduce(_bce_prob_terms(q, y, flipped=True), red),
             "swapped the logs: a target of 1 takes log p, a target of 0 takes log(1 - p)",
             "把两个 log 弄反了：目标为 1 时取 log p，目标为 0 时取 log(1 - p)"),
        log_base_2(reduce(terms, red))])


def bce_weight_slips(p: dict) -> list[Slip]:
    """Σ w as the denominator (the notes' per-class reading), the weight left out."""
    q, y, w, red = p["probs"], p["targets"], p["weight"], p["reduction"]
    plain = _bce_prob_terms(q, y)
    terms = [wi * li for wi, li in zip(w, plain, strict=True)]
    slips = [other_reduction(terms, red)]
    if red == "mean" and math.fsum(w) > 0:
        slips.append(Slip("weight-normalized", math.fsum(terms) / math.fsum(w),
                          "divided by Σ w, as CrossEntropyLoss does with class weights: "
                          "BCELoss's weight only rescales each element and 'mean' divides by "
                          "the number of elements",
                          "像 CrossEntropyLoss 的类别权重那样除以了 Σ w：BCELoss 的 weight 只是"
                          "逐元素缩放，'mean' 除以元素个数"))
    slips.append(Slip("weight-ignored", reduce(plain, red),
                      "left out the weight: each element's term is multiplied by its weight",
                      "漏掉了 weight：每个元素的项都要乘以对应的权重"))
    return finite(slips)


# ---------------------------------------------------------------- cross-entropy


def _ce_terms(logits: list[list[float]], targets: list[int], eps: float,
              spread_over_others: bool = False, raw: bool = False) -> list[float]:
    terms = []
    for row, t in zip(logits, targets, strict=True):
        logp = list(row) if raw else log_softmax(row)
        C = len(row)
        if spread_over_others:  # 1-ε on the true class, ε/(C-1) on each of the others
            q = [1 - eps if c == t else eps / (C - 1) for c in range(C)]
        else:  # PyTorch: (1-ε)·one_hot + ε/C on every class
            q = [(1 - eps) * (c == t) + eps / C for c in range(C)]
        terms.append(-math.fsum(qc * lc for qc, lc in zip(q, logp, strict=True)))
    return terms


def cross_entropy_slips(p: dict) -> list[Slip]:
    """Reduction, label smoothing forgotten or spread wrongly, log_softmax left out, log 2."""
    x, t, eps, red = p["logits"], p["targets"], p["label_smoothing"], p["reduction"]
    terms = _ce_terms(x, t, eps)
    slips = [other_reduction(terms, red)]
    if eps:
        slips.append(Slip("label-smoothing-forgotten", reduce(_ce_terms(x, t, 0.0), red),
                          "ignored label_smoothing: the target is 1−ε on the true class plus "
                          "ε/C on every class",
                          "忽略了标签平滑：目标分布是真实类上 1−ε，再在每个类上加 ε/C"))
        if len(x[0]) > 1:
            slips.append(Slip("smoothing-over-other-classes",
                              reduce(_ce_terms(x, t, eps, spread_over_others=True), red),
                              "spread ε over the other C−1 classes only: PyTorch spreads ε/C "
                              "over all C classes, the true class included",
                              "把 ε 只分给了其余 C−1 个类：PyTorch 把 ε/C 分给全部 C 个类"
                              "（包括真实类）"))
    slips.append(Slip("logits-as-log-probs", reduce(_ce_terms(x, t, eps, raw=True), red),
                      "used the raw logits as log-probabilities: cross_entropy applies "
                      "log_softmax first",
                      "把原始 logits 当成了对数概率：cross_entropy 会先做 log_softmax"))
    return finite([*slips, log_base_2(reduce(terms, red))])


def cross_entropy_soft_targets_slips(p: dict) -> list[Slip]:
    """N·C as the denominator, logits taken for log-probabilities, the sum."""
    x, probs = p["logits"], p["probs"]
    N, C = len(x), len(x[0])
    per_row = [-math.fsum(t * lp for t, lp in zip(tr, log_softmax(r), strict=True))
               for r, tr in zip(x, probs, strict=True)]
    raw = [-math.fsum(t * v for t, v in zip(tr, r, strict=True))
           for r, tr in zip(x, probs, strict=True)]
    return finite([
        Slip("mean-over-classes", math.fsum(per_row) / (N * C),
             "divided by all N·C entries: each row's loss sums over its classes, and 'mean' "
             "averages over the N rows only",
             "除以了全部 N·C 个元素：每行的损失对类别求和，'mean' 只对 N 行取平均"),
        Slip("logits-as-log-probs", math.fsum(raw) / N,
             "used the raw logits as log-probabilities: cross_entropy applies log_softmax first",
             "把原始 logits 当成了对数概率：cross_entropy 会先做 log_softmax"),
        other_reduction(per_row, "mean")])


def cross_entropy_weighted_slips(p: dict) -> list[Slip]:
    """The denominator: the number of kept rows, or every row; the weights left out."""
    x, t, w = p["logits"], p["targets"], p["weight"]
    kept = [(row, y) for row, y in zip(x, t, strict=True) if y != IGNORE]
    if not kept:
        return []
    losses = [-log_softmax(row)[y] for row, y in kept]
    weighted = [w[y] * loss for (_, y), loss in zip(kept, losses, strict=True)]
    slips = [Slip("divided-by-count", math.fsum(weighted) / len(kept),
                  "divided by the number of kept rows: with class weights 'mean' divides by "
                  "Σ w[y_i] of the kept rows",
                  "除以了保留样本的个数：带类别权重时 'mean' 除以保留样本的 Σ w[y_i]")]
    if len(kept) < len(t):
        slips.append(Slip("ignored-row-counted", math.fsum(weighted) / len(t),
                          f"divided by all {len(t)} rows: a row whose target is {IGNORE} "
                          "counts in neither the sum nor the denominator",
                          f"除以了全部 {len(t)} 行：target 为 {IGNORE} 的行既不计入总和"
                          "也不计入分母"))
    slips.append(Slip("weight-ignored", math.fsum(losses) / len(kept),
                      "left out the class weights: each row's loss is multiplied by w[y_i]",
                      "漏掉了类别权重：每行的损失都要乘以 w[y_i]"))
    return finite(slips)


def nll_loss_slips(p: dict) -> list[Slip]:
    terms = [-math.log(row[y]) for row, y in zip(p["probs"], p["targets"], strict=True)
             if row[y] > 0]
    if len(terms) < len(p["targets"]):
        return []
    return finite([other_reduction(terms, p["reduction"]),
                   log_base_2(reduce(terms, p["reduction"]))])


def focal_loss_slips(p: dict) -> list[Slip]:
    """The reduction, α on the wrong class, the focusing term or α left out."""
    x, y, a, g, red = p["logits"], p["targets"], p["alpha"], p["gamma"], p["reduction"]

    def terms(alpha_pos: float, alpha_neg: float, gamma: float) -> list[float]:
        out = []
        for xi, yi in zip(x, y, strict=True):
            prob = 1 / (1 + math.exp(-xi))
            p_t = prob * yi + (1 - prob) * (1 - yi)
            ce = yi * softplus(-xi) + (1 - yi) * softplus(xi)
            out.append((alpha_pos * yi + alpha_neg * (1 - yi)) * ce * (1 - p_t) ** gamma)
        return out

    right = terms(a, 1 - a, g)
    return finite([
        other_reduction(right, red),
        Slip("alpha-on-negatives", reduce(terms(1 - a, a, g), red),
             "put α on the negatives: α weights the positives (y = 1), 1 - α the negatives",
             "把 α 用在了负样本上：α 乘正样本（y = 1），1 - α 乘负样本"),
        Slip("focusing-term-forgotten", reduce(terms(a, 1 - a, 0), red),
             f"left out the focusing factor (1 - p_t)^{num(g)}",
             f"漏掉了聚焦因子 (1 - p_t)^{num(g)}"),
        Slip("alpha-forgotten", reduce(terms(1, 1, g), red),
             "left out α: each term is weighted by α_t", "漏掉了 α：每一项都要乘以 α_t")])


def loss_none_shape_slips(p: dict) -> list[Slip]:
    N, C, extra = p["N"], p["C"], list(p["extra"])
    right = (N, *extra)
    return differing([
        Slip("class-dim-kept", (N, C, *extra),
             "kept the class dimension: each target's loss already sums over the C classes",
             "保留了类别维：每个目标的损失已经对 C 个类别求和"),
        Slip("reduced-to-scalar", (),
             "gave a scalar: reduction='none' keeps one loss per target",
             "给出了标量：reduction='none' 为每个目标保留一个损失")], right)
