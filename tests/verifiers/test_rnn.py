"""Tests for the rnn deck: every verifier against the rules in PyTorch's documentation of
nn.RNN / nn.LSTM / nn.GRU and torch.nn.utils.rnn, written here in plain Python (shapes,
parameter counts per layer and direction, named_parameters() order, proj_size, packing)."""

from __future__ import annotations

import re
from itertools import product

import pytest
import slipkit
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core import params as P
from quizapp.core.overrides import ParamError

RNN = kit("rnn")
run, sample = RNN.run, RNN.sample
SEEDS = range(60)
CJK = re.compile(r"[\u4e00-\u9fff]")
GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}  # the docs: W_ih is (G*hidden_size, input_size)

# ---- references: the documented rules, in plain Python --------------------------------------


def dirs(p: dict) -> int:
    return 2 if p["bidirectional"] else 1


def ref_output(p: dict) -> tuple[int, ...]:
    """Docs: output (L, N, D*H_out), or (N, L, D*H_out) with batch_first=True."""
    width = dirs(p) * p["hidden_size"]
    return ((p["batch"], p["seq_len"], width) if p["batch_first"]
            else (p["seq_len"], p["batch"], width))


def ref_hidden(p: dict) -> tuple[int, ...]:
    """Docs: h_n (D*num_layers, N, H_out), whatever batch_first says."""
    return (dirs(p) * p["num_layers"], p["batch"], p["hidden_size"])


def ref_count(p: dict) -> int:
    """Per layer and direction: G*H*(in + H) weights + 2*G*H biases; in = input_size for
    layer 0, else H*D."""
    g, h, d = GATES[p["mode"]], p["hidden_size"], dirs(p)
    total = 0
    for layer in range(p["num_layers"]):
        size_in = p["input_size"] if layer == 0 else h * d
        total += d * (g * h * (size_in + h) + (2 * g * h if p["bias"] else 0))
    return total


def ref_weight(p: dict) -> tuple[int, ...]:
    g, h = GATES[p["mode"]], p["hidden_size"]
    if p["attr"].startswith("bias"):
        return (g * h,)
    if p["attr"] == "weight_hh":
        return (g * h, h)
    return (g * h, p["input_size"] if p["layer"] == 0 else h * dirs(p))


def ref_names(p: dict) -> list[str]:
    group = ["weight_ih", "weight_hh"] + (["bias_ih", "bias_hh"] if p["bias"] else [])
    suffixes = ["", "_reverse"] if p["bidirectional"] else [""]
    return [f"{name}_l{layer}{s}" for layer in range(p["num_layers"]) for s in suffixes
            for name in group]


def ref_proj(p: dict) -> tuple[int, ...]:
    """Docs: with proj_size > 0, h_n and output use proj_size, c_n keeps hidden_size,
    weight_hh_l[k] is (4*hidden_size, proj_size), weight_hr_l[k] is (proj_size, hidden_size),
    and layer k > 0 reads proj_size*D."""
    h, r, d, layers = p["hidden_size"], p["proj_size"], dirs(p), p["num_layers"]
    return {"output": (p["seq_len"], p["batch"], d * r), "h_n": (d * layers, p["batch"], r),
            "c_n": (d * layers, p["batch"], h), "weight_hh_l0": (4 * h, r),
            "weight_hr_l0": (r, h), "weight_ih_l1": (4 * h, d * r)}[p["ask"]]


def ref_unbatched(p: dict) -> tuple[int, ...]:
    """Docs: an unbatched input (L, H_in) gives output (L, D*H_out) and h_n (D*layers, H)."""
    d, h = dirs(p), p["hidden_size"]
    return (p["seq_len"], d * h) if p["ask"] == "output" else (d * p["num_layers"], h)


def ref_final(num_layers: int, index: int) -> str:
    """Docs: h_n.view(num_layers, 2, batch, H); output holds only the last layer, its forward
    half ending at step -1 and its reverse half ending at step 0."""
    layer, direction = divmod(index % (2 * num_layers), 2)
    if layer != num_layers - 1:
        return "None of these slices"
    return "output[0, :, H:]" if direction else "output[-1, :, :H]"


def ref_batch_sizes(lengths: list[int]) -> list[int]:
    return [sum(n > t for n in lengths) for t in range(max(lengths))]


