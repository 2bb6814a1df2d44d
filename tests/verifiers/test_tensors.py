"""Tests for the tensors deck: every verifier against NumPy or the documented PyTorch rules."""

from __future__ import annotations

import math

import numpy as np
import pytest
import slipkit
from deckkit import kit

TENSORS = kit("tensors")
run, sample = TENSORS.run, TENSORS.sample
SEEDS = range(60)


# ---- choice lists match the verifier's tables ---------------------------------------------


def test_choice_lists_match_the_verifier_tables() -> None:
    assert set(TENSORS.options("tensor-sharing", "op")) == set(TENSORS.module.TENSOR_OPS)
    assert set(TENSORS.options("dtype-result", "expr")) == set(DTYPE_RULES)
    assert set(TENSORS.options("numpy-sharing", "op")) == set(NUMPY_SHARES)


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
        assert torch.get_default_dtype() == torch.float64  # and it restores what it found
    finally:
        torch.set_default_dtype(old)


# ---- slips -----------------------------------------------------------------------------------

ARRAY_SPLIT = ("assumed chunk always returns `chunks` pieces, like numpy.array_split: torch.chunk "
               "makes pieces of ceil(L/chunks) elements, so it can return fewer")
FLOOR = ("used floor(L/chunks) as the piece size: torch.chunk rounds the size up, "
         "ceil(L/chunks)")


def chunk_slips(L: int, chunks: int) -> dict[str, int]:
    return {why["en"]: wrong for wrong, why in
            slipkit.slips_of("tensors", "chunk-count", {"L": L, "chunks": chunks})}



def test_chunk_count_slips_are_named_and_count_like_numpy():
    assert TENSORS.card("chunk-count").slips == "chunk_count_slips"
    for L in range(4, 14):  # every L and chunks the card can draw, against NumPy's array_split
        for chunks in range(2, 7):
            got = chunk_slips(L, chunks)
            assert got[ARRAY_SPLIT] == len(np.array_split(np.arange(L), chunks))


def test_chunk_count_slips_by_hand(session):
    # size 3 → 4 pieces, like array_split: typing 4 is right, so the app names no slip
    assert chunk_slips(10, 4) == {ARRAY_SPLIT: 4, FLOOR: 5}
    assert slipkit.slip_shown(session, "tensors", "chunk-count", {"L": 10, "chunks": 4}, 4) is None
    assert slipkit.slip_shown(session, "tensors", "chunk-count", {"L": 10, "chunks": 4}, 5) == FLOOR
    assert chunk_slips(6, 4) == {ARRAY_SPLIT: 4, FLOOR: 6}  # size 2 → 3 pieces
    assert chunk_slips(4, 6) == {ARRAY_SPLIT: 6}  # size 1 → 4 pieces; floor(4/6) = 0 is no size


def test_typing_a_chunk_slip_names_it_in_the_app(session):
    every = [{"L": L, "chunks": chunks} for L in range(4, 14) for chunks in range(2, 7)]
    typed = sum(slipkit.through_the_app(session, "tensors", "chunk-count", p)
                for p in [*every, *(sample("chunk-count", s) for s in SEEDS)])
    assert typed > 20
