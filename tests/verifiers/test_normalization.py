"""Tests for the normalization deck: every verifier against NumPy versions of the doc formulas."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import slipkit
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

NORM = kit("normalization")
run, sample, explanation = NORM.run, NORM.sample, NORM.explain
SEEDS = range(60)
LAYERS = ["BatchNorm2d", "LayerNorm-CHW", "LayerNorm-W", "InstanceNorm2d", "GroupNorm"]


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """One torch thread, as the app's verifier engine runs: the Jacobian cards' tiny
    problems are many times slower when two threads compete on a shared machine."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))




# ---- which values share a mean: the docs' description of each layer ------------------------


def doc_groups(p: dict) -> tuple[int, int]:
    """(number of means, values per mean) as the PyTorch docs describe each layer."""
    N, C, H, W, G = p["N"], p["C"], p["H"], p["W"], p["G"]
    return {
        "BatchNorm2d": (C, N * H * W),        # per channel, over the batch and the plane
        "LayerNorm-CHW": (N, C * H * W),      # over the last len(normalized_shape) dims
        "LayerNorm-W": (N * C * H, W),
        "InstanceNorm2d": (N * C, H * W),     # per sample and channel
        "GroupNorm": (N * G, C // G * H * W),  # per sample and group of C/G channels
    }[p["layer"]]


def doc_code(p: dict) -> str:
    """The constructor as a person writes it for these params."""
    C, H, W, G = p["C"], p["H"], p["W"], p["G"]
    return {"BatchNorm2d": f"nn.BatchNorm2d({C})",
            "LayerNorm-CHW": f"nn.LayerNorm([{C}, {H}, {W}])",
            "LayerNorm-W": f"nn.LayerNorm({W})", "InstanceNorm2d": f"nn.InstanceNorm2d({C})",
            "GroupNorm": f"nn.GroupNorm({G}, {C})"}[p["layer"]]


@pytest.mark.parametrize("card_id", ["stats-count", "stats-group-size"])
def test_group_cards_match_the_docs(device, card_id: str) -> None:
    layers = set()
    for seed in SEEDS:
        p = sample(card_id, seed)
        count, size = doc_groups(p)
        assert 1 < p["G"] < p["C"] and p["C"] % p["G"] == 0
        assert p["layer_code"] == doc_code(p)
        assert run(card_id, p, device) == (count if card_id == "stats-count" else size), p
        layers.add(p["layer"])
    assert layers == set(LAYERS)


@pytest.mark.parametrize("card_id", ["stats-count", "stats-group-size", "param-count"])
@pytest.mark.parametrize("C", [6, 4, 3, 8])
def test_shown_constructor_follows_a_param_override(device, card_id: str, C: int) -> None:
    """--param C=6 (issue 10): the shown layer_code has the C the answer is computed for, for
    every layer kind, and a sampled G that no longer divides C is refitted, not kept."""
    if C not in NORM.options(card_id, "C"):
        with pytest.raises(ParamError):
            sample(card_id, 0, C=C)
        return
    for kind in NORM.options(card_id, "layer"):
        for seed in range(12):
            p = sample(card_id, seed, C=C, layer=kind)
            assert p["C"] == C and p["C"] % p["G"] == 0, p
            if kind != "LayerNorm-W":  # nn.LayerNorm(W) takes no channel count
                assert str(C) in p["layer_code"], p
            if card_id == "param-count":
                assert p["layer_code"] == doc_param_code(p)
                assert run(card_id, p, device) == doc_param_count(p), p
            else:
                assert p["layer_code"] == doc_code(p)
                count, size = doc_groups(p)
                assert run(card_id, p, device) == (count if card_id == "stats-count" else size)


@pytest.mark.parametrize("card_id", ["stats-count", "param-count"])
def test_shown_constructor_follows_h_and_w_overrides(card_id: str) -> None:
    for kind in NORM.options(card_id, "layer"):
        for seed in range(6):
            p = sample(card_id, seed, layer=kind, H=2, W=3)
            assert p["layer_code"] == (doc_param_code(p) if card_id == "param-count"
                                       else doc_code(p))
            if kind in {"LayerNorm-W", "LayerNorm-CHW"}:
                assert "3" in p["layer_code"], p


def test_a_refitted_group_count_is_the_largest_divisor_below_the_sampled_one() -> None:
    derive = NORM.module.derive_layer_code
    got = derive({"layer": "GroupNorm", "N": 2, "C": 4, "H": 2, "W": 2, "G": 3})
    assert (got["G"], got["layer_code"]) == (2, "nn.GroupNorm(2, 4)")
    got = NORM.module.derive_param_code({"layer": "GroupNorm", "C": 3, "H": 2, "W": 2,
                                         "flag": True, "G": 8})
    assert (got["G"], got["layer_code"]) == (3, "nn.GroupNorm(3, 3, affine=True)")
    # A divisor is kept as it is, including the extremes G=1 and G=C a card test states.
    for G in (1, 2, 4):
        assert derive({"layer": "GroupNorm", "N": 2, "C": 4, "H": 2, "W": 2, "G": G})["G"] == G


@pytest.mark.parametrize("G", [1, 2, 4])
def test_groupnorm_extremes_match_layer_and_instance_norm(device, G: int) -> None:
    p = {"layer": "GroupNorm", "N": 3, "C": 4, "H": 2, "W": 3, "G": G}
    # G=1 is LayerNorm over (C, H, W); G=C is InstanceNorm.
    assert run("stats-count", p, device) == 3 * G
    assert run("stats-group-size", p, device) == 4 // G * 6


def test_a_group_count_that_does_not_divide_the_channels_is_refused(device) -> None:
    p = {"layer": "GroupNorm", "N": 2, "C": 4, "H": 2, "W": 2, "G": 3}
    with pytest.raises(Invalid):
        run("stats-count", p, device)
    with pytest.raises(Invalid):
        run("param-count", {**p, "flag": True}, device)


AVERAGED = {
    "BatchNorm2d": ("N, H, W (one mean per channel)", "N, H, W"),
    "LayerNorm-CHW": ("C, H, W (one mean per sample)", "C, H, W"),
    "InstanceNorm2d": ("H, W (one mean per sample and channel)", "H, W"),
    "GroupNorm": ("H, W and a subset of the channels (one mean per sample and channel group)",
                  "C (2 of the 4 channels), H, W"),
}


def test_averaged_over_lists_the_axes_in_nchw_order(device) -> None:
    choices = NORM.choices("averaged-over")
    assert set(NORM.options("averaged-over", "layer")) == set(AVERAGED)
    for layer, (answer, axes) in AVERAGED.items():
        assert run("averaged-over", {"layer": layer}, device) == answer
        assert answer in choices
        assert f"spans the axes {axes} (" in explanation("averaged-over", {"layer": layer},
                                                          device)["en"]
    assert [c.split(" (")[0] for c in choices[:3]] == ["N, H, W", "C, H, W", "H, W"]


# ---- parameters and buffers ----------------------------------------------------------------


def doc_param_count(p: dict) -> int:
    if not p["flag"]:
        return 0
    C, H, W = p["C"], p["H"], p["W"]
    return {"BatchNorm2d": 2 * C, "InstanceNorm2d": 2 * C, "GroupNorm": 2 * C,
            "LayerNorm": 2 * C * H * W, "LayerNorm-nobias": C * W}[p["layer"]]


def doc_param_code(p: dict) -> str:
    C, H, W, G, flag = p["C"], p["H"], p["W"], p["G"], p["flag"]
    return {"BatchNorm2d": f"nn.BatchNorm2d({C}, affine={flag})",
            "InstanceNorm2d": f"nn.InstanceNorm2d({C}, affine={flag})",
            "GroupNorm": f"nn.GroupNorm({G}, {C}, affine={flag})",
            "LayerNorm": f"nn.LayerNorm([{C}, {H}, {W}], elementwise_affine={flag})",
            "LayerNorm-nobias": f"nn.LayerNorm([{C}, {W}], elementwise_affine={flag}, bias=False)",
            }[p["layer"]]


def test_param_count(device) -> None:
    for seed in SEEDS:
        p = sample("param-count", seed)
        assert p["layer_code"] == doc_param_code(p)
        assert run("param-count", p, device) == doc_param_count(p), p
        assert p["C"] % p["G"] == 0


def test_state_dict_numel(device) -> None:
    for C in (1, 2, 7, 16):
        for affine in (True, False):
            for track in (True, False):
                expected = 2 * C * affine + (2 * C + 1) * track
                p = {"C": C, "affine": affine, "track": track}
                assert run("state-dict-numel", p, device) == expected, p
    text = explanation("state-dict-numel", {"C": 3, "affine": False, "track": False}, device)
    assert "0 numbers" in text["en"]
    text = explanation("state-dict-numel", {"C": 2, "affine": True, "track": False}, device)
    assert "2 + 2 = 4 numbers" in text["en"]


# ---- running statistics: the update rule from the BatchNorm docs ----------------------------


def np_running_mean(batches: list[list[int]], momentum: float | None) -> float:
    running = 0.0
    for k, batch in enumerate(batches, start=1):
        factor = 1.0 / k if momentum is None else momentum
        running = (1 - factor) * running + factor * np.mean(np.array(batch, dtype=np.float64))
    return float(running)


def test_running_mean(device) -> None:
    for seed in SEEDS:
        p = sample("running-mean", seed)
        ref = np_running_mean([p["b1"], p["b2"]], p["momentum"])
        assert close(run("running-mean", p, device), ref), p


def test_running_var_uses_the_unbiased_variance(device) -> None:
    for seed in SEEDS:
        p = sample("running-var", seed)
        ref = (1 - p["momentum"]) * 1.0 + p["momentum"] * np.var(p["x"], ddof=1)
        assert close(run("running-var", p, device), ref), p
    # [0, 2]: biased var 1, unbiased 2 -> 0.9 + 0.2, not 0.9 + 0.1.
    assert close(run("running-var", {"momentum": 0.1, "x": [0, 2]}, device), 1.1)
    # A constant batch: the variance term vanishes.
    assert close(run("running-var", {"momentum": 0.5, "x": [3, 3, 3]}, device), 0.5)


def test_momentum_none_is_a_cumulative_average(device) -> None:
    for seed in SEEDS:
        p = sample("momentum-none", seed)
        ref = np_running_mean([p["b1"], p["b2"], p["b3"]], None)
        assert close(run("momentum-none", p, device), ref), p
        means = [np.mean(p[b]) for b in ("b1", "b2", "b3")]
        assert close(ref, float(np.mean(means)))


# ---- normalised values ------------------------------------------------------------------------


def np_normalize(x: list[float], i: int, eps: float) -> float:
    arr = np.array(x, dtype=np.float64)
    return float((arr[i] - arr.mean()) / np.sqrt(arr.var() + eps))  # biased var (ddof=0)


@pytest.mark.parametrize("card_id", ["train-output", "layernorm-output"])
def test_normalised_values(device, card_id: str) -> None:
    for seed in SEEDS:
        p = sample(card_id, seed)
        ref = np_normalize(p["x"], p["i"], p["eps"])
        assert close(run(card_id, p, device), ref), p


@pytest.mark.parametrize(("x", "i", "eps", "expected"), [
    ([2, 2, 2], 0, 1e-5, 0.0),                     # zero variance: the output is 0, not nan
    ([0, 1], 0, 1.0, -0.5 / np.sqrt(1.25)),        # eps dominates the tiny variance
    ([0, 2], 1, 1e-5, 1 / np.sqrt(1 + 1e-5)),      # biased var 1 (unbiased would be 2)
    ([-3, 6, 0, 1], 0, 1e-5, -4 / np.sqrt(10.5 + 1e-5)),
])
def test_normalised_value_edge_cases(device, x, i, eps, expected) -> None:
    p = {"x": x, "i": i, "eps": eps, "n": len(x)}
    assert close(run("train-output", p, device), expected)
    assert close(run("layernorm-output", p, device), expected)


def test_an_index_outside_the_batch_is_refused(device) -> None:
    with pytest.raises(Invalid):
        run("train-output", {"x": [1, 2], "i": 2, "eps": 1e-5}, device)


def test_eval_output(device) -> None:
    for seed in SEEDS:
        p = sample("eval-output", seed)
        ref = p["gamma"] * (p["x"] - p["rm"]) / np.sqrt(p["rv"] + p["eps"]) + p["beta"]
        assert close(run("eval-output", p, device), ref), p
    p = {"x": 1.0, "rm": 1.0, "rv": 4.0, "gamma": 2.0, "beta": 0.5, "eps": 0.1}
    assert close(run("eval-output", p, device), 0.5)  # x at the running mean -> bias


# ---- which statistics: the BatchNorm docs' rule -----------------------------------------------

BATCH, RUNNING = NORM.choices("bn-stats-used")


@pytest.mark.parametrize("track", [True, False])
@pytest.mark.parametrize("mode", ["train", "eval"])
def test_running_estimates_only_in_eval_mode_and_when_tracked(device, track, mode) -> None:
    # "If track_running_stats is set to False, this layer then does not keep running
    # estimates, and batch statistics are instead used during evaluation time as well."
    expected = RUNNING if track and mode == "eval" else BATCH
    assert run("bn-stats-used", {"track": track, "mode": mode}, device) == expected
    text = explanation("bn-stats-used", {"track": track, "mode": mode}, device)
    assert "The notes call track_running_stats the train/test switch" in text["en"]
    assert "笔记说 track_running_stats「是训练状态，还是测试状态」" in text["zh"]


# ---- explanations --------------------------------------------------------------------------

ENGLISH = re.compile(r"\b(the|and|is|are|at|of|so|gives|after|each|only|with|per|mean|values)\b",
                     re.IGNORECASE)


@pytest.mark.parametrize("card_id", [c.id for c in NORM.deck.cards])
def test_chinese_explanations_have_no_english_sentence(device, card_id: str) -> None:
    for p, prose in NORM.zh_prose(card_id, 12, device):
        assert not ENGLISH.search(prose), (p, prose)
    assert ENGLISH.search("at x = 2: the gradient")  # the detector itself works


# ---- slips -----------------------------------------------------------------------------------

SLIP_CARDS = ["stats-count", "stats-group-size", "averaged-over", "param-count",
              "state-dict-numel", "running-mean", "running-var", "momentum-none", "train-output",
              "eval-output", "layernorm-output", "bn-stats-used"]


def slips(card_id: str, p: dict) -> dict[str, float]:
    return slipkit.by_id("normalization", card_id, p)


def approx(got: dict[str, float], expected: dict[str, float]) -> bool:
    return slipkit.approx(got, expected, close)


def test_every_quiz_card_names_its_slips() -> None:
    assert sorted(c.id for c in NORM.quiz if c.slips) == sorted(SLIP_CARDS)


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, card_id) -> None:
    seeds = range(4) if card_id == "bn-stats-used" else range(40)
    typed = sum(slipkit.through_the_app(runner, "normalization", card_id, sample(card_id, seed))
                for seed in seeds)
    assert typed >= len(seeds) // 2


