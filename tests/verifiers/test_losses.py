"""Losses deck: every verifier against numpy/scipy formulas from the PyTorch docs, never torch."""

from __future__ import annotations

import math

import numpy as np
import pytest
import slipkit
from deckkit import kit
from scipy.special import expit, log_softmax, rel_entr, softmax, xlogy

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

LOSSES = kit("losses")
run, draw = LOSSES.run, LOSSES.sample
IGNORE = -100
SEEDS = range(200)


def close(got: float, ref: float) -> bool:
    """1e-9 relative; an absolute floor of 1e-12 for values that are 0 up to float noise."""
    return math.isclose(got, ref, rel_tol=1e-9, abs_tol=1e-12)


def reduce(terms: np.ndarray, reduction: str) -> float:
    return float(terms.sum() if reduction == "sum" else terms.mean())


def arr(p: dict, key: str) -> np.ndarray:
    return np.array(p[key], dtype=float)


# ---------------------------------------------------------------- references (PyTorch docs)


def ref_bce_with_logits(p: dict) -> float:
    x, y = arr(p, "logits"), arr(p, "targets")
    w = 1.0 if p["pos_weight"] is None else p["pos_weight"]
    # log σ(x) = -log(1 + e^-x), log(1 - σ(x)) = -log(1 + e^x), both overflow-free
    terms = w * y * np.logaddexp(0, -x) + (1 - y) * np.logaddexp(0, x)
    return reduce(terms, p["reduction"])


def bce_terms(q: np.ndarray, y: np.ndarray) -> np.ndarray:
    """BCELoss per element; the docs: each log is clamped to >= -100."""
    with np.errstate(divide="ignore"):
        return -(y * np.maximum(np.log(q), -100) + (1 - y) * np.maximum(np.log(1 - q), -100))


def ref_bce(p: dict) -> float:
    return reduce(bce_terms(arr(p, "probs"), arr(p, "targets")), p["reduction"])


def ref_bce_weight(p: dict) -> float:
    terms = arr(p, "weight") * bce_terms(arr(p, "probs"), arr(p, "targets"))
    return reduce(terms, p["reduction"])  # 'mean' over the elements, not over Σ w


def ref_cross_entropy(p: dict) -> float:
    x, eps = arr(p, "logits"), p["label_smoothing"]
    logp = log_softmax(x, axis=1)
    C = x.shape[1]
    terms = np.array([-(1 - eps) * row[y] - eps / C * row.sum()
                      for row, y in zip(logp, p["targets"], strict=True)])
    return reduce(terms, p["reduction"])


def ref_soft_targets(p: dict) -> float:
    logp = log_softmax(arr(p, "logits"), axis=1)
    return float((-(arr(p, "probs") * logp).sum(axis=1)).mean())


def ref_weighted(p: dict) -> float:
    logp, w = log_softmax(arr(p, "logits"), axis=1), p["weight"]
    kept = [(i, y) for i, y in enumerate(p["targets"]) if y != IGNORE]
    top = sum(-w[y] * logp[i, y] for i, y in kept)
    return top / sum(w[y] for _, y in kept)


def ref_nll(p: dict) -> float:
    terms = np.array([-math.log(row[y]) for row, y in zip(p["probs"], p["targets"], strict=True)])
    return reduce(terms, p["reduction"])


def diffs(p: dict) -> np.ndarray:
    return arr(p, "input") - arr(p, "target")


def ref_mse(p: dict) -> float:
    return reduce(diffs(p) ** 2, p["reduction"])


def ref_l1(p: dict) -> float:
    return reduce(np.abs(diffs(p)), p["reduction"])


def ref_smooth_l1(p: dict) -> float:
    d, b = np.abs(diffs(p)), p["beta"]
    if b == 0:  # the docs: beta = 0 is L1Loss
        return reduce(d, p["reduction"])
    return reduce(np.where(d < b, 0.5 * d**2 / b, d - 0.5 * b), p["reduction"])


def ref_huber(p: dict) -> float:
    d, k = np.abs(diffs(p)), p["delta"]
    return reduce(np.where(d <= k, 0.5 * d**2, k * (d - 0.5 * k)), p["reduction"])


def ref_kl(p: dict) -> float:
    terms = rel_entr(arr(p, "p"), arr(p, "q"))
    N, C = terms.shape
    return float(terms.sum() / {"sum": 1, "batchmean": N, "mean": N * C}[p["reduction"]])


def ref_focal(p: dict) -> float:
    x, y = arr(p, "logits"), arr(p, "targets")
    prob = expit(x)
    p_t = np.where(y == 1, prob, 1 - prob)
    alpha_t = np.where(y == 1, p["alpha"], 1 - p["alpha"])
    ce = np.where(y == 1, np.logaddexp(0, -x), np.logaddexp(0, x))
    return reduce(alpha_t * (1 - p_t) ** p["gamma"] * ce, p["reduction"])


def ref_margin_ranking(p: dict) -> float:
    terms = np.maximum(0, -arr(p, "y") * (arr(p, "x1") - arr(p, "x2")) + p["margin"])
    return reduce(terms, p["reduction"])


def ref_hinge(p: dict) -> float:
    x, y = arr(p, "x"), arr(p, "y")
    return reduce(np.where(y == 1, x, np.maximum(0, p["margin"] - x)), p["reduction"])


