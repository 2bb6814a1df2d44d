"""Tests for the modules deck: every verifier against the rules in PyTorch's documentation,
written here in plain Python (Linear holds out*in weights and out biases; BatchNorm1d's
state_dict is weight, bias, running_mean, running_var, num_batches_tracked; ...)."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
import slipkit
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

MOD = kit("modules")
run, sample = MOD.run, MOD.sample
SEEDS = range(60)
CJK = re.compile(r"[\u4e00-\u9fff]")

# ---- references: the documented rules, in plain Python --------------------------------------


def ref_mlp(sizes: list[int], bias: bool) -> int:
    """nn.Linear(i, o): weight (o, i) and, with bias, o biases; ReLU has no parameters."""
    return sum(o * i + (o if bias else 0) for i, o in pairwise(sizes))


def ref_linear_shape(shape: list[int], out: int) -> tuple[int, ...]:
    """Linear's docs: input (*, H_in), output (*, H_out)."""
    return (*shape[:-1], out)


def ref_state_dict(depth: int, bias: bool, bn: bool) -> int:
    linear = 2 if bias else 1  # weight (and bias)
    norm = 5 if bn else 0      # weight, bias, running_mean, running_var, num_batches_tracked
    return depth * (linear + norm)


def ref_container(container: str, n: int, w: int) -> int:
    registered = container in {"nn.Sequential", "nn.ModuleList", "nn.ModuleDict"}
    return (n * (w * w + w) if registered else 0) + (w + 1)


def ref_shared(width: int, repeat: int, ask: str) -> int:
    return {"numel": width * width + width + width + 1, "tensors": 4,
            "state_dict": 2 * repeat + 2}[ask]


def ref_weight_shape(layer: str, attr: str, a: int, b: int) -> tuple[int, ...]:
    if layer == "nn.Embedding":
        return (a, b)  # (num_embeddings, embedding_dim)
    return (b, a) if attr == "weight" else (b,)  # (out_features, in_features), (out_features,)


def ref_embedding(num: int, indices: list[int], padding_idx: int) -> int:
    pad = padding_idx + num if padding_idx < 0 else padding_idx
    return len({i for i in indices if i != pad})


def ref_names(attr: str, block: str, depth: int) -> list[str]:
    modules = block.split(", ") * depth
    return [f"{attr}.{pos}.{name}" for pos, kind in enumerate(modules) if kind != "ReLU"
            for name in ("weight", "bias")]


def ref_buffers(p: dict) -> int:
    return {"state_dict": p["n_params"] + p["n_buffers"],
            "buffers": p["n_buffers"] + p["n_temp"],
            "parameters": p["n_params"]}[p["ask"]]


def ref_frozen(depth: int, width: int, frozen: int, method: str) -> int:
    sizes = [(width * width, width) if i < depth - 1 else (width * 2, 2) for i in range(depth)]
    if method == "attribute":
        frozen_out = 0
    elif method == "weight":
        frozen_out = sum(w for w, _ in sizes[:frozen])
    else:
        frozen_out = sum(w + b for w, b in sizes[:frozen])
    return sum(w + b for w, b in sizes) - frozen_out


def ref_ckpt(depth: int, frozen: int, ask: str) -> int:
    return {"state": 2 * (depth - frozen), "params": 2 * depth, "model": 2 * depth}[ask]


LOADS = "It loads and returns the saved object"
REFUSED = "It raises UnpicklingError (weights-only load failed)"
RAISES = "AttributeError at that line: the registries do not exist yet"
PLAIN = "No error: the value is stored as an ordinary attribute"


def ref_load(obj: str, weights_only: bool | None) -> str:
    has_module = obj in {"module", "checkpoint_with_module"}
    return REFUSED if has_module and weights_only is not False else LOADS


# ---- the three required ids -----------------------------------------------------------------


