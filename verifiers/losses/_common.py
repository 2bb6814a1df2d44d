"""Pure-Python helpers and samplers for the losses deck (torch is imported lazily)."""

from __future__ import annotations

import random
from typing import Any

IGNORE = -100  # nn.CrossEntropyLoss's default ignore_index


# ---------------------------------------------------------------- helpers


def _n(v: Any) -> str:
    """A number as shown in explanations: 4 significant figures."""
    return f"{float(v):.4g}"


def _vec(t: Any) -> str:
    return "[" + ", ".join(_n(v) for v in t.reshape(-1).tolist()) + "]"


def _f64(x: Any, device: Any) -> Any:
    import torch

    return torch.tensor(x, dtype=torch.float64, device=device)


def _kl(inp: Any, target: Any, reduction: str) -> Any:
    """F.kl_div without the UserWarning that reduction='mean' raises (cards ask about it)."""
    import warnings

    import torch.nn.functional as F

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return F.kl_div(inp, target, reduction=reduction)


def _reduce_text(terms: Any, reduction: str) -> str:
    """'mean = (a + b) / n' or 'sum = a + b' for the per-element losses."""
    parts = " + ".join(_n(v) for v in terms.reshape(-1).tolist())
    if terms.numel() == 1:
        return f"{reduction} of one term"
    if reduction == "sum":
        return f"sum = {parts}"
    return f"mean = ({parts}) / {terms.numel()}"


def _prob_row(rng: random.Random, k: int) -> list[float]:
    """k strictly positive probabilities with one decimal that sum to 1."""
    cuts = sorted(rng.sample(range(1, 10), k - 1))
    return [round((b - a) / 10, 1) for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]


def _fit(values: list[Any], n: int, rng: random.Random, pool: list[Any]) -> list[Any]:
    """Truncate or extend a sampled list to length n, drawing new items from pool."""
    return (values + [rng.choice(pool) for _ in range(n)])[:n]


# ---------------------------------------------------------------- samplers


def sample_pairs(p: dict, rng: random.Random) -> dict:
    """Make the targets list as long as the predictions list."""
    if "input" in p:  # regression: targets are floats like the inputs
        p["target"] = [round(rng.uniform(-3, 3), 1) + 0.0 for _ in p["input"]]
    else:
        first = "logits" if "logits" in p else "probs"
        p["targets"] = _fit(p["targets"], len(p[first]), rng, [0, 1])
    return p


def sample_cross_entropy(p: dict, rng: random.Random) -> dict:
    """One valid class index per logits row."""
    C = len(p["logits"][0])
    p["targets"] = [rng.randrange(C) for _ in p["logits"]]
    return p


def sample_soft_targets(p: dict, rng: random.Random) -> dict:
    """Each target row is a probability vector over the C classes."""
    p["probs"] = [_prob_row(rng, len(row)) for row in p["logits"]]
    return p


def sample_weighted(p: dict, rng: random.Random) -> dict:
    """Targets with (often) one ignored entry, never all ignored: that would give nan."""
    C = len(p["logits"][0])
    targets = [rng.randrange(C) for _ in p["logits"]]
    if rng.random() < 0.6:
        targets[rng.randrange(len(targets))] = IGNORE
    p["targets"] = targets
    return p


def sample_nll(p: dict, rng: random.Random) -> dict:
    """Rows of probabilities and one class index per row."""
    p["probs"] = [_prob_row(rng, 3) for _ in p["probs"]]
    p["targets"] = [rng.randrange(3) for _ in p["probs"]]
    return p


def sample_kl(p: dict, rng: random.Random) -> dict:
    """Two batches of probability rows of the same shape."""
    k = rng.choice([2, 3])
    p["q"] = [_prob_row(rng, k) for _ in range(2)]
    p["p"] = [_prob_row(rng, k) for _ in range(2)]
    return p
