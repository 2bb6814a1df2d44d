"""Samplers and derive hooks of the metrics deck (pure Python: only the seeded rng)."""

from __future__ import annotations

import random

from quizapp.authoring import Params, fit, prob_row

DYADIC = [[0.5, 0.5], [0.5, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.5, 0.25, 0.125, 0.125]]


def sample_counts(p: Params, rng: random.Random) -> Params:
    """Keep every ratio's denominator positive, so sampled questions never meet 0/0 (a test
    or --param may still ask for it: the answer is then 0)."""
    while p["tp"] + p["fp"] == 0 or p["tp"] + p["fn"] == 0:
        p["tp"] = rng.randint(0, 20)
    if "tn" in p and p["tn"] + p["fp"] == 0:
        p["tn"] = rng.randint(1, 50)
    return p


def sample_binary(p: Params, rng: random.Random) -> Params:
    """Labels as long as the scores/predictions, with both classes present."""
    first = "scores" if "scores" in p else "preds"
    n = len(p[first])
    labels = fit(p["labels"], n, rng, [0, 1])
    if len(set(labels)) < 2:
        labels[rng.randrange(n)] = 1 - labels[0]
    p["labels"] = labels
    return p


def sample_multiclass(p: Params, rng: random.Random) -> Params:
    """Predictions as long as the true classes."""
    p["y_pred"] = fit(p["y_pred"], len(p["y_true"]), rng, [0, 1, 2])
    return p


def sample_topk(p: Params, rng: random.Random) -> Params:
    """Distinct scores in each row (top-k tie-breaking is not the point) and valid labels."""
    p["scores"] = [[v / 10 for v in rng.sample(range(1, 10), 4)] for _ in p["scores"]]
    p["labels"] = fit(p["labels"], len(p["scores"]), rng, [0, 1, 2, 3])
    return p


def sample_dists(p: Params, rng: random.Random) -> Params:
    """Probability vectors (q strictly positive so KL and cross-entropy are finite)."""
    if rng.random() < 0.3:  # powers of 1/2 make the bits answers come out round
        p["p"] = list(rng.choice(DYADIC))
    else:
        p["p"] = prob_row(rng, rng.randint(2, 4))
    if "q" in p:
        p["q"] = prob_row(rng, len(p["p"]))
    return p


UNITS_ZH = {"nats": "纳特（nats）", "bits": "比特（bits）"}
RATES = {"TPR": ("true positive rate (TPR)", "真正例率（TPR）"),
         "FPR": ("false positive rate (FPR)", "假正例率（FPR）")}


def derive_unit(p: Params) -> Params:
    """The unit as the Chinese prompt names it."""
    p["unit_zh"] = UNITS_ZH.get(p["unit"], p["unit"])
    return p


def derive_rate(p: Params) -> Params:
    """The rate spelled out in both prompts."""
    p["rate_en"], p["rate_zh"] = RATES.get(p["rate"], (p["rate"], p["rate"]))
    return p
