"""Metrics deck: every verifier against scikit-learn, scipy and numpy references."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest
import slipkit
from deckkit import kit
from scipy.stats import entropy as sp_entropy
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    f1_score,
    fbeta_score,
    precision_score,
    recall_score,
    roc_auc_score,
    top_k_accuracy_score,
)

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

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
    keep = a > 0  # 0·log q is 0
    return float(-(a[keep] * np.log(b[keep])).sum() / ref_log(p))


def ref_roc_point(p: dict) -> float:
    y, pred = np.array(p["labels"]), (np.array(p["scores"]) >= p["threshold"]).astype(int)
    if p["rate"] == "TPR":
        return float(recall_score(y, pred, zero_division=0))
    return 1.0 - float(recall_score(y, pred, pos_label=0, zero_division=0))  # FPR = 1 - TNR


def ref_top_k(p: dict) -> float:
    with warnings.catch_warnings():  # k = 4 classes: sklearn warns the score is trivially 1
        warnings.simplefilter("ignore")
        return float(top_k_accuracy_score(p["labels"], np.array(p["scores"]), k=p["k"],
                                          labels=[0, 1, 2, 3]))


REFS = {
    "precision": sk(precision_score),
    "recall": sk(recall_score),
    "f1": sk(f1_score),
    "accuracy": lambda p: float(accuracy_score(*arrays(p))),
    "specificity": sk(recall_score, pos_label=0),
    "fbeta": ref_fbeta,
    "roc-auc": lambda p: float(roc_auc_score(p["labels"], p["scores"])),
    "top-k-accuracy": lambda p: ref_top_k(p),
    "entropy": lambda p: float(sp_entropy(p["p"], base=2 if p["unit"] == "bits" else None)),
    "kl-divergence": lambda p: float(
        sp_entropy(p["p"], p["q"], base=2 if p["unit"] == "bits" else None)),
    "distribution-cross-entropy": ref_cross_entropy,
    "roc-point": ref_roc_point,
}


def ref_confusion_entry(p: dict) -> int:
    tn, fp, fn, tp = confusion_matrix(p["labels"], p["preds"], labels=[0, 1]).ravel()
    return int({"TP": tp, "FP": fp, "FN": fn, "TN": tn}[p["entry"]])


def ref_confusion_cell(p: dict) -> int:
    return int(confusion_matrix(p["y_true"], p["y_pred"], labels=[0, 1, 2])[p["row"], p["col"]])


INT_REFS = {"confusion-entry": ref_confusion_entry, "confusion-cell": ref_confusion_cell}


# ---------------------------------------------------------------- deck structure


def test_every_quiz_card_has_a_reference():
    assert {card.id for card in METRICS.quiz} == set(REFS) | set(INT_REFS)


def test_chinese_terms_are_not_swapped():
    """准确率 = accuracy, 精确率 = precision, 召回率 = recall (the notes swap the first two)."""
    assert "准确率" in METRICS.card("accuracy").prompt.zh
    assert "精确率" in METRICS.card("precision").prompt.zh
    assert "召回率" in METRICS.card("recall").prompt.zh
    for cid in ("accuracy", "recall", "f1"):
        assert "精确率（precision）" not in METRICS.card(cid).prompt.zh
    _, why = METRICS.module.accuracy({"tp": 1, "fp": 2, "fn": 3, "tn": 4}, "cpu")
    assert why["zh"].startswith("准确率") and "精确率" not in why["zh"]
    _, why = METRICS.module.precision({"tp": 1, "fp": 2, "fn": 3, "tn": 4}, "cpu")
    assert why["zh"].startswith("精确率")


@pytest.mark.parametrize("card_id", sorted(set(REFS) | set(INT_REFS)))
def test_stated_tests_agree_with_scikit_learn(card_id):
    """The YAML's hand-worked answers (6 significant figures), checked against scikit-learn /
    scipy; every quiz card states at least 2 tests, one of them an edge case."""
    card = METRICS.card(card_id)
    assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card_id
    for test in card.tests:
        p = dict(test.params)
        want = INT_REFS[card_id](p) if card_id in INT_REFS else REFS[card_id](p)
        assert math.isclose(test.answer, want, rel_tol=1e-5, abs_tol=1e-12), (test, want)


@pytest.mark.parametrize("card_id", sorted(set(REFS) | set(INT_REFS)))
def test_every_slip_id_fires_in_a_stated_test(card_id):
    """Each slip the card can name is typed in one of its YAML tests."""
    card = METRICS.card(card_id)
    listed = {s.id for seed in range(60) for s in slipkit.slips_of(
        "metrics", card_id, draw(card_id, seed))}
    listed |= {s.id for t in card.tests for s in slipkit.slips_of("metrics", card_id, t.params)}
    typed = {case.slip for t in card.tests for case in t.typed if case.slip}
    assert listed == typed, (listed - typed, typed - listed)


def test_number_prompts_state_the_precision():
    for card in METRICS.quiz:
        if card.answer == "number":
            assert "3 significant figures" in card.prompt.en, card.id
            assert "3 位有效数字" in card.prompt.get("zh"), card.id
        ratio = {"precision", "recall", "f1", "fbeta", "specificity"}
        if card.id in ratio:
            assert "0/0 counts as 0" in card.prompt.en and "0/0 记为 0" in card.prompt.get("zh")


def test_confusion_cell_prompt_fixes_the_labels():
    card = METRICS.card("confusion-cell")
    for lang in ("en", "zh"):
        assert "labels=[0, 1, 2]" in card.prompt.get(lang)
    # Its lists carry scikit-learn's names, so `card show` never prints `labels=` for y_true.
    assert set(card.params) == {"y_true", "y_pred", "row", "col"}


def test_accuracy_imbalance_names_pr_curves():
    back = METRICS.card("accuracy-imbalance").back
    assert "precision-recall curve" in back.en and "average precision" in back.en
    assert "PR 曲线" in back.get("zh") and "平均精确率" in back.get("zh")


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
        assert run("confusion-entry", p, device) == ref_confusion_entry(p)


def test_confusion_cell_matches_sklearn_for_every_seed(device):
    """The prompt's call, labels=[0, 1, 2], over many seeds, including those where a class is
    in neither list (about 1 in 100): there sklearn without labels= gives a 2×2 matrix."""
    missing = 0
    for seed in range(1000):
        p = draw("confusion-cell", seed)
        assert run("confusion-cell", p, device) == ref_confusion_cell(p), (seed, p)
        if len(set(p["y_true"]) | set(p["y_pred"])) < 3:
            missing += 1
            assert confusion_matrix(p["y_true"], p["y_pred"]).shape != (3, 3)
    assert missing >= 3  # the case the old prompt (no labels=) got wrong does come up
    absent = {"y_true": [0, 0, 1, 1, 0, 1], "y_pred": [0, 1, 1, 1, 0, 1]}
    assert confusion_matrix(absent["y_true"], absent["y_pred"]).shape == (2, 2)
    for row in range(3):
        for col in range(3):
            p = {**absent, "row": row, "col": col}
            assert run("confusion-cell", p, device) == ref_confusion_cell(p)


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
        assert len(p["y_pred"]) == len(p["y_true"]) and set(p["y_pred"]) <= {0, 1, 2}
        p = draw("top-k-accuracy", seed)
        assert all(len(set(row)) == 4 for row in p["scores"])
        assert len(p["labels"]) == len(p["scores"]) and set(p["labels"]) <= set(range(4))
        p = draw("kl-divergence", seed)
        assert len(p["p"]) == len(p["q"]) and min(p["q"]) > 0
        assert math.isclose(sum(p["p"]), 1.0) and math.isclose(sum(p["q"]), 1.0)
        assert p["unit_zh"] == {"nats": "纳特（nats）", "bits": "比特（bits）"}[p["unit"]]
        dyadic += 0.125 in p["p"] or p["p"] == [0.5, 0.5]
        p = draw("roc-point", seed)
        assert p["rate_zh"].startswith({"TPR": "真正例率", "FPR": "假正例率"}[p["rate"]])
    assert 0 < auc_ties < len(SEEDS), "ties across classes should appear sometimes"
    assert dyadic > 0


@pytest.mark.parametrize("card_id", sorted(set(REFS) | set(INT_REFS)))
def test_200_sampled_seeds_never_meet_a_refusal(card_id):
    for seed in range(200):
        run(card_id, draw(card_id, seed), "cpu")  # Invalid would fail the test


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("card_id, given", [
    ("precision", {"tp": -1}),
    ("accuracy", {"tn": 200000}),
    ("roc-auc", {"scores": [0.5], "labels": [1]}),       # fewer than 2 samples
    ("top-k-accuracy", {"k": 5}),
    ("top-k-accuracy", {"scores": [[0.1, 0.2, 0.3]], "labels": [0]}),   # a row of 3 classes
    ("confusion-cell", {"row": 3}),
    ("entropy", {"unit": "dits"}),
    ("kl-divergence", {"p": [0.5, 1.5]}),                # 1.5 is no probability
])
def test_params_outside_the_specs_are_refused(card_id, given):
    with pytest.raises(ParamError):
        draw(card_id, 0, **given)


@pytest.mark.parametrize("card_id, given", [
    ("precision", {"tp": 0, "fp": 0, "fn": 0, "tn": 0}),       # no samples at all
    ("roc-auc", {"scores": [0.1, 0.2, 0.3], "labels": [1, 1, 1]}),   # one class only
    ("roc-auc", {"scores": [0.1, 0.2, 0.3], "labels": [0, 1]}),      # lengths differ
    ("roc-point", {"scores": [0.1, 0.9], "labels": [0, 0]}),
    ("confusion-entry", {"labels": [0, 1, 1], "preds": [1, 0]}),
    ("top-k-accuracy", {"scores": [[0.1, 0.1, 0.2, 0.3]], "labels": [0]}),  # tied scores
    ("entropy", {"p": [0.5, 0.4]}),                               # does not sum to 1
    ("kl-divergence", {"p": [0.5, 0.5], "q": [1.0, 0.0]}),        # infinite KL
    ("distribution-cross-entropy", {"p": [0.5, 0.5], "q": [0.2, 0.3, 0.5]}),
    ("fbeta", {"beta": 0.01, "tp": 0, "fp": 0, "fn": 0}),
])
def test_combinations_without_an_answer_are_invalid(card_id, given, device):
    p = draw(card_id, 0, **given)
    with pytest.raises(Invalid):
        run(card_id, p, device)


# ---------------------------------------------------------------- edge cases


@pytest.mark.parametrize("counts", [
    {"tp": 0, "fp": 0, "fn": 4, "tn": 6},   # no positive predictions: precision 0/0
    {"tp": 0, "fp": 3, "fn": 0, "tn": 6},   # no positive labels: recall 0/0
    {"tp": 0, "fp": 0, "fn": 0, "tn": 9},   # F1's 2TP + FP + FN = 0
    {"tp": 0, "fp": 5, "fn": 2, "tn": 1},   # P = R = 0 but defined
    {"tp": 7, "fp": 0, "fn": 0, "tn": 0},   # perfect, no negatives
    {"tp": 99999, "fp": 1, "fn": 0, "tn": 100000},  # the admitted maximum
])
def test_zero_division_matches_sklearn_zero_division_0(device, counts):
    for cid in ("precision", "recall", "f1", "accuracy", "specificity"):
        got = run(cid, counts, device)
        assert close(got, REFS[cid](counts)), (cid, counts, got)
    for beta in (0.5, 2.0, 1.0, 10.0):
        got = run("fbeta", {**counts, "beta": beta}, device)
        assert close(got, ref_fbeta({**counts, "beta": beta}))


def test_zero_division_explanation_says_so(device):
    _, why = METRICS.module.precision({"tp": 0, "fp": 0, "fn": 4, "tn": 6}, device)
    assert "zero_division" in why["en"] and "zero_division" in why["zh"]
    _, why = METRICS.module.precision({"tp": 1, "fp": 0, "fn": 4, "tn": 6}, device)
    assert "zero_division" not in why["en"]


@pytest.mark.parametrize("scores,labels", [
    ([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]),          # all tied: 0.5
    ([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0]),          # perfect: 1
    ([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0]),          # inverted: 0
    ([0.3, 0.3, 0.7, 0.3, 0.7], [1, 0, 1, 0, 0]),  # ties across classes
    ([0.4, 0.4, 0.4, 0.9], [1, 1, 0, 0]),          # ties inside a class and across
    ([0.2, 0.7], [0, 1]),                          # the smallest admitted case
    ([-3.0, 12.5, 0.0, 400.0], [0, 1, 0, 1]),      # raw logits are scores too
])
def test_roc_auc_ties_and_extremes(device, scores, labels):
    got = run("roc-auc", {"scores": scores, "labels": labels}, device)
    assert close(got, float(roc_auc_score(labels, scores)))


def test_roc_point_threshold_on_a_score(device):
    p = {"scores": [0.9, 0.8, 0.6, 0.5, 0.3], "labels": [1, 0, 1, 1, 0], "threshold": 0.5}
    for rate in ("TPR", "FPR"):
        q = {**p, "rate": rate}
        assert close(run("roc-point", q, device), ref_roc_point(q))
    for threshold in (0.0, 1.0):
        q = {**p, "threshold": threshold, "rate": "TPR"}
        assert close(run("roc-point", q, device), ref_roc_point(q))


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
    zero_q = {"p": [0.0, 0.5, 0.5], "q": [0.0, 0.5, 0.5], "unit": "nats"}  # q = 0 only under p = 0
    assert close(run("distribution-cross-entropy", zero_q, device), ref_cross_entropy(zero_q))
    assert close(run("kl-divergence", zero_q, device), 0.0)
    uniform = {"p": [1 / 8] * 8, "unit": "bits"}
    assert close(run("entropy", uniform, device), 3.0)


def test_top_k_edges(device):
    p = {"scores": [[0.1, 0.9, 0.3, 0.2], [0.4, 0.3, 0.2, 0.1]], "labels": [3, 3], "k": 2}
    assert run("top-k-accuracy", p, device) == 0.0
    p["k"] = 4
    assert run("top-k-accuracy", p, device) == 1.0
    p = {"scores": [[0.1, 0.9, 0.3, 0.2]], "labels": [1], "k": 1}  # one sample
    assert run("top-k-accuracy", p, device) == 1.0
    assert close(run("top-k-accuracy", p, device), REFS["top-k-accuracy"](p))


def test_rare_positives_example_matches_sklearn(device):
    """The accuracy-imbalance card's numbers: ROC AUC 0.95 but AP about 0.056."""
    auc, ap = METRICS.module.rare_positives(device)
    negatives = [i / 1000 for i in range(995)]
    scores = [*negatives, 0.9441, 0.9442, 0.9443, 0.9444, 0.9445]
    labels = [0] * 995 + [1] * 5
    assert close(auc, float(roc_auc_score(labels, scores)))
    assert close(ap, float(average_precision_score(labels, scores)))
    assert round(auc, 2) == 0.95 and round(ap, 3) == 0.056