def test_mlp_param_count_over_seeds(device) -> None:
    lengths = set()
    for seed in SEEDS:
        p = sample("mlp-param-count", seed)
        assert 2 <= len(p["sizes"]) <= 5
        lengths.add(len(p["sizes"]))
        assert run("mlp-param-count", p, device) == ref_mlp(p["sizes"], p["bias"]), p
        assert f"nn.Linear({p['sizes'][0]}, {p['sizes'][1]}, bias={p['bias']})" in p["model_code"]
    assert lengths == {2, 3, 4, 5}


@pytest.mark.parametrize(("sizes", "bias"), [
    ([784, 128, 10], True), ([1, 1], False), ([1, 1, 1, 1, 1], True), ([100000, 1], True),
    ([1, 100000], False), ([3000, 3000, 1], True), ([2, 5], True), ([9, 1, 9, 1, 9], False),
])
def test_mlp_param_count_edges(device, sizes, bias) -> None:
    assert run("mlp-param-count", {"sizes": sizes, "bias": bias}, device) == ref_mlp(sizes, bias)
    assert MOD.sample("mlp-param-count", 0, sizes=sizes, bias=bias)["sizes"] == sizes


def test_linear_output_shape_over_seeds(device) -> None:
    ranks = set()
    for seed in SEEDS:
        p = sample("linear-output-shape", seed)
        ranks.add(len(p["input_shape"]))
        assert p["in_features"] == p["input_shape"][-1]
        got = run("linear-output-shape", p, device)
        assert got == ref_linear_shape(p["input_shape"], p["out_features"]), p
    assert ranks == {1, 2, 3, 4}


@pytest.mark.parametrize(("shape", "out"), [
    ([5], 3), ([1], 1), ([7, 1], 1), ([2, 3, 4], 8), ([1, 2, 1, 3, 4], 6),
    ([2, 2, 2, 2, 2], 100000), ([100000], 99), ([1, 1, 1, 1, 1], 1), ([3, 100000], 2),
])
def test_linear_output_shape_edges(device, shape, out) -> None:
    p = MOD.sample("linear-output-shape", 0, input_shape=shape, out_features=out)
    assert p["in_features"] == shape[-1] and p["input_text"].startswith("(")
    assert run("linear-output-shape", p, device) == ref_linear_shape(shape, out)


def test_state_dict_entries_over_seeds(device) -> None:
    seen = set()
    for seed in SEEDS:
        p = sample("state-dict-entries", seed)
        seen.add((p["bias"], p["bn"]))
        expected = ref_state_dict(p["depth"], p["bias"], p["bn"])
        assert run("state-dict-entries", p, device) == expected, p
    assert len(seen) == 4


@pytest.mark.parametrize("depth", [0, 1, 2, 7, 64])
@pytest.mark.parametrize(("bias", "bn"), [(True, True), (True, False), (False, True),
                                          (False, False)])
def test_state_dict_entries_edges(device, depth, bias, bn) -> None:
    for width in (1, 3):
        p = MOD.sample("state-dict-entries", 0, depth=depth, width=width, bias=bias, bn=bn)
        assert run("state-dict-entries", p, device) == ref_state_dict(depth, bias, bn)


def test_the_admitted_ranges_reach_the_edges() -> None:
    assert len(MOD.sample("linear-output-shape", 0, input_shape=[1, 2, 3, 4, 5])
               ["input_shape"]) == 5
    with pytest.raises(ParamError):
        MOD.sample("linear-output-shape", 0, input_shape=[1, 2, 3, 4, 5, 6])
    with pytest.raises(ParamError):
        MOD.sample("linear-output-shape", 0, input_shape=[])
    with pytest.raises(ParamError):
        MOD.sample("linear-output-shape", 0, input_shape=[2, 0])
    with pytest.raises(ParamError):
        MOD.sample("mlp-param-count", 0, sizes=[4])
    with pytest.raises(ParamError):
        MOD.sample("mlp-param-count", 0, sizes=[4, 2.5])
    with pytest.raises(ParamError):
        MOD.sample("mlp-param-count", 0, bias="yes")
    with pytest.raises(ParamError):
        MOD.sample("state-dict-entries", 0, depth=-1)
    with pytest.raises(ParamError):
        MOD.sample("state-dict-entries", 0, model_code="x")  # filled by the derive hook


