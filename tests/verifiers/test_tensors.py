"""Tests for the tensors deck: every verifier against NumPy or the documented PyTorch rules."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import slipkit
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

TENSORS = kit("tensors")
run, sample = TENSORS.run, TENSORS.sample
SEEDS = range(60)


def close(got: float, expected: float, scale: float = 1.0) -> bool:
    """1e-9 relative, with an absolute floor of 1e-9 of the inputs' magnitude (an exact 0 that
    float arithmetic computes as 5e-17 has no relative error to speak of)."""
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9 * max(scale, 1e-300))


def all_close(got: list, expected: list, scale: float = 1.0) -> bool:
    a, b = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=1e-9 * scale))


# ---- choice lists match the verifier's tables ---------------------------------------------


def test_choice_lists_match_the_verifier_tables() -> None:
    assert set(TENSORS.options("tensor-sharing", "op")) == set(TENSORS.module.TENSOR_OPS)
    assert set(TENSORS.options("dtype-result", "expr")) == set(DTYPE_RULES)
    assert set(TENSORS.options("numpy-sharing", "op")) == set(NUMPY_SHARES)
    assert set(TENSORS.options("constructor-dtype", "expr")) == set(CONSTRUCTOR_DTYPES)
    assert set(TENSORS.options("constructor-shape", "expr")) == set(CONSTRUCTOR_SHAPES)


# ---- shapes against NumPy --------------------------------------------------------------------


def _np_expand(shape: list[int], sizes: list[int]) -> tuple[int, ...]:
    lead = len(sizes) - len(shape)
    target = [s if s != -1 else shape[i - lead] for i, s in enumerate(sizes)]
    return np.broadcast_to(np.zeros(shape), target).shape


def _np_squeeze_unsqueeze(p: dict) -> tuple[int, ...]:
    x = np.zeros(p["shape"])
    if p["shape"][p["d1"]] == 1:  # torch: squeeze of a non-1 dim is a no-op (NumPy raises)
        x = np.squeeze(x, axis=p["d1"])
    return np.expand_dims(x, p["d2"]).shape


def _chunk_count(length: int, chunks: int) -> int:
    size = math.ceil(length / chunks)  # torch.chunk docs: every chunk but the last has this
    return math.ceil(length / size)


def _split_last(p: dict) -> tuple[int, ...]:
    shape = list(p["shape"])
    shape[p["dim"]] = shape[p["dim"]] % p["size"] or p["size"]
    return tuple(shape)


NP_REDUCE = {"sum": np.sum, "mean": np.mean, "amax": np.max, "argmax": np.argmax, "std": np.std}

SHAPE_REFERENCES = {
    "cat-shape": lambda p: np.concatenate([np.zeros(p["a"]), np.zeros(p["b"])], p["dim"]).shape,
    "stack-shape": lambda p: np.stack([np.zeros(p["shape"])] * p["n"], axis=p["dim"]).shape,
    "split-last-shape": _split_last,
    "permute-shape": lambda p: np.transpose(np.zeros(p["shape"]), p["perm"]).shape,
    "view-infer": lambda p: np.zeros(p["shape"]).reshape(p["target"]).shape,
    "squeeze-unsqueeze-shape": _np_squeeze_unsqueeze,
    "expand-shape": lambda p: _np_expand(p["shape"], p["sizes"]),
    "broadcast-shape": lambda p: np.broadcast_shapes(tuple(p["a"]), tuple(p["b"])),
    "reduce-shape": lambda p: NP_REDUCE[p["op"]](
        np.zeros(p["shape"]), axis=p["dim"], keepdims=p["keepdim"]).shape,
    "matmul-shape": lambda p: np.matmul(np.zeros(p["a"]), np.zeros(p["b"])).shape,
}


@pytest.mark.parametrize("card_id", sorted(SHAPE_REFERENCES))
def test_shape_cards_match_numpy(device, card_id: str) -> None:
    for seed in SEEDS:
        p = sample(card_id, seed)
        answer = run(card_id, p, device)
        assert answer == tuple(SHAPE_REFERENCES[card_id](p)), (seed, p)


@pytest.mark.parametrize(("card_id", "p", "expected"), [
    ("stack-shape", {"n": 3, "shape": [2], "dim": -1}, (2, 3)),
    ("stack-shape", {"n": 2, "shape": [4, 5], "dim": 2}, (4, 5, 2)),
    ("squeeze-unsqueeze-shape", {"shape": [2, 3], "d1": 0, "d2": -1}, (2, 3, 1)),
    ("squeeze-unsqueeze-shape", {"shape": [1, 1], "d1": -1, "d2": 1}, (1, 1)),
    ("split-last-shape", {"ndim": 2, "shape": [6, 2], "dim": 0, "size": 3}, (3, 2)),
    ("matmul-shape", {"a": [3], "b": [3]}, ()),
    ("matmul-shape", {"a": [4], "b": [2, 4, 5]}, (2, 5)),
    ("matmul-shape", {"a": [2, 1, 3, 4], "b": [5, 4, 2]}, (2, 5, 3, 2)),
    ("expand-shape", {"shape": [1, 3], "sizes": [2, 4, -1]}, (2, 4, 3)),
    ("broadcast-shape", {"a": [1], "b": [4, 1, 3]}, (4, 1, 3)),
])
def test_shape_edge_cases(device, card_id: str, p: dict, expected: tuple) -> None:
    assert run(card_id, p, device) == expected
    assert tuple(SHAPE_REFERENCES[card_id](p)) == expected  # the reference agrees too


def test_chunk_count_follows_the_documented_rule(device) -> None:
    for length in range(1, 14):
        for chunks in range(1, 8):
            p = {"L": length, "chunks": chunks}
            assert run("chunk-count", p, device) == _chunk_count(length, chunks), p
    # Where NumPy's array_split differs: it always returns `chunks` pieces.
    assert len(np.array_split(np.arange(6), 4)) == 4
    assert run("chunk-count", {"L": 6, "chunks": 4}, device) == 3


# ---- broadcasting, bmm, reduction values ------------------------------------------------------


def _np_broadcasts(a: list[int], b: list[int]) -> bool:
    try:
        np.broadcast_shapes(tuple(a), tuple(b))
    except ValueError:
        return False
    return True


def test_broadcast_ok_matches_numpy(device) -> None:
    seen = set()
    for seed in range(120):
        p = sample("broadcast-ok", seed)
        expected = _np_broadcasts(p["a"], p["b"])
        assert run("broadcast-ok", p, device) is expected, p
        seen.add(expected)
    assert seen == {True, False}  # the sampler asks both kinds of question
    for op in ("add", "sub", "mul", "div"):  # the notes: "these need equal shapes"
        assert run("broadcast-ok", {"op": op, "a": [2, 3], "b": [3]}, device) is True
        assert run("broadcast-ok", {"op": op, "a": [2, 3], "b": [2]}, device) is False


def _bmm_rule(a: list[int], b: list[int]) -> bool:
    return len(a) == 3 and len(b) == 3 and a[0] == b[0] and a[2] == b[1]


def test_bmm_ok_matches_the_documented_rule(device) -> None:
    seen = set()
    for seed in range(120):
        p = sample("bmm-ok", seed)
        expected = _bmm_rule(p["a"], p["b"])
        assert run("bmm-ok", p, device) is expected, p
        seen.add(expected)
    assert seen == {True, False}
    # matmul would broadcast a batch of 1; bmm must refuse it.
    assert run("bmm-ok", {"a": [3, 2, 4], "b": [1, 4, 5]}, device) is False


NP_VALUE = {"sum": np.sum, "mean": np.mean, "amax": np.max, "amin": np.min}


def test_reduce_value_matches_numpy(device) -> None:
    for seed in SEEDS:
        p = sample("reduce-value", seed)
        ref = NP_VALUE[p["op"]](np.array(p["x"], dtype=np.float64), axis=p["dim"])[p["index"]]
        assert run("reduce-value", p, device) == pytest.approx(float(ref), rel=1e-12)
    p = {"x": [[1, 2, 4], [0, 5, 4]], "dim": 1, "op": "mean", "index": 1, "cols": 3}
    assert run("reduce-value", p, device) == pytest.approx(3.0, rel=1e-12)


# ---- memory sharing and dtypes: the documented behaviour ----------------------------------------

# From the docs: views share storage (view, t, indexing, detach, reshape/contiguous when no
# copy is needed, .to() / .double() to the dtype it already has); others copy.
TENSOR_SHARES = {
    "a.view(4)": True, "a.reshape(4)": True, "a.t()": True, "a.t().reshape(4)": False,
    "a.t().contiguous()": False, "a.contiguous()": True, "a.clone()": False,
    "a.detach()": True, "a.double()": True, "a.float()": False, "a[0]": True,
}
NUMPY_SHARES = {
    "torch.from_numpy(a)": True, "torch.tensor(a)": False, "torch.as_tensor(a)": True,
    "torch.as_tensor(a, dtype=torch.float32)": False, "torch.from_numpy(a).float()": False,
}


def test_tensor_sharing(device) -> None:
    assert set(TENSOR_SHARES) == set(TENSORS.module.TENSOR_OPS)
    for op, expected in TENSOR_SHARES.items():
        assert run("tensor-sharing", {"op": op}, device) is expected, op


def test_numpy_sharing(device) -> None:
    for op, expected in NUMPY_SHARES.items():
        assert run("numpy-sharing", {"op": op}, device) is expected, op


# Type promotion from the torch docs ("Type promotion doc"): categories bool < int < float;
# dimensioned operands win over 0-dim tensors and python scalars of the same category.
DTYPE_RULES = {
    "torch.from_numpy(np.array([1.0, 2.0]))": "torch.float64",
    "torch.tensor(np.array([1.0, 2.0]))": "torch.float64",
    "torch.tensor([1.0, 2.0])": "torch.float32",
    "torch.tensor([1, 2])": "torch.int64",
    "torch.tensor([1, 2]) + 0.5": "torch.float32",
    "torch.tensor([1, 2]) / 2": "torch.float32",
    "torch.tensor([1, 2]) // 2": "torch.int64",
    "torch.tensor([1, 2]) > 1": "torch.bool",
    "torch.tensor([True, False]) + 1": "torch.int64",
    "torch.tensor([1, 2], dtype=torch.int32) + 5": "torch.int32",
    "torch.tensor([1, 2], dtype=torch.int32) + torch.tensor([5])": "torch.int64",
    "torch.tensor([1, 2], dtype=torch.int32) + torch.tensor(5)": "torch.int32",
    "torch.tensor([1, 2]) * torch.tensor(0.5, dtype=torch.float64)": "torch.float64",
    "torch.tensor([1.0], dtype=torch.float16) + torch.tensor(1.0, dtype=torch.float64)":
        "torch.float16",
    "torch.arange(3) * 1.0": "torch.float32",
    "torch.zeros(2) + torch.zeros(2, dtype=torch.float64)": "torch.float64",
}


def test_dtype_result(device) -> None:
    choices = TENSORS.choices("dtype-result")
    for expr, expected in DTYPE_RULES.items():
        answer = run("dtype-result", {"expr": expr}, device)
        assert answer == expected and answer in choices, expr


def test_dtype_result_ignores_a_changed_default(device) -> None:
    import torch

    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        assert run("dtype-result", {"expr": "torch.tensor([1.0, 2.0])"}, device) == (
            "torch.float32")
        assert run("constructor-dtype", {"expr": "torch.Tensor([1, 2])"}, device) == (
            "torch.float32")
        assert torch.get_default_dtype() == torch.float64  # and it restores what it found
    finally:
        torch.set_default_dtype(old)


# torch.Tensor(...) is the default tensor type (float32 out of the box) whatever the data;
# torch.tensor infers the dtype from the data (torch.tensor docs) and keeps a NumPy dtype.
CONSTRUCTOR_DTYPES = {
    "torch.Tensor([1, 2])": "torch.float32",
    "torch.tensor([1, 2])": "torch.int64",
    "torch.Tensor([1.5, 2.5])": "torch.float32",
    "torch.tensor([1, 2.5])": "torch.float32",
    "torch.Tensor([True, False])": "torch.float32",
    "torch.tensor([True, False])": "torch.bool",
    "torch.Tensor(np.array([1.0, 2.0]))": "torch.float32",
    "torch.tensor(np.array([1.0, 2.0]))": "torch.float64",
    "torch.Tensor(np.array([1, 2]))": "torch.float32",
    "torch.tensor(np.array([1, 2], dtype=np.int32))": "torch.int32",
    "torch.Tensor(np.array([1, 2], dtype=np.int32))": "torch.float32",
    "torch.Tensor(2, 3)": "torch.float32",
}
# Integers given to torch.Tensor are sizes, a list is data; torch.tensor always takes data.
CONSTRUCTOR_SHAPES = {
    "torch.Tensor(5, 3)": (5, 3), "torch.Tensor([5, 3])": (2,), "torch.tensor([5, 3])": (2,),
    "torch.Tensor(5)": (5,), "torch.Tensor([5])": (1,), "torch.tensor(5)": (),
    "torch.tensor([[5, 3]])": (1, 2), "torch.Tensor(2, 1, 3)": (2, 1, 3),
    "torch.zeros(5, 3)": (5, 3), "torch.zeros([5, 3])": (5, 3), "torch.Tensor()": (0,),
}


def test_constructor_dtype_and_shape(device) -> None:
    choices = TENSORS.choices("constructor-dtype")
    for expr, expected in CONSTRUCTOR_DTYPES.items():
        answer = run("constructor-dtype", {"expr": expr}, device)
        assert answer == expected and answer in choices, expr
    for expr, shape in CONSTRUCTOR_SHAPES.items():
        assert run("constructor-shape", {"expr": expr}, device) == shape, expr
    # NumPy's own dtypes, which torch.tensor keeps and torch.Tensor ignores
    assert np.array([1.0, 2.0]).dtype == np.float64 and np.array([1, 2]).dtype == np.int64


# ---- creation functions: linspace and arange ---------------------------------------------------


def _linspace(p: dict) -> float:
    """The torch.linspace docs: start + i * (end - start) / (steps - 1); steps=1 is [start]."""
    start, end, steps, i = p["start"], p["end"], p["steps"], p["index"]
    return start if steps == 1 else start + i * (end - start) / (steps - 1)


def _arange_length(p: dict) -> int:
    """The torch.arange docs: ceil((end - start) / step) elements."""
    return max(0, math.ceil((p["end"] - p["start"]) / p["step"]))


LINSPACE_EDGES = [
    {"start": 0.0, "end": 1.0, "steps": 5, "index": 2},
    {"start": -10.0, "end": 10.0, "steps": 1, "index": 0},
    {"start": -10.0, "end": 10.0, "steps": 5, "index": 4},
    {"start": 1.0, "end": -1.0, "steps": 5, "index": 1},
    {"start": -0.3, "end": 0.7, "steps": 11, "index": 3},     # exactly 0 on paper
    {"start": 5.0, "end": 5.0, "steps": 7, "index": 6},       # all equal
    {"start": -1e6, "end": 1e6, "steps": 1_000_000, "index": 499_999},
    {"start": 0.1, "end": 999_999.9, "steps": 999_983, "index": 12_345},
    {"start": 2.5, "end": -7.5, "steps": 2, "index": 1},
]


def test_linspace_matches_the_documented_formula(device) -> None:
    for p in [*(sample("linspace-value", s) for s in range(200)), *LINSPACE_EDGES]:
        got = run("linspace-value", p, device)
        scale = max(abs(p["start"]), abs(p["end"]))
        assert close(got, _linspace(p), scale), p
        assert close(got, float(np.linspace(p["start"], p["end"], p["steps"])[p["index"]]),
                     scale), p


ARANGE_EDGES = [
    {"start": 1.0, "end": 4.0, "step": 1.0},
    {"start": 0.0, "end": 1.0, "step": 0.3},
    {"start": 2.0, "end": -1.0, "step": -0.5},
    {"start": 5.0, "end": 5.0, "step": -1.0},
    {"start": 5.0, "end": 5.0, "step": 2.0},
    {"start": 1.0, "end": 1.3, "step": 0.1},   # 3.0000000000000004 in float64: 4 elements
    {"start": -1e6, "end": 1e6, "step": 0.25},
    {"start": 0.0, "end": 10.0, "step": 1e6},
    {"start": 3.0, "end": -999_999.5, "step": -0.7},
]


def test_arange_length_matches_the_documented_formula(device) -> None:
    for p in [*(sample("arange-length", s) for s in range(200)), *ARANGE_EDGES]:
        got = run("arange-length", p, device)
        assert got == _arange_length(p), p
        assert got == len(np.arange(p["start"], p["end"], p["step"])), p
    assert run("arange-length", ARANGE_EDGES[5], device) == 4  # the float64 gotcha, by hand


def test_sampled_aranges_count_like_the_decimals_shown() -> None:
    from fractions import Fraction

    for seed in range(200):
        p = sample("arange-length", seed)
        exact = (Fraction(str(p["end"])) - Fraction(str(p["start"]))) / Fraction(str(p["step"]))
        assert math.ceil(exact) == _arange_length(p) >= 2, p
        assert (p["end"] > p["start"]) == (p["step"] > 0), p


# ---- clamp, std, var, argmax, mm -------------------------------------------------------------


def _clamp(values: list[float], lo: float | None, hi: float | None) -> list[float]:
    """torch.clamp's documented formula: min(max(x, min_value), max_value)."""
    x = np.asarray(values, dtype=np.float64)
    if lo is not None:
        x = np.maximum(x, lo)
    if hi is not None:
        x = np.minimum(x, hi)
    return x.tolist()


