"""Confusion counts as torch tensors, ratios with scikit-learn's zero_division=0, and how
the explanations word a ratio."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Explain, Params, bi, num, require

# (English, Chinese) names of the count metrics, as the explanations use them.
NAMES = {"precision": ("precision", "精确率"), "recall": ("recall", "召回率"),
         "accuracy": ("accuracy", "准确率"), "specificity": ("specificity", "特异度"),
         "TPR": ("TPR", "真正例率 TPR"), "FPR": ("FPR", "假正例率 FPR")}


def require_counts(p: Params, *names: str) -> None:
    """Counts given by hand are whole numbers >= 0, and there is at least one sample."""
    for name in names:
        value = p[name]
        require(isinstance(value, int) and not isinstance(value, bool) and value >= 0,
                f"{name} must be a whole number of at least 0, not {value}")
    require(sum(p[name] for name in names) > 0, "there are no samples at all")


def label_tensors(p: Params, device: Any) -> tuple[Any, Any]:
    """y_true / y_pred tensors holding exactly tp, fp, fn, tn cases of each kind."""
    import torch

    tp, fp, fn, tn = (p.get(k, 0) for k in ("tp", "fp", "fn", "tn"))
    y_true = [1] * tp + [0] * fp + [1] * fn + [0] * tn
    y_pred = [1] * tp + [1] * fp + [0] * fn + [0] * tn
    return (torch.tensor(y_true, device=device, dtype=torch.long),
            torch.tensor(y_pred, device=device, dtype=torch.long))


def count(y_true: Any, y_pred: Any) -> dict[str, Any]:
    """Confusion counts (float64 0-d tensors) from 0/1 label and prediction tensors."""
    import torch

    t, q = y_true == 1, y_pred == 1
    return {k: v.sum().to(torch.float64) for k, v in
            {"tp": t & q, "fp": ~t & q, "fn": t & ~q, "tn": ~t & ~q}.items()}


def counts_of(p: Params, device: Any) -> dict[str, Any]:
    """The confusion counts of the card's tp/fp/fn/tn, counted by torch from label tensors."""
    return count(*label_tensors(p, device))


def safe_div(top: Any, bottom: Any) -> Any:
    """top / bottom, or 0 when bottom == 0 (scikit-learn's zero_division=0 convention)."""
    import torch

    return torch.where(bottom > 0, top / bottom.clamp(min=1e-300), torch.zeros_like(top))


def f_beta(c: dict[str, Any], beta: float) -> Any:
    b2 = beta * beta
    return safe_div((1 + b2) * c["tp"], (1 + b2) * c["tp"] + b2 * c["fn"] + c["fp"])


def ratio(name: str, formula: str, filled: str, top: Any, bottom: Any, value: Any) -> Explain:
    """'precision = TP / (TP + FP) = 2 / (2 + 2) = 2 / 4 = 0.5', with the 0/0 rule said when
    it applies. `name` is a key of NAMES or a plain symbol (F1); `filled` the formula with
    the counts put in."""
    en, zh = NAMES.get(name, (name, name))
    work = f"{formula} = {filled} = {num(top)} / {num(bottom)}"
    if float(bottom) == 0:
        return bi(f"{en} = {work}, which counts as 0 (scikit-learn's zero_division=0).",
                  f"{zh} = {work}，按 scikit-learn 的 zero_division=0 约定记为 0。")
    return bi(f"{en} = {work} = {num(value)}.", f"{zh} = {work} = {num(value)}。")
