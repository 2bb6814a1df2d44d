"""Metrics deck: every verifier against scikit-learn, scipy and numpy references."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from deckkit import kit
from scipy.stats import entropy as sp_entropy
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    fbeta_score,
    precision_score,
    recall_score,
    roc_auc_score,
    top_k_accuracy_score,
)

METRICS = kit("metrics")
run, draw = METRICS.run, METRICS.sample
SEEDS = range(150)


def close(got: float, ref: float) -> bool:
    return math.isclose(got, ref, rel_tol=1e-9, abs_tol=1e-12)


# ---------------------------------------------------------------- references


def arrays(p: dict) -> tuple[np.ndarray, np.ndarray]:
    """Label/prediction arrays with the given counts, in an order unlike the verifier's."""
    pairs = ([(0, 0)] * p.get("tn", 0) + [(1, 0)] * p["fn"] + [(1, 1)] * p["tp"]
             + [(0, 1)] * p["fp"])
    y = np.array([a for a, _ in pairs], dtype=int)
    q = np.array([b for _, b in pairs], dtype=int)
    return y, q


def sk(metric, **kw):
    def ref(p: dict) -> float:
        return float(metric(*arrays(p), zero_division=0, **kw))
    return ref


def ref_fbeta(p: dict) -> float:
    return float(fbeta_score(*arrays(p), beta=p["beta"], zero_division=0))


def ref_log(p: dict) -> float:
    return math.log(2) if p["unit"] == "bits" else 1.0


def ref_cross_entropy(p: dict) -> float:
    a, b = np.array(p["p"]), np.array(p["q"])
    return float(-(a * np.log(b)).sum() / ref_log(p))


def ref_roc_point(p: dict) -> float:
    y, pred = np.array(p["labels"]), (np.array(p["scores"]) >= p["threshold"]).astype(int)
    if p["rate"] == "TPR":
        return float(recall_score(y, pred))
    return 1.0 - float(recall_score(y, pred, pos_label=0))  # FPR = 1 - TNR


REFS = {
    "precision": sk(precision_score),
    "recall": sk(recall_score),
    "f1": sk(f1_score),
    "accuracy": lambda p: float(accuracy_score(*arrays(p))),
    "specificity": sk(recall_score, pos_label=0),
    "fbeta": ref_fbeta,
    "roc-auc": lambda p: float(roc_auc_score(p["labels"], p["scores"])),
    "top-k-accuracy": lambda p: float(top_k_accuracy_score(
        p["labels"], np.array(p["scores"]), k=p["k"], labels=[0, 1, 2, 3])),
    "entropy": lambda p: float(sp_entropy(p["p"], base=2 if p["unit"] == "bits" else None)),
    "kl-divergence": lambda p: float(
        sp_entropy(p["p"], p["q"], base=2 if p["unit"] == "bits" else None)),
    "distribution-cross-entropy": ref_cross_entropy,
    "roc-point": ref_roc_point,
}


# ---------------------------------------------------------------- deck structure


def test_choices_are_in_chinese_too():
    for card in METRICS.quiz:
        for choice in card.choices:
            assert re.search(r"[\u4e00-\u9fff]", choice.get("zh")), card.key


def test_chinese_terms_are_not_swapped():
    """准确率 = accuracy, 精确率 = precision, 召回率 = recall (the notes swap the first two)."""
    assert "准确率" in METRICS.card("accuracy").prompt.zh
    assert "精确率" in METRICS.card("precision").prompt.zh
    assert "召回率" in METRICS.card("recall").prompt.zh
    for cid in ("accuracy", "recall", "f1"):
        assert "精确率（precision）" not in METRICS.card(cid).prompt.zh


# ---------------------------------------------------------------- sampled agreement


@pytest.mark.parametrize("card_id", sorted(REFS))
def test_sampled_against_reference(device, card_id):
    for seed in SEEDS:
        p = draw(card_id, seed)
        got = run(card_id, p, device)
        assert isinstance(got, float)
        assert close(got, REFS[card_id](p)), (seed, p, got)


def test_confusion_entry(device):
    for seed in SEEDS:
        p = draw("confusion-entry", seed)
        tn, fp, fn, tp = confusion_matrix(p["labels"], p["preds"], labels=[0, 1]).ravel()
        got = run("confusion-entry", p, device)
        assert got == {"TP": tp, "FP": fp, "FN": fn, "TN": tn}[p["entry"]]


def test_confusion_cell(device):
    for seed in SEEDS:
        p = draw("confusion-cell", seed)
        m = confusion_matrix(p["labels"], p["preds"], labels=[0, 1, 2])
        got = run("confusion-cell", p, device)
        assert got == m[p["row"], p["col"]]


# ---------------------------------------------------------------- samplers


