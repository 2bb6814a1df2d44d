"""Losses deck: every verifier against numpy/scipy formulas from the PyTorch docs."""

from __future__ import annotations

import math

import numpy as np
import pytest
import slipkit
from deckkit import kit
from scipy.special import expit, logsumexp, rel_entr

LOSSES = kit("losses")
run, draw = LOSSES.run, LOSSES.sample
IGNORE = -100
SEEDS = range(150)


def close(got: float, ref: float) -> bool:
    return math.isclose(got, ref, rel_tol=1e-9, abs_tol=1e-12)


def reduce(terms: np.ndarray, reduction: str) -> float:
    return float(terms.sum() if reduction == "sum" else terms.mean())


# ---------------------------------------------------------------- references (PyTorch docs)


def log_softmax(x: np.ndarray) -> np.ndarray:
    return x - logsumexp(x, axis=1, keepdims=True)


def ref_bce_with_logits(p: dict) -> float:
    x, y = np.array(p["logits"], float), np.array(p["targets"], float)
    w = 1.0 if p["pos_weight"] is None else p["pos_weight"]
    # log σ(x) = -log(1 + e^-x), log(1 - σ(x)) = -log(1 + e^x), both overflow-free
    terms = w * y * np.logaddexp(0, -x) + (1 - y) * np.logaddexp(0, x)
    return reduce(terms, p["reduction"])


def ref_cross_entropy(p: dict) -> float:
    x, eps = np.array(p["logits"], float), p["label_smoothing"]
    logp = log_softmax(x)
    C = x.shape[1]
    terms = np.array([-(1 - eps) * row[y] - eps / C * row.sum()
                      for row, y in zip(logp, p["targets"], strict=True)])
    return reduce(terms, p["reduction"])


def ref_soft_targets(p: dict) -> float:
    logp = log_softmax(np.array(p["logits"], float))
    return float((-(np.array(p["probs"]) * logp).sum(axis=1)).mean())


def ref_weighted(p: dict) -> float:
    logp, w = log_softmax(np.array(p["logits"], float)), p["weight"]
    kept = [(i, y) for i, y in enumerate(p["targets"]) if y != IGNORE]
    num = sum(-w[y] * logp[i, y] for i, y in kept)
    return num / sum(w[y] for _, y in kept)


def ref_nll(p: dict) -> float:
    terms = np.array([-math.log(row[y]) for row, y in zip(p["probs"], p["targets"], strict=True)])
    return reduce(terms, p["reduction"])


def ref_bce(p: dict) -> float:
    q, y = np.array(p["probs"]), np.array(p["targets"], float)
    terms = -(y * np.maximum(np.log(q), -100) + (1 - y) * np.maximum(np.log(1 - q), -100))
    return reduce(terms, p["reduction"])


def diffs(p: dict) -> np.ndarray:
    return np.array(p["input"]) - np.array(p["target"])


def ref_mse(p: dict) -> float:
    return reduce(diffs(p) ** 2, p["reduction"])


def ref_l1(p: dict) -> float:
    return reduce(np.abs(diffs(p)), p["reduction"])


def ref_smooth_l1(p: dict) -> float:
    d, b = np.abs(diffs(p)), p["beta"]
    return float(np.where(d < b, 0.5 * d**2 / b, d - 0.5 * b).mean())


def ref_huber(p: dict) -> float:
    d, k = np.abs(diffs(p)), p["delta"]
    return float(np.where(d <= k, 0.5 * d**2, k * (d - 0.5 * k)).mean())


def ref_kl(p: dict) -> float:
    terms = rel_entr(np.array(p["p"]), np.array(p["q"]))
    N, C = terms.shape
    return float(terms.sum() / {"sum": 1, "batchmean": N, "mean": N * C}[p["reduction"]])


def ref_focal(p: dict) -> float:
    x, y = np.array(p["logits"], float), np.array(p["targets"], float)
    prob = expit(x)
    p_t = np.where(y == 1, prob, 1 - prob)
    alpha_t = np.where(y == 1, p["alpha"], 1 - p["alpha"])
    return reduce(-alpha_t * (1 - p_t) ** p["gamma"] * np.log(p_t), p["reduction"])