CLAMP_EDGES = [
    {"values": [-2.0, 0.5, 3.0], "min": -1.0, "max": 2.0},
    {"values": [-2.0, 0.5, 3.0], "min": 2.0, "max": -1.0},    # min > max: max everywhere
    {"values": [-2.0, 0.5, 3.0], "min": None, "max": 1.0},
    {"values": [-2.0, 0.5, 3.0], "min": 0.0, "max": None},
    {"values": [-2.0, 0.5, 3.0], "min": 1.0, "max": 1.0},
    {"values": [7.0], "min": -3, "max": 3},                   # integer bounds
    {"values": [-1e6, 1e6, 0.0, 123.456], "min": 999_999.5, "max": -999_999.5},
    {"values": [0.0] * 1000, "min": None, "max": -1e6},
]


def test_clamp_matches_numpy(device) -> None:
    for p in [*(sample("clamp-values", s) for s in range(200)), *CLAMP_EDGES]:
        got = run("clamp-values", p, device)
        assert all_close(got, _clamp(p["values"], p["min"], p["max"]), 1e6), p
        if p["min"] is not None and p["max"] is not None:
            # numpy.clip documents the same: "If a_min > a_max, all values equal a_max"
            assert all_close(got, np.clip(p["values"], p["min"], p["max"]).tolist(), 1e6), p
    assert run("clamp-values", CLAMP_EDGES[1], device) == [-1.0, -1.0, -1.0]


