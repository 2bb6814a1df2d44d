"""Flash-card checks for the metrics deck: each proves its card's claim in torch."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Params, Result, bi, f64, num, short, value

from .confusion import counts_of, f_beta, safe_div
from .counts import accuracy, precision, recall, specificity
from .scores import distribution_cross_entropy, entropy, kl_divergence, roc_auc


def _average_precision(scores: Any, labels: Any) -> float:
    """Mean precision at the rank of each positive (scikit-learn's AP when no scores tie)."""
    import torch

    order = torch.argsort(scores, descending=True)
    hits = labels[order].to(torch.float64)
    ranks = torch.arange(1, len(hits) + 1, dtype=torch.float64, device=hits.device)
    return value((hits.cumsum(0) / ranks)[hits == 1].mean())


def rare_positives(device: Any) -> tuple[float, float]:
    """(ROC AUC, AP) of 5 positives among 1000 samples that all rank just below the top 50
    negatives: the ranking looks good to ROC AUC and poor to average precision."""
    import torch

    negatives = [i / 1000 for i in range(995)]
    positives = [0.9441, 0.9442, 0.9443, 0.9444, 0.9445]  # above 945 negatives, below 50
    scores, labels = negatives + positives, [0] * 995 + [1] * 5
    auc = roc_auc({"scores": scores, "labels": labels}, device)[0]
    ap = _average_precision(f64(scores, device), torch.tensor(labels, device=device))
    return auc, ap


def check_accuracy_imbalance(p: Params, device: Any) -> Result:
    c = counts_of({"tp": 0, "fp": 0, "fn": 5, "tn": 95}, device)
    acc = value((c["tp"] + c["tn"]) / sum(c.values()))
    rec = value(safe_div(c["tp"], c["tp"] + c["fn"]))
    auc, ap = rare_positives(device)
    ok = acc == 0.95 and rec == 0.0 and abs(auc - 0.95) < 1e-3 and abs(ap - 0.056) < 1e-3
    return ok, bi(f"Always predicting 'negative' on 95 negatives and 5 positives gives accuracy "
                  f"{num(acc)} and recall {num(rec)}. With 5 positives among 1000 samples, all "
                  f"ranked just below 50 negatives, ROC AUC is {short(auc)} while average "
                  f"precision is only {short(ap)}.",
                  f"在 95 个负样本、5 个正样本上永远预测为负：准确率 {num(acc)}，召回率 "
                  f"{num(rec)}。1000 个样本中只有 5 个正样本、且都排在 50 个负样本之后时，"
                  f"ROC AUC 为 {short(auc)}，平均精确率（AP）却只有 {short(ap)}。")


def check_auc_rank_only(p: Params, device: Any) -> Result:
    import torch

    raw = {"scores": [0.1, 0.4, 0.35, 0.8, 0.7], "labels": [0, 0, 1, 1, 0]}
    squashed = {**raw, "scores": torch.sigmoid(10 * f64(raw["scores"], device)).tolist()}
    a, b = roc_auc(raw, device)[0], roc_auc(squashed, device)[0]
    return a == b, bi(f"The scores {raw['scores']} have ROC AUC {short(a)}, and after "
                      f"sigmoid(10·s) the AUC is still {short(b)}: the order is the same, so "
                      f"the AUC is too.",
                      f"得分 {raw['scores']} 的 ROC AUC 为 {short(a)}；经过 sigmoid(10·s) 之后"
                      f"仍是 {short(b)}：排序没变，AUC 就不变。")


def check_auc_ties(p: Params, device: Any) -> Result:
    a = roc_auc({"scores": [0.5] * 4, "labels": [0, 1, 0, 1]}, device)[0]
    return a == 0.5, bi(f"With all 4 scores tied, each of the 4 (positive, negative) pairs "
                        f"counts 1/2, so ROC AUC = {num(a)}.",
                        f"4 个得分全部相同时，4 个（正，负）样本对各记 1/2，"
                        f"所以 ROC AUC = {num(a)}。")


def check_f1_harmonic(p: Params, device: Any) -> Result:
    c = counts_of({"tp": 8, "fp": 2, "fn": 8}, device)
    pr, rc = value(c["tp"] / (c["tp"] + c["fp"])), value(c["tp"] / (c["tp"] + c["fn"]))
    f = value(f_beta(c, 1.0))
    ok = math.isclose(f, 2 * pr * rc / (pr + rc)) and f < (pr + rc) / 2
    return ok, bi(f"With TP = 8, FP = 2, FN = 8: precision {num(pr)}, recall {num(rc)}, "
                  f"F1 = 2PR/(P + R) = {short(f)}, below the arithmetic mean "
                  f"{num((pr + rc) / 2)}: the smaller value drags it down.",
                  f"TP = 8，FP = 2，FN = 8 时：精确率 {num(pr)}，召回率 {num(rc)}，"
                  f"F1 = 2PR/(P + R) = {short(f)}，低于算术平均 {num((pr + rc) / 2)}："
                  f"较小的那个值把它拉低了。")


def check_kl_asymmetric(p: Params, device: Any) -> Result:
    pq = kl_divergence({"p": [0.8, 0.2], "q": [0.5, 0.5], "unit": "nats"}, device)[0]
    qp = kl_divergence({"p": [0.5, 0.5], "q": [0.8, 0.2], "unit": "nats"}, device)[0]
    ok = pq > 0 and qp > 0 and not math.isclose(pq, qp)
    return ok, bi(f"KL([0.8, 0.2]‖[0.5, 0.5]) = {short(pq)} nats but KL([0.5, 0.5]‖[0.8, 0.2]) "
                  f"= {short(qp)} nats: swapping the two distributions changes the value.",
                  f"KL([0.8, 0.2]‖[0.5, 0.5]) = {short(pq)} 纳特，而 KL([0.5, 0.5]‖[0.8, 0.2]) "
                  f"= {short(qp)} 纳特：交换两个分布，结果就变了。")


def check_cross_entropy_split(p: Params, device: Any) -> Result:
    d = {"p": [0.6, 0.3, 0.1], "q": [0.2, 0.5, 0.3], "unit": "nats"}
    h = entropy(d, device)[0]
    kl = kl_divergence(d, device)[0]
    ce = distribution_cross_entropy(d, device)[0]
    work = f"H(p, q) = {short(ce)} = H(p) + KL(p‖q) = {short(h)} + {short(kl)}"
    return math.isclose(ce, h + kl), bi(
        f"For p = {d['p']} and q = {d['q']} the cross-entropy is the entropy plus the KL "
        f"divergence, in nats: {work}.",
        f"p = {d['p']}，q = {d['q']} 时，交叉熵等于熵加上 KL 散度（单位：纳特）：{work}。")


def check_nats_bits(p: Params, device: Any) -> Result:
    nats = entropy({"p": [0.5, 0.5], "unit": "nats"}, device)[0]
    bits = entropy({"p": [0.5, 0.5], "unit": "bits"}, device)[0]
    ok = math.isclose(bits, 1.0) and math.isclose(nats, math.log(2))
    return ok, bi(f"A fair coin's entropy is {short(nats)} nats = {num(bits)} bit, so 1 nat = "
                  f"1/ln 2 = {short(1 / nats)} bits.",
                  f"公平硬币的熵是 {short(nats)} 纳特 = {num(bits)} 比特，所以 1 纳特 = "
                  f"1/ln 2 = {short(1 / nats)} 比特。")


def check_zh_terms(p: Params, device: Any) -> Result:
    d = {"tp": 8, "fp": 2, "fn": 4, "tn": 86}
    acc, prec, rec = (fn(d, device)[0] for fn in (accuracy, precision, recall))
    ok = len({round(acc, 6), round(prec, 6), round(rec, 6)}) == 3
    return ok, bi(f"With TP = 8, FP = 2, FN = 4, TN = 86: accuracy (准确率) = {short(acc)}, "
                  f"precision (精确率) = {short(prec)}, recall (召回率) = {short(rec)}, three "
                  f"different numbers.",
                  f"TP = 8，FP = 2，FN = 4，TN = 86 时：准确率 = {short(acc)}，精确率 = "
                  f"{short(prec)}，召回率 = {short(rec)}，是三个不同的数。")


def check_specificity_tnr(p: Params, device: Any) -> Result:
    d = {"tp": 7, "fp": 3, "fn": 5, "tn": 12}
    spec = specificity(d, device)[0]
    flipped = recall({"tp": 12, "fp": 5, "fn": 3, "tn": 7}, device)[0]  # negatives as positives
    fpr = 3 / (3 + 12)
    ok = math.isclose(spec, flipped) and math.isclose(spec, 1 - fpr)
    return ok, bi(f"With TN = 12 and FP = 3, specificity = TN/(TN + FP) = {short(spec)}, which "
                  f"equals the recall of class 0 ({short(flipped)}) and 1 - FPR = "
                  f"1 - {short(fpr)}.",
                  f"TN = 12、FP = 3 时，特异度 = TN/(TN + FP) = {short(spec)}，等于负类的召回率"
                  f"（{short(flipped)}），也等于 1 - FPR = 1 - {short(fpr)}。")


def check_zero_division(p: Params, device: Any) -> Result:
    import torch

    d = {"tp": 0, "fp": 0, "fn": 4, "tn": 6}
    c = counts_of(d, device)
    raw = c["tp"] / (c["tp"] + c["fp"])
    safe = precision(d, device)[0]
    ok = bool(torch.isnan(raw)) and safe == 0.0
    shown = str(float(raw))  # nan: the kit's num() takes only finite numbers
    return ok, bi(f"With no positive predictions torch computes TP / (TP + FP) = 0/0 = {shown}; "
                  f"like scikit-learn's zero_division=0, this deck reports {num(safe)}.",
                  f"没有任何正预测时，torch 算出 TP / (TP + FP) = 0/0 = {shown}；本卡组与 "
                  f"scikit-learn 的 zero_division=0 一样，记为 {num(safe)}。")