def test_samplers_give_valid_params():
    auc_ties = dyadic = 0
    for seed in SEEDS:
        for cid in ("precision", "specificity", "f1"):
            p = draw(cid, seed)
            assert p["tp"] + p["fp"] > 0 and p["tp"] + p["fn"] > 0 and p["tn"] + p["fp"] > 0
        p = draw("fbeta", seed)
        assert p["tp"] + p["fp"] > 0 and p["tp"] + p["fn"] > 0
        for cid in ("roc-auc", "roc-point", "confusion-entry"):
            p = draw(cid, seed)
            first = p.get("scores", p.get("preds"))
            assert len(first) == len(p["labels"]) and set(p["labels"]) == {0, 1}, (cid, p)
        p = draw("roc-auc", seed)
        pos = {s for s, y in zip(p["scores"], p["labels"], strict=True) if y == 1}
        auc_ties += bool(pos & {s for s, y in zip(p["scores"], p["labels"], strict=True) if y == 0})
        p = draw("confusion-cell", seed)
        assert len(p["preds"]) == len(p["labels"]) and set(p["preds"]) <= {0, 1, 2}
        p = draw("top-k-accuracy", seed)
        assert all(len(set(row)) == 4 for row in p["scores"])
        assert len(p["labels"]) == len(p["scores"]) and set(p["labels"]) <= set(range(4))
        p = draw("kl-divergence", seed)
        assert len(p["p"]) == len(p["q"]) and min(p["q"]) > 0
        assert math.isclose(sum(p["p"]), 1.0) and math.isclose(sum(p["q"]), 1.0)
        dyadic += 0.125 in p["p"] or p["p"] == [0.5, 0.5]
    assert 0 < auc_ties < len(SEEDS), "ties across classes should appear sometimes"
    assert dyadic > 0


# ---------------------------------------------------------------- edge cases


@pytest.mark.parametrize("counts", [
    {"tp": 0, "fp": 0, "fn": 4, "tn": 6},   # no positive predictions: precision 0/0
    {"tp": 0, "fp": 3, "fn": 0, "tn": 6},   # no positive labels: recall 0/0
    {"tp": 0, "fp": 0, "fn": 0, "tn": 9},   # F1's 2TP + FP + FN = 0
    {"tp": 0, "fp": 5, "fn": 2, "tn": 1},   # P = R = 0 but defined
    {"tp": 7, "fp": 0, "fn": 0, "tn": 0},   # perfect, no negatives
])
def test_zero_division_matches_sklearn_zero_division_0(device, counts):
    for cid in ("precision", "recall", "f1", "accuracy"):
        got = run(cid, counts, device)
        assert close(got, REFS[cid](counts)), (cid, counts, got)
    if counts["tn"] + counts["fp"] == 0:
        assert run("specificity", counts, device) == 0.0
    for beta in (0.5, 2.0):
        got = run("fbeta", {**counts, "beta": beta}, device)
        assert close(got, ref_fbeta({**counts, "beta": beta}))


def test_zero_division_explanation_says_so(device):
    _, why = METRICS.module.precision({"tp": 0, "fp": 0, "fn": 4, "tn": 6}, device)
    assert "zero_division" in why["en"] and "zero_division" in why["zh"]


@pytest.mark.parametrize("scores,labels", [
    ([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]),          # all tied: 0.5
    ([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]),          # perfect: 1
    ([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]),          # inverted: 0
    ([0.3, 0.3, 0.7, 0.3, 0.7], [1, 0, 1, 0, 0]),  # ties across classes
    ([0.4, 0.4, 0.4, 0.9], [1, 1, 0, 0]),          # ties inside a class and across
])
def test_roc_auc_ties_and_extremes(device, scores, labels):
    got = run("roc-auc", {"scores": scores, "labels": labels}, device)
    assert close(got, float(roc_auc_score(labels, scores)))


def test_information_edge_cases(device):
    got = run("entropy", {"p": [0.5, 0.5, 0.0], "unit": "bits"}, device)
    assert close(got, 1.0)  # 0·log 0 = 0
    got = run("entropy", {"p": [1.0, 0.0], "unit": "nats"}, device)
    assert close(got, 0.0)
    got = run("kl-divergence", {"p": [0.0, 1.0], "q": [0.5, 0.5], "unit": "nats"}, device)
    assert close(got, math.log(2))
    same = {"p": [0.2, 0.3, 0.5], "q": [0.2, 0.3, 0.5], "unit": "bits"}
    assert close(run("kl-divergence", same, device), 0.0)
    assert close(run("distribution-cross-entropy", same, device), float(sp_entropy(same["p"],
                                                                                  base=2)))


def test_top_k_all_hits_at_k_equals_classes(device):
    p = {"scores": [[0.1, 0.9, 0.3, 0.2], [0.4, 0.3, 0.2, 0.1]], "labels": [3, 3], "k": 2}
    assert run("top-k-accuracy", p, device) == 0.0
    p["k"] = 4
    assert run("top-k-accuracy", p, device) == 1.0