# ---- the other counting cards ---------------------------------------------------------------


def test_container_param_count(device) -> None:
    kinds = set()
    for seed in SEEDS:
        p = sample("container-param-count", seed)
        kinds.add(p["container"])
        assert run("container-param-count", p, device) == ref_container(
            p["container"], p["n"], p["width"]), p
    assert kinds == set(MOD.options("container-param-count", "container"))
    for kind in kinds:
        for n, w in ((0, 1), (1, 1), (64, 3), (2, 1024)):
            p = MOD.sample("container-param-count", 0, container=kind, n=n, width=w)
            assert run("container-param-count", p, device) == ref_container(kind, n, w)


def test_shared_layer_count(device) -> None:
    for seed in SEEDS:
        p = sample("shared-layer-count", seed)
        assert run("shared-layer-count", p, device) == ref_shared(
            p["width"], p["repeat"], p["ask"]), p
    for ask in ("numel", "tensors", "state_dict"):
        for width, repeat in ((1, 1), (1024, 2), (5, 32)):
            p = MOD.sample("shared-layer-count", 0, width=width, repeat=repeat, ask=ask)
            assert run("shared-layer-count", p, device) == ref_shared(width, repeat, ask)


def test_weight_shape(device) -> None:
    for seed in SEEDS:
        p = sample("weight-shape", seed)
        assert not (p["layer"] == "nn.Embedding" and p["attr"] == "bias")
        assert run("weight-shape", p, device) == ref_weight_shape(
            p["layer"], p["attr"], p["a"], p["b"]), p
    for layer, attr, a, b in (("nn.Linear", "weight", 1, 1), ("nn.Linear", "bias", 100000, 1),
                              ("nn.Embedding", "weight", 100000, 3)):
        p = {"layer": layer, "attr": attr, "a": a, "b": b}
        assert run("weight-shape", p, device) == ref_weight_shape(layer, attr, a, b)


def test_buffer_entries(device) -> None:
    for seed in SEEDS:
        p = sample("buffer-entries", seed)
        assert run("buffer-entries", p, device) == ref_buffers(p), p
    for ask in ("state_dict", "buffers", "parameters"):
        for counts in ((0, 0, 0, 0), (6, 0, 6, 6), (6, 6, 6, 6), (0, 6, 0, 0), (3, 1, 4, 1)):
            given = dict(zip(("n_params", "n_buffers", "n_temp", "n_plain"), counts, strict=True))
            p = MOD.sample("buffer-entries", 0, ask=ask, **given)
            assert run("buffer-entries", p, device) == ref_buffers(p), p


# ---- layers, names, assignment order ---------------------------------------------------------


def test_embedding_grad_rows(device) -> None:
    negative = 0
    for seed in SEEDS:
        p = sample("embedding-grad-rows", seed)
        assert all(0 <= i < p["num_embeddings"] for i in p["indices"]), p
        negative += p["padding_idx"] < 0
        assert run("embedding-grad-rows", p, device) == ref_embedding(
            p["num_embeddings"], p["indices"], p["padding_idx"]), p
    assert negative > 0


@pytest.mark.parametrize(("num", "indices", "pad"), [
    (1, [0], 0), (1, [0, 0], -1), (5, [4, 4, 1], -1), (5, [0, 1, 2, 3], -5), (3, [1, 1], 1),
    (100000, [99999, 0, 99999], 0), (7, list(range(7)) * 3, 3),
])
def test_embedding_grad_rows_edges(device, num, indices, pad) -> None:
    p = MOD.sample("embedding-grad-rows", 0, num_embeddings=num, dim=2, indices=indices,
                   padding_idx=pad)
    assert run("embedding-grad-rows", p, device) == ref_embedding(num, indices, pad)


