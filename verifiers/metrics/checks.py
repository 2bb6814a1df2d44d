"""What list parameters set by hand (--param, a card's tests) must satisfy to have an answer."""

from __future__ import annotations

import math

from quizapp.authoring import Params, require


def require_pairs(p: Params, first: str, classes: int = 2, truth: str = "labels") -> None:
    """`first` (scores or predictions) and the true classes (`truth`) pair up one to one;
    true and predicted classes are 0..classes-1."""
    n, m = len(p[first]), len(p[truth])
    require(n == m, f"{first} has {n} items but {truth} has {m}: they must pair up")
    require(n > 0, "there are no samples at all")
    lists = [truth] if first == "scores" else [truth, first]
    for name in lists:
        require(all(isinstance(v, int) and 0 <= v < classes for v in p[name]),
                f"{name} must hold classes 0 to {classes - 1}")


def require_both_classes(p: Params) -> None:
    require(set(p["labels"]) == {0, 1}, "labels needs at least one positive and one negative")


def require_distribution(p: Params, name: str) -> None:
    values = p[name]
    require(len(values) >= 1 and all(v >= 0 for v in values),
            f"{name} must be a list of probabilities (each >= 0)")
    require(math.isclose(math.fsum(values), 1.0, rel_tol=0, abs_tol=1e-9),
            f"{name} must sum to 1, not {math.fsum(values):g}")


def require_dists(p: Params) -> None:
    """p and q are distributions over the same outcomes, q > 0 wherever p > 0 (else the
    cross-entropy and KL divergence are infinite)."""
    require_distribution(p, "p")
    require_distribution(p, "q")
    require(len(p["p"]) == len(p["q"]), "p and q must have the same number of outcomes")
    require(all(b > 0 for a, b in zip(p["p"], p["q"], strict=True) if a > 0),
            "q must be positive wherever p is (otherwise the answer is infinite)")


def require_topk(p: Params) -> None:
    rows, k = p["scores"], p["k"]
    require(len(rows) == len(p["labels"]) and rows, "scores needs one row per label")
    require(all(len(set(row)) == len(row) for row in rows),
            "each row's scores must differ (tied scores make the top k ambiguous)")
    require(all(isinstance(v, int) and 0 <= v < len(rows[0]) for v in p["labels"]),
            f"labels must be classes 0 to {len(rows[0]) - 1}")
    require(isinstance(k, int) and 1 <= k <= len(rows[0]),
            f"k must be a whole number from 1 to {len(rows[0])}")