def ref_packed(p: dict) -> tuple[int, ...]:
    lengths, d, h = p["lengths"], dirs(p), p["hidden_size"]
    return {"packed.data": (sum(lengths), p["input_size"]), "out.data": (sum(lengths), d * h),
            "padded": (len(lengths), max(lengths), d * h),
            "h_n": (p["num_layers"] * d, len(lengths), h)}[p["ask"]]


def ref_pipeline(p: dict) -> tuple[int, ...]:
    n, seq, d, h = p["batch"], p["seq_len"], dirs(p), p["hidden_size"]
    return {"embedded": (n, seq, p["emb_dim"]), "output": (n, seq, d * h),
            "h_n": (p["num_layers"] * d, n, h), "logits": (n, p["classes"])}[p["ask"]]


def ref_notes(p: dict) -> tuple[int, ...]:
    """nn.Linear(in, out).weight is (out, in): U (H, I), W (H, H), V (O, H)."""
    i, h, o = p["input_size"], p["hidden_size"], p["output_size"]
    return {"U": (h, i), "W": (h, h), "V": (o, h)}[p["ask"]]


# ---- the three required ids over many seeds and at the edges ---------------------------------


def test_output_and_hidden_shape_over_seeds(device) -> None:
    seen = set()
    for seed in SEEDS:
        for card, ref in (("output-shape", ref_output), ("hidden-shape", ref_hidden)):
            p = sample(card, seed)
            seen.add((p["mode"], p["bidirectional"], p["batch_first"]))
            assert run(card, p, device) == ref(p), (card, p)
            assert p["rnn_code"].startswith(f"rnn = nn.{p['mode']}({p['input_size']}, ")
    assert len(seen) == 12  # every mode with every bidirectional / batch_first combination


EDGES = [  # mode, seq_len, batch, input_size, hidden_size, num_layers, bidirectional, batch_first
    *[(m, 1, 1, 1, 1, 1, False, False) for m in GATES],
    *[(m, 1, 1, 2, 3, 3, True, True) for m in GATES],
    *[(m, 7, 5, 3, 4, 3, True, False) for m in GATES],
    ("LSTM", 9, 1, 3, 2, 1, False, True), ("GRU", 1, 6, 4, 5, 3, False, True),
    ("LSTM", 1250, 1, 1, 1, 8, True, True), ("GRU", 1, 1, 100000, 2, 1, False, False),
    ("LSTM", 3, 2, 1, 500, 2, True, False), ("RNN", 1, 100000, 1, 1, 1, False, True),
]
KEYS = ("mode", "seq_len", "batch", "input_size", "hidden_size", "num_layers", "bidirectional",
        "batch_first")


@pytest.mark.parametrize("values", EDGES, ids=[str(e) for e in EDGES])
def test_output_and_hidden_shape_edges(device, values) -> None:
    given = dict(zip(KEYS, values, strict=True))
    for card, ref in (("output-shape", ref_output), ("hidden-shape", ref_hidden)):
        p = sample(card, 0, **given)
        assert {k: p[k] for k in KEYS} == given
        assert run(card, p, device) == ref(given), (card, given)


def test_param_count_over_seeds(device) -> None:
    seen = set()
    for seed in SEEDS:
        p = sample("param-count", seed)
        seen.add((p["mode"], p["bias"], p["num_layers"] > 1))
        assert run("param-count", p, device) == ref_count(p), p
    assert len(seen) == 12


@pytest.mark.parametrize(("mode", "layers", "bidirectional", "bias"),
                         list(product(GATES, (1, 2, 3), (False, True), (True, False))))
def test_param_count_edges(device, mode, layers, bidirectional, bias) -> None:
    for i, h in ((1, 1), (5, 3), (1, 64), (300, 2)):
        given = {"mode": mode, "input_size": i, "hidden_size": h, "num_layers": layers,
                 "bidirectional": bidirectional, "bias": bias}
        assert run("param-count", sample("param-count", 0, **given), device) == ref_count(given)


def test_param_count_large_and_deep(device) -> None:
    for given in ({"mode": "LSTM", "input_size": 100000, "hidden_size": 4, "num_layers": 1,
                   "bidirectional": True, "bias": True},
                  {"mode": "GRU", "input_size": 3, "hidden_size": 200, "num_layers": 8,
                   "bidirectional": True, "bias": False}):
        assert run("param-count", sample("param-count", 0, **given), device) == ref_count(given)


