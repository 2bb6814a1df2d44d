"""Metrics of scores and distributions: ROC AUC, ROC points, entropy, cross-entropy, KL."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Explain, Params, Result, bi, f64, num, plural, value

from .checks import require_both_classes, require_distribution, require_dists, require_pairs
from .confusion import NAMES, count, safe_div


def roc_auc(p: Params, device: Any) -> Result:
    import torch

    require_pairs(p, "scores")
    require_both_classes(p)
    s = f64(p["scores"], device)
    y = torch.tensor(p["labels"], device=device)
    pos, neg = s[y == 1], s[y == 0]
    # Mann-Whitney: every (positive, negative) pair scores 1 if ranked right, 1/2 if tied.
    wins = int((pos[:, None] > neg[None, :]).sum())
    ties = int((pos[:, None] == neg[None, :]).sum())
    n_pos, n_neg = len(pos), len(neg)
    pairs = n_pos * n_neg
    auc = value((wins + 0.5 * f64(ties, device)) / pairs)
    work = f"AUC = ({wins} + 0.5·{ties}) / {pairs} = {num(auc)}"
    return auc, bi(f"{plural(n_pos, 'positive', 'positives')} and "
                   f"{plural(n_neg, 'negative', 'negatives')} make "
                   f"{plural(pairs, 'pair', 'pairs')}: the positive scores higher in {wins}, "
                   f"ties in {ties} and lower in {pairs - wins - ties}; {work}.",
                   f"{n_pos} 个正样本、{n_neg} 个负样本，共 {pairs} 个（正，负）样本对：正样本得分"
                   f"更高的 {wins} 对，平分 {ties} 对，更低 {pairs - wins - ties} 对；{work}。")


def roc_point(p: Params, device: Any) -> Result:
    import torch

    require_pairs(p, "scores")
    require_both_classes(p)
    s = f64(p["scores"], device)
    y = torch.tensor(p["labels"], device=device)
    c = count(y, (s >= p["threshold"]).long())
    n = {k: int(v) for k, v in c.items()}
    if p["rate"] == "TPR":
        top, bottom, formula = c["tp"], c["tp"] + c["fn"], "TP / (TP + FN)"
    else:
        top, bottom, formula = c["fp"], c["fp"] + c["tn"], "FP / (FP + TN)"
    v = value(safe_div(top, bottom))
    en, zh = NAMES[p["rate"]]
    counts = f"TP = {n['tp']}, FP = {n['fp']}, FN = {n['fn']}, TN = {n['tn']}"
    work = f"{formula} = {int(top)} / {int(bottom)} = {num(v)}"
    return v, bi(f"Predict positive where score ≥ {num(p['threshold'])}: {counts}; "
                 f"{en} = {work}.",
                 f"得分 ≥ {num(p['threshold'])} 时预测为正：{counts.replace(', ', '，')}；"
                 f"{zh} = {work}。")


UNIT = {"nats": ("nat", "nats", "纳特", "ln"), "bits": ("bit", "bits", "比特", "log2")}


def _in_unit(nats: Any, unit: str) -> Any:
    return nats / math.log(2) if unit == "bits" else nats


def _amount(x: float, unit: str) -> Explain:
    one, many, zh, _ = UNIT[unit]
    return bi(f"{num(x)} {one if num(x) == '1' else many}", f"{num(x)} {zh}")


def _zero_note(p_values: list[float]) -> Explain:
    if any(v == 0 for v in p_values):
        return bi(" (a term with p = 0 counts as 0)", "（p = 0 的项记为 0）")
    return bi("", "")


def entropy(p: Params, device: Any) -> Result:
    from torch.distributions import Categorical

    require_distribution(p, "p")
    h = value(_in_unit(Categorical(probs=f64(p["p"], device)).entropy(), p["unit"]))
    log = UNIT[p["unit"]][3]
    terms = " + ".join(f"{num(v)}·{log}(1/{num(v)})" for v in p["p"])
    amount, note = _amount(h, p["unit"]), _zero_note(p["p"])
    work = f"H(p) = Σ p·{log}(1/p) = {terms}"
    return h, bi(f"{work} = {amount['en']}{note['en']}.",
                 f"熵 {work} = {amount['zh']}{note['zh']}。")


def distribution_cross_entropy(p: Params, device: Any) -> Result:
    import torch.nn.functional as F

    require_dists(p)
    pt, qt = f64(p["p"], device), f64(p["q"], device)
    # Soft-target cross_entropy on logits log q: log_softmax(log q) = log q, so this is H(p, q).
    # A q of 0 (allowed only where p is 0) becomes 1e-300, so 0·log q is 0, not 0·(-inf).
    logits = qt.clamp(min=1e-300).log()
    h = value(_in_unit(F.cross_entropy(logits[None], pt[None]), p["unit"]))
    log = UNIT[p["unit"]][3]
    terms = " + ".join(f"{num(a)}·{log}(1/{num(b)})" for a, b in zip(p["p"], p["q"],
                                                                      strict=True))
    amount, note = _amount(h, p["unit"]), _zero_note(p["p"])
    work = f"H(p, q) = Σ p·{log}(1/q) = {terms}"
    return h, bi(f"{work} = {amount['en']}{note['en']}.",
                 f"交叉熵 {work} = {amount['zh']}{note['zh']}。")


def kl_divergence(p: Params, device: Any) -> Result:
    from torch.distributions import Categorical, kl_divergence

    require_dists(p)
    pt, qt = f64(p["p"], device), f64(p["q"], device)
    kl = value(_in_unit(kl_divergence(Categorical(probs=pt), Categorical(probs=qt)), p["unit"]))
    log = UNIT[p["unit"]][3]
    terms = " + ".join(f"{num(a)}·{log}({num(a)}/{num(b)})" for a, b in zip(p["p"], p["q"],
                                                                            strict=True))
    amount, note = _amount(kl, p["unit"]), _zero_note(p["p"])
    work = f"KL(p‖q) = Σ p·{log}(p/q) = {terms}"
    return kl, bi(f"{work} = {amount['en']}{note['en']}.",
                  f"KL 散度 {work} = {amount['zh']}{note['zh']}。")