def test_named_parameter_name(device) -> None:
    for seed in SEEDS:
        p = sample("named-parameter-name", seed)
        names = ref_names(p["attr"], p["block"], p["depth"])
        assert run("named-parameter-name", p, device) == names[p["index"]], p
    for block in MOD.options("named-parameter-name", "block"):
        for depth in (1, 16):
            names = ref_names("body", block, depth)
            for index in (0, len(names) - 1):
                p = MOD.sample("named-parameter-name", 0, attr="body", block=block,
                               depth=depth, index=index)
                assert run("named-parameter-name", p, device) == names[index]


def test_super_init_order(device) -> None:
    raising = {"nn.Linear(4, 2)", "nn.Parameter(torch.zeros(2))", "register_buffer"}
    for first in MOD.options("super-init-order", "first"):
        p = MOD.sample("super-init-order", 0, first=first)
        assert run("super-init-order", p, device) == (RAISES if first in raising else PLAIN)
        assert p["first_line"].startswith("self.")
    assert set(MOD.choices("super-init-order")) >= {RAISES, PLAIN}


# ---- calling, freezing, saving --------------------------------------------------------------


def test_hook_call_count(device) -> None:
    for seed in SEEDS:
        p = sample("hook-call-count", seed)
        a, b = p["via_call"], p["via_forward"]
        assert run("hook-call-count", p, device) == (a if p["target"] == "model" else a + b), p
        assert p["hook_line"].startswith(p["target"] + "." + p["hook"])
    for target in ("model", "model[0]", "model[2]"):
        for a, b in ((0, 0), (0, 1000), (1000, 0)):
            p = MOD.sample("hook-call-count", 0, target=target, via_call=a, via_forward=b)
            assert run("hook-call-count", p, device) == (a if target == "model" else a + b)


def test_frozen_grad_count(device) -> None:
    methods = set()
    for seed in SEEDS:
        p = sample("frozen-grad-count", seed)
        methods.add(p["method"])
        assert 1 <= p["frozen"] < p["depth"], p
        assert run("frozen-grad-count", p, device) == ref_frozen(
            p["depth"], p["width"], p["frozen"], p["method"]), p
    assert methods == {"layer", "weight", "attribute"}
    for method in methods:
        for depth, width, frozen in ((1, 1, 0), (16, 2, 15), (2, 256, 1), (3, 1, 3)):
            if method == "layer" and frozen == depth:
                continue
            p = MOD.sample("frozen-grad-count", 0, depth=depth, width=width, frozen=frozen,
                           method=method)
            assert run("frozen-grad-count", p, device) == ref_frozen(depth, width, frozen, method)


def test_optimizer_state_entries(device) -> None:
    for seed in SEEDS:
        p = sample("optimizer-state-entries", seed)
        assert run("optimizer-state-entries", p, device) == ref_ckpt(
            p["depth"], p["frozen"], p["ask"]), p
    for ask in ("state", "params", "model"):
        for depth, frozen in ((1, 0), (16, 15), (16, 0)):
            p = MOD.sample("optimizer-state-entries", 0, depth=depth, width=2, frozen=frozen,
                           ask=ask)
            assert run("optimizer-state-entries", p, device) == ref_ckpt(depth, frozen, ask)


def test_torch_load_outcome(device) -> None:
    for obj in MOD.options("torch-load-outcome", "obj"):
        for flag in (None, True, False):
            p = MOD.sample("torch-load-outcome", 0, obj=obj, weights_only=flag)
            assert run("torch-load-outcome", p, device) == ref_load(obj, flag), p
    assert set(MOD.choices("torch-load-outcome")) == {LOADS, REFUSED}