def test_hand_worked_counts_agree_with_the_reference() -> None:
    # The YAML tests' hand-worked counts, read again through the documented rule.
    assert ref_count({"mode": "LSTM", "input_size": 10, "hidden_size": 20, "num_layers": 1,
                      "bidirectional": False, "bias": True}) == 2560
    assert ref_count({"mode": "GRU", "input_size": 8, "hidden_size": 16, "num_layers": 2,
                      "bidirectional": True, "bias": True}) == 7296


# ---- the other cards ------------------------------------------------------------------------


def test_weight_shape(device) -> None:
    deep = 0
    for seed in SEEDS:
        p = sample("weight-shape", seed)
        assert p["layer"] < p["num_layers"] and (p["bidirectional"] or not p["reverse"])
        deep += p["layer"] > 0 and p["attr"] == "weight_ih"
        assert run("weight-shape", p, device) == ref_weight(p), p
    assert deep > 0
    for mode, attr, bidirectional in product(GATES, ("weight_ih", "weight_hh", "bias_ih",
                                                     "bias_hh"), (False, True)):
        for layer, reverse in ((0, False), (2, bidirectional)):
            p = sample("weight-shape", 0, mode=mode, input_size=7, hidden_size=3, num_layers=3,
                       bidirectional=bidirectional, layer=layer, attr=attr, reverse=reverse)
            assert p["name"] == f"{attr}_l{layer}" + ("_reverse" if reverse else "")
            assert run("weight-shape", p, device) == ref_weight(p), p


def test_param_name(device) -> None:
    for seed in SEEDS:
        p = sample("param-name", seed)
        assert run("param-name", p, device) == ref_names(p)[p["index"]], p
    for mode, layers, bidirectional, bias in product(GATES, (1, 3), (False, True),
                                                     (False, True)):
        given = {"mode": mode, "num_layers": layers, "bidirectional": bidirectional,
                 "bias": bias}
        names = ref_names({**given, "num_layers": layers})
        for index in (0, len(names) - 1):
            p = sample("param-name", 0, **given, index=index)
            assert run("param-name", p, device) == names[index]


def test_proj_shape(device) -> None:
    asked = set()
    for seed in SEEDS:
        p = sample("proj-shape", seed)
        assert 1 <= p["proj_size"] < p["hidden_size"], p
        asked.add(p["ask"])
        assert run("proj-shape", p, device) == ref_proj(p), p
    assert asked == set(RNN.options("proj-shape", "ask"))
    for ask in asked:
        for h, r, layers, bidirectional in ((2, 1, 2, False), (9, 8, 3, True), (64, 1, 2, True)):
            p = sample("proj-shape", 0, input_size=1, hidden_size=h, proj_size=r,
                       num_layers=layers, bidirectional=bidirectional, seq_len=1, batch=1,
                       ask=ask)
            assert run("proj-shape", p, device) == ref_proj(p), p


def test_unbatched_shape(device) -> None:
    for seed in SEEDS:
        p = sample("unbatched-shape", seed)
        assert run("unbatched-shape", p, device) == ref_unbatched(p), p
    for mode, ask, flags in product(GATES, ("output", "h_n"), product((False, True), repeat=2)):
        p = sample("unbatched-shape", 0, mode=mode, seq_len=1, input_size=1, hidden_size=1,
                   num_layers=3, bidirectional=flags[0], batch_first=flags[1], ask=ask)
        assert run("unbatched-shape", p, device) == ref_unbatched(p), p


def test_bidir_final_state(device) -> None:
    answers = set()
    for seed in SEEDS:
        p = sample("bidir-final-state", seed)
        got = run("bidir-final-state", p, device)
        answers.add(got)
        assert got == ref_final(p["num_layers"], p["index"]), p
    assert answers == set(RNN.choices("bidir-final-state")) - {"output[-1, :, H:]",
                                                               "output[0, :, :H]"}
    for mode, layers in product(GATES, (1, 2, 4)):
        for index in range(-2 * layers, 2 * layers):
            p = sample("bidir-final-state", 0, mode=mode, hidden_size=1, num_layers=layers,
                       index=index)
            assert run("bidir-final-state", p, device) == ref_final(layers, index), p