# ---------------------------------------------------------------- explanations


def test_plurals_and_units_in_explanations(device):
    _, why = METRICS.module.roc_auc({"scores": [0.9, 0.1, 0.4], "labels": [1, 0, 0]}, device)
    assert why["en"].startswith("1 positive and 2 negatives make 2 pairs"), why
    _, why = METRICS.module.roc_auc({"scores": [0.9, 0.1], "labels": [1, 0]}, device)
    assert "1 positive and 1 negative make 1 pair:" in why["en"], why
    _, why = METRICS.module.entropy({"p": [0.5, 0.5], "unit": "bits"}, device)
    assert why["en"].endswith("= 1 bit.") and why["zh"].endswith("= 1 比特。"), why
    _, why = METRICS.module.entropy({"p": [0.5, 0.25, 0.25], "unit": "bits"}, device)
    assert why["en"].endswith("= 1.5 bits."), why
    p = {"scores": [[0.1, 0.9, 0.3, 0.2]], "labels": [1], "k": 1}
    _, why = METRICS.module.top_k_accuracy(p, device)
    assert "in 1 of 1 row:" in why["en"], why


@pytest.mark.parametrize("card", METRICS.flash, ids=lambda c: c.id)
def test_live_checks_read_as_sentences(card, device):
    _, why = getattr(METRICS.module, card.verifier)({}, device)
    assert why["en"].endswith(".") and why["zh"].endswith("。"), why
    assert re.search(r"[a-z]{3,} [a-z]{3,}", why["en"]), why


