"""Verifiers for the metrics deck: counts, rates, AUC and entropies computed with torch ops."""

from __future__ import annotations

import math
import random
from typing import Any

DYADIC = [[0.5, 0.5], [0.5, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.5, 0.25, 0.125, 0.125]]


# ---------------------------------------------------------------- helpers


def _n(v: Any) -> str:
    return f"{float(v):.4g}"


def _prob_row(rng: random.Random, k: int) -> list[float]:
    """k strictly positive probabilities with one decimal that sum to 1."""
    cuts = sorted(rng.sample(range(1, 10), k - 1))
    return [round((b - a) / 10, 1) for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]


def _labels_tensors(p: dict, device: Any) -> tuple[Any, Any]:
    """y_true / y_pred tensors holding exactly tp, fp, fn, tn cases of each kind."""
    import torch

    tp, fp, fn, tn = (p.get(k, 0) for k in ("tp", "fp", "fn", "tn"))
    y_true = [1] * tp + [0] * fp + [1] * fn + [0] * tn
    y_pred = [1] * tp + [1] * fp + [0] * fn + [0] * tn
    return (torch.tensor(y_true, device=device, dtype=torch.long),
            torch.tensor(y_pred, device=device, dtype=torch.long))


def _count(y_true: Any, y_pred: Any) -> dict[str, Any]:
    """Confusion counts (float64 0-d tensors) from 0/1 label and prediction tensors."""
    import torch

    t, q = y_true == 1, y_pred == 1
    return {k: v.sum().to(torch.float64) for k, v in
            {"tp": t & q, "fp": ~t & q, "fn": t & ~q, "tn": ~t & ~q}.items()}


def _safe_div(num: Any, den: Any) -> Any:
    """num / den, or 0 when den == 0 (scikit-learn's zero_division=0 convention)."""
    import torch

    return torch.where(den > 0, num / den.clamp(min=1e-300), torch.zeros_like(num))


def _fbeta(c: dict[str, Any], beta: float) -> Any:
    b2 = beta * beta
    return _safe_div((1 + b2) * c["tp"], (1 + b2) * c["tp"] + b2 * c["fn"] + c["fp"])


def _counts_from(p: dict, device: Any) -> dict[str, Any]:
    return _count(*_labels_tensors(p, device))


ZERO_NOTE = {"en": " (a 0/0 ratio counts as 0, like scikit-learn's zero_division=0)",
             "zh": "（0/0 记为 0，与 scikit-learn 的 zero_division=0 相同）"}


def _ratio_why(name: str, formula: str, num: Any, den: Any, value: Any) -> Any:
    """The worked ratio; bilingual only when the 0/0 note (words) is added."""
    text = f"{name} = {formula} = {_n(num)} / {_n(den)} = {_n(value)}"
    if float(den) == 0:
        return {lang: text + note for lang, note in ZERO_NOTE.items()}
    return text


def _bits(v: Any, unit: str) -> Any:
    """Convert nats to the requested unit."""
    return v / math.log(2) if unit == "bits" else v


# ---------------------------------------------------------------- samplers


def sample_counts(p: dict, rng: random.Random) -> dict:
    """Keep every ratio's denominator positive so the answer never hits 0/0."""
    while p["tp"] + p["fp"] == 0 or p["tp"] + p["fn"] == 0:
        p["tp"] = rng.randint(0, 20)
    if "tn" in p and p["tn"] + p["fp"] == 0:
        p["tn"] = rng.randint(1, 50)
    return p


def sample_binary(p: dict, rng: random.Random) -> dict:
    """Labels as long as scores/predictions, with both classes present."""
    first = "scores" if "scores" in p else "preds"
    n = len(p[first])
    labels = (p["labels"] + [rng.randint(0, 1) for _ in range(n)])[:n]
    if len(set(labels)) < 2:
        labels[rng.randrange(n)] = 1 - labels[0]
    p["labels"] = labels
    return p