def test_packed_batch_sizes(device) -> None:
    unsorted = 0
    for seed in SEEDS:
        p = sample("packed-batch-sizes", seed)
        if p["enforce_sorted"]:
            assert p["lengths"] == sorted(p["lengths"], reverse=True), p
        unsorted += p["lengths"] != sorted(p["lengths"], reverse=True)
        assert run("packed-batch-sizes", p, device) == ref_batch_sizes(p["lengths"]), p
    assert unsorted > 0
    for lengths in ([1], [1000], [1] * 1000, [3, 1, 2], list(range(1, 51)), [7, 7, 7]):
        p = sample("packed-batch-sizes", 0, lengths=lengths, enforce_sorted=False)
        assert run("packed-batch-sizes", p, device) == ref_batch_sizes(lengths)


def test_packed_shapes(device) -> None:
    for seed in SEEDS:
        p = sample("packed-shapes", seed)
        assert p["steps"] == max(p["lengths"]) + p["extra"]
        assert run("packed-shapes", p, device) == ref_packed(p), p
    for mode, ask in product(GATES, RNN.options("packed-shapes", "ask")):
        for lengths, extra in (([1], 0), ([1, 6, 2], 5), ([4] * 9, 1)):
            p = sample("packed-shapes", 0, mode=mode, input_size=2, hidden_size=3,
                       num_layers=2, bidirectional=True, lengths=lengths, extra=extra, ask=ask)
            assert run("packed-shapes", p, device) == ref_packed(p), p


def test_embedding_pipeline(device) -> None:
    for seed in SEEDS:
        p = sample("embedding-pipeline", seed)
        assert p["fc_in"] == p["hidden_size"] * dirs(p)
        assert run("embedding-pipeline", p, device) == ref_pipeline(p), p
    for mode, ask, bidirectional in product(GATES, RNN.options("embedding-pipeline", "ask"),
                                            (False, True)):
        p = sample("embedding-pipeline", 0, mode=mode, vocab=1, emb_dim=1, hidden_size=1,
                   num_layers=3, bidirectional=bidirectional, batch=1, seq_len=1, classes=1,
                   ask=ask)
        assert run("embedding-pipeline", p, device) == ref_pipeline(p), p


def test_output_layer_weight(device) -> None:
    for seed in SEEDS:
        p = sample("output-layer-weight", seed)
        assert p["input_size"] != p["output_size"], p
        assert run("output-layer-weight", p, device) == ref_notes(p), p
    notes = {"input_size": 57, "hidden_size": 128, "output_size": 18}
    assert run("output-layer-weight", {**notes, "ask": "V"}, device) == (18, 128)
    for ask in ("U", "W", "V"):
        for sizes in ((1, 1, 1), (100000, 2, 3), (2, 3, 100000)):
            p = dict(zip(("input_size", "hidden_size", "output_size"), sizes, strict=True))
            p["ask"] = ask
            assert run("output-layer-weight", p, device) == ref_notes(p), p


# ---- refusals -------------------------------------------------------------------------------

SHAPE = {"mode": "LSTM", "seq_len": 3, "batch": 2, "input_size": 4, "hidden_size": 5,
         "num_layers": 2, "bidirectional": True, "batch_first": False}