# ---------------------------------------------------------------- slips

SLIP_CARDS = sorted(set(REFS) | set(INT_REFS))


def slips(card_id: str, p: dict) -> dict:
    return slipkit.by_id("metrics", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(got, expected, close)


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_slips_are_named_in_the_deck(card_id):
    assert METRICS.card(card_id).slips == card_id.replace("-", "_") + "_slips"


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, card_id):
    typed = sum(slipkit.through_the_app(runner, "metrics", card_id, draw(card_id, seed))
                for seed in SEEDS)
    assert typed > len(SEEDS)


COUNTS = {"tp": 2, "fp": 2, "fn": 6, "tn": 10}  # P = 1/2, R = 1/4, accuracy 12/20


def test_confusion_count_slips_by_hand(runner):
    assert approx(slips("precision", COUNTS), {"precision-recall-swapped": 0.25,
                                              "accuracy-for-precision": 0.6})
    assert approx(slips("recall", COUNTS), {"precision-recall-swapped": 0.5,
                                           "specificity-for-recall": 10 / 12})
    assert approx(slips("accuracy", COUNTS), {"tn-forgotten": 0.2, "precision-for-accuracy": 0.5,
                                             "error-rate-given": 0.4})
    # F1 = 2·(1/2)(1/4)/(3/4) = 1/3
    assert approx(slips("f1", COUNTS), {"f1-arithmetic-mean": 0.375,
                                       "f1-factor-two-forgotten": 1 / 6})
    # F2 = 5·PR/(4P + R) = 0.625/2.25; with β: 3·PR/(2P + R); F0.5 = 1.25·PR/(0.25P + R)
    assert approx(slips("fbeta", {**COUNTS, "beta": 2.0}), {
        "beta-not-squared": 0.3, "beta-inverted": 0.15625 / 0.375, "beta-ignored": 1 / 3})
    assert approx(slips("specificity", COUNTS), {
        "npv-for-specificity": 10 / 16, "fpr-for-specificity": 2 / 12,
        "recall-for-specificity": 0.25})
    # Recall and accuracy both 1/2 (precision 1/4): typing 0.5 names the first listed slip
    same = {"tp": 1, "fp": 3, "fn": 1, "tn": 3}
    assert list(slips("precision", same).values()) == [0.5, 0.5]
    assert slipkit.slip_shown(runner, "metrics", "precision", same, 0.5) == \
        "precision-recall-swapped"
    assert slipkit.slip_shown(runner, "metrics", "accuracy", COUNTS, 0.4) == "error-rate-given"