SPREAD_EDGES = [
    {"values": [1.0, 2.0, 3.0, 4.0], "correction": 1},
    {"values": [1.0, 2.0, 3.0, 4.0], "correction": 0},
    {"values": [2.5], "correction": 0},
    {"values": [2.0, 2.0, 2.0], "correction": 1},
    {"values": [0.1, 0.1, 0.1], "correction": 1},            # spread 0 up to float rounding
    {"values": [-1.0, 1.0], "correction": 1},
    {"values": [1e6, -1e6, 999_999.9, -0.1], "correction": 1},
    {"values": [float(v % 17) - 8.5 for v in range(1000)], "correction": 0},
]


@pytest.mark.parametrize(("card_id", "reference"), [("std-value", np.std),
                                                    ("var-value", np.var)])
def test_std_and_var_match_numpy(device, card_id: str, reference) -> None:
    for p in [*(sample(card_id, s) for s in range(200)), *SPREAD_EDGES]:
        got = run(card_id, p, device)
        ref = float(reference(np.asarray(p["values"]), ddof=p["correction"]))
        scale = max(abs(v) for v in p["values"]) ** (1 if card_id == "std-value" else 2)
        assert close(got, ref, scale), (p, got, ref)
    assert run("std-value", SPREAD_EDGES[0], device) == pytest.approx(math.sqrt(5 / 3), 1e-12)
    assert run("var-value", SPREAD_EDGES[1], device) == pytest.approx(1.25, 1e-12)