NO_ANSWER = [
    ("output-shape", {**SHAPE, "input_size": 100000, "hidden_size": 100}),   # > 1e7 parameters
    ("hidden-shape", {**SHAPE, "seq_len": 10000, "batch": 10000}),           # the input
    ("hidden-shape", {**SHAPE, "seq_len": 6000, "batch": 1}),                # the cell steps
    ("output-shape", {**SHAPE, "seq_len": 100, "batch": 100, "input_size": 1000,
                      "hidden_size": 50, "num_layers": 1, "bidirectional": False}),  # the work
    ("param-count", {"mode": "LSTM", "input_size": 100000, "hidden_size": 100000,
                     "num_layers": 1, "bidirectional": False, "bias": True}),
    ("weight-shape", {"mode": "GRU", "input_size": 3, "hidden_size": 2, "num_layers": 2,
                      "bidirectional": False, "layer": 2, "attr": "weight_ih",
                      "reverse": False}),
    ("weight-shape", {"mode": "GRU", "input_size": 3, "hidden_size": 2, "num_layers": 2,
                      "bidirectional": False, "layer": 0, "attr": "bias_ih", "reverse": True}),
    ("param-name", {"mode": "RNN", "num_layers": 1, "bidirectional": False, "bias": False,
                    "index": 2}),
    ("proj-shape", {"input_size": 3, "hidden_size": 4, "proj_size": 4, "num_layers": 1,
                    "bidirectional": False, "seq_len": 2, "batch": 1, "ask": "h_n"}),
    ("proj-shape", {"input_size": 3, "hidden_size": 4, "proj_size": 0, "num_layers": 1,
                    "bidirectional": False, "seq_len": 2, "batch": 1, "ask": "h_n"}),
    ("proj-shape", {"input_size": 3, "hidden_size": 4, "proj_size": 2, "num_layers": 1,
                    "bidirectional": False, "seq_len": 2, "batch": 1, "ask": "weight_ih_l1"}),
    ("bidir-final-state", {"mode": "GRU", "hidden_size": 2, "num_layers": 1, "index": 2}),
    ("bidir-final-state", {"mode": "GRU", "hidden_size": 2, "num_layers": 2, "index": -5}),
    ("packed-batch-sizes", {"lengths": [1, 3], "enforce_sorted": True}),
    ("embedding-pipeline", {"mode": "RNN", "vocab": 100000, "emb_dim": 200, "hidden_size": 4,
                            "num_layers": 1, "bidirectional": False, "batch": 1, "seq_len": 1,
                            "classes": 2, "ask": "embedded"}),
]


@pytest.mark.parametrize(("card_id", "params"), NO_ANSWER, ids=[c for c, _ in NO_ANSWER])
def test_combinations_without_an_answer_are_refused(device, card_id, params) -> None:
    card = RNN.card(card_id)
    fixed = {k: s.value for k, s in card.params.items()
             if isinstance(s, P.Const) and s.value is not None}  # what the app passes too
    fn = getattr(RNN.module, card.verifier)
    with pytest.raises(Invalid):
        fn({**fixed, **params}, device)
    with pytest.raises(ParamError):  # through the app, as --param gives them
        sample(card_id, 0, **params)


def test_spec_violations_are_refused() -> None:
    for card_id, bad in (("output-shape", {"num_layers": 0}), ("output-shape", {"num_layers": 9}),
                         ("hidden-shape", {"mode": "Transformer"}),
                         ("param-count", {"bias": "yes"}), ("output-shape", {"seq_len": 0}),
                         ("packed-batch-sizes", {"lengths": []}),
                         ("packed-batch-sizes", {"lengths": [2, 0]}),
                         ("output-shape", {"rnn_code": "x"})):  # filled by the derive hook
        with pytest.raises(ParamError):
            sample(card_id, 0, **bad)
    assert sample("output-shape", 0, num_layers=3)["num_layers"] == 3


def test_refused_reasons_read_well() -> None:
    with pytest.raises(ParamError, match="proj_size < hidden_size"):
        sample("proj-shape", 0, hidden_size=4, proj_size=5)
    with pytest.raises(ParamError, match="decreasing order"):
        sample("packed-batch-sizes", 0, lengths=[1, 2], enforce_sorted=True)
    with pytest.raises(ParamError, match="beyond the limit"):
        sample("param-count", 0, input_size=100000, hidden_size=100000)


@pytest.mark.parametrize("card_id", [c.id for c in RNN.quiz])
def test_sampled_questions_always_have_an_answer(device, card_id) -> None:
    for seed in range(200):
        run(card_id, sample(card_id, seed), device)  # a refused combination raises here


# ---- slips ----------------------------------------------------------------------------------


def test_every_quiz_card_has_slips_and_two_tests_one_an_edge() -> None:
    assert len(RNN.quiz) >= 10 and len(RNN.flash) >= 5
    for card in RNN.quiz:
        assert card.slips, card.id
        assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card.id


@pytest.mark.parametrize("card_id", [c.id for c in RNN.quiz])
def test_typing_a_slip_names_it_in_the_app(runner, card_id) -> None:
    typed = sum(slipkit.through_the_app(runner, "rnn", card_id, sample(card_id, seed))
                for seed in range(60))
    assert typed >= 25, card_id