def ref_cosine(p: dict) -> float:
    a, b, y = arr(p, "x1"), arr(p, "x2"), arr(p, "y")
    # ATen adds EPSILON = 1e-12 to each squared norm (Loss.cpp), so a zero vector has cos 0.
    cos = (a * b).sum(1) / np.sqrt(((a * a).sum(1) + 1e-12) * ((b * b).sum(1) + 1e-12))
    return reduce(np.where(y == 1, 1 - cos, np.maximum(0, cos - p["margin"])), p["reduction"])


def ref_triplet(p: dict) -> float:
    a, pos, neg = arr(p, "anchor"), arr(p, "positive"), arr(p, "negative")

    def dist(u: np.ndarray, v: np.ndarray) -> np.ndarray:  # nn.PairwiseDistance: ‖u - v + ε‖_p
        return (np.abs(u - v + 1e-6) ** p["p"]).sum(1) ** (1 / p["p"])

    return float(np.maximum(0, dist(a, pos) - dist(a, neg) + p["margin"]).mean())


def ref_soft_margin(p: dict) -> float:
    return reduce(np.logaddexp(0, -arr(p, "y") * arr(p, "x")), p["reduction"])


def ref_multi_margin(p: dict) -> float:
    rows = []
    for row, t in zip(p["x"], p["y"], strict=True):
        C = len(row)
        rows.append(sum(max(0.0, p["margin"] - row[t] + v) ** p["p"]
                        for i, v in enumerate(row) if i != t) / C)
    return float(np.mean(rows))


def ref_multilabel(p: dict) -> float:
    rows = []
    for row, labels_row in zip(p["x"], p["y"], strict=True):
        labels = []
        for v in labels_row:  # the docs: targets end at the first -1
            if v < 0:
                break
            labels.append(v)
        others = [i for i in range(len(row)) if i not in labels]
        rows.append(sum(max(0.0, 1 - (row[j] - row[i])) for j in labels for i in others)
                    / len(row))
    return float(np.mean(rows))


def ref_poisson(p: dict) -> float:
    x, t = arr(p, "input"), arr(p, "target")
    terms = np.exp(x) - t * x if p["log_input"] else x - t * np.log(x + 1e-8)
    if p["full"]:  # the docs: the Stirling term is added only for target > 1
        safe = np.where(t > 1, t, 2.0)
        terms = terms + np.where(t > 1, safe * np.log(safe) - safe
                                 + 0.5 * np.log(2 * np.pi * safe), 0.0)
    return reduce(terms, p["reduction"])


def ref_kd(p: dict) -> float:
    s, t, T, a = arr(p, "student"), arr(p, "teacher"), p["T"], p["alpha"]
    target = softmax(t / T, axis=1)  # Σ p·(log p - log q) with log q from log_softmax, 0·log 0 = 0
    soft = (xlogy(target, target) - target * log_softmax(s / T, axis=1)).sum() / len(s)
    logp = log_softmax(s, axis=1)
    hard = -np.mean([logp[i, y] for i, y in enumerate(p["labels"])])
    return float(a * T**2 * soft + (1 - a) * hard)


REFS = {
    "bce-with-logits": ref_bce_with_logits,
    "bce-loss": ref_bce,
    "bce-weight": ref_bce_weight,
    "cross-entropy": ref_cross_entropy,
    "cross-entropy-soft-targets": ref_soft_targets,
    "cross-entropy-weighted": ref_weighted,
    "nll-loss": ref_nll,
    "focal-loss": ref_focal,
    "mse-loss": ref_mse,
    "l1-loss": ref_l1,
    "smooth-l1-loss": ref_smooth_l1,
    "huber-loss": ref_huber,
    "kl-div": ref_kl,
    "margin-ranking": ref_margin_ranking,
    "hinge-embedding": ref_hinge,
    "cosine-embedding": ref_cosine,
    "triplet-margin": ref_triplet,
    "soft-margin": ref_soft_margin,
    "multi-margin": ref_multi_margin,
    "multilabel-margin": ref_multilabel,
    "poisson-nll": ref_poisson,
    "knowledge-distillation": ref_kd,
}


def test_every_number_card_has_a_reference():
    assert {c.id for c in LOSSES.quiz if c.answer == "number"} == set(REFS)


def test_every_quiz_card_states_tests_with_an_edge_case():
    for card in LOSSES.quiz:
        assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card.id


# ---------------------------------------------------------------- sampled agreement


@pytest.mark.parametrize("card_id", sorted(REFS))
def test_sampled_against_reference(device, card_id):
    """200 seeds per card: the sampler never gives parameters without an answer, and torch
    agrees with the documented formula to 1e-9 relative."""
    for seed in SEEDS:
        p = draw(card_id, seed)
        got = run(card_id, p, device)
        assert isinstance(got, float)
        assert close(got, REFS[card_id](p)), (seed, p, got)


def test_loss_none_shape(device):
    for seed in SEEDS:
        p = draw("loss-none-shape", seed)
        assert run("loss-none-shape", p, device) == (p["N"], *p["extra"])


def test_margin_ranking_none_shape_is_elementwise(device):
    for seed in range(60):
        p = draw("margin-ranking-none-shape", seed)
        want = (p["N"],) if p["reduction"] == "none" else ()
        assert run("margin-ranking-none-shape", p, device) == want
    for N in (1, 2, 3000):
        got = run("margin-ranking-none-shape", draw("margin-ranking-none-shape", 0, N=N,
                                                    reduction="none"), device)
        assert got == (N,) and got != (N, N)