def test_argmax_matches_numpy(device) -> None:
    edges = [{"x": [[1, 3, 3], [2, 2, 0]], "dim": d} for d in (0, 1)] + [
        {"x": [[4, 4], [4, 4]], "dim": 1}, {"x": [[-5, -5, -7]], "dim": 1},
        {"x": [[9], [9], [1]], "dim": 0}]
    for p in [*(sample("argmax-dim", s) for s in SEEDS), *edges]:
        # numpy.argmax documents the first occurrence for ties, as torch.argmax does
        ref = np.argmax(np.asarray(p["x"]), axis=p["dim"]).tolist()
        assert run("argmax-dim", p, device) == ref, p


def test_mm_matches_numpy(device) -> None:
    edges = [{"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]},
             {"a": [[1, 0, 2], [-1, 3, 1]], "b": [[3], [2], [1]]},
             {"a": [[2, -1]], "b": [[1, 2], [3, 4]]},
             {"a": [[1_000_000, -1_000_000]], "b": [[1_000_000], [999_999]]}]
    for p in [*(sample("mm-value", s) for s in SEEDS), *edges]:
        ref = (np.asarray(p["a"], dtype=np.float64) @ np.asarray(p["b"], dtype=np.float64))
        assert run("mm-value", p, device) == ref.tolist(), p


# ---- norms ----------------------------------------------------------------------------------

NP_ORD = {"fro": "fro", "nuc": "nuc", "inf": np.inf, "-inf": -np.inf}

MATRIX_EDGES = [
    [[1.0, 2.0], [3.0, 4.0]], [[3.0, 0.0], [0.0, -4.0]], [[1.0, -2.0, 2.0]],
    [[0.0, 0.0], [0.0, 0.0]], [[2.0], [-1.0], [2.0]], [[5.0]],
    [[1e6, -1e6], [999_999.0, 1e6]],                    # nearly singular, large
    [[float((i * 7 + j * 3) % 11 - 5) for j in range(10)] for i in range(10)],
    [[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]],                 # rank 1
]


def test_matrix_norm_matches_numpy(device) -> None:
    cases = [sample("matrix-norm", s) for s in range(200)]
    cases += [{"matrix": m, "ord": o} for m in MATRIX_EDGES for o in ("fro", "nuc", 1, 2, "inf")]
    for p in cases:
        got = run("matrix-norm", p, device)
        a = np.asarray(p["matrix"], dtype=np.float64)
        ref = float(np.linalg.norm(a, NP_ORD.get(p["ord"], p["ord"])))
        assert close(got, ref, float(np.abs(a).max())), (p, got, ref)
    assert run("matrix-norm", {"matrix": [[1.0, 2.0], [3.0, 4.0]], "ord": 2}, device) == (
        pytest.approx(math.sqrt(15 + math.sqrt(221)), rel=1e-12))


def test_entrywise_norm_is_not_the_spectral_or_nuclear_norm(device) -> None:
    cases = [sample("norm-entrywise", s) for s in range(100)]
    cases += [{"matrix": m, "p": q} for m in MATRIX_EDGES for q in (1, 2)]
    for p in cases:
        a = np.asarray(p["matrix"], dtype=np.float64)
        ref = float(np.linalg.norm(a.ravel(), p["p"]))  # the flattened vector norm
        assert close(run("norm-entrywise", p, device), ref, float(np.abs(a).max())), p
    a = [[1.0, 2.0], [3.0, 4.0]]
    assert run("norm-entrywise", {"matrix": a, "p": 2}, device) == pytest.approx(math.sqrt(30))
    assert run("norm-entrywise", {"matrix": a, "p": 1}, device) == pytest.approx(10)
    spectral = np.linalg.norm(np.asarray(a), 2)  # the notes' "spectral" claim is another number
    assert abs(spectral - math.sqrt(30)) > 0.01


def test_vector_norm_matches_numpy(device) -> None:
    edges = [([3.0, -4.0], o) for o in (1, 2, 3, "inf", "-inf", 0)] + [
        ([3.0, -4.0, 0.0], 0), ([3.0, -4.0, 0.0], "-inf"), ([0.0], 2), ([-1e6, 1e6], 3),
        ([float(v) - 500 for v in range(1000)], 1)]
    cases = [sample("vector-norm", s) for s in range(120)]
    cases += [{"values": v, "ord": o} for v, o in edges]
    for p in cases:
        ref = float(np.linalg.norm(np.asarray(p["values"]), NP_ORD.get(p["ord"], p["ord"])))
        scale = max(abs(v) for v in p["values"]) or 1.0
        assert close(run("vector-norm", p, device), ref, scale), p


def test_singular_values_of_the_slips_match_numpy() -> None:
    singular = TENSORS.module.norm_slips._singular_values
    for m in [*MATRIX_EDGES, *(sample("matrix-norm", s)["matrix"] for s in range(60))]:
        ref = np.linalg.svd(np.asarray(m, dtype=np.float64), compute_uv=False).tolist()
        got = singular(m)[:len(ref)]
        # via the eigenvalues of m^T m: to 1e-6 of the largest singular value, far inside the
        # 3 significant figures a slip is compared at
        assert np.allclose(got, ref, rtol=1e-9, atol=1e-6 * max(ref[0], 1e-300)), (m, got, ref)


# ---- indexing -------------------------------------------------------------------------------


def _gather(x: list[list[int]], dim: int, index: list[list[int]]) -> list[list[int]]:
    """The torch.gather docs: out[i][j] = x[index[i][j]][j] (dim=0), x[i][index[i][j]] (dim=1)."""
    if dim == 0:
        return [[x[k][j] for j, k in enumerate(row)] for row in index]
    return [[x[i][k] for k in row] for i, row in enumerate(index)]


def test_index_select_matches_numpy_take(device) -> None:
    edges = [{"x": [[1, 2, 3], [4, 5, 6]], "dim": 1, "index": [1, 0]},
             {"x": [[1, 2, 3], [4, 5, 6]], "dim": 0, "index": [1, 1, 0]},
             {"x": [[1, 2, 3], [4, 5, 6]], "dim": 0, "index": [0]},
             {"x": [[7]], "dim": 1, "index": [0] * 100}]
    for p in [*(sample("index-select", s) for s in SEEDS), *edges]:
        ref = np.take(np.asarray(p["x"]), p["index"], axis=p["dim"]).tolist()
        assert run("index-select", p, device) == ref, p


def test_masked_select_matches_numpy_boolean_indexing(device) -> None:
    edges = [{"x": [[1, 2, 3], [4, 5, 6]], "mask": [True, False, True]},
             {"x": [[1, 2, 3], [4, 5, 6]], "mask": [[False], [True]]},
             {"x": [[1, 2], [3, 4]], "mask": [[True, False], [False, True]]},
             {"x": [[1, 2], [3, 4]], "mask": [False, False]},
             {"x": [[1, 2], [3, 4]], "mask": [True]}]
    shapes = set()
    for p in [*(sample("masked-select", s) for s in SEEDS), *edges]:
        x = np.asarray(p["x"])
        mask = np.broadcast_to(np.asarray(p["mask"], dtype=bool), x.shape)
        assert run("masked-select", p, device) == x[mask].tolist(), p  # row-major, 1-D
        shapes.add(np.asarray(p["mask"]).ndim == 1 or np.asarray(p["mask"]).shape[1] == 1)
    assert shapes == {True, False}  # broadcast masks and full masks are both asked


def test_gather_follows_the_documented_rule(device) -> None:
    edges = [{"x": [[1, 2, 3], [4, 5, 6]], "dim": 1, "index": [[1, 0], [0, 0]]},
             {"x": [[1, 2, 3], [4, 5, 6]], "dim": 0, "index": [[1, 0, 1]]},
             {"x": [[1, 2, 3], [4, 5, 6]], "dim": 0, "index": [[1, 1, 1], [0, 0, 0], [1, 0, 1]]},
             {"x": [[1, 2, 3], [4, 5, 6]], "dim": 1, "index": [[2, 2, 2, 2, 0]]}]
    for p in [*(sample("gather", s) for s in SEEDS), *edges]:
        assert run("gather", p, device) == _gather(p["x"], p["dim"], p["index"]), p
        if all(len(r) == len(p["x"][0]) for r in p["index"]) or (p["dim"] == 1 and len(
                p["index"]) == len(p["x"])):  # where NumPy's take_along_axis applies, it agrees
            ref = np.take_along_axis(np.asarray(p["x"]), np.asarray(p["index"]), p["dim"])
            assert run("gather", p, device) == ref.tolist(), p


# ---- refusals: combinations without an answer, and specs --------------------------------------

NO_ANSWER = [
    ("clamp-values", {"values": [1.0, 2.0], "min": None, "max": None, "call": ""}, "min or max"),
    ("std-value", {"values": [2.5], "correction": 1}, "not positive"),
    ("var-value", {"values": [2.5], "correction": 1}, "not positive"),
    ("arange-length", {"start": 0.0, "end": 5.0, "step": -1.0}, "must be positive"),
    ("arange-length", {"start": 5.0, "end": 0.0, "step": 0.5}, "must be negative"),
    ("arange-length", {"start": 0.0, "end": 5.0, "step": 0.0}, "non-zero step"),
    ("arange-length", {"start": -1e6, "end": 1e6, "step": 1e-6}, "beyond the limit"),
    ("linspace-value", {"start": 0.0, "end": 1.0, "steps": 5, "index": 5}, "no index 5"),
    ("linspace-value", {"start": 0.0, "end": 1.0, "steps": 0, "index": 0}, "0 elements"),
    ("matrix-norm", {"matrix": [[1.0, 2.0], [3.0]], "ord": 2}, "same, non-zero length"),
    ("mm-value", {"a": [[1, 2]], "b": [[1, 2]]}, "b (k, m)"),
    ("index-select", {"x": [[1, 2]], "dim": 0, "index": [1]}, "in 0..0"),
    ("gather", {"x": [[1, 2]], "dim": 1, "index": [[2]]}, "in 0..1"),
    ("masked-select", {"x": [[1, 2, 3]], "mask": [True, False]}, "does not broadcast"),
]


@pytest.mark.parametrize(("card_id", "p", "reason"), NO_ANSWER,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(NO_ANSWER)])
def test_combinations_without_an_answer_are_refused(device, card_id, p, reason) -> None:
    with pytest.raises(Invalid, match=re.escape(reason)):
        run(card_id, p, device)