def test_slip_ids_are_unique_slugs_with_one_meaning_each() -> None:
    seen: dict[str, str] = {}
    for card_id in SLIP_CARDS:
        for seed in range(30):
            for slip in slipkit.slips_of("normalization", card_id, sample(card_id, seed)):
                slipkit.check_slip(slip)
                mistake = slip.en.split(":")[0]  # the mistake; after the colon: the fix
                assert seen.setdefault(slip.id, mistake) == mistake, (card_id, slip.id)


def test_running_statistics_slips_by_hand() -> None:
    # x = [0, 2]: unbiased var 2, biased 1; right 0.9*1 + 0.1*2 = 1.1
    assert approx(slips("running-var", {"momentum": 0.1, "x": [0, 2]}), {
        "biased-variance": 1.0, "keras-momentum": 0.1 + 0.9 * 2, "running-var-from-zero": 0.2})
    # batch means 3 and 6; right: 0.1*3 = 0.3, then 0.9*0.3 + 0.1*6 = 0.87
    assert approx(slips("running-mean", {"momentum": 0.1, "b1": [2, 4], "b2": [6, 6]}), {
        "keras-momentum": 0.1 * 2.7 + 0.9 * 6, "momentum-none-average": 4.5,
        "running-mean-from-first-batch": 0.9 * 3 + 0.1 * 6})
    # means 1, 4, -2: EMA with 0.1 from 0 is 0.241; averaging the initial 0 in gives 3/4
    assert approx(slips("momentum-none", {"b1": [0, 2], "b2": [4, 4], "b3": [-3, -1]}), {
        "default-momentum-applied": 0.241, "initial-zero-averaged": 0.75})


