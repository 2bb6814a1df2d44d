"""Flash-card checks for the metrics deck: each proves its card's claim in torch."""

from __future__ import annotations

import math
from typing import Any

from ._common import _counts_from, _fbeta, _n, _safe_div
from .counts import accuracy, precision, recall, specificity
from .scores import distribution_cross_entropy, entropy, kl_divergence, roc_auc

# ---------------------------------------------------------------- flash verifiers


def check_accuracy_imbalance(p: dict, device: Any) -> tuple[bool, Any]:
    c = _counts_from({"tp": 0, "fp": 0, "fn": 5, "tn": 95}, device)
    acc = (c["tp"] + c["tn"]) / sum(c.values())
    rec = _safe_div(c["tp"], c["tp"] + c["fn"])
    return float(acc) == 0.95 and float(rec) == 0.0, (
        f"95 negatives, 5 positives, always predict 0: accuracy = {_n(acc)}, recall = {_n(rec)}")


def check_auc_rank_only(p: dict, device: Any) -> tuple[bool, Any]:
    import torch

    raw = {"scores": [0.1, 0.4, 0.35, 0.8, 0.7], "labels": [0, 0, 1, 1, 0]}
    squashed = {**raw, "scores": torch.sigmoid(10 * torch.tensor(raw["scores"])).tolist()}
    a, b = roc_auc(raw, device)[0], roc_auc(squashed, device)[0]
    return a == b, f"AUC(s) = {_n(a)}, AUC(sigmoid(10·s)) = {_n(b)}: same order, same AUC"


def check_auc_ties(p: dict, device: Any) -> tuple[bool, Any]:
    a = roc_auc({"scores": [0.5] * 4, "labels": [0, 1, 0, 1]}, device)[0]
    return a == 0.5, f"all scores tied: every pair counts 1/2, AUC = {_n(a)}"


def check_f1_harmonic(p: dict, device: Any) -> tuple[bool, Any]:
    c = _counts_from({"tp": 8, "fp": 2, "fn": 8}, device)
    pr, rc = c["tp"] / (c["tp"] + c["fp"]), c["tp"] / (c["tp"] + c["fn"])
    f = _fbeta(c, 1.0)
    ok = math.isclose(float(f), float(2 * pr * rc / (pr + rc))) and bool(f < (pr + rc) / 2)
    return ok, (f"P = {_n(pr)}, R = {_n(rc)}: F1 = 2PR/(P+R) = {_n(f)} "
                f"< arithmetic mean {_n((pr + rc) / 2)}")


def check_kl_asymmetric(p: dict, device: Any) -> tuple[bool, Any]:
    pq = kl_divergence({"p": [0.8, 0.2], "q": [0.5, 0.5], "unit": "nats"}, device)[0]
    qp = kl_divergence({"p": [0.5, 0.5], "q": [0.8, 0.2], "unit": "nats"}, device)[0]
    return pq > 0 and qp > 0 and not math.isclose(pq, qp), (
        f"KL([0.8, 0.2]‖[0.5, 0.5]) = {_n(pq)} nats, KL([0.5, 0.5]‖[0.8, 0.2]) = {_n(qp)} nats")


def check_cross_entropy_split(p: dict, device: Any) -> tuple[bool, Any]:
    d = {"p": [0.6, 0.3, 0.1], "q": [0.2, 0.5, 0.3], "unit": "nats"}
    h = entropy(d, device)[0]
    kl = kl_divergence(d, device)[0]
    ce = distribution_cross_entropy(d, device)[0]
    return math.isclose(ce, h + kl), f"H(p, q) = {_n(ce)} = H(p) + KL(p‖q) = {_n(h)} + {_n(kl)}"


def check_nats_bits(p: dict, device: Any) -> tuple[bool, Any]:
    nats = entropy({"p": [0.5, 0.5], "unit": "nats"}, device)[0]
    bits = entropy({"p": [0.5, 0.5], "unit": "bits"}, device)[0]
    ok = math.isclose(bits, 1.0) and math.isclose(nats, math.log(2))
    return ok, f"fair coin: {_n(nats)} nats = {_n(bits)} bit; 1 nat = 1/ln 2 = {_n(1 / nats)} bits"


def check_zh_terms(p: dict, device: Any) -> tuple[bool, Any]:
    d = {"tp": 8, "fp": 2, "fn": 4, "tn": 86}
    acc, prec, rec = (fn(d, device)[0] for fn in (accuracy, precision, recall))
    ok = len({round(acc, 6), round(prec, 6), round(rec, 6)}) == 3
    return ok, {
        "en": f"TP=8, FP=2, FN=4, TN=86: accuracy = {_n(acc)}, precision = {_n(prec)}, "
              f"recall = {_n(rec)}: three different numbers",
        "zh": f"TP=8, FP=2, FN=4, TN=86：准确率 = {_n(acc)}，精确率 = {_n(prec)}，"
              f"召回率 = {_n(rec)}：三个不同的数",
    }


def check_specificity_tnr(p: dict, device: Any) -> tuple[bool, Any]:
    d = {"tp": 7, "fp": 3, "fn": 5, "tn": 12}
    spec = specificity(d, device)[0]
    flipped = recall({"tp": 12, "fp": 5, "fn": 3, "tn": 7}, device)[0]  # negatives as positives
    fpr = 3 / (3 + 12)
    ok = math.isclose(spec, flipped) and math.isclose(spec, 1 - fpr)
    return ok, f"TN/(TN+FP) = {_n(spec)} = recall of class 0 = 1 - FPR = 1 - {_n(fpr)}"


def check_zero_division(p: dict, device: Any) -> tuple[bool, Any]:
    import torch

    c = _counts_from({"tp": 0, "fp": 0, "fn": 4, "tn": 6}, device)
    raw = c["tp"] / (c["tp"] + c["fp"])
    safe = precision({"tp": 0, "fp": 0, "fn": 4, "tn": 6}, device)[0]
    return bool(torch.isnan(raw)) and safe == 0.0, (
        f"no positive predictions: TP / (TP + FP) = 0/0 = {_n(raw)} in torch; "
        f"scikit-learn's zero_division=0 (and this deck) report {_n(safe)}")