@pytest.mark.parametrize(("card_id", "given"), [
    ("clamp-values", {"min": None, "max": None}),
    ("std-value", {"values": [3.0], "correction": 1}),
    ("arange-length", {"start": 0.0, "end": 5.0, "step": -1.0}),
    ("linspace-value", {"steps": 3, "index": 7}),
])
def test_refusals_reach_the_app_as_param_errors(card_id: str, given: dict) -> None:
    # --param runs the derive hook (clamp) or the verifier; either way a clear ParamError
    from deckkit import runner

    with pytest.raises(ParamError):
        p = sample(card_id, 0, **given)
        runner().compute(TENSORS.card(card_id), p, given=True)


@pytest.mark.parametrize(("card_id", "given"), [
    ("matrix-norm", {"ord": 3}),
    ("matrix-norm", {"ord": "spectral"}),
    ("vector-norm", {"ord": 4}),
    ("std-value", {"correction": 2}),
    ("std-value", {"values": []}),
    ("clamp-values", {"min": "low"}),
    ("clamp-values", {"max": 2e6}),
    ("linspace-value", {"steps": -1}),
    ("linspace-value", {"steps": 2.5}),
    ("arange-length", {"step": 2e6}),
    ("argmax-dim", {"dim": 2}),
    ("masked-select", {"mask": [True]}),          # filled by the sampler: fixed
    ("gather", {"index": [[0]]}),
])
def test_spec_violations_are_refused(card_id: str, given: dict) -> None:
    with pytest.raises(ParamError):
        sample(card_id, 0, **given)