def test_ctc_shapes_follow_the_docs(device):
    for seed in range(60):
        p = draw("ctc-shapes", seed)
        assert 1 <= p["S"] <= p["T"]
        want = (p["N"],) if p["reduction"] == "none" else ()
        assert run("ctc-shapes", p, device) == want, p
        shown = p["targets_code"]
        assert (f"({p['N']}, {p['S']})" in shown) == (p["layout"] == "padded")
        assert (f"({p['N'] * p['S']},)" in shown) == (p["layout"] == "concatenated")


def test_derive_runs_again_after_overrides():
    p = draw("ctc-shapes", 3, N=7, S=2, layout="concatenated")
    assert "(14,)" in p["targets_code"] and "7 targets" in p["targets_code"]


def test_choice_cards_pick_the_documented_answer(device):
    answers = {"ce-equivalent": "F.nll_loss(F.log_softmax(x, dim=1), y)",
               "kl-div-true-kl": "F.kl_div(q.log(), p, reduction='batchmean')",
               "ctc-log-probs-layout": "(T, N, C)"}
    for cid, answer in answers.items():
        assert answer in LOSSES.choices(cid)
        for seed in range(40):
            assert run(cid, draw(cid, seed), device) == answer, (cid, seed)
    for N, C in ((1, 2), (1000, 2), (3, 1000)):
        assert run("ce-equivalent", {"N": N, "C": C}, device) == answers["ce-equivalent"]
        assert run("kl-div-true-kl", {"N": N, "C": C}, device) == answers["kl-div-true-kl"]
    assert run("ctc-log-probs-layout", {"T": 2, "N": 1, "C": 3}, device) == "(T, N, C)"


# ---------------------------------------------------------------- samplers


def test_samplers_give_valid_human_sized_params():
    seen_pw, seen_eps, seen_ignored, seen_after = set(), set(), 0, 0
    for seed in SEEDS:
        p = draw("bce-with-logits", seed)
        assert 2 <= len(p["logits"]) == len(p["targets"]) <= 4
        assert set(p["targets"]) <= {0, 1}
        seen_pw.add(p["pos_weight"] is None)
        p = draw("bce-weight", seed)
        assert len(p["probs"]) == len(p["targets"]) == len(p["weight"])
        p = draw("cross-entropy", seed)
        C = len(p["logits"][0])
        assert len(p["targets"]) == len(p["logits"]) and all(0 <= y < C for y in p["targets"])
        seen_eps.add(p["label_smoothing"] > 0)
        p = draw("cross-entropy-weighted", seed)
        assert any(y != IGNORE for y in p["targets"]), "all ignored would give nan"
        seen_ignored += IGNORE in p["targets"]
        for cid, key in (("cross-entropy-soft-targets", "probs"), ("nll-loss", "probs"),
                         ("kl-div", "p"), ("kl-div", "q")):
            rows = draw(cid, seed)[key]
            assert all(min(r) > 0 and math.isclose(sum(r), 1.0) for r in rows), (cid, rows)
        for cid in ("mse-loss", "smooth-l1-loss", "huber-loss", "bce-loss", "focal-loss"):
            p = draw(cid, seed)
            first = p.get("input", p.get("logits", p.get("probs")))
            assert len(first) == len(p.get("target", p.get("targets")))
        p = draw("cosine-embedding", seed)
        assert np.shape(p["x1"]) == np.shape(p["x2"]) and len(p["y"]) == len(p["x1"])
        assert all(any(row) for row in p["x1"] + p["x2"]), "no zero vectors when sampled"
        p = draw("triplet-margin", seed)
        assert np.shape(p["anchor"]) == np.shape(p["positive"]) == np.shape(p["negative"])
        p = draw("multilabel-margin", seed)
        for row in p["y"]:
            labels = row[:row.index(-1)]
            assert labels and len(set(labels)) == len(labels), row
            seen_after += any(v >= 0 for v in row[row.index(-1):])
        p = draw("poisson-nll", seed)
        assert p["log_input"] or min(p["input"]) > 0
        assert all(t >= 0 and t == int(t) for t in p["target"])
        p = draw("knowledge-distillation", seed)
        assert np.shape(p["student"]) == np.shape(p["teacher"])
        assert all(0 <= y < len(p["student"][0]) for y in p["labels"])
        p = draw("margin-ranking", seed)
        assert ref_margin_ranking(p) > 0, "a pair inside the margin"
    assert seen_pw == {True, False} and seen_eps == {True, False}
    assert 0 < seen_ignored < len(SEEDS) and seen_after > 0


# ---------------------------------------------------------------- edge and adversarial params