def test_the_classic_slips_by_hand(runner) -> None:
    lstm = {"mode": "LSTM", "input_size": 10, "hidden_size": 20, "num_layers": 1,
            "bidirectional": False, "bias": True}
    slips = slipkit.by_id("rnn", "param-count", lstm)
    assert slips == {"lstm-three-gates": 1920, "gates-forgotten": 640, "one-bias": 2480}
    gru = {**lstm, "mode": "GRU", "num_layers": 2, "bidirectional": True}
    assert slipkit.by_id("rnn", "param-count", gru)["gru-two-gates"] == 2 * (
        2 * 20 * 30 + 2 * 40) + 2 * (2 * 20 * 60 + 2 * 40)
    shape = {**SHAPE, "batch_first": True}
    p = sample("output-shape", 0, **shape)
    assert slipkit.slip_shown(runner, "rnn", "output-shape", p, (2, 3, 5)) == \
        "directions-ignored"
    assert slipkit.slip_shown(runner, "rnn", "output-shape", p, (3, 2, 10)) == \
        "batch-first-ignored"
    p = sample("hidden-shape", 0, **shape)
    assert slipkit.slip_shown(runner, "rnn", "hidden-shape", p, (2, 4, 5)) == \
        "batch-first-on-h-n"
    assert slipkit.slip_shown(runner, "rnn", "hidden-shape", p, (2, 2, 10)) == \
        "directions-on-last-dim"
    assert slipkit.slip_shown(runner, "rnn", "hidden-shape", p, (4, 2, 5)) is None
    given = {"input_size": 3, "hidden_size": 8, "proj_size": 2, "num_layers": 1,
             "bidirectional": False, "seq_len": 4, "batch": 3}
    proj = sample("proj-shape", 0, **given, ask="c_n")
    assert slipkit.slip_shown(runner, "rnn", "proj-shape", proj, (1, 3, 2)) == "proj-on-c-n"
    proj = sample("proj-shape", 0, **given, ask="weight_hh_l0")
    assert slipkit.slip_shown(runner, "rnn", "proj-shape", proj, (32, 8)) == "proj-ignored"
    notes = {"input_size": 57, "hidden_size": 128, "output_size": 18, "ask": "V"}
    assert slipkit.slip_shown(runner, "rnn", "output-layer-weight", notes, (57, 128)) == \
        "notes-v-shape"


# ---- explanations ---------------------------------------------------------------------------

ENGLISH_RUN = re.compile(r"(?:\b[A-Za-z]{3,}\b[ ,;]+){4,}[A-Za-z]{3,}")


@pytest.mark.parametrize("card_id", [c.id for c in RNN.deck.cards])
def test_explanations_are_bilingual(device, card_id) -> None:
    card = RNN.card(card_id)
    fn = getattr(RNN.module, card.verifier or "")
    for seed in range(8 if card.kind == "quiz" else 1):
        p = sample(card_id, seed) if card.kind == "quiz" else {}
        answer, text = fn(dict(p), device)
        assert CJK.search(text["zh"]) and not CJK.search(text["en"]), (card_id, text)
        assert not ENGLISH_RUN.search(re.sub(r"`[^`]*`", "", text["zh"])), (card_id, text["zh"])
        if card.answer in {"int", "text", "choice"} and answer != "None of these slices":
            assert str(answer) in text["en"] and str(answer) in text["zh"], (card_id, text)


def test_the_notes_errors_are_named_where_they_are_corrected(device) -> None:
    _, text = RNN.module.output_layer_weight(
        {"input_size": 57, "hidden_size": 128, "output_size": 18, "ask": "V"}, device)
    assert "The notes say V has shape (57, 128)" in text["en"] and "笔记" in text["zh"]
    assert "(18, 128)" in text["en"] and "(18, 128)" in text["zh"]
    for card_id in ("output-layer-weight", "output-layer-notes", "char-loop-notes"):
        card = RNN.card(card_id)
        shown = card.explain or card.back
        assert shown is not None and "notes say" in shown.en and "笔记" in shown.get("zh")
        assert "notes-error" in card.tags