def test_confusion_table_slips_by_hand(runner):
    lists = {"labels": [1, 0, 1, 1, 0, 0], "preds": [1, 1, 0, 0, 1, 1]}  # TP 1 FP 3 FN 2 TN 0
    assert slips("confusion-entry", {**lists, "entry": "FP"}) == {"fp-fn-swapped": 2,
                                                                 "all-wrong-counted": 5}
    assert slips("confusion-entry", {**lists, "entry": "TN"}) == {"all-correct-counted": 1,
                                                                 "tp-tn-swapped": 1}
    assert slipkit.slip_shown(runner, "metrics", "confusion-entry", {**lists, "entry": "TN"},
                              1) == "all-correct-counted"
    cell = {"y_true": [0, 0, 1, 1, 0, 1], "y_pred": [0, 1, 1, 1, 0, 1], "row": 0, "col": 1}
    assert slips("confusion-cell", cell) == {"rows-cols-swapped": 0, "row-total-given": 3}
    assert slipkit.slip_shown(runner, "metrics", "confusion-cell", cell, 0) == \
        "rows-cols-swapped"
    topk = {"scores": [[0.1, 0.9, 0.3, 0.2], [0.4, 0.3, 0.2, 0.1], [0.5, 0.6, 0.7, 0.8]],
            "labels": [2, 1, 0], "k": 2}
    assert approx(slips("top-k-accuracy", topk), {"k-misread": 0.0, "lowest-scores-taken": 1 / 3,
                                                 "count-not-fraction": 2.0})
    assert "k-misread" not in slips("top-k-accuracy", {**topk, "k": 4})