def sample_multiclass(p: dict, rng: random.Random) -> dict:
    """Predictions as long as the labels."""
    p["preds"] = [rng.randint(0, 2) for _ in p["labels"]]
    return p


def sample_topk(p: dict, rng: random.Random) -> dict:
    """Distinct scores in each row (top-k tie-breaking is not the point) and valid labels."""
    p["scores"] = [[v / 10 for v in rng.sample(range(1, 10), 4)] for _ in p["scores"]]
    p["labels"] = [rng.randrange(4) for _ in p["scores"]]
    return p


def sample_dists(p: dict, rng: random.Random) -> dict:
    """Probability vectors (q strictly positive so KL and cross-entropy are finite)."""
    if rng.random() < 0.3:  # powers of 1/2 make the bits answers come out round
        p["p"] = list(rng.choice(DYADIC))
    else:
        p["p"] = _prob_row(rng, rng.randint(2, 4))
    if "q" in p:
        p["q"] = _prob_row(rng, len(p["p"]))
    return p


# ---------------------------------------------------------------- quiz verifiers


def roc_auc(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    s = torch.tensor(p["scores"], dtype=torch.float64, device=device)
    y = torch.tensor(p["labels"], device=device)
    pos, neg = s[y == 1], s[y == 0]
    # Mann-Whitney: every (positive, negative) pair scores 1 if ranked right, 1/2 if tied.
    wins = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    auc = (wins + 0.5 * ties).to(torch.float64) / (len(pos) * len(neg))
    why = (f"P = {len(pos)} positives, N = {len(neg)} negatives; pairs won = {int(wins)}, "
           f"tied = {int(ties)}: AUC = ({int(wins)} + 0.5·{int(ties)}) / ({len(pos)}·{len(neg)})"
           f" = {_n(auc)}")
    return auc.item(), why


def precision(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _safe_div(c["tp"], c["tp"] + c["fp"])
    return v.item(), _ratio_why("precision", "TP / (TP + FP)", c["tp"], c["tp"] + c["fp"], v)


def recall(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _safe_div(c["tp"], c["tp"] + c["fn"])
    return v.item(), _ratio_why("recall", "TP / (TP + FN)", c["tp"], c["tp"] + c["fn"], v)


def accuracy(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    num, den = c["tp"] + c["tn"], sum(c.values())
    v = _safe_div(num, den)
    return v.item(), _ratio_why("accuracy", "(TP + TN) / total", num, den, v)


def specificity(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _safe_div(c["tn"], c["tn"] + c["fp"])
    return v.item(), _ratio_why("specificity", "TN / (TN + FP)", c["tn"], c["tn"] + c["fp"], v)


def f1(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    v = _fbeta(c, 1.0)
    pr = _safe_div(c["tp"], c["tp"] + c["fp"])
    rc = _safe_div(c["tp"], c["tp"] + c["fn"])
    why = _ratio_why("F1", "2TP / (2TP + FP + FN)", 2 * c["tp"],
                     2 * c["tp"] + c["fp"] + c["fn"], v)
    head = f"P = {_n(pr)}, R = {_n(rc)}; "
    if isinstance(why, str):
        return v.item(), head + why
    return v.item(), {k: head + t for k, t in why.items()}


def fbeta(p: dict, device: Any) -> tuple[Any, Any]:
    c = _counts_from(p, device)
    b2 = p["beta"] ** 2
    v = _fbeta(c, p["beta"])
    num = (1 + b2) * c["tp"]
    why = _ratio_why(f"F{_n(p['beta'])}", f"(1+{_n(b2)})·TP / ((1+{_n(b2)})·TP + {_n(b2)}·FN + FP)",
                     num, num + b2 * c["fn"] + c["fp"], v)
    return v.item(), why


def confusion_entry(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    c = _count(torch.tensor(p["labels"], device=device), torch.tensor(p["preds"], device=device))
    counts = ", ".join(f"{k.upper()} = {int(v)}" for k, v in c.items())
    return int(c[p["entry"].lower()]), counts


def confusion_cell(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    y = torch.tensor(p["labels"], device=device)
    q = torch.tensor(p["preds"], device=device)
    m = torch.bincount(3 * y + q, minlength=9).reshape(3, 3)
    rows = "; ".join(str(r) for r in m.tolist())
    return int(m[p["row"], p["col"]]), (f"C (rows = true class, columns = predicted) = [{rows}]; "
                                        f"C[{p['row']}][{p['col']}] = {int(m[p['row'], p['col']])}")


def top_k_accuracy(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    s = torch.tensor(p["scores"], dtype=torch.float64, device=device)
    y = torch.tensor(p["labels"], device=device)
    top = torch.topk(s, p["k"], dim=1).indices
    hit = (top == y[:, None]).any(dim=1)
    acc = hit.to(torch.float64).mean()
    why = (f"top-{p['k']} classes per row = {top.tolist()}; label inside? {hit.tolist()}; "
           f"accuracy = {int(hit.sum())} / {len(y)} = {_n(acc)}")
    return acc.item(), why


def entropy(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    from torch.distributions import Categorical

    probs = torch.tensor(p["p"], dtype=torch.float64, device=device)
    h = _bits(Categorical(probs=probs).entropy(), p["unit"])
    log = "log2" if p["unit"] == "bits" else "ln"
    terms = " + ".join(f"{v}·{log}(1/{v})" for v in p["p"])
    return h.item(), f"H(p) = Σ p·{log}(1/p) = {terms} = {_n(h)} {p['unit']}"


def distribution_cross_entropy(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    pt = torch.tensor(p["p"], dtype=torch.float64, device=device)
    qt = torch.tensor(p["q"], dtype=torch.float64, device=device)
    # Soft-target cross_entropy on logits log q: log_softmax(log q) = log q, so this is H(p, q).
    h = _bits(F.cross_entropy(qt.log()[None], pt[None]), p["unit"])
    log = "log2" if p["unit"] == "bits" else "ln"
    terms = " + ".join(f"{a}·{log}(1/{b})" for a, b in zip(p["p"], p["q"], strict=True))
    return h.item(), f"H(p, q) = Σ p·{log}(1/q) = {terms} = {_n(h)} {p['unit']}"


def kl_divergence(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    from torch.distributions import Categorical, kl_divergence

    pt = torch.tensor(p["p"], dtype=torch.float64, device=device)
    qt = torch.tensor(p["q"], dtype=torch.float64, device=device)
    kl = _bits(kl_divergence(Categorical(probs=pt), Categorical(probs=qt)), p["unit"])
    log = "log2" if p["unit"] == "bits" else "ln"
    terms = " + ".join(f"{a}·{log}({a}/{b})" for a, b in zip(p["p"], p["q"], strict=True))
    return kl.item(), f"KL(p‖q) = Σ p·{log}(p/q) = {terms} = {_n(kl)} {p['unit']}"


def roc_point(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    s = torch.tensor(p["scores"], dtype=torch.float64, device=device)
    y = torch.tensor(p["labels"], device=device)
    c = _count(y, (s >= p["threshold"]).long())
    if p["rate"] == "TPR":
        num, den, formula = c["tp"], c["tp"] + c["fn"], "TP / (TP + FN)"
    else:
        num, den, formula = c["fp"], c["fp"] + c["tn"], "FP / (FP + TN)"
    v = num / den
    return v.item(), (f"predict 1 where score ≥ {p['threshold']}: TP = {int(c['tp'])}, "
                      f"FP = {int(c['fp'])}, FN = {int(c['fn'])}, TN = {int(c['tn'])}; "
                      f"{p['rate']} = {formula} = {int(num)} / {int(den)} = {_n(v)}")


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