def test_normalized_output_slips_by_hand(runner) -> None:
    # x = [0, 2], element 1, eps 1: mean 1, biased var 1 -> 1/sqrt(2)
    p = {"x": [0, 2], "i": 1, "eps": 1.0}
    common = {"unbiased-variance": 1 / math.sqrt(3), "eps-left-out": 1.0,
              "eps-outside-sqrt": 0.5}
    assert approx(slips("train-output", p), {**common, "running-stats-in-train": math.sqrt(2)})
    assert approx(slips("layernorm-output", {**p, "n": 2}), common)
    # A constant batch: leaving out eps divides 0 by 0, so that slip is not listed; the others
    # but the running statistics give the right 0, and typing 0 names no slip
    flat = {"x": [1, 1], "i": 0, "eps": 1.0}
    assert approx(slips("train-output", flat), {
        "unbiased-variance": 0.0, "eps-outside-sqrt": 0.0,
        "running-stats-in-train": 1 / math.sqrt(2)})
    assert slipkit.slip_shown(runner, "normalization", "train-output", flat, 0.0) is None
    assert slipkit.slip_shown(runner, "normalization", "train-output", flat,
                              1 / math.sqrt(2)) == "running-stats-in-train"


def test_eval_output_slips_by_hand(runner) -> None:
    # 2*(3 - 1)/sqrt(3.9 + 0.1) - 0.5 = 1.5
    p = {"x": 3.0, "rm": 1.0, "rv": 3.9, "gamma": 2.0, "beta": -0.5, "eps": 0.1}
    assert approx(slips("eval-output", p), {
        "batchnorm-off-in-eval": 3.0, "affine-skipped": 1.0, "variance-for-std": 0.5,
        "eps-left-out": 4 / math.sqrt(3.9) - 0.5, "eps-outside-sqrt": 4 / (math.sqrt(3.9) + 0.1)
        - 0.5})
    assert slipkit.slip_shown(runner, "normalization", "eval-output", p, 3.0) == \
        "batchnorm-off-in-eval"