def test_roc_slips_by_hand(runner):
    # Positives 0.8, 0.5; negatives 0.5, 0.2: 3 pairs won, 1 tied of 4 → AUC 3.5/4.
    p = {"scores": [0.8, 0.5, 0.5, 0.2], "labels": [1, 1, 0, 0]}
    assert approx(slips("roc-auc", p), {"auc-ties-ignored": 0.75, "auc-ties-as-wins": 1.0,
                                       "auc-inverted": 0.125})
    # No ties: both tie slips give the right AUC, 1, so typing 1 is right and names no slip.
    no_ties = {"scores": [0.9, 0.1, 0.4], "labels": [1, 0, 0]}
    assert approx(slips("roc-auc", no_ties), {"auc-ties-ignored": 1.0, "auc-ties-as-wins": 1.0,
                                             "auc-inverted": 0.0})
    assert slipkit.slip_shown(runner, "metrics", "roc-auc", no_ties, 1.0) is None
    assert slipkit.slip_shown(runner, "metrics", "roc-auc", no_ties, 0.0) == "auc-inverted"
    point = {"scores": [0.9, 0.8, 0.6, 0.5, 0.3], "labels": [1, 0, 1, 1, 0], "threshold": 0.5,
             "rate": "TPR"}  # TP 3, FP 1, FN 0, TN 1
    assert approx(slips("roc-point", point), {"tpr-fpr-swapped": 0.5, "threshold-strict": 2 / 3,
                                             "predicted-denominator": 0.75})
    point["rate"] = "FPR"
    assert approx(slips("roc-point", point), {"tpr-fpr-swapped": 1.0, "threshold-strict": 0.5,
                                             "predicted-denominator": 0.25})