def test_the_issue_edge_cases_are_admitted(device) -> None:
    p = sample("clamp-values", 0, min=2.0, max=-1.0)            # min > max
    assert run("clamp-values", p, device) == [-1.0] * len(p["values"])
    assert sample("clamp-values", 0, min=None, max=1.0)["call"] == "torch.clamp(x, max=1.0)"
    assert sample("clamp-values", 0, min=0.5, max=None)["call"] == "torch.clamp(x, min=0.5)"
    assert sample("clamp-values", 0, min=-1, max=2)["call"] == "torch.clamp(x, -1, 2)"
    p = sample("arange-length", 0, start=5.0, end=5.0, step=-1.0)  # start == end, step < 0
    assert run("arange-length", p, device) == 0
    p = sample("arange-length", 0, start=3.0, end=-2.0, step=-0.5)
    assert run("arange-length", p, device) == 10
    p = sample("matrix-norm", 0, ord="inf", matrix=[[1.0, 2.0], [3.0, 4.0]])
    assert p["call"] == "torch.linalg.matrix_norm(A, ord=float('inf'))"
    assert run("matrix-norm", p, device) == 7
    p = sample("linspace-value", 0, start=-10.0, end=10.0, steps=1, index=0)
    assert run("linspace-value", p, device) == -10


