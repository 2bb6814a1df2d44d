"""Known slips for the metrics deck: each redoes the metric by hand with one classic mistake.

Pure Python (no torch): a slips function gets the card's params and returns
[(wrong_answer, {"en": why, "zh": why})]; the app itself skips a candidate its tolerance
cannot tell from the right answer (with some counts a mistake changes nothing).
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


def _div(num: float, den: float) -> float:
    """num / den, 0/0 counting as 0 (scikit-learn's zero_division=0), like the deck."""
    return num / den if den else 0.0


def _counts(p: dict) -> tuple[int, int, int, int]:
    return p["tp"], p["fp"], p["fn"], p.get("tn", 0)


def _pr(p: dict) -> tuple[float, float]:
    tp, fp, fn, _ = _counts(p)
    return _div(tp, tp + fp), _div(tp, tp + fn)


def _fb(precision: float, recall: float, beta: float) -> float:
    b2 = beta * beta
    return _div((1 + b2) * precision * recall, b2 * precision + recall)


# ---------------------------------------------------------------- confusion-count cards


def precision_slips(p: dict) -> list[Slip]:
    tp, fp, fn, tn = _counts(p)
    _, rec = _pr(p)
    return _slips([
        (rec, "swapped precision and recall: precision is TP/(TP+FP), recall is TP/(TP+FN)",
         "把精确率和召回率弄反了：精确率（查准率）是 TP/(TP+FP)，召回率（查全率）是 TP/(TP+FN)"),
        (_div(tp + tn, tp + fp + fn + tn),
         "gave the accuracy (TP+TN)/total: precision is TP/(TP+FP), among the predicted "
         "positives only",
         "算成了准确率 (TP+TN)/总数：精确率是 TP/(TP+FP)，只看被预测为正的样本（准确率 ≠ 精确率）"),
    ])


def recall_slips(p: dict) -> list[Slip]:
    _, fp, _, tn = _counts(p)
    prec, _ = _pr(p)
    return _slips([
        (prec, "swapped recall and precision: recall is TP/(TP+FN), precision is TP/(TP+FP)",
         "把召回率和精确率弄反了：召回率（查全率）是 TP/(TP+FN)，精确率（查准率）是 TP/(TP+FP)"),
        (_div(tn, tn + fp),
         "gave the specificity TN/(TN+FP): recall is the same ratio for the positives, "
         "TP/(TP+FN)",
         "算成了特异度 TN/(TN+FP)：召回率是正类上的同一比例 TP/(TP+FN)"),
    ])


def accuracy_slips(p: dict) -> list[Slip]:
    tp, fp, fn, _ = _counts(p)
    prec, _ = _pr(p)
    return _slips([
        (_div(tp, tp + fp + fn),
         "left out TN: accuracy counts every correct prediction, (TP+TN)/(TP+FP+FN+TN)",
         "漏掉了 TN：准确率统计所有预测正确的样本，(TP+TN)/(TP+FP+FN+TN)"),
        (prec, "gave the precision TP/(TP+FP): accuracy is (TP+TN)/total, every correct "
         "prediction",
         "算成了精确率 TP/(TP+FP)：准确率是 (TP+TN)/总数，即所有预测正确的比例（准确率 ≠ 精确率）"),
    ])


def f1_slips(p: dict) -> list[Slip]:
    prec, rec = _pr(p)
    return _slips([
        ((prec + rec) / 2,
         "took the arithmetic mean (P+R)/2: F1 is the harmonic mean 2PR/(P+R)",
         "取了算术平均 (P+R)/2：F1 是调和平均 2PR/(P+R)"),
        (_div(prec * rec, prec + rec), "forgot the factor 2: F1 = 2PR/(P+R)",
         "漏掉了系数 2：F1 = 2PR/(P+R)"),
    ])


def fbeta_slips(p: dict) -> list[Slip]:
    prec, rec = _pr(p)
    beta = p["beta"]
    # With β in place of β²: (1+β)·P·R/(β·P + R).
    plain_beta = _div((1 + beta) * prec * rec, beta * prec + rec)
    return _slips([
        (plain_beta, "used β instead of β²: Fβ = (1+β²)·P·R/(β²·P + R)",
         "用了 β 而不是 β²：Fβ = (1+β²)·P·R/(β²·P + R)"),
        (_fb(prec, rec, 1 / beta),
         "swapped the roles of precision and recall: β > 1 weights recall more, β < 1 "
         "precision",
         "把精确率和召回率的角色弄反了：β > 1 更看重召回率，β < 1 更看重精确率"),
        (_fb(prec, rec, 1.0), "ignored β and gave F1", "忽略了 β，算成了 F1"),
    ])


def specificity_slips(p: dict) -> list[Slip]:
    _, fp, fn, tn = _counts(p)
    _, rec = _pr(p)
    return _slips([
        (_div(tn, tn + fn),
         "divided by TN+FN (that is the negative predictive value): specificity is "
         "TN/(TN+FP)",
         "除以了 TN+FN（那是阴性预测值）：特异度是 TN/(TN+FP)"),
        (_div(fp, fp + tn),
         "gave the false positive rate FP/(FP+TN): specificity is 1 − FPR",
         "算成了假正例率 FP/(FP+TN)：特异度 = 1 − FPR"),
        (rec, "gave the recall TP/(TP+FN): specificity is the same ratio for the negatives, "
         "TN/(TN+FP)",
         "算成了召回率 TP/(TP+FN)：特异度是负类上的同一比例 TN/(TN+FP)"),
    ])


# ---------------------------------------------------------------- scores and distributions


def roc_auc_slips(p: dict) -> list[Slip]:
    pos = [s for s, y in zip(p["scores"], p["labels"], strict=True) if y == 1]
    neg = [s for s, y in zip(p["scores"], p["labels"], strict=True) if y == 0]
    pairs = len(pos) * len(neg)
    wins = sum(a > b for a in pos for b in neg)
    ties = sum(a == b for a in pos for b in neg)
    losses = pairs - wins - ties
    return _slips([
        (wins / pairs, "counted tied positive/negative pairs as 0: a tie counts 1/2",
         "把得分相同的正负样本对记为 0：平局记 1/2"),
        ((wins + ties) / pairs, "counted tied positive/negative pairs as wins: a tie counts 1/2",
         "把得分相同的正负样本对记为 1：平局记 1/2"),
        ((losses + 0.5 * ties) / pairs,
         "counted the pairs the wrong way round (1 − AUC): a pair is won when the positive "
         "scores higher than the negative",
         "把正负样本对的胜负弄反了（得到 1 − AUC）：正样本得分高于负样本才算赢"),
    ])


def _scale(unit: str) -> float:
    """What turns nats into the card's unit."""
    return 1 / math.log(2) if unit == "bits" else 1.0


def _unit_slips(nats: float, unit: str) -> list[tuple[float, str, str]]:
    """The wrong-logarithm slips."""
    if unit == "bits":
        wrong_unit = (nats, "gave the value in nats (natural log): in bits divide by ln 2, "
                      "i.e. use log2",
                      "给出的是以 nat 为单位的值（自然对数）：换成 bit 要除以 ln 2，即用 log2")
    else:
        wrong_unit = (nats / math.log(2), "gave the value in bits (log2): in nats use the "
                      "natural log",
                      "给出的是以 bit 为单位的值（log2）：nat 要用自然对数 ln")
    log10 = (nats / math.log(10), "used log base 10 (a calculator's log key): nats use ln, "
             "bits use log2", "用了以 10 为底的对数（计算器的 log 键）：nat 用 ln，bit 用 log2")
    return [wrong_unit, log10]


def _h(p: list[float], q: list[float]) -> float:
    """−Σ p·ln q in nats (terms with p = 0 add nothing)."""
    return -math.fsum(a * math.log(b) for a, b in zip(p, q, strict=True) if a > 0)


def entropy_slips(p: dict) -> list[Slip]:
    nats = _h(p["p"], p["p"])
    cands = _unit_slips(nats, p["unit"])
    cands.append((-nats * _scale(p["unit"]),
                  "dropped the minus sign: H(p) = −Σ p·log p is never negative",
                  "漏掉了负号：H(p) = −Σ p·log p，熵不会是负数"))
    return _slips(cands)


def distribution_cross_entropy_slips(p: dict) -> list[Slip]:
    P, Q = p["p"], p["q"]
    cands, scale = _unit_slips(_h(P, Q), p["unit"]), _scale(p["unit"])
    cands.append((_h(Q, P) * scale,
                  "computed H(q, p): cross-entropy is not symmetric, H(p, q) = −Σ p·log q "
                  "averages over the true p",
                  "算成了 H(q, p)：交叉熵不对称，H(p, q) = −Σ p·log q 是在真实分布 p 下求平均"))
    cands.append(((_h(P, Q) - _h(P, P)) * scale,
                  "gave KL(p‖q): cross-entropy also includes the entropy, H(p, q) = H(p) + "
                  "KL(p‖q)",
                  "算成了 KL(p‖q)：交叉熵还包含熵本身，H(p, q) = H(p) + KL(p‖q)"))
    return _slips(cands)


def kl_divergence_slips(p: dict) -> list[Slip]:
    P, Q = p["p"], p["q"]
    kl_pq, kl_qp = _h(P, Q) - _h(P, P), _h(Q, P) - _h(Q, Q)
    cands, scale = _unit_slips(kl_pq, p["unit"]), _scale(p["unit"])
    cands.append((kl_qp * scale,
                  "computed KL(q‖p): KL is not symmetric, KL(p‖q) = Σ p·log(p/q)",
                  "算成了 KL(q‖p)：KL 散度不对称，KL(p‖q) = Σ p·log(p/q)"))
    cands.append((_h(P, Q) * scale,
                  "gave the cross-entropy H(p, q): KL(p‖q) = H(p, q) − H(p)",
                  "算成了交叉熵 H(p, q)：KL(p‖q) = H(p, q) − H(p)"))
    return _slips(cands)