def test_load_state_dict_dtype(device) -> None:
    names = MOD.options("load-state-dict-dtype", "saved")
    for seed in range(20):
        assert (p := sample("load-state-dict-dtype", seed))["saved"] != p["target"]
    for saved in names:
        for target in names:
            for ask in ("sd['weight']", "dst.weight"):
                p = {"saved": saved, "target": target, "ask": ask}
                expected = saved if ask == "sd['weight']" else target
                assert run("load-state-dict-dtype", p, device) == expected, p


# ---- refusals -------------------------------------------------------------------------------

NO_ANSWER = [
    ("mlp-param-count", {"sizes": [100000, 101], "bias": True}),              # > 1e7 values
    ("linear-output-shape", {"input_shape": [1000, 1000, 11], "out_features": 1}),
    ("linear-output-shape", {"input_shape": [5000], "out_features": 5000}),   # the weight
    ("frozen-grad-count", {"depth": 2, "width": 3, "frozen": 2, "method": "layer"}),
    ("frozen-grad-count", {"depth": 2, "width": 3, "frozen": 3, "method": "weight"}),
    ("optimizer-state-entries", {"depth": 2, "width": 3, "frozen": 2, "ask": "state"}),
    ("named-parameter-name", {"attr": "body", "block": "Linear, ReLU", "depth": 1, "index": 2}),
    ("embedding-grad-rows", {"num_embeddings": 4, "dim": 2, "indices": [4], "padding_idx": 0}),
    ("embedding-grad-rows", {"num_embeddings": 4, "dim": 2, "indices": [1], "padding_idx": 4}),
    ("embedding-grad-rows", {"num_embeddings": 4, "dim": 2, "indices": [1], "padding_idx": -5}),
    ("weight-shape", {"layer": "nn.Embedding", "attr": "bias", "a": 3, "b": 2}),
    ("state-dict-entries", {"depth": 64, "width": 4096, "bias": True, "bn": True}),
]


@pytest.mark.parametrize(("card_id", "params"), NO_ANSWER, ids=[c for c, _ in NO_ANSWER])
def test_combinations_without_an_answer_are_refused(device, card_id, params) -> None:
    fn = getattr(MOD.module, MOD.card(card_id).verifier)
    with pytest.raises(Invalid):
        fn(dict(params), device)
    with pytest.raises(ParamError):  # through the app, as --param gives them
        MOD.sample(card_id, 0, **params)


@pytest.mark.parametrize("card_id", [c.id for c in MOD.quiz])
def test_sampled_questions_always_have_an_answer(device, card_id) -> None:
    for seed in range(200):
        p = sample(card_id, seed)  # a sampler producing a refused combination raises here
        run(card_id, p, device)


# ---- slips ----------------------------------------------------------------------------------

SLIP_CARDS = [c.id for c in MOD.quiz if c.slips]


def test_every_quiz_card_has_slips_and_two_tests_one_an_edge() -> None:
    assert set(SLIP_CARDS) == {c.id for c in MOD.quiz}
    for card in MOD.quiz:
        assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card.id


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, card_id) -> None:
    typed = sum(slipkit.through_the_app(runner, "modules", card_id, sample(card_id, seed))
                for seed in range(40))
    assert typed >= 20, card_id


def test_counting_slips_by_hand(runner) -> None:
    mlp = {"sizes": [784, 128, 10], "bias": True}
    assert slipkit.by_id("modules", "mlp-param-count", mlp) == {
        "bias-forgotten": 784 * 128 + 128 * 10,
        "bias-per-input": 784 * 128 + 128 * 10 + 784 + 128}
    assert slipkit.slip_shown(runner, "modules", "mlp-param-count", mlp, 101632) == \
        "bias-forgotten"
    assert slipkit.slip_shown(runner, "modules", "mlp-param-count", mlp, 101770) is None
    bn = {"depth": 3, "width": 8, "bias": True, "bn": True}
    assert slipkit.by_id("modules", "state-dict-entries", bn) == {
        "no-num-batches-tracked": 18, "buffers-skipped": 12}
    shared = {"width": 4, "repeat": 2, "ask": "state_dict"}
    assert slipkit.slip_shown(runner, "modules", "shared-layer-count",
                              MOD.sample("shared-layer-count", 0, **shared), 4) == \
        "state-dict-deduplicated"


