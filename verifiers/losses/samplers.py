"""Samplers of the losses deck: lists fitted to one another, valid targets, probability rows.

Pure Python on the seeded `rng` only; none ever produces parameters without an answer.
"""

from __future__ import annotations

import random

from quizapp.authoring import decimals, fit, prob_row

from ._common import IGNORE


def _floats(rng: random.Random, n: int, lo: float, hi: float, places: int = 1) -> list[float]:
    return [decimals(rng.uniform(lo, hi), places) for _ in range(n)]


def _rows(rng: random.Random, n: int, width: int, lo: float, hi: float) -> list[list[float]]:
    """n rows of `width` floats, none of them the zero vector."""
    rows = []
    for _ in range(n):
        row = _floats(rng, width, lo, hi)
        while not any(row):
            row = _floats(rng, width, lo, hi)
        rows.append(row)
    return rows


def _signs(rng: random.Random, n: int) -> list[int]:
    return [rng.choice([1, -1]) for _ in range(n)]


def sample_pairs(p: dict, rng: random.Random) -> dict:
    """The targets (and weights) as long as the predictions."""
    if "input" in p:  # regression: targets are floats like the inputs
        p["target"] = _floats(rng, len(p["input"]), -3, 3)
        return p
    first = next(k for k in ("logits", "probs") if k in p)
    p["targets"] = fit(p["targets"], len(p[first]), rng, [0, 1])
    if "weight" in p:
        p["weight"] = fit(p["weight"], len(p[first]), rng, [0.5, 1.0, 2.0, 3.0])
    return p


def sample_cross_entropy(p: dict, rng: random.Random) -> dict:
    """One valid class index per logits row."""
    C = len(p["logits"][0])
    p["targets"] = [rng.randrange(C) for _ in p["logits"]]
    return p


def sample_soft_targets(p: dict, rng: random.Random) -> dict:
    """Each target row a probability vector over the C classes."""
    p["probs"] = [prob_row(rng, len(row)) for row in p["logits"]]
    return p


def sample_weighted(p: dict, rng: random.Random) -> dict:
    """Targets with (often) one ignored entry, never all ignored: that would be 0/0."""
    C = len(p["logits"][0])
    targets = [rng.randrange(C) for _ in p["logits"]]
    if rng.random() < 0.6:
        targets[rng.randrange(len(targets))] = IGNORE
    p["targets"] = targets
    return p


def sample_nll(p: dict, rng: random.Random) -> dict:
    """Rows of probabilities and one class index per row."""
    C = len(p["probs"][0])
    p["probs"] = [prob_row(rng, C) for _ in p["probs"]]
    p["targets"] = [rng.randrange(C) for _ in p["probs"]]
    return p


def sample_kl(p: dict, rng: random.Random) -> dict:
    """Two batches of probability rows of one shape."""
    k = rng.choice([2, 3])
    p["q"] = [prob_row(rng, k) for _ in p["q"]]
    p["p"] = [prob_row(rng, k) for _ in p["q"]]
    return p


def sample_margin_ranking(p: dict, rng: random.Random) -> dict:
    """x2 and y as long as x1, with at least one pair inside the margin (a non-zero loss)."""
    n = len(p["x1"])
    for _ in range(100):
        p["x2"] = _floats(rng, n, -2, 2)
        p["y"] = _signs(rng, n)
        pairs = zip(p["x1"], p["x2"], p["y"], strict=True)
        if any(-y * (a - b) + p["margin"] > 0 for a, b, y in pairs):
            break
    return p


def sample_hinge(p: dict, rng: random.Random) -> dict:
    """One label per distance, both labels present when there are two or more."""
    p["y"] = _signs(rng, len(p["x"]))
    if len(p["x"]) > 1 and len(set(p["y"])) == 1:
        p["y"][rng.randrange(len(p["y"]))] *= -1
    return p


def sample_cosine(p: dict, rng: random.Random) -> dict:
    """x1 and x2 of one shape N x D without zero vectors, one label per row."""
    n, width = len(p["x1"]), len(p["x1"][0])
    p["x1"] = _rows(rng, n, width, -2, 2)
    p["x2"] = _rows(rng, n, width, -2, 2)
    p["y"] = _signs(rng, n)
    return p


def sample_triplet(p: dict, rng: random.Random) -> dict:
    """Anchor, positive and negative of one shape N x D."""
    n, width = len(p["anchor"]), len(p["anchor"][0])
    for key in ("anchor", "positive", "negative"):
        p[key] = [_floats(rng, width, -2, 2) for _ in range(n)]
    return p


def sample_soft_margin(p: dict, rng: random.Random) -> dict:
    p["y"] = _signs(rng, len(p["x"]))
    return p


def sample_multi_margin(p: dict, rng: random.Random) -> dict:
    """Rectangular scores and one class index per row."""
    n, C = len(p["x"]), len(p["x"][0])
    p["x"] = [_floats(rng, C, -1, 1) for _ in range(n)]
    p["y"] = [rng.randrange(C) for _ in range(n)]
    return p


def sample_multilabel(p: dict, rng: random.Random) -> dict:
    """Each target row: some distinct classes, then -1, sometimes with a leftover class after
    it (torch stops reading at the first -1), padded with -1 to C entries."""
    n, C = len(p["x"]), len(p["x"][0])
    p["x"] = [_floats(rng, C, -1, 1) for _ in range(n)]
    rows = []
    for _ in range(n):
        labels = rng.sample(range(C), rng.randint(1, C - 1))
        row = labels + [-1] * (C - len(labels))
        if len(labels) < C - 1 and rng.random() < 0.3:
            row[len(labels) + 1] = rng.choice([c for c in range(C) if c not in labels])
        rows.append(row)
    p["y"] = rows
    return p


def sample_poisson(p: dict, rng: random.Random) -> dict:
    """Counts as targets; with log_input=False the inputs are rates, so positive."""
    n = len(p["input"])
    if not p["log_input"]:
        p["input"] = _floats(rng, n, 0.1, 4)
    p["target"] = [float(rng.randint(0, 5)) for _ in range(n)]
    return p


def sample_kd(p: dict, rng: random.Random) -> dict:
    """Teacher logits of the student's shape, one label per row."""
    n, C = len(p["student"]), len(p["student"][0])
    p["student"] = [_floats(rng, C, -3, 3) for _ in range(n)]
    p["teacher"] = [_floats(rng, C, -3, 3) for _ in range(n)]
    p["labels"] = [rng.randrange(C) for _ in range(n)]
    return p


def sample_ctc(p: dict, rng: random.Random) -> dict:
    """A target length the input can hold: CTC needs T >= S (more with repeated labels)."""
    p["S"] = rng.randint(1, max(1, min(p["T"] // 2, 6)))
    return p