SAMPLED = ["clamp-values", "matrix-norm", "norm-entrywise", "vector-norm", "linspace-value",
           "arange-length", "std-value", "var-value", "argmax-dim", "mm-value", "index-select",
           "masked-select", "gather"]


@pytest.mark.parametrize("card_id", SAMPLED)
def test_samplers_never_produce_a_refused_combination(card_id: str) -> None:
    for seed in range(200):
        run(card_id, sample(card_id, seed), "cpu")  # raises Invalid if refused


def test_sampled_questions_stay_typical() -> None:
    for seed in range(200):
        p = sample("clamp-values", seed)
        assert p["min"] is None or p["max"] is None or p["min"] < p["max"], p
        moved = [v != w for v, w in zip(p["values"], _clamp(p["values"], p["min"], p["max"]),
                                        strict=True)]
        assert any(moved) and not all(moved), p
        q = sample("linspace-value", seed)
        assert q["start"] != q["end"] and 0 <= q["index"] < q["steps"], q
        assert len(set(sample("std-value", seed)["values"])) > 1
        assert any(any(r) for r in sample("matrix-norm", seed)["matrix"])


# ---- slips -----------------------------------------------------------------------------------


def test_chunk_count_slips_count_like_numpy() -> None:
    assert TENSORS.card("chunk-count").slips == "chunk_count_slips"
    for L in range(4, 14):  # every L and chunks the card can draw, against NumPy's array_split
        for chunks in range(2, 7):
            got = slipkit.by_id("tensors", "chunk-count", {"L": L, "chunks": chunks})
            assert got["chunk-like-array-split"] == len(np.array_split(np.arange(L), chunks))


def test_slips_by_hand(runner) -> None:
    by_id = slipkit.by_id
    # size 3 -> 4 pieces, like array_split: typing 4 is right, so the app names no slip
    assert by_id("tensors", "chunk-count", {"L": 10, "chunks": 4}) == {
        "chunk-like-array-split": 4, "chunk-floor-size": 5}
    assert slipkit.slip_shown(runner, "tensors", "chunk-count", {"L": 10, "chunks": 4}, 4) is None
    assert slipkit.slip_shown(runner, "tensors", "chunk-count",
                              {"L": 10, "chunks": 4}, 5) == "chunk-floor-size"
    assert by_id("tensors", "chunk-count", {"L": 4, "chunks": 6}) == {
        "chunk-like-array-split": 6}  # floor(4/6) = 0 is no size
    clamp = {"values": [-2.0, 0.5, 3.0], "min": -1.0, "max": 2.0}
    assert by_id("tensors", "clamp-values", clamp) == {"note-caps-at-min": [2.0, -1.0, -1.0]}
    assert by_id("tensors", "clamp-values", {**clamp, "min": 2.0, "max": -1.0}) == {
        "note-caps-at-min": [-1.0, 0.5, 2.0], "min-wins": [2.0, 2.0, 2.0]}
    assert by_id("tensors", "linspace-value", {"start": 0.0, "end": 1.0, "steps": 5,
                                               "index": 2}) == {
        "note-steps-as-step": 10.0, "spacing-over-steps": 0.4}
    assert by_id("tensors", "arange-length", {"start": 0.0, "end": 1.0, "step": 0.3}) == {
        "missing-ceil": 3, "end-included": 4}
    spread = {"values": [1.0, 2.0, 3.0, 4.0], "correction": 1}
    got = by_id("tensors", "std-value", spread)
    assert got.keys() == {"population-for-sample", "variance-for-std"}
    assert got["population-for-sample"] == pytest.approx(math.sqrt(1.25))
    assert got["variance-for-std"] == pytest.approx(5 / 3)
    a = [[1.0, 2.0], [3.0, 4.0]]
    assert by_id("tensors", "norm-entrywise", {"matrix": a, "p": 2})["note-spectral"] == (
        pytest.approx(math.sqrt(15 + math.sqrt(221))))
    assert by_id("tensors", "norm-entrywise", {"matrix": a, "p": 1}) == pytest.approx(
        {"note-nuclear": math.sqrt(34), "matrix-1-norm": 6.0})
    assert by_id("tensors", "matrix-norm", {"matrix": a, "ord": "inf"}) == {
        "column-sum-for-inf": 6.0, "max-abs-for-inf": 4.0}
    assert by_id("tensors", "argmax-dim", {"x": [[1, 3, 3], [2, 2, 0]], "dim": 1}) == {
        "values-for-indices": [3, 2], "argmax-other-dim": [1, 0, 0], "last-tie": [2, 1]}
    assert by_id("tensors", "mm-value", {"a": [[1, 2], [3, 4]], "b": [[5, 6], [7, 8]]}) == {
        "elementwise-for-mm": [[5, 12], [21, 32]], "mm-order-swapped": [[23, 34], [31, 46]]}
    assert by_id("tensors", "constructor-dtype", {"expr": "torch.Tensor(np.array([1.0, 2.0]))"}
                 ) == {"note-tensor-keeps-dtype": "torch.float64"}
    assert by_id("tensors", "reduce-shape", {"shape": [2, 5, 4], "op": "sum", "keepdim": False,
                                             "dim": 1}) == {
        "keepdim-flipped": [2, 1, 4], "note-dim-to-zero": [2, 0, 4]}
    assert slipkit.slip_shown(runner, "tensors", "broadcast-ok",
                              {"op": "add", "a": [2, 3], "b": [3]}, False) == "note-equal-shapes"