EDGES = [
    ("margin-ranking", {"x1": [1.0], "x2": [1.0], "y": [1], "margin": 2.0, "reduction": "mean"}),
    ("margin-ranking", {"x1": [0.2, 0.0], "x2": [0.0, 1.0], "y": [-1, 1], "margin": -0.5,
                        "reduction": "sum"}),
    ("margin-ranking", {"x1": [1000.0, -1000.0], "x2": [-1000.0, 1000.0], "y": [-1, -1],
                        "margin": 3.0, "reduction": "mean"}),
    ("margin-ranking", {"x1": [0.5] * 50, "x2": [0.4] * 50, "y": [1, -1] * 25, "margin": -1.0,
                        "reduction": "sum"}),
    ("hinge-embedding", {"x": [-1.0, 0.1], "y": [-1, 1], "margin": -0.5, "reduction": "sum"}),
    ("hinge-embedding", {"x": [0.5, 2.0, 1000.0], "y": [-1, -1, 1], "margin": 2.0,
                         "reduction": "mean"}),
    ("hinge-embedding", {"x": [-1000.0], "y": [-1], "margin": 5.0, "reduction": "mean"}),
    ("cosine-embedding", {"x1": [[0.0, 0.0]], "x2": [[1.0, 2.0]], "y": [1], "margin": -0.5,
                          "reduction": "mean"}),
    ("cosine-embedding", {"x1": [[0.0, 0.0], [0.0, 0.0]], "x2": [[0.0, 0.0], [1.0, 0.0]],
                          "y": [-1, -1], "margin": -0.5, "reduction": "sum"}),
    ("cosine-embedding", {"x1": [[1.0, 0.0]], "x2": [[1.0, 0.0]], "y": [-1], "margin": 2.0,
                          "reduction": "mean"}),
    ("cosine-embedding", {"x1": [[1.0, 0.0]], "x2": [[-1.0, 0.0]], "y": [-1, ], "margin": -2.0,
                          "reduction": "mean"}),
    ("cosine-embedding", {"x1": [[1e-3, 2e-3, 0.0]], "x2": [[1e-3, 2.1e-3, 1e-4]], "y": [1],
                          "margin": 0.0, "reduction": "mean"}),
    ("cosine-embedding", {"x1": [[1000.0] * 50], "x2": [[-1000.0] * 49 + [1000.0]], "y": [-1],
                          "margin": 0.5, "reduction": "sum"}),
    ("triplet-margin", {"anchor": [[0.0]], "positive": [[1.0]], "negative": [[0.8]],
                        "margin": 2.0, "p": 2}),
    ("triplet-margin", {"anchor": [[0.0, 0.0]], "positive": [[0.0, 0.0]],
                        "negative": [[0.0, 0.0]], "margin": 0.01, "p": 1}),
    ("triplet-margin", {"anchor": [[1000.0, -1000.0]], "positive": [[-1000.0, 1000.0]],
                        "negative": [[0.0, 0.0]], "margin": 3.0, "p": 2}),
    ("soft-margin", {"x": [-50.0, 50.0], "y": [1, 1], "reduction": "sum"}),
    ("multi-margin", {"x": [[0.1, 0.2, 0.4, 0.8]], "y": [3], "p": 2, "margin": -1.0}),
    ("multi-margin", {"x": [[5.0, -5.0]], "y": [1], "p": 2, "margin": 5.0}),
    ("multilabel-margin", {"x": [[0.1, 0.2, 0.4, 0.8]], "y": [[3, 3, -1, 1]]}),
    ("multilabel-margin", {"x": [[0.5]], "y": [[0]]}),
    ("multilabel-margin", {"x": [[0.5, 0.1]], "y": [[-1, 0]]}),
    ("poisson-nll", {"input": [0.0, 0.0], "target": [1.0, 0.0], "log_input": True, "full": True,
                     "reduction": "mean"}),
    ("poisson-nll", {"input": [0.0, 2.0], "target": [0.0, 3.0], "log_input": False,
                     "full": True, "reduction": "sum"}),
    ("poisson-nll", {"input": [20.0, -20.0], "target": [1000.0, 1.5], "log_input": True,
                     "full": True, "reduction": "mean"}),
    ("poisson-nll", {"input": [0.0, 20.0], "target": [0.5, 1000.0], "log_input": False,
                     "full": True, "reduction": "sum"}),
    ("knowledge-distillation", {"student": [[100.0, -100.0]], "teacher": [[-100.0, 100.0]],
                                "labels": [1], "T": 0.1, "alpha": 0.5}),
    ("knowledge-distillation", {"student": [[1.0, 0.0, 0.0]], "teacher": [[0.0, 3.0, 0.0]],
                                "labels": [0], "T": 100.0, "alpha": 1.0}),
    ("bce-with-logits", {"logits": [100.0, -100.0, 0.0], "targets": [0, 1, 0.3],
                         "pos_weight": 100, "reduction": "mean"}),
    ("bce-loss", {"probs": [0.0, 1.0, 1.0], "targets": [1, 0, 1], "reduction": "sum"}),
    ("bce-weight", {"probs": [0.0001, 0.9999], "targets": [1, 0.5], "weight": [0.0, 100.0],
                    "reduction": "mean"}),
    ("cross-entropy", {"logits": [[100.0, -100.0, 0.0], [-50.0, 50.0, 0.0]], "targets": [1, 1],
                       "label_smoothing": 1.0, "reduction": "mean"}),
    ("cross-entropy", {"logits": [[3.0]], "targets": [0], "label_smoothing": 0.5,
                       "reduction": "sum"}),
    ("cross-entropy-weighted", {"logits": [[1.0, 0.0], [0.0, 1.0]], "targets": [IGNORE, 1],
                                "weight": [0.0, 0.5]}),
    ("smooth-l1-loss", {"input": [1.0, -1000.0], "target": [0.0, 1000.0], "beta": 1.0,
                        "reduction": "mean"}),
    ("smooth-l1-loss", {"input": [0.5, -3.0], "target": [0.0, 0.0], "beta": 0.0,
                        "reduction": "sum"}),
    ("huber-loss", {"input": [1.0], "target": [0.0], "delta": 1.0, "reduction": "sum"}),
    ("huber-loss", {"input": [1000.0], "target": [-1000.0], "delta": 0.01, "reduction": "sum"}),
    ("kl-div", {"q": [[0.5, 0.5]], "p": [[0.0, 1.0]], "reduction": "mean"}),
    ("focal-loss", {"logits": [30.0, -30.0], "targets": [0, 1], "alpha": 1.0, "gamma": 5,
                    "reduction": "sum"}),
    ("nll-loss", {"probs": [[1.0, 0.0, 0.0]], "targets": [0], "reduction": "sum"}),
]