def test_structure_slips_by_hand(runner) -> None:
    bn = {"layer": "BatchNorm2d", "C": 4, "H": 2, "W": 3, "flag": True, "G": 2}
    assert slips("param-count", bn) == {"running-stats-counted": 16}
    off = {**bn, "layer": "InstanceNorm2d", "flag": False}
    assert slips("param-count", off) == {"affine-flag-ignored": 8}
    nobias = {"layer": "LayerNorm-nobias", "C": 3, "H": 2, "W": 4, "flag": True, "G": 3}
    assert slips("param-count", nobias) == {"layernorm-per-channel": 3, "bias-false-ignored": 24}
    gn = {"layer": "GroupNorm", "C": 6, "H": 2, "W": 2, "flag": True, "G": 2}
    assert slips("param-count", gn) == {"groupnorm-per-group": 4}
    assert slips("state-dict-numel", {"C": 4, "affine": True, "track": True}) == {
        "buffers-left-out": 8, "num-batches-tracked-forgotten": 16}
    assert slips("state-dict-numel", {"C": 5, "affine": False, "track": False}) == {
        "untracked-buffers-counted": 11}
    p = {"N": 2, "C": 4, "H": 3, "W": 3, "layer": "BatchNorm2d", "G": 2}
    assert slips("stats-count", p) == {"gave-group-size": 18}
    assert slips("stats-group-size", p) == {"gave-mean-count": 4}
    assert slipkit.slip_shown(runner, "normalization", "stats-count", p, 18) == "gave-group-size"