# The note's wrong claim must be a known slip of its card (README table of the notes' errors)
NOTE_SLIPS = {
    "clamp-values": ({"values": [-2.0, 0.5, 3.0], "min": -1.0, "max": 2.0}, "note-caps-at-min"),
    "norm-entrywise": ({"matrix": [[1.0, 2.0], [3.0, 4.0]], "p": 2}, "note-spectral"),
    "linspace-value": ({"start": 0.0, "end": 1.0, "steps": 5, "index": 2}, "note-steps-as-step"),
    "constructor-dtype": ({"expr": "torch.Tensor([1, 2])"}, "note-tensor-keeps-dtype"),
    "broadcast-ok": ({"op": "mul", "a": [4, 1], "b": [3]}, "note-equal-shapes"),
    "reduce-shape": ({"shape": [3, 4], "op": "sum", "keepdim": False, "dim": 0},
                     "note-dim-to-zero"),
    "dtype-result": ({"expr": "torch.tensor([1.0, 2.0])"}, "note-default-float64"),
    "chunk-count": ({"L": 6, "chunks": 4}, "chunk-like-array-split"),
}


@pytest.mark.parametrize("card_id", sorted(NOTE_SLIPS))
def test_the_notes_claims_are_named_slips(runner, card_id: str) -> None:
    p, slip_id = NOTE_SLIPS[card_id]
    wrong = slipkit.by_id("tensors", card_id, p)[slip_id]
    assert slipkit.slip_shown(runner, "tensors", card_id, p, wrong) == slip_id


def test_the_notes_nuclear_claim_is_a_named_slip(runner) -> None:
    p = {"matrix": [[1.0, 2.0], [3.0, 4.0]], "p": 1}
    wrong = slipkit.by_id("tensors", "norm-entrywise", p)["note-nuclear"]
    assert slipkit.slip_shown(runner, "tensors", "norm-entrywise", p, wrong) == "note-nuclear"


SLIPPED = [card.id for card in TENSORS.quiz if card.slips]


@pytest.mark.parametrize("card_id", SLIPPED)
def test_typing_a_slip_names_it_in_the_app(runner, card_id: str) -> None:
    params = [sample(card_id, s) for s in range(30)]
    params += [dict(t.params) for t in TENSORS.card(card_id).tests]
    # slipkit types a 0-dim shape () as an empty answer ("don't know"): those are checked
    # by hand (test_zero_dim_shapes_by_hand)
    params = [p for p in params if run(card_id, p, "cpu") != ()]
    typed = sum(slipkit.through_the_app(runner, "tensors", card_id, p) for p in params)
    assert typed >= 1, card_id


def test_zero_dim_shapes_by_hand(runner) -> None:
    card = TENSORS.card("constructor-shape")
    for typed in ("()", "torch.Size([])"):
        got = slipkit.answer(runner, "tensors", "constructor-shape", {"expr": "torch.tensor(5)"},
                             typed)
        assert got.verdict is not None and got.verdict.correct and got.slip is None, typed
    got = slipkit.answer(runner, "tensors", "constructor-shape", {"expr": "torch.tensor(5)"}, "5")
    assert got.slip is not None and got.slip.id == "data-read-as-sizes" and card.slips
    got = slipkit.answer(runner, "tensors", "matmul-shape", {"a": [3], "b": [3]}, "1, 1")
    assert got.slip is not None and got.slip.id == "vector-dim-kept"


def test_slip_ids_are_unique_per_mistake() -> None:
    seen: dict[str, set[str]] = {}
    for card_id in SLIPPED:
        for p in [sample(card_id, s) for s in range(30)]:
            for slip in slipkit.slips_of("tensors", card_id, p):
                seen.setdefault(slip.id, set()).add(slip.en.split(":")[0])
    shared = {"view-copies", "zero-dim-widens", "python-float-is-float64",
              "squares-without-root", "float-cast-shares", "population-for-sample",
              "sample-for-population"}  # one mistake, worded for each op or card
    assert {k for k, v in seen.items() if len(v) > 1} <= shared


# ---- explanations read as Chinese ---------------------------------------------------------------

ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}\b")


def test_chinese_explanations_have_no_english_sentences(device) -> None:
    for card in TENSORS.quiz:
        fn = getattr(TENSORS.module, card.verifier or "")
        for seed in range(10):
            _, text = fn(sample(card.id, seed), device)
            assert not ENGLISH_RUN.search(text["zh"]), (card.id, text["zh"])
        if card.slips:
            for slip in slipkit.slips_of("tensors", card.id, sample(card.id, 0)):
                assert not ENGLISH_RUN.search(slip.zh), (card.id, slip)
    for card in TENSORS.flash:
        _, text = getattr(TENSORS.module, card.verifier or "")({}, device)
        assert not ENGLISH_RUN.search(text["zh"]), (card.id, text["zh"])
        assert card.back is not None and not ENGLISH_RUN.search(card.back.get("zh"))