@pytest.mark.parametrize(("card_id", "given"), EDGES,
                         ids=[f"{c}-{i}" for i, (c, _) in enumerate(EDGES)])
def test_edge_params_are_admitted_and_agree(device, card_id, given):
    """Adversarial params through the app's checks (--param ranges, admit:), then torch
    against the documented formula."""
    p = draw(card_id, 0, **given)
    assert close(run(card_id, p, device), REFS[card_id](p)), p


def test_embedding_losses_admit_margins_from_minus_half_to_two(device):
    for margin in (-0.5, -0.25, 0.0, 0.5, 1.0, 1.5, 2.0):
        for cid in ("margin-ranking", "hinge-embedding", "cosine-embedding"):
            for seed in range(5):
                p = draw(cid, seed, margin=margin)
                assert close(run(cid, p, device), REFS[cid](p)), (cid, p)
    for margin in (0.01, 0.5, 2.0):  # torch refuses a triplet margin <= 0
        p = draw("triplet-margin", 1, margin=margin)
        assert close(run("triplet-margin", p, device), ref_triplet(p))


def test_hand_worked_values(device):
    assert close(run("margin-ranking", {"x1": [1.0, 2.0], "x2": [0.0, 3.0], "y": [1, 1],
                                        "margin": 0.0, "reduction": "mean"}, device), 0.5)
    cos = 1 / math.sqrt(2)
    assert close(run("cosine-embedding", {"x1": [[1.0, 0.0], [1.0, 1.0]],
                                          "x2": [[0.0, 1.0], [1.0, 0.0]], "y": [1, -1],
                                          "margin": 0.0, "reduction": "mean"}, device),
                 (1 + cos) / 2)
    stirling = 3 * math.log(3) - 3 + 0.5 * math.log(6 * math.pi)
    assert close(run("poisson-nll", {"input": [0.5, 1.0, 2.0], "target": [0.0, 1.0, 3.0],
                                     "log_input": True, "full": True, "reduction": "sum"},
                     device), math.exp(0.5) + math.e - 1 + math.exp(2) - 6 + stirling)
    assert close(run("multi-margin", {"x": [[0.1, 0.2, 0.4, 0.8]], "y": [3], "p": 1,
                                      "margin": 1.0}, device), 0.325)
    assert close(run("multilabel-margin", {"x": [[0.1, 0.2, 0.4, 0.8]], "y": [[3, 0, -1, 1]]},
                     device), 0.85)


@pytest.mark.parametrize("logits,targets", [
    ([50.0, -50.0], [0, 1]),
    ([100.0, -100.0], [1, 0]),
    ([100.0, -100.0, 0.0], [0, 1, 1]),
])
@pytest.mark.parametrize("pos_weight", [None, 2.5])
def test_bce_with_logits_extreme(device, logits, targets, pos_weight):
    for reduction in ("mean", "sum"):
        p = {"logits": logits, "targets": targets, "pos_weight": pos_weight,
             "reduction": reduction}
        assert close(run("bce-with-logits", p, device), ref_bce_with_logits(p))


def test_pos_weight_only_scales_positives(device):
    base = {"logits": [0.7, -1.2], "targets": [1, 0], "reduction": "sum"}
    plain = run("bce-with-logits", {**base, "pos_weight": None}, device)
    weighted = run("bce-with-logits", {**base, "pos_weight": 3.0}, device)
    pos, neg = math.log1p(math.exp(-0.7)), math.log1p(math.exp(-1.2))
    assert close(plain, pos + neg) and close(weighted, 3 * pos + neg)


@pytest.mark.parametrize("eps", [0.0, 0.1, 0.3])
def test_cross_entropy_extreme_and_smoothing(device, eps):
    p = {"logits": [[100.0, -100.0, 0.0], [-50.0, 50.0, 0.0]], "targets": [1, 1],
         "label_smoothing": eps, "reduction": "mean"}
    got = run("cross-entropy", p, device)
    # -log p rows are [0, 200, 100] and [100, 0, 50] (e^-50 terms vanish in float64):
    # ((1-ε)·200 + ε·300/3 + ε·150/3) / 2 = 100 - 25ε
    assert close(got, ref_cross_entropy(p)) and close(got, 100 - 25 * eps)


def test_weighted_with_ignore_index(device):
    p = {"logits": [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 3.0]],
         "targets": [0, IGNORE, 2], "weight": [2.0, 5.0, 0.5]}
    l0 = math.log(math.e + 2) - 1
    l2 = math.log(math.e**3 + 2) - 3
    assert close(run("cross-entropy-weighted", p, device), (2.0 * l0 + 0.5 * l2) / 2.5)


def test_bce_loss_clamps_log(device):
    p = {"probs": [1e-60, 0.5], "targets": [1, 0], "reduction": "sum"}
    assert close(run("bce-loss", p, device), 100 + math.log(2))


def test_bce_weight_mean_divides_by_elements(device):
    p = {"probs": [0.5, 0.9], "targets": [1, 1], "weight": [0.0, 3.0], "reduction": "mean"}
    assert close(run("bce-weight", p, device), 3 * -math.log(0.9) / 2)


def test_kl_div_reductions_relate(device):
    p = {"q": [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]], "p": [[0.2, 0.3, 0.5], [0.3, 0.3, 0.4]]}
    values = {r: run("kl-div", {**p, "reduction": r}, device)
              for r in ("sum", "batchmean", "mean")}
    assert close(values["batchmean"], values["sum"] / 2)
    assert close(values["mean"], values["sum"] / 6)
    assert close(values["sum"], float(rel_entr(np.array(p["p"]), np.array(p["q"])).sum()))