def test_behaviour_slips_by_hand(runner) -> None:
    named = {"attr": "body", "block": "Linear, ReLU", "depth": 3, "index": 4}
    assert slipkit.by_id("modules", "named-parameter-name", named) == {
        "activation-not-counted": "body.2.weight", "prefix-missing": "4.weight"}
    notes = MOD.sample("torch-load-outcome", 0, obj="module", weights_only=None)
    assert slipkit.slip_shown(runner, "modules", "torch-load-outcome", notes, LOADS) == \
        "notes-whole-model-loads"
    attr = MOD.sample("frozen-grad-count", 0, depth=2, width=3, frozen=1, method="attribute")
    assert slipkit.slip_shown(runner, "modules", "frozen-grad-count", attr, 8) == \
        "attribute-freezes"
    hook = MOD.sample("hook-call-count", 0, target="model", via_call=2, via_forward=3)
    assert slipkit.slip_shown(runner, "modules", "hook-call-count", hook, 5) == \
        "forward-runs-hooks"
    emb = {"num_embeddings": 5, "dim": 2, "indices": [4, 4, 1], "padding_idx": -1}
    assert slipkit.by_id("modules", "embedding-grad-rows", emb) == {
        "padding-row-counted": 2, "counted-tokens": 1}


# ---- explanations ---------------------------------------------------------------------------

ENGLISH_RUN = re.compile(r"(?:\b[A-Za-z]{3,}\b[ ,;]+){4,}[A-Za-z]{3,}")


@pytest.mark.parametrize("card_id", [c.id for c in MOD.deck.cards])
def test_explanations_name_the_numbers_in_both_languages(device, card_id) -> None:
    card = MOD.card(card_id)
    fn = getattr(MOD.module, card.verifier or "")
    for seed in range(5 if card.kind == "quiz" else 1):
        p = sample(card_id, seed) if card.kind == "quiz" else {}
        answer, text = fn(dict(p), device)
        assert CJK.search(text["zh"]) and not CJK.search(text["en"].replace("占内存多,慢", ""))
        code_free = re.sub(r"`[^`]*`", "", text["zh"])
        assert not ENGLISH_RUN.search(code_free), (card_id, text["zh"])
        if card.answer in {"int", "text"}:
            assert str(answer) in text["en"] and str(answer) in text["zh"], (card_id, text)


def test_the_notes_errors_are_named_where_they_are_corrected(device) -> None:
    notes = MOD.sample("torch-load-outcome", 0, obj="checkpoint_with_module", weights_only=None)
    _, text = MOD.module.torch_load_outcome(dict(notes), device)
    assert "The notes say" in text["en"] and "笔记" in text["zh"] and "Classnet" in text["en"]
    for card_id in ("linear-output-shape", "torch-load-outcome", "whole-module-load-refused",
                    "container-forward", "module-registries", "linear-last-dim"):
        card = MOD.card(card_id)
        shown = (card.explain or card.back)
        assert shown is not None and "notes say" in shown.en and "笔记" in shown.get("zh")


def test_refused_reasons_read_well() -> None:
    with pytest.raises(ParamError, match="padding_idx must be in"):
        MOD.sample("embedding-grad-rows", 0, num_embeddings=4, dim=2, indices=[1],
                   padding_idx=9)
    with pytest.raises(ParamError, match="beyond the limit"):
        MOD.sample("mlp-param-count", 0, sizes=[100000, 100000], bias=True)
