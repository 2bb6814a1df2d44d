"""Known slips of the score and information cards (ROC AUC, ROC points, entropy,
cross-entropy, KL): each redoes the value with one classic mistake (pure Python, no torch)."""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip, finite


def roc_auc_slips(p: Params) -> list[Slip]:
    pos = [s for s, y in zip(p["scores"], p["labels"], strict=False) if y == 1]
    neg = [s for s, y in zip(p["scores"], p["labels"], strict=False) if y == 0]
    pairs = len(pos) * len(neg)
    if not pairs:
        return []
    wins = sum(a > b for a in pos for b in neg)
    ties = sum(a == b for a in pos for b in neg)
    losses = pairs - wins - ties
    return [
        Slip("auc-ties-ignored", wins / pairs,
             "counted tied positive/negative pairs as 0: a tie counts 1/2",
             "把得分相同的正负样本对记为 0：平局记 1/2"),
        Slip("auc-ties-as-wins", (wins + ties) / pairs,
             "counted tied positive/negative pairs as wins: a tie counts 1/2",
             "把得分相同的正负样本对记为 1：平局记 1/2"),
        Slip("auc-inverted", (losses + 0.5 * ties) / pairs,
             "counted the pairs the wrong way round (1 - AUC): a pair is won when the positive "
             "scores higher than the negative",
             "把正负样本对的胜负弄反了（得到 1 - AUC）：正样本得分高于负样本才算赢"),
    ]


def _rates(p: Params, strict: bool = False) -> dict[str, int]:
    t = p["threshold"]
    n = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for s, y in zip(p["scores"], p["labels"], strict=False):
        predicted = s > t if strict else s >= t
        n[("t" if predicted == bool(y) else "f") + ("p" if predicted else "n")] += 1
    return n


def _rate(n: dict[str, int], rate: str) -> float:
    top, bottom = (n["tp"], n["tp"] + n["fn"]) if rate == "TPR" else (n["fp"], n["fp"] + n["tn"])
    return top / bottom if bottom else 0.0


def roc_point_slips(p: Params) -> list[Slip]:
    rate = p["rate"]
    other = "FPR" if rate == "TPR" else "TPR"
    n = _rates(p)
    predicted = n["tp"] + n["fp"]
    top = n["tp"] if rate == "TPR" else n["fp"]
    return [
        Slip("tpr-fpr-swapped", _rate(n, other),
             f"gave the {other}: TPR = TP/(TP+FN), FPR = FP/(FP+TN)",
             f"算成了 {other}：TPR = TP/(TP+FN)，FPR = FP/(FP+TN)"),
        Slip("threshold-strict", _rate(_rates(p, strict=True), rate),
             "predicted positive only above the threshold: a score equal to it counts as "
             "positive (≥)",
             "只把高于阈值的得分预测为正：等于阈值的得分也算正（≥）"),
        Slip("predicted-denominator", top / predicted if predicted else 0.0,
             f"divided by the predicted positives TP+FP: the {rate} divides by the real "
             f"{'positives TP+FN' if rate == 'TPR' else 'negatives FP+TN'}",
             f"除以了预测为正的样本数 TP+FP：{rate} 要除以真实"
             f"{'正样本数 TP+FN' if rate == 'TPR' else '负样本数 FP+TN'}"),
    ]


def _scale(unit: str) -> float:
    """What turns nats into the card's unit."""
    return 1 / math.log(2) if unit == "bits" else 1.0


def _unit_slips(nats: float, unit: str) -> list[Slip]:
    """The wrong-logarithm slips, from the right value in nats."""
    if unit == "bits":
        wrong = Slip("nats-for-bits", nats,
                     "gave the value in nats (natural log): in bits divide by ln 2, i.e. use log2",
                     "给出的是以纳特为单位的值（自然对数）：换成比特要除以 ln 2，即用 log2")
    else:
        wrong = Slip("bits-for-nats", nats / math.log(2),
                     "gave the value in bits (log2): in nats use the natural log",
                     "给出的是以比特为单位的值（log2）：纳特要用自然对数 ln")
    return [wrong, Slip("log10-used", nats / math.log(10),
                        "used log base 10 (a calculator's log key): nats use ln, bits use log2",
                        "用了以 10 为底的对数（计算器上的 log 键）：纳特用 ln，比特用 log2")]


def _h(p: list[float], q: list[float]) -> float:
    """-Σ p·ln q in nats (terms with p = 0 add nothing; q = 0 under p > 0 is infinite)."""
    if any(a > 0 and b <= 0 for a, b in zip(p, q, strict=False)):
        return math.inf
    return -math.fsum(a * math.log(b) for a, b in zip(p, q, strict=False) if a > 0)


def entropy_slips(p: Params) -> list[Slip]:
    nats = _h(p["p"], p["p"])
    return finite([
        *_unit_slips(nats, p["unit"]),
        Slip("entropy-sign-dropped", -nats * _scale(p["unit"]),
             "dropped the minus sign: H(p) = -Σ p·log p is never negative",
             "漏掉了负号：H(p) = -Σ p·log p，熵不会是负数"),
    ])


def distribution_cross_entropy_slips(p: Params) -> list[Slip]:
    P, Q = p["p"], p["q"]
    scale = _scale(p["unit"])
    return finite([
        *_unit_slips(_h(P, Q), p["unit"]),
        Slip("cross-entropy-reversed", _h(Q, P) * scale,
             "computed H(q, p): cross-entropy is not symmetric, H(p, q) = -Σ p·log q "
             "averages over the true p",
             "算成了 H(q, p)：交叉熵不对称，H(p, q) = -Σ p·log q 是在真实分布 p 下求平均"),
        Slip("kl-for-cross-entropy", (_h(P, Q) - _h(P, P)) * scale,
             "gave KL(p‖q): cross-entropy also includes the entropy, H(p, q) = H(p) + KL(p‖q)",
             "算成了 KL(p‖q)：交叉熵还包含熵本身，H(p, q) = H(p) + KL(p‖q)"),
        Slip("entropy-for-cross-entropy", _h(P, P) * scale,
             "gave the entropy H(p) alone: H(p, q) = H(p) + KL(p‖q) also counts the model's "
             "mismatch",
             "只算了熵 H(p)：H(p, q) = H(p) + KL(p‖q)，还要加上模型分布的偏差"),
    ])


def kl_divergence_slips(p: Params) -> list[Slip]:
    P, Q = p["p"], p["q"]
    scale = _scale(p["unit"])
    kl_pq, kl_qp = _h(P, Q) - _h(P, P), _h(Q, P) - _h(Q, Q)
    return finite([
        *_unit_slips(kl_pq, p["unit"]),
        Slip("kl-reversed", kl_qp * scale,
             "computed KL(q‖p): KL is not symmetric, KL(p‖q) = Σ p·log(p/q)",
             "算成了 KL(q‖p)：KL 散度不对称，KL(p‖q) = Σ p·log(p/q)"),
        Slip("cross-entropy-for-kl", _h(P, Q) * scale,
             "gave the cross-entropy H(p, q): KL(p‖q) = H(p, q) - H(p)",
             "算成了交叉熵 H(p, q)：KL(p‖q) = H(p, q) - H(p)"),
        Slip("kl-sign-dropped", -kl_pq * scale,
             "summed p·log(q/p) and dropped the minus sign: KL(p‖q) = Σ p·log(p/q) ≥ 0",
             "算的是 Σ p·log(q/p) 却忘了负号：KL(p‖q) = Σ p·log(p/q) ≥ 0"),
    ])