def test_focal_gamma_zero_is_alpha_weighted_bce(device):
    p = {"logits": [1.3, -0.4], "targets": [1, 0], "alpha": 0.25, "gamma": 0, "reduction": "sum"}
    got = run("focal-loss", p, device)
    assert close(got, 0.25 * math.log1p(math.exp(-1.3)) + 0.75 * math.log1p(math.exp(-0.4)))


def test_kd_soft_term_scales_by_t_squared(device):
    base = {"student": [[0.0, 0.0]], "teacher": [[2.0, 0.0]], "labels": [0], "T": 4.0}
    soft = run("knowledge-distillation", {**base, "alpha": 1.0}, device)
    hard = run("knowledge-distillation", {**base, "alpha": 0.0}, device)
    target = softmax(np.array([0.5, 0.0]))
    kl = float(rel_entr(target, [0.5, 0.5]).sum())
    assert close(soft, 16 * kl) and close(hard, math.log(2))
    assert close(run("knowledge-distillation", {**base, "alpha": 0.5}, device),
                 0.5 * 16 * kl + 0.5 * math.log(2))


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(("card_id", "given"), [
    ("margin-ranking", {"margin": 5.0}),
    ("margin-ranking", {"y": [2, 1]}),
    ("margin-ranking", {"reduction": "none"}),
    ("hinge-embedding", {"margin": -2.0}),
    ("cosine-embedding", {"margin": 4.0}),
    ("cosine-embedding", {"x1": [1.0, 2.0]}),
    ("poisson-nll", {"target": [-1.0, 2.0]}),
    ("poisson-nll", {"log_input": "yes"}),
    ("poisson-nll", {"input": [25.0, 0.0]}),
    ("cross-entropy", {"label_smoothing": 1.5}),
    ("knowledge-distillation", {"alpha": 2.0}),
    ("ctc-shapes", {"targets_code": "torch.zeros(3)"}),
    ("bce-weight", {"probs": [1.0, 0.5]}),
])
def test_spec_violations_are_refused(card_id, given):
    with pytest.raises(ParamError):
        draw(card_id, 0, **given)


@pytest.mark.parametrize(("card_id", "given", "reason"), [
    ("margin-ranking", {"x1": [1.0, 2.0], "x2": [0.0], "y": [1, 1]}, "same length"),
    ("hinge-embedding", {"x": [1.0, 2.0], "y": [1]}, "same length"),
    ("cosine-embedding", {"x1": [[1.0, 0.0]], "x2": [[1.0, 0.0, 0.0]], "y": [1]}, "shape"),
    ("cosine-embedding", {"x1": [[1.0, 0.0], [1.0]], "x2": [[1.0, 0.0], [1.0, 0.0]],
                          "y": [1, 1]}, "different lengths"),
    ("cosine-embedding", {"x1": [[1.0, 0.0]], "x2": [[1.0, 0.0]], "y": [1, -1]}, "one label"),
    ("triplet-margin", {"margin": -0.5}, "margin > 0"),
    ("triplet-margin", {"margin": 0.0}, "margin > 0"),
    ("poisson-nll", {"input": [-0.5, 1.0], "target": [1.0, 2.0], "log_input": False},
     "must be >= 0"),
    ("poisson-nll", {"input": [0.5], "target": [1.0, 2.0]}, "same length"),
    ("cross-entropy-weighted", {"logits": [[1.0, 0.0, 0.0]], "targets": [IGNORE],
                                "weight": [1.0, 1.0, 1.0]}, "0/0"),
    ("cross-entropy-weighted", {"logits": [[1.0, 0.0, 0.0]], "targets": [1],
                                "weight": [1.0, 0.0, 1.0]}, "0/0"),
    ("cross-entropy-weighted", {"logits": [[1.0, 0.0, 0.0]], "targets": [-5],
                                "weight": [1.0, 1.0, 1.0]}, "class index"),
    ("cross-entropy", {"logits": [[1.0, 0.0, 0.0]], "targets": [3]}, "class index"),
    ("cross-entropy-soft-targets", {"logits": [[1.0, 0.0, 0.0]], "probs": [[0.5, 0.3, 0.3]]},
     "not 1"),
    ("nll-loss", {"probs": [[0.0, 1.0, 0.0]], "targets": [0]}, "infinite"),
    ("kl-div", {"q": [[0.0, 1.0]], "p": [[0.5, 0.5]]}, "log 0"),
    ("multi-margin", {"x": [[0.1, 0.2]], "y": [2]}, "class index"),
    ("multilabel-margin", {"x": [[0.1, 0.2]], "y": [[3, -1]]}, "class indices"),
    ("knowledge-distillation", {"student": [[0.0, 1.0]], "teacher": [[0.0, 1.0, 2.0]],
                                "labels": [0]}, "shape"),
    ("ctc-shapes", {"T": 3, "S": 5}, "cannot be aligned"),
    ("ctc-log-probs-layout", {"T": 20, "N": 20, "C": 30}, "same shape"),
    ("loss-none-shape", {"N": 1000, "C": 1000, "extra": [3, 8, 8]}, "limit"),
])
def test_combinations_without_an_answer_are_invalid(device, card_id, given, reason):
    p = draw(card_id, 0, **given)
    with pytest.raises(Invalid, match=reason):
        run(card_id, p, device)


# ---------------------------------------------------------------- slips

