"""Metrics of scores and distributions: ROC AUC, ROC points, entropy, cross-entropy, KL."""

from __future__ import annotations

from typing import Any

from ._common import _bits, _count, _n

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
