"""Metrics deck: every verifier against scikit-learn, scipy and numpy references."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import slipkit
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


# ---------------------------------------------------------------- slips

SLIP_CARDS = ["accuracy", "distribution-cross-entropy", "entropy", "f1", "fbeta", "kl-divergence",
              "precision", "recall", "roc-auc", "specificity"]


def slips(card_id: str, p: dict) -> dict[str, float]:
    return slipkit.by_hint("metrics", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(got, expected, close)



@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_slips_are_named_in_the_deck(card_id):
    assert METRICS.card(card_id).slips == card_id.replace("-", "_") + "_slips"


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(session, card_id):
    typed = sum(slipkit.through_the_app(session, "metrics", card_id, draw(card_id, seed))
                for seed in SEEDS)
    assert typed > len(SEEDS)


COUNTS = {"tp": 2, "fp": 2, "fn": 6, "tn": 10}  # P = 1/2, R = 1/4, accuracy 12/20


def test_confusion_count_slips_by_hand(session):
    assert approx(slips("precision", COUNTS), {
        "swapped precision and recall: precision is TP/(TP+FP), recall is TP/(TP+FN)": 0.25,
        "gave the accuracy (TP+TN)/total: precision is TP/(TP+FP), among the predicted "
        "positives only": 0.6})
    assert approx(slips("recall", COUNTS), {
        "swapped recall and precision: recall is TP/(TP+FN), precision is TP/(TP+FP)": 0.5,
        "gave the specificity TN/(TN+FP): recall is the same ratio for the positives, "
        "TP/(TP+FN)": 10 / 12})
    assert approx(slips("accuracy", COUNTS), {
        "left out TN: accuracy counts every correct prediction, (TP+TN)/(TP+FP+FN+TN)": 0.2,
        "gave the precision TP/(TP+FP): accuracy is (TP+TN)/total, every correct prediction":
            0.5})
    # F1 = 2·(1/2)(1/4)/(3/4) = 1/3
    assert approx(slips("f1", COUNTS), {
        "took the arithmetic mean (P+R)/2: F1 is the harmonic mean 2PR/(P+R)": 0.375,
        "forgot the factor 2: F1 = 2PR/(P+R)": 1 / 6})
    # F2 = 5·PR/(4P + R) = 0.625/2.25; with β: 3·PR/(2P + R); F0.5 = 1.25·PR/(0.25P + R)
    assert approx(slips("fbeta", {**COUNTS, "beta": 2.0}), {
        "used β instead of β²: Fβ = (1+β²)·P·R/(β²·P + R)": 0.3,
        "swapped the roles of precision and recall: β > 1 weights recall more, β < 1 "
        "precision": 0.15625 / 0.375,
        "ignored β and gave F1": 1 / 3})
    assert approx(slips("specificity", COUNTS), {
        "divided by TN+FN (that is the negative predictive value): specificity is TN/(TN+FP)":
            10 / 16,
        "gave the false positive rate FP/(FP+TN): specificity is 1 − FPR": 2 / 12,
        "gave the recall TP/(TP+FN): specificity is the same ratio for the negatives, "
        "TN/(TN+FP)": 0.25})
    # Recall and accuracy both 1/2 (precision 1/4): typing 0.5 names the first listed slip
    same = {"tp": 1, "fp": 3, "fn": 1, "tn": 3}
    swapped = "swapped precision and recall: precision is TP/(TP+FP), recall is TP/(TP+FN)"
    assert list(slips("precision", same).values()) == [0.5, 0.5]
    assert slipkit.slip_shown(session, "metrics", "precision", same, 0.5) == swapped


def test_roc_auc_slips_by_hand(session):
    # Positives 0.8, 0.5; negatives 0.5, 0.2: 3 pairs won, 1 tied of 4 → AUC 3.5/4.
    p = {"scores": [0.8, 0.5, 0.5, 0.2], "labels": [1, 1, 0, 0]}
    assert approx(slips("roc-auc", p), {
        "counted tied positive/negative pairs as 0: a tie counts 1/2": 0.75,
        "counted tied positive/negative pairs as wins: a tie counts 1/2": 1.0,
        "counted the pairs the wrong way round (1 − AUC): a pair is won when the positive "
        "scores higher than the negative": 0.125})
    # No ties: both tie slips give the right AUC, 1, so typing 1 is right and names no slip.
    no_ties = {"scores": [0.9, 0.1, 0.4], "labels": [1, 0, 0]}
    wrong_way = ("counted the pairs the wrong way round (1 − AUC): a pair is won when the "
                 "positive scores higher than the negative")
    assert approx(slips("roc-auc", no_ties), {
        "counted tied positive/negative pairs as 0: a tie counts 1/2": 1.0,
        "counted tied positive/negative pairs as wins: a tie counts 1/2": 1.0,
        wrong_way: 0.0})
    assert slipkit.slip_shown(session, "metrics", "roc-auc", no_ties, 1.0) is None
    assert slipkit.slip_shown(session, "metrics", "roc-auc", no_ties, 0.0) == wrong_way


def test_information_slips_by_hand():
    ln2 = math.log(2)
    assert approx(slips("entropy", {"p": [0.5, 0.5], "unit": "bits"}), {
        "gave the value in nats (natural log): in bits divide by ln 2, i.e. use log2": ln2,
        "used log base 10 (a calculator's log key): nats use ln, bits use log2":
            math.log10(2),
        "dropped the minus sign: H(p) = −Σ p·log p is never negative": -1.0})
    p, q = [0.5, 0.5], [0.25, 0.75]
    h = -(0.5 * math.log(0.25) + 0.5 * math.log(0.75))  # H(p, q) in nats
    got = slips("distribution-cross-entropy", {"p": p, "q": q, "unit": "nats"})
    assert approx(got, {
        "gave the value in bits (log2): in nats use the natural log": h / ln2,
        "used log base 10 (a calculator's log key): nats use ln, bits use log2":
            h / math.log(10),
        "computed H(q, p): cross-entropy is not symmetric, H(p, q) = −Σ p·log q averages over "
        "the true p": ln2,
        "gave KL(p‖q): cross-entropy also includes the entropy, H(p, q) = H(p) + KL(p‖q)":
            h - ln2})
    kl_bits = 0.5 * math.log2(2) + 0.5 * math.log2(2 / 3)
    assert approx(slips("kl-divergence", {"p": p, "q": q, "unit": "bits"}), {
        "gave the value in nats (natural log): in bits divide by ln 2, i.e. use log2":
            kl_bits * ln2,
        "used log base 10 (a calculator's log key): nats use ln, bits use log2":
            kl_bits * ln2 / math.log(10),
        "computed KL(q‖p): KL is not symmetric, KL(p‖q) = Σ p·log(p/q)":
            0.25 * math.log2(0.5) + 0.75 * math.log2(1.5),
        "gave the cross-entropy H(p, q): KL(p‖q) = H(p, q) − H(p)": h / ln2})