REFS = {
    "bce-with-logits": ref_bce_with_logits,
    "cross-entropy": ref_cross_entropy,
    "cross-entropy-soft-targets": ref_soft_targets,
    "cross-entropy-weighted": ref_weighted,
    "nll-loss": ref_nll,
    "bce-loss": ref_bce,
    "mse-loss": ref_mse,
    "l1-loss": ref_l1,
    "smooth-l1-loss": ref_smooth_l1,
    "huber-loss": ref_huber,
    "kl-div": ref_kl,
    "focal-loss": ref_focal,
}


# ---------------------------------------------------------------- sampled agreement


@pytest.mark.parametrize("card_id", sorted(REFS))
def test_sampled_against_reference(device, card_id):
    for seed in SEEDS:
        p = draw(card_id, seed)
        got = run(card_id, p, device)
        assert isinstance(got, float)
        assert close(got, REFS[card_id](p)), (seed, p, got)


def test_loss_none_shape(device):
    for seed in SEEDS:
        p = draw("loss-none-shape", seed)
        got = run("loss-none-shape", p, device)
        assert got == (p["N"], *p["extra"])


def test_choice_cards_pick_the_documented_identity(device):
    ce = run("ce-equivalent", {}, device)
    assert ce == "F.nll_loss(F.log_softmax(x, dim=1), y)"
    kl = run("kl-div-true-kl", {}, device)
    assert kl == "F.kl_div(q.log(), p, reduction='batchmean')"
    for cid, answer in (("ce-equivalent", ce), ("kl-div-true-kl", kl)):
        assert answer in LOSSES.choices(cid)


# ---------------------------------------------------------------- samplers


def test_samplers_give_valid_human_sized_params():
    seen_pw, seen_eps, seen_ignored = set(), set(), 0
    for seed in SEEDS:
        p = draw("bce-with-logits", seed)
        assert 2 <= len(p["logits"]) == len(p["targets"]) <= 4
        assert set(p["targets"]) <= {0, 1}
        seen_pw.add(p["pos_weight"] is None)
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
        p = draw("kl-div", seed)
        assert np.shape(p["p"]) == np.shape(p["q"])
        for cid in ("mse-loss", "smooth-l1-loss", "bce-loss", "focal-loss"):
            p = draw(cid, seed)
            first = p.get("input", p.get("logits", p.get("probs")))
            assert len(first) == len(p.get("target", p.get("targets")))
    assert seen_pw == {True, False} and seen_eps == {True, False}
    assert 0 < seen_ignored < len(SEEDS)


# ---------------------------------------------------------------- edge cases


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
        got = run("bce-with-logits", p, device)
        assert close(got, ref_bce_with_logits(p))


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
    got = run("cross-entropy-weighted", p, device)
    l0 = math.log(math.e + 2) - 1
    l2 = math.log(math.e**3 + 2) - 3
    assert close(got, (2.0 * l0 + 0.5 * l2) / 2.5)


def test_bce_loss_clamps_log(device):
    p = {"probs": [1e-60, 0.5], "targets": [1, 0], "reduction": "sum"}
    got = run("bce-loss", p, device)
    assert close(got, 100 + math.log(2))


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


# ---------------------------------------------------------------- slips

SLIP_CARDS = {"bce-with-logits": "bce_with_logits_slips", "cross-entropy": "cross_entropy_slips",
              "kl-div": "kl_div_slips", "mse-loss": "mse_loss_slips"}


def slips(card_id: str, p: dict) -> dict[str, float]:
    return slipkit.by_hint("losses", card_id, p)



@pytest.mark.parametrize("card_id", sorted(SLIP_CARDS))
def test_slips_are_named_in_the_deck(card_id):
    assert LOSSES.card(card_id).slips == SLIP_CARDS[card_id]


@pytest.mark.parametrize("card_id", sorted(SLIP_CARDS))
def test_typing_a_slip_names_it_in_the_app(session, card_id):
    typed = sum(slipkit.through_the_app(session, "losses", card_id, draw(card_id, seed))
                for seed in SEEDS)
    assert typed > len(SEEDS)