def test_which_statistics_slips_name_the_notes_claims(runner) -> None:
    def shown(track: bool, mode: str, typed: str) -> str | None:
        return slipkit.slip_shown(runner, "normalization", "bn-stats-used",
                                  {"track": track, "mode": mode}, typed)

    assert shown(False, "eval", RUNNING) == "track-stats-as-mode-switch"
    assert shown(False, "train", RUNNING) == "track-stats-as-mode-switch"
    assert shown(True, "train", RUNNING) == "train-eval-swapped"
    assert shown(True, "eval", BATCH) == "train-eval-swapped"
    assert shown(True, "eval", RUNNING) is None


def test_averaged_over_slips(runner) -> None:
    for layer, (answer, _) in AVERAGED.items():
        wrong = {slip_id: value for slip_id, value in slips("averaged-over",
                                                            {"layer": layer}).items()}
        assert wrong and answer not in wrong.values(), layer
    assert slipkit.slip_shown(runner, "normalization", "averaged-over",
                              {"layer": "BatchNorm2d"}, AVERAGED["LayerNorm-CHW"][0]) == \
        "batch-layer-swapped"


# ---- refusals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("card_id", "given"), [
    ("stats-count", {"C": 5}),                  # not one of the channel counts
    ("stats-count", {"G": 2}),                  # fixed: chosen by the sampler
    ("stats-count", {"layer_code": "nn.ReLU()"}),  # fixed: derived from the others
    ("param-count", {"layer": "BatchNorm3d"}),
    ("running-var", {"x": [1]}),                # one sample has no unbiased variance
    ("train-output", {"eps": 0.0}),
    ("bn-stats-used", {"mode": "test"}),
])
def test_spec_violations_are_refused(card_id, given) -> None:
    with pytest.raises(ParamError):
        sample(card_id, 0, **given)


def test_sampled_questions_always_have_an_answer(device) -> None:
    for card in NORM.quiz:
        for seed in range(200):
            run(card.id, sample(card.id, seed), device)