def test_information_slips_by_hand():
    ln2 = math.log(2)
    assert approx(slips("entropy", {"p": [0.5, 0.5], "unit": "bits"}), {
        "nats-for-bits": ln2, "log10-used": math.log10(2), "entropy-sign-dropped": -1.0})
    assert approx(slips("entropy", {"p": [0.5, 0.5], "unit": "nats"}), {
        "bits-for-nats": 1.0, "log10-used": math.log10(2), "entropy-sign-dropped": -ln2})
    p, q = [0.5, 0.5], [0.25, 0.75]
    h = -(0.5 * math.log(0.25) + 0.5 * math.log(0.75))  # H(p, q) in nats
    got = slips("distribution-cross-entropy", {"p": p, "q": q, "unit": "nats"})
    assert approx(got, {"bits-for-nats": h / ln2, "log10-used": h / math.log(10),
                        "cross-entropy-reversed": ln2, "kl-for-cross-entropy": h - ln2,
                        "entropy-for-cross-entropy": ln2})
    kl_bits = 0.5 * math.log2(2) + 0.5 * math.log2(2 / 3)
    assert approx(slips("kl-divergence", {"p": p, "q": q, "unit": "bits"}), {
        "nats-for-bits": kl_bits * ln2, "log10-used": kl_bits * ln2 / math.log(10),
        "kl-reversed": 0.25 * math.log2(0.5) + 0.75 * math.log2(1.5),
        "cross-entropy-for-kl": h / ln2, "kl-sign-dropped": -kl_bits})
    # p has a zero: KL(q‖p) and H(q, p) are infinite, so those candidates are dropped
    zero = {"p": [0.0, 1.0], "q": [0.5, 0.5], "unit": "nats"}
    assert "kl-reversed" not in slips("kl-divergence", zero)
    assert "cross-entropy-reversed" not in slips("distribution-cross-entropy", zero)
