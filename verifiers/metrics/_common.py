"""Pure-Python helpers and samplers for the metrics deck (torch is imported lazily)."""

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