SLIP_CARDS = sorted(c.id for c in LOSSES.quiz if c.slips)


def slips(card_id: str, p: dict) -> dict:
    return slipkit.by_id("losses", card_id, p)


def shape_text(value: tuple) -> str:
    return "()" if not value else ", ".join(str(d) for d in value)


def shape_slips_in_the_app(runner, card_id: str, p: dict) -> int:
    """slipkit.through_the_app for shape cards whose answers may be 0-d: slipkit types a
    shape as its dims joined by commas, so () would be typed as the empty answer ("don't
    know"); here () is typed "()" as a learner does."""
    right = run(card_id, p, "cpu")
    checked = slipkit.answer(runner, "losses", card_id, p, shape_text(right))
    assert checked.verdict is not None and checked.verdict.correct and checked.slip is None
    listed = slipkit.slips_of("losses", card_id, p)
    typed = 0
    for i, slip in enumerate(listed):
        slipkit.check_slip(slip)
        if tuple(slip.answer) == right:
            continue
        named = [s.id for s in listed[:i] if tuple(s.answer) == tuple(slip.answer)] + [slip.id]
        checked = slipkit.answer(runner, "losses", card_id, p, shape_text(tuple(slip.answer)))
        assert checked.verdict is not None and not checked.verdict.correct, (p, slip)
        assert checked.slip is not None and checked.slip.id == named[0], (p, slip)
        typed += 1
    return typed


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, card_id):
    shapes = LOSSES.card(card_id).answer == "shape"
    check = shape_slips_in_the_app if shapes else (
        lambda r, c, p: slipkit.through_the_app(r, "losses", c, p))
    typed = sum(check(runner, card_id, draw(card_id, seed)) for seed in range(60))
    assert typed > 60


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_every_slip_id_is_exercised_by_a_stated_test(card_id):
    card = LOSSES.card(card_id)
    stated = {case.slip for test in card.tests for case in test.typed if case.slip}
    produced = {s for seed in range(100) for s in slips(card_id, draw(card_id, seed))}
    produced |= {s for test in card.tests for s in slips(card_id, dict(test.params))}
    assert produced <= stated, produced - stated


def test_slip_ids_mean_one_mistake_each():
    """An id names the same mistake on every card: its English message starts alike."""
    first_words: dict[str, set[str]] = {}
    for cid in SLIP_CARDS:
        for seed in range(30):
            for slip in slipkit.slips_of("losses", cid, draw(cid, seed)):
                first_words.setdefault(slip.id, set()).add(slip.en.split(":")[0].split(" ")[0])
    assert all(len(words) == 1 for words in first_words.values()), first_words


def test_bce_with_logits_slips_by_hand():
    ln2 = math.log(2)
    p = {"logits": [0.0, 0.0, 0.0], "targets": [1, 0, 0], "pos_weight": 3.0, "reduction": "mean"}
    # Right: 3·ln 2 on the positive, ln 2 on each negative: (3 + 1 + 1)·ln 2 / 3.
    assert slipkit.approx(slips("bce-with-logits", p), {
        "sum-for-mean": 5 * ln2, "pos-weight-on-negatives": 7 * ln2 / 3,
        "pos-weight-ignored": ln2, "log-base-2": 5 / 3}, close)
    sums = slips("bce-with-logits", {**p, "pos_weight": None, "reduction": "sum"})
    assert slipkit.approx(sums, {"mean-for-sum": ln2, "log-base-2": 3.0}, close)


def test_cross_entropy_slips_by_hand(runner):
    lse = math.log(math.e**2 + 2)  # logsumexp([2, 0, 0])
    p = {"logits": [[2.0, 0.0, 0.0]], "targets": [0], "label_smoothing": 0.3,
         "reduction": "mean"}
    # Right: target (0.7 + 0.1, 0.1, 0.1): l = lse - 0.8·2 = lse - 1.6.
    got = slips("cross-entropy", p)
    assert slipkit.approx(got, {
        "sum-for-mean": lse - 1.6, "label-smoothing-forgotten": lse - 2,
        "smoothing-over-other-classes": lse - 1.4, "logits-as-log-probs": -1.6,
        "log-base-2": (lse - 1.6) / math.log(2)}, close)
    # One row: 'mean' and 'sum' agree, so typing that value is right and the app names no slip.
    assert slipkit.slip_shown(runner, "losses", "cross-entropy", p, got["sum-for-mean"]) is None
    assert slipkit.slip_shown(runner, "losses", "cross-entropy", p, lse - 2) == \
        "label-smoothing-forgotten"
    two = {"logits": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], "targets": [0, 0],
           "label_smoothing": 0.0, "reduction": "sum"}
    lse1 = math.log(math.e + 2)
    assert close(slips("cross-entropy", two)["mean-for-sum"], (2 * lse1 - 1) / 2)


def test_kl_div_slips_by_hand():
    p = {"q": [[0.25, 0.75], [0.5, 0.5]], "p": [[0.5, 0.5], [0.5, 0.5]], "reduction": "batchmean"}
    s = 0.5 * math.log(2) + 0.5 * math.log(2 / 3)  # Σ p·log(p/q); the second row adds 0
    swapped = 0.25 * math.log(0.5) + 0.75 * math.log(1.5)  # KL(q‖p)
    assert slipkit.approx(slips("kl-div", p), {
        "mean-for-batchmean": s / 4, "sum-for-batchmean": s, "p-q-swapped": swapped / 2}, close)
    assert slipkit.approx(slips("kl-div", {**p, "reduction": "mean"}), {
        "batchmean-for-mean": s / 2, "sum-for-mean": s, "p-q-swapped": swapped / 4}, close)
    # A 0 in the target makes KL(q‖p) infinite: no swapped candidate then.
    assert "p-q-swapped" not in slips("kl-div", {"q": [[0.5, 0.5]], "p": [[0.0, 1.0]],
                                                 "reduction": "sum"})