def test_bce_with_logits_slips_by_hand():
    ln2 = math.log(2)
    p = {"logits": [0.0, 0.0, 0.0], "targets": [1, 0, 0], "pos_weight": 3.0, "reduction": "mean"}
    # Right: each term is w·ln 2 on the positive and ln 2 on the negatives: (3 + 1 + 1)·ln2 / 3.
    got = slips("bce-with-logits", p)
    assert set(got) == {
        "added the terms up: reduction='mean' also divides by the number of terms (3)",
        "applied pos_weight to the negative term: it multiplies only the positive part, "
        "y·log σ(x)",
        "left out pos_weight: every positive term is multiplied by it"}
    assert [close(v, ref) for v, ref in zip(got.values(), [5 * ln2, 7 * ln2 / 3, ln2],
                                            strict=True)] == [True] * 3
    sums = slips("bce-with-logits", {**p, "pos_weight": None, "reduction": "sum"})
    assert sums == {"divided by the number of terms: reduction='sum' only adds them up": ln2}


def test_cross_entropy_slips_by_hand(session):
    lse = math.log(math.e**2 + 2)  # logsumexp([2, 0, 0])
    p = {"logits": [[2.0, 0.0, 0.0]], "targets": [0], "label_smoothing": 0.3,
         "reduction": "mean"}
    # Right: target (0.7 + 0.1, 0.1, 0.1): l = lse - 0.8·2 = lse - 1.6.
    got = slips("cross-entropy", p)
    same = "added the terms up: reduction='mean' also divides by the number of terms (1)"
    expected = {
        same: lse - 1.6,
        "ignored label_smoothing: the target is 1−ε on the true class plus ε/C on every class":
            lse - 2,
        "spread ε over the other C−1 classes only: PyTorch spreads ε/C over all C classes, the "
        "true class included": lse - 1.4,
        "used the raw logits as log-probabilities: cross_entropy applies log_softmax first":
            -1.6,
        "used log base 2: PyTorch's losses use the natural log": (lse - 1.6) / math.log(2)}
    assert got.keys() == expected.keys()
    assert all(close(got[k], v) for k, v in expected.items())
    # One row: 'mean' and 'sum' agree, so typing that value is right and the app names no slip.
    assert slipkit.slip_shown(session, "losses", "cross-entropy", p, got[same]) is None
    two = {"logits": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], "targets": [0, 0],
           "label_smoothing": 0.0, "reduction": "sum"}
    lse1 = math.log(math.e + 2)
    assert close(slips("cross-entropy", two)[
        "divided by the number of terms: reduction='sum' only adds them up"], (2 * lse1 - 1) / 2)


def test_kl_div_slips_by_hand():
    p = {"q": [[0.25, 0.75], [0.5, 0.5]], "p": [[0.5, 0.5], [0.5, 0.5]], "reduction": "batchmean"}
    s = 0.5 * math.log(2) + 0.5 * math.log(2 / 3)  # Σ p·log(p/q); the second row adds 0
    got = slips("kl-div", p)
    assert close(got["divided by all N·C elements (that is 'mean'): 'batchmean' divides the sum "
                     "by the batch size N only"], s / 4)
    assert close(got["forgot to divide by the batch size N: 'batchmean' is the sum / N"], s)
    swapped = 0.25 * math.log(0.5) + 0.75 * math.log(1.5)  # KL(q‖p)
    assert close(got["swapped p and q: F.kl_div(log q, p) computes Σ p·(log p − log q), that "
                     "is KL(p‖q)"], swapped / 2)
    mean = slips("kl-div", {**p, "reduction": "mean"})
    assert close(mean["divided by the batch size N only (that is 'batchmean'): 'mean' divides "
                      "by every element, N·C"], s / 2)


def test_mse_loss_slips_by_hand():
    p = {"input": [1.0, 3.0], "target": [0.0, 0.0], "reduction": "mean"}  # right: (1 + 9)/2 = 5
    assert slips("mse-loss", p) == {
        "added the terms up: reduction='mean' also divides by the number of terms (2)": 10.0,
        "used ½·d²: MSELoss has no ½ (the ½ belongs to Huber/SmoothL1 near 0)": 2.5,
        "took the square root (that is RMSE): MSELoss stops at the mean of the squares":
            math.sqrt(5),
        "took |d| instead of d² (that is L1Loss)": 2.0}