def test_mse_loss_slips_by_hand():
    p = {"input": [1.0, 3.0], "target": [0.0, 0.0], "reduction": "mean"}  # right: (1 + 9)/2 = 5
    assert slips("mse-loss", p) == {"sum-for-mean": 10.0, "half-squared": 2.5,
                                    "rmse-for-mse": math.sqrt(5), "l1-for-mse": 2.0}


def test_margin_ranking_slips_by_hand(runner):
    p = {"x1": [1.0, 2.0, 0.5], "x2": [0.0, 3.0, 0.0], "y": [1, 1, -1], "margin": 0.5,
         "reduction": "mean"}
    # -y·(x1 - x2) + 0.5 = [-0.5, 1.5, 1.0]; right: (0 + 1.5 + 1.0) / 3.
    assert slipkit.approx(slips("margin-ranking", p), {
        "sum-for-mean": 2.5, "y-sign-flipped": 1.5 / 3, "margin-subtracted": 0.5 / 3,
        "hinge-not-clamped": 2.0 / 3}, close)
    assert slipkit.slip_shown(runner, "losses", "margin-ranking", p, 0.5) == "y-sign-flipped"


def test_shape_slips_name_the_notes_matrix(runner):
    p = {"N": 4, "reduction": "none"}
    assert slips("margin-ranking-none-shape", p) == {"n-by-n-matrix": (4, 4),
                                                     "reduced-to-scalar": ()}
    assert slipkit.slip_shown(runner, "losses", "margin-ranking-none-shape", p, (4, 4)) == \
        "n-by-n-matrix"
    assert slipkit.slip_shown(runner, "losses", "margin-ranking-none-shape", p, (4,)) is None


def test_cosine_and_hinge_slips_by_hand():
    cos = 1 / math.sqrt(2)
    p = {"x1": [[1.0, 1.0]], "x2": [[1.0, 0.0]], "y": [-1], "margin": 0.5, "reduction": "sum"}
    got = slips("cosine-embedding", p)
    assert close(got["margin-ignored"], cos) and "hinge-not-clamped" in got
    h = {"x": [0.3, 0.5, 2.0], "y": [1, -1, -1], "margin": 1.0, "reduction": "mean"}
    assert slipkit.approx(slips("hinge-embedding", h), {
        "sum-for-mean": 0.8, "labels-swapped": 3.2 / 3, "positives-hinged": 1.2 / 3,
        "hinge-not-clamped": -0.2 / 3}, close)


def test_triplet_slips_by_hand():
    p = {"anchor": [[0.0, 0.0]], "positive": [[3.0, 4.0]], "negative": [[1.0, 0.0]],
         "margin": 1.0, "p": 2}
    got = slips("triplet-margin", p)
    assert got["squared-distances"] == pytest.approx(25, rel=1e-4)
    assert got["l1-for-l2"] == pytest.approx(7, rel=1e-4)
    assert got["positive-negative-swapped"] == 0


def test_multi_label_and_multi_margin_slips_by_hand():
    p = {"x": [[0.1, 0.2, 0.4, 0.8]], "y": [[3, 0, -1, 1]]}
    got = slips("multilabel-margin", p)
    assert close(got["read-past-minus-one"], 3.1 / 4) and close(got["notes-margin-zero"], 0.1)
    m = {"x": [[0.1, 0.2, 0.4, 0.8]], "y": [3], "p": 1, "margin": 1.0}
    assert slipkit.approx(slips("multi-margin", m), {
        "divided-by-c-minus-1": 1.3 / 3, "target-class-counted": 2.3 / 4,
        "p2-for-p1": (0.09 + 0.16 + 0.36) / 4}, close)


def test_poisson_slips_by_hand():
    p = {"input": [0.0, 0.0], "target": [1.0, 0.0], "log_input": True, "full": True,
         "reduction": "mean"}
    small = 1 * math.log(1) - 1 + 0.5 * math.log(2 * math.pi)  # what torch leaves out
    got = slips("poisson-nll", p)
    assert close(got["stirling-for-small-targets"], (1 + small + 1) / 2)
    assert close(got["stirling-forgotten"], 1.0)  # no target > 1: the same as the right value


def test_kd_slips_name_the_notes_formula(runner):
    p = {"student": [[0.0, 0.0]], "teacher": [[2.0, 0.0]], "labels": [0], "T": 4.0,
         "alpha": 0.5}
    kl = float(rel_entr(softmax(np.array([0.5, 0.0])), [0.5, 0.5]).sum())
    got = slips("knowledge-distillation", p)
    assert slipkit.approx(got, {
        "kd-temperature-not-squared": 0.5 * 4 * kl + 0.5 * math.log(2),
        "kd-temperature-unscaled": 0.5 * kl + 0.5 * math.log(2),
        "mean-for-batchmean": 0.5 * 16 * kl / 2 + 0.5 * math.log(2),
        "hard-at-temperature": 0.5 * 16 * kl + 0.5 * math.log(2)}, close)
    assert slipkit.slip_shown(runner, "losses", "knowledge-distillation", p,
                              got["kd-temperature-not-squared"]) == "kd-temperature-not-squared"
