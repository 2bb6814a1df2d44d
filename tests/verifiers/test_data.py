"""Tests for the data deck: every verifier against the rules in PyTorch's documentation,
written here in plain Python (len(DataLoader) is ceil(N / batch_size), or floor with
drop_last; random_split floors each fraction and hands the remainder out round-robin from
the first split), and against numpy (numpy.pad's reflect / edge / wrap are F.pad's reflect /
replicate / circular; numpy indexing for TensorDataset)."""

from __future__ import annotations

import math
import random
import re
from fractions import Fraction

import numpy as np
import pytest
import slipkit
from deckkit import kit

from quizapp.authoring import Invalid
from quizapp.core.overrides import ParamError

DATA = kit("data")
run, sample = DATA.run, DATA.sample
SEEDS = range(60)
CJK = re.compile(r"[\u4e00-\u9fff]")
NP_MODE = {"constant": "constant", "reflect": "reflect", "replicate": "edge",
           "circular": "wrap"}

# ---- references: the documented rules, in plain Python and numpy ----------------------------


def ref_len(n: int, bs: int, drop_last: bool) -> int:
    """DataLoader's docs: the last batch is partial unless drop_last drops it."""
    return n // bs if drop_last else math.ceil(n / bs)


def ref_sizes(n: int, bs: int, drop_last: bool) -> list[int]:
    full, rest = divmod(n, bs)
    return [bs] * full + ([rest] if rest and not drop_last else [])


def ref_split(n: int, fractions: list[float]) -> list[int]:
    """random_split's docs: floor(frac * len(dataset)) for each fraction, then 1 count of the
    remainder at a time to the lengths in round-robin fashion."""
    lengths = [math.floor(n * f) for f in fractions]
    for i in range(n - sum(lengths)):
        lengths[i % len(lengths)] += 1
    return lengths


def torch_takes(fractions: list[float]) -> bool:
    """The documented condition for reading a list as fractions: they sum to 1 (the float
    sum, not above 1) and each lies in [0, 1]."""
    total = sum(fractions)
    return math.isclose(total, 1) and total <= 1 and all(0 <= f <= 1 for f in fractions)


def ref_pad(values: list[int], left: int, right: int, mode: str) -> list[int]:
    return np.pad(np.array(values), (left, right), mode=NP_MODE[mode]).tolist()


def pad_allowed(n: int, left: int, right: int, mode: str) -> bool:
    """F.pad's documented limits: reflect pads < the size, circular pads <= the size."""
    if mode == "reflect":
        return max(left, right) < n
    if mode == "circular":
        return max(left, right) <= n
    return True


def ref_pad_shape(shape: list[int], pad: list[int]) -> list[int]:
    """F.pad's docs: pairs from the last dimension backwards."""
    out = list(shape)
    for k in range(len(pad) // 2):
        out[-1 - k] += pad[2 * k] + pad[2 * k + 1]
    return out


def np_pad_shape(shape: list[int], pad: list[int]) -> list[int]:
    """The same through numpy.pad (non-negative pads), whose widths go first dim first."""
    pairs = [(pad[2 * k], pad[2 * k + 1]) for k in range(len(pad) // 2)][::-1]
    widths = [(0, 0)] * (len(shape) - len(pairs)) + pairs
    return list(np.pad(np.zeros(shape, dtype=np.int8), widths).shape)


def ref_batch_of(n: int, bs: int, which: str) -> int:
    return ref_sizes(n, bs, False)[0 if which == "first" else -1]


def ref_label_shape(label: str) -> list[int]:
    return [1] if label.startswith("torch.tensor([") else []


def ref_share(p: dict) -> Fraction:
    counts = p["counts"]
    if p["weighting"] == "inverse":
        weights = [Fraction(1, c) for c in counts]
    elif p["weighting"] == "uniform":
        weights = [Fraction(1)] * len(counts)
    else:
        weights = [Fraction(w) for w in p["class_weights"]]
    mass = [c * w for c, w in zip(counts, weights, strict=True)]
    return mass[p["ask"]] / sum(mass)


def ref_order(p: dict) -> bool:
    if p["N"] <= 1 or not p["shuffle"]:
        return True
    return p["compare"] in {"reseeded", "same-seed-loader"}


# ---- the five required ids ------------------------------------------------------------------


def test_dataloader_len_over_seeds(device) -> None:
    seen = set()
    for seed in SEEDS:
        p = sample("dataloader-len", seed)
        seen.add((p["drop_last"], p["N"] < p["batch_size"], p["N"] % p["batch_size"] == 0))
        assert run("dataloader-len", p, device) == ref_len(p["N"], p["batch_size"],
                                                          p["drop_last"]), p
    assert (True, True, False) in seen and (False, False, True) in seen  # N < bs, multiples


LOADER_EDGES = [(1, 1), (1, 4), (3, 4), (4, 4), (5, 4), (999, 1000), (1000, 1000),
                (1000, 1), (1000, 3), (50000, 64), (100000, 100000), (100000, 99999),
                (7, 100000), (4999, 1)]


@pytest.mark.parametrize(("n", "bs"), LOADER_EDGES)
@pytest.mark.parametrize("drop_last", [False, True])
def test_loader_counts_at_the_edges(device, n, bs, drop_last) -> None:
    p = DATA.sample("dataloader-len", 0, N=n, batch_size=bs, drop_last=drop_last)
    assert run("dataloader-len", p, device) == ref_len(n, bs, drop_last)
    if not (drop_last and n < bs):
        p = DATA.sample("last-batch-size", 0, N=n, batch_size=bs, drop_last=drop_last)
        assert run("last-batch-size", p, device) == ref_sizes(n, bs, drop_last)[-1]
    if n <= 1000:
        p = DATA.sample("epoch-iterations", 0, N=n, batch_size=bs, drop_last=drop_last,
                        epochs=3)
        assert run("epoch-iterations", p, device) == 3 * ref_len(n, bs, drop_last)


def test_last_batch_size_over_seeds(device) -> None:
    for seed in SEEDS:
        p = sample("last-batch-size", seed)
        assert not (p["drop_last"] and p["N"] < p["batch_size"]), p
        got = run("last-batch-size", p, device)
        assert got == ref_sizes(p["N"], p["batch_size"], p["drop_last"])[-1], p
        assert got > 0


def test_epoch_iterations_over_seeds(device) -> None:
    for seed in SEEDS:
        p = sample("epoch-iterations", seed)
        expected = p["epochs"] * ref_len(p["N"], p["batch_size"], p["drop_last"])
        assert run("epoch-iterations", p, device) == expected, p
    for epochs, n, bs in ((1, 1, 1), (1000, 5, 1), (1000, 100, 1000), (2, 1000, 1), (50, 3, 4)):
        for drop in (False, True):
            p = DATA.sample("epoch-iterations", 0, N=n, batch_size=bs, drop_last=drop,
                            epochs=epochs)
            assert run("epoch-iterations", p, device) == epochs * ref_len(n, bs, drop)


def test_random_split_lengths_over_seeds(device) -> None:
    empty = 0
    for seed in SEEDS:
        p = sample("random-split-lengths", seed)
        assert torch_takes(p["fractions"]), p
        got = run("random-split-lengths", p, device)
        assert list(got) == ref_split(p["N"], p["fractions"]), p
        assert sum(got) == p["N"]
        empty += 0 in got
    assert empty > 0  # small N and small fractions give empty splits


SPLIT_EDGES = [
    (10, [0.7, 0.2, 0.1]), (10, [0.15, 0.15, 0.7]), (10, [0.99, 0.01]), (3, [0.25] * 4),
    (100, [0.4, 0.29, 0.31]), (7, [0.6, 0.3, 0.1]), (5, [1.0]), (1, [0.5, 0.5]),
    (1, [0.0, 1.0]), (1, [1.0, 0.0]), (2, [0.1] * 10), (100000, [0.33, 0.33, 0.34]),
    (99999, [0.5, 0.5]), (11, [0.01, 0.01, 0.98]), (4, [0.05, 0.05, 0.05, 0.85]),
]


@pytest.mark.parametrize(("n", "fractions"), SPLIT_EDGES)
def test_random_split_lengths_edges(device, n, fractions) -> None:
    assert torch_takes(fractions)
    p = DATA.sample("random-split-lengths", 0, N=n, fractions=fractions)
    assert list(run("random-split-lengths", p, device)) == ref_split(n, fractions)


def test_random_split_lengths_adversarial(device) -> None:
    """Random fractions of every kind: whatever torch's rule accepts agrees with the rule, and
    whatever it does not is refused."""
    rng = random.Random(11)
    taken = refused = 0
    for _ in range(300):
        k = rng.randint(1, 6)
        cuts = sorted(rng.random() for _ in range(k - 1))
        fractions = [round(b - a, rng.choice([1, 2, 3, 17])) for a, b in
                     zip([0.0, *cuts], [*cuts, 1.0], strict=True)]
        fractions = [min(max(f, 0.0), 1.0) for f in fractions]
        n = rng.choice([1, 2, 3, 7, 10, 99, 100, 1000, rng.randint(1, 100000)])
        if torch_takes(fractions):
            got = run("random-split-lengths", {"N": n, "fractions": fractions}, device)
            assert list(got) == ref_split(n, fractions), (n, fractions)
            taken += 1
        else:
            with pytest.raises(Invalid):
                run("random-split-lengths", {"N": n, "fractions": fractions}, device)
            refused += 1
    assert taken > 50 and refused > 20


def test_pad_values_over_seeds(device) -> None:
    modes = set()
    for seed in SEEDS:
        p = sample("pad-values", seed)
        modes.add(p["mode"])
        assert pad_allowed(len(p["values"]), p["left"], p["right"], p["mode"]), p
        assert p["left"] + p["right"] > 0
        got = run("pad-values", p, device)
        assert got == ref_pad(p["values"], p["left"], p["right"], p["mode"]), p
        assert p["signal_code"].startswith(f"x = torch.tensor({p['values']}")
    assert modes == {"constant", "reflect", "replicate", "circular"}


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_values_adversarial(device, mode) -> None:
    rng = random.Random(mode)
    cases = [([1, 2, 3, 4], 2, 2), ([7], 0, 0), ([7], 1, 0), ([1, 2, 3, 4], 3, 3),
             ([1, 2, 3, 4], 4, 0), ([1, 2, 3, 4], 0, 5), ([-5, 0, 5], 2, 1),
             (list(range(1000)), 999, 999), (list(range(1000)), 1000, 0), ([3, 1], 1000, 1)]
    for _ in range(40):
        n = rng.randint(1, 12)
        cases.append(([rng.randint(-1000, 1000) for _ in range(n)], rng.randint(0, 14),
                      rng.randint(0, 14)))
    for values, left, right in cases:
        p = {"values": values, "left": left, "right": right, "mode": mode}
        if pad_allowed(len(values), left, right, mode):
            assert run("pad-values", p, device) == ref_pad(values, left, right, mode), p
        else:
            with pytest.raises(Invalid):
                run("pad-values", p, device)
            with pytest.raises(ParamError):
                DATA.sample("pad-values", 0, **p)


def test_the_notes_reflect_example(device) -> None:
    p = DATA.sample("pad-values", 0, values=[1, 2, 3, 4], left=2, right=2, mode="reflect")
    got = run("pad-values", p, device)
    assert got == [3, 2, 1, 2, 3, 4, 3, 2] != [3, 2, 1, 2, 3, 4, 4, 3, 2]
    symmetric = np.pad(np.array([1, 2, 3, 4]), 2, mode="symmetric").tolist()
    assert slipkit.by_id("data", "pad-values", p)["symmetric-for-reflect"] == symmetric


# ---- the other loader cards -----------------------------------------------------------------


def test_sampler_loader_len(device) -> None:
    for seed in SEEDS:
        p = sample("sampler-loader-len", seed)
        assert p["replacement"] or p["num_samples"] <= p["N"], p
        expected = ref_len(p["num_samples"], p["batch_size"], p["drop_last"])
        assert run("sampler-loader-len", p, device) == expected, p
    for n, m, bs in ((1, 1, 1), (1, 5000, 1), (100000, 3, 2), (10, 10, 10), (5, 100000, 64)):
        for drop in (False, True):
            p = DATA.sample("sampler-loader-len", 0, N=n, num_samples=m, batch_size=bs,
                            drop_last=drop, replacement=True)
            assert run("sampler-loader-len", p, device) == ref_len(m, bs, drop)


def test_split_loader_len(device) -> None:
    for seed in SEEDS:
        p = sample("split-loader-len", seed)
        n_train = math.floor(Fraction(p["N"]) * Fraction(repr(p["train_frac"])))
        size = n_train if p["split"] == "ds_train" else p["N"] - n_train
        assert run("split-loader-len", p, device) == ref_len(size, p["batch_size"],
                                                            p["drop_last"]), p
    for n, frac in ((1, 0.8), (1, 0.0), (1, 1.0), (150, 0.8), (100000, 0.9), (3, 0.5)):
        for split in ("ds_train", "ds_val"):
            p = DATA.sample("split-loader-len", 0, N=n, train_frac=frac, split=split,
                            batch_size=64, drop_last=False)
            n_train = int(n * frac)  # the card's own counting, as the notes do it
            size = n_train if split == "ds_train" else n - n_train
            assert run("split-loader-len", p, device) == ref_len(size, 64, False)


def test_shuffled_batch_sizes(device) -> None:
    for seed in SEEDS:
        p = sample("shuffled-batch-sizes", seed)
        got = run("shuffled-batch-sizes", p, device)
        assert list(got) == ref_sizes(p["N"], p["batch_size"], p["drop_last"]), p
    for n, bs, workers in ((1, 1, 0), (1000, 1, 64), (1000, 1000, 2), (999, 7, 4)):
        for shuffle in (False, True):
            p = DATA.sample("shuffled-batch-sizes", 0, N=n, batch_size=bs, shuffle=shuffle,
                            drop_last=False, num_workers=workers)
            assert list(run("shuffled-batch-sizes", p, device)) == ref_sizes(n, bs, False)


def test_epoch_order_repeats(device) -> None:
    for seed in SEEDS:
        p = sample("epoch-order-repeats", seed)
        assert p["N"] >= 8
        assert run("epoch-order-repeats", p, device) is ref_order(p), p
    for compare in ("next-epoch", "reseeded", "same-seed-loader", "other-seed-loader"):
        for n, shuffle in ((1, True), (1000, True), (1000, False), (16, True)):
            p = DATA.sample("epoch-order-repeats", 0, N=n, batch_size=1000, shuffle=shuffle,
                            compare=compare)
            assert run("epoch-order-repeats", p, device) is ref_order(p), p


# ---- collate, TensorDataset, sampler shares -------------------------------------------------


def test_collate_tuple_shape(device) -> None:
    seen = set()
    for seed in SEEDS:
        p = sample("collate-tuple-shape", seed)
        seen.add((p["ask"], p["batch"]))
        b = ref_batch_of(p["N"], p["batch_size"], p["batch"])
        item = p["feature_shape"] if p["ask"] == "features" else ref_label_shape(p["label"])
        assert list(run("collate-tuple-shape", p, device)) == [b, *item], p
    assert len(seen) == 4
    for label in DATA.options("collate-tuple-shape", "label"):
        for shape, n, bs in (([], 1, 1), ([1, 1, 1, 1], 7, 3), ([100000], 3, 50), ([2], 9, 4)):
            for batch in ("first", "last"):
                p = DATA.sample("collate-tuple-shape", 0, N=n, batch_size=bs,
                                feature_shape=shape, label=label, ask="labels", batch=batch)
                assert list(run("collate-tuple-shape", p, device)) == \
                    [ref_batch_of(n, bs, batch), *ref_label_shape(label)]
                p = {**p, "ask": "features"}
                assert list(run("collate-tuple-shape", p, device)) == \
                    [ref_batch_of(n, bs, batch), *shape]


def test_collate_dict_shape(device) -> None:
    leaves = {"batch['label']": [], "batch['meta']['index']": [], "batch['meta']['box']": [4]}
    for seed in SEEDS:
        p = sample("collate-dict-shape", seed)
        item = leaves.get(p["key"], p["image_shape"])
        assert list(run("collate-dict-shape", p, device)) == \
            [min(p["N"], p["batch_size"]), *item], p
    for key in DATA.options("collate-dict-shape", "key"):
        for image, n, bs in (([1], 1, 1), ([2, 3, 4, 5], 3, 100000), ([1, 1, 1], 100, 7)):
            p = DATA.sample("collate-dict-shape", 0, N=n, batch_size=bs, image_shape=image,
                            key=key)
            item = leaves.get(key, image)
            assert list(run("collate-dict-shape", p, device)) == [min(n, bs), *item]


def test_collate_batch_len(device) -> None:
    for seed in SEEDS:
        p = sample("collate-batch-len", seed)
        expected = min(p["N"], p["batch_size"]) if p["kind"] == "tensor" else p["fields"]
        assert run("collate-batch-len", p, device) == expected, p
    for kind in ("tensor", "tuple", "dict"):
        for fields in (1, 8):
            for n, bs in ((1, 1), (5, 100000), (100, 3)):
                p = DATA.sample("collate-batch-len", 0, N=n, batch_size=bs, kind=kind,
                                fields=fields, length=1)
                expected = min(n, bs) if kind == "tensor" else fields
                assert run("collate-batch-len", p, device) == expected


def np_index_shape(p: dict) -> list[int]:
    """The same indexing on numpy arrays of the card's shapes."""
    shape = p["x_shape"]
    arrays = (np.zeros(shape, dtype=np.int8), np.zeros(shape[0], dtype=np.int8))
    index = p["start"] if p["kind"] == "item" else slice(p["start"], p["stop"])
    return list(arrays[p["field"]][index].shape)


def test_tensordataset_index_shape(device) -> None:
    kinds = set()
    for seed in SEEDS:
        p = sample("tensordataset-index-shape", seed)
        kinds.add(p["kind"])
        assert p["N"] == p["x_shape"][0]
        assert list(run("tensordataset-index-shape", p, device)) == np_index_shape(p), p
    assert kinds == {"item", "slice"}
    rng = random.Random(3)
    for _ in range(80):
        shape = [rng.randint(1, 12) for _ in range(rng.randint(1, 5))]
        n = shape[0]
        kind = rng.choice(["item", "slice"])
        start, stop = rng.randint(-2 * n, 2 * n), rng.randint(-2 * n, 2 * n)
        p = {"x_shape": shape, "kind": kind, "start": start, "stop": stop,
             "field": rng.choice([0, 1])}
        if kind == "item" and not -n <= start < n:
            with pytest.raises(Invalid):
                run("tensordataset-index-shape", p, device)
            continue
        assert list(run("tensordataset-index-shape", p, device)) == np_index_shape(p), p


def test_sampler_class_share(device) -> None:
    kinds = set()
    for seed in SEEDS:
        p = sample("sampler-class-share", seed)
        kinds.add(p["weighting"])
        assert 0 <= p["ask"] < len(p["counts"]) == len(p["class_weights"])
        got = run("sampler-class-share", p, device)
        assert got == pytest.approx(float(ref_share(p)), rel=1e-9), p
    assert kinds == {"inverse", "custom", "uniform"}
    for counts, weights in (([1], [1]), ([1000] * 10, list(range(10))),
                            ([1, 999], [1000, 1]), ([5, 5], [0, 2])):
        for weighting in ("inverse", "custom", "uniform"):
            for ask in (0, len(counts) - 1):
                p = DATA.sample("sampler-class-share", 0, counts=counts, class_weights=weights,
                                weighting=weighting, ask=ask)
                got = run("sampler-class-share", p, device)
                assert got == pytest.approx(float(ref_share(p)), rel=1e-9, abs=1e-15), p


# ---- refusals -------------------------------------------------------------------------------

NO_ANSWER = [
    ("last-batch-size", {"N": 3, "batch_size": 4, "drop_last": True}),      # no batch at all
    ("last-batch-size", {"N": 999, "batch_size": 1000, "drop_last": True}),
    ("shuffled-batch-sizes", {"N": 3, "batch_size": 8, "shuffle": True, "drop_last": True,
                              "num_workers": 0, "torch_seed": 0}),
    ("random-split-lengths", {"N": 10, "fractions": [0.5, 0.3]}),           # sums to 0.8
    ("random-split-lengths", {"N": 10, "fractions": [0.6, 0.6]}),           # sums to 1.2
    ("random-split-lengths", {"N": 100, "fractions": [0.33, 0.56, 0.11]}),  # float sum > 1
    ("pad-values", {"values": [1, 2, 3, 4], "left": 4, "right": 0, "mode": "reflect"}),
    ("pad-values", {"values": [1, 2, 3, 4], "left": 0, "right": 9, "mode": "reflect"}),
    ("pad-values", {"values": [5], "left": 1, "right": 0, "mode": "reflect"}),
    ("pad-values", {"values": [1, 2, 3, 4], "left": 0, "right": 5, "mode": "circular"}),
    ("pad-2d-shape", {"shape": [1, 1, 4, 4], "pad": [-3, -2]}),             # crops below 0
    ("pad-2d-shape", {"shape": [4, 4], "pad": [1, 1, 1, 1, 1, 1]}),         # 3 pairs, 2 dims
    ("pad-2d-shape", {"shape": [4, 4], "pad": [1, 1, 1]}),                  # not in pairs
    ("sampler-loader-len", {"N": 10, "num_samples": 20, "replacement": False,
                            "batch_size": 8, "drop_last": False}),
    ("sampler-class-share", {"counts": [3, 4], "weighting": "custom", "class_weights": [0, 0],
                             "ask": 0}),
    ("sampler-class-share", {"counts": [3, 4], "weighting": "uniform", "class_weights": [1, 1],
                             "ask": 2}),
    ("tensordataset-index-shape", {"x_shape": [5, 2], "kind": "item", "start": 5, "stop": 1,
                                   "field": 0}),
    ("dataloader-len", {"N": 100000, "batch_size": 1, "drop_last": False}),  # the ceiling
    ("epoch-iterations", {"N": 1000, "batch_size": 1, "drop_last": False, "epochs": 10}),
]


@pytest.mark.parametrize(("card_id", "params"), NO_ANSWER, ids=[c for c, _ in NO_ANSWER])
def test_combinations_without_an_answer_are_refused(device, card_id, params) -> None:
    fn = getattr(DATA.module, DATA.card(card_id).verifier)
    with pytest.raises(Invalid):
        fn(dict(params), device)
    with pytest.raises(ParamError):  # through the app, as --param gives them
        DATA.sample(card_id, 0, **params)


def test_spec_violations_are_refused() -> None:
    for card_id, given in (
        ("dataloader-len", {"N": 0}), ("dataloader-len", {"N": 100001}),
        ("dataloader-len", {"batch_size": 0}), ("dataloader-len", {"drop_last": "yes"}),
        ("epoch-iterations", {"epochs": 0}), ("random-split-lengths", {"fractions": [1.5]}),
        ("random-split-lengths", {"fractions": []}), ("random-split-lengths", {"N": 0}),
        ("pad-values", {"mode": "symmetric"}), ("pad-values", {"left": -1}),
        ("pad-values", {"values": []}), ("pad-values", {"signal_code": "x"}),
        ("shuffled-batch-sizes", {"num_workers": -1}),
    ):
        with pytest.raises(ParamError):
            DATA.sample(card_id, 0, **given)


def test_the_admitted_ranges_reach_the_edges() -> None:
    for n in (1, 1000):
        assert DATA.sample("dataloader-len", 0, N=n, batch_size=128)["N"] == n
    assert DATA.sample("random-split-lengths", 0, N=10, fractions=[0.99, 0.01])["fractions"] \
        == [0.99, 0.01]
    assert DATA.sample("random-split-lengths", 0, N=3, fractions=[0.0, 1.0])["N"] == 3


@pytest.mark.parametrize("card_id", [c.id for c in DATA.quiz])
def test_sampled_questions_always_have_an_answer(device, card_id) -> None:
    for seed in range(200):
        p = sample(card_id, seed)  # a sampler producing a refused combination raises here
        run(card_id, p, device)


def test_refused_reasons_read_well() -> None:
    with pytest.raises(ParamError, match="no batch at all"):
        DATA.sample("last-batch-size", 0, N=3, batch_size=4, drop_last=True)
    with pytest.raises(ParamError, match="smaller than the signal"):
        DATA.sample("pad-values", 0, values=[1, 2], left=2, right=0, mode="reflect")
    with pytest.raises(ParamError, match="more than once"):
        DATA.sample("pad-values", 0, values=[1, 2], left=3, right=0, mode="circular")
    with pytest.raises(ParamError, match="not 1"):
        DATA.sample("random-split-lengths", 0, N=10, fractions=[0.5, 0.3])
    with pytest.raises(ParamError, match=re.escape("1.0000000000000002 > 1")):
        DATA.sample("random-split-lengths", 0, N=10, fractions=[0.33, 0.56, 0.11])


# ---- slips ----------------------------------------------------------------------------------

SLIP_CARDS = [c.id for c in DATA.quiz if c.slips]
TYPED = slipkit.typed_text


@pytest.fixture
def empty_shapes_typed(monkeypatch):
    """slipkit types a shape as '1, 2' and so the 0-d shape as '', which is no answer; a
    learner types () (as these cards' tests do)."""
    def typed_text(answer_type, value):
        if answer_type == "shape" and len(value) == 0:
            return "()"
        return TYPED(answer_type, value)

    monkeypatch.setattr(slipkit, "typed_text", typed_text)


def test_every_quiz_card_has_slips_and_two_tests_one_an_edge() -> None:
    assert set(SLIP_CARDS) == {c.id for c in DATA.quiz}
    assert len(DATA.quiz) >= 12 and len(DATA.flash) >= 6
    for card in DATA.quiz:
        assert len(card.tests) >= 2 and any(t.edge for t in card.tests), card.id


@pytest.mark.parametrize("card_id", SLIP_CARDS)
def test_typing_a_slip_names_it_in_the_app(runner, empty_shapes_typed, card_id) -> None:
    typed = sum(slipkit.through_the_app(runner, "data", card_id, sample(card_id, seed))
                for seed in range(25))
    assert typed >= 15, card_id


def test_counting_slips_by_hand(runner) -> None:
    p = {"N": 10, "batch_size": 4, "drop_last": False}
    assert slipkit.by_id("data", "dataloader-len", p) == {
        "partial-batch-dropped": 2, "batch-size-as-count": 4, "samples-counted": 10}
    assert slipkit.slip_shown(runner, "data", "dataloader-len", p, 4) == "batch-size-as-count"
    assert slipkit.slip_shown(runner, "data", "dataloader-len", p, 3) is None
    e = {"N": 1000, "batch_size": 64, "drop_last": True, "epochs": 10}
    assert slipkit.by_id("data", "epoch-iterations", e) == {
        "one-epoch-only": 15, "partial-batch-kept": 160, "samples-counted": 10000,
        "batch-size-as-count": 640}
    last = {"N": 12, "batch_size": 4, "drop_last": False}
    assert slipkit.slip_shown(runner, "data", "last-batch-size", last, 0) == "zero-remainder"


def test_split_and_pad_slips_by_hand(runner) -> None:
    assert slipkit.by_id("data", "random-split-lengths", {"N": 10,
                                                         "fractions": [0.15, 0.15, 0.7]}) == {
        "remainder-to-last": [1, 1, 8], "largest-remainder": [2, 1, 7],
        "rounded-each": [2, 2, 7]}
    floats = {"N": 100, "fractions": [0.4, 0.29, 0.31]}
    assert slipkit.by_id("data", "random-split-lengths", floats)["float-product-ignored"] == \
        [40, 29, 31]
    assert slipkit.slip_shown(runner, "data", "random-split-lengths", floats, [40, 29, 31]) == \
        "float-product-ignored"
    circ = DATA.sample("pad-values", 0, values=[1, 2, 3, 4], left=3, right=1, mode="circular")
    assert slipkit.by_id("data", "pad-values", circ) == {
        "wrapped-wrong-end": [1, 2, 3, 1, 2, 3, 4, 4], "sides-swapped": [4, 1, 2, 3, 4, 1, 2, 3]}
    shape = DATA.sample("pad-2d-shape", 0, shape=[2, 3, 10, 20], pad=[1, 1, 3, 0])
    assert slipkit.slip_shown(runner, "data", "pad-2d-shape", shape, [2, 3, 12, 23]) == \
        "pad-order-reversed"


def test_shape_slips_by_hand(runner, empty_shapes_typed) -> None:
    cifar = DATA.sample("collate-tuple-shape", 0, N=100, batch_size=50, feature_shape=[3, 32, 32],
                        label="torch.tensor([i % 2])", ask="labels", batch="first")
    assert slipkit.slip_shown(runner, "data", "collate-tuple-shape", cifar, [50]) == \
        "label-dim-dropped"
    share = DATA.sample("sampler-class-share", 0, counts=[30, 10], weighting="custom",
                        class_weights=[1, 3], ask=1)
    assert slipkit.by_id("data", "sampler-class-share", share) == {
        "counts-ignored": 0.75, "weights-ignored": 0.25}
    item = DATA.sample("tensordataset-index-shape", 0, x_shape=[10, 3, 4], kind="item",
                       start=2, stop=5, field=0)
    assert slipkit.slip_shown(runner, "data", "tensordataset-index-shape", item, [1, 3, 4]) == \
        "kept-sample-dim"
    order = DATA.sample("epoch-order-repeats", 0, N=12, batch_size=4, shuffle=True,
                        compare="next-epoch", torch_seed=0)
    assert slipkit.slip_shown(runner, "data", "epoch-order-repeats", order, True) == \
        "shuffled-once"


# ---- explanations and the notes -------------------------------------------------------------

ENGLISH_RUN = re.compile(r"(?:\b[A-Za-z]{3,}\b[ ,;]+){4,}[A-Za-z]{3,}")


@pytest.mark.parametrize("card_id", [c.id for c in DATA.deck.cards])
def test_explanations_read_in_both_languages(device, card_id) -> None:
    card = DATA.card(card_id)
    fn = getattr(DATA.module, card.verifier or "")
    for seed in range(6 if card.kind == "quiz" else 1):
        p = sample(card_id, seed) if card.kind == "quiz" else {}
        answer, text = fn(dict(p), device)
        assert CJK.search(text["zh"]) and not CJK.search(text["en"].replace("批次数量", "")), \
            (card_id, text["en"])
        quoted = re.sub(r"'[^']*'", "", text["zh"])  # torch's own messages, quoted
        assert not ENGLISH_RUN.search(quoted), (card_id, text["zh"])
        if card.answer == "int":
            assert str(answer) in text["en"] and str(answer) in text["zh"], (card_id, text)


def test_the_notes_errors_are_named_where_they_are_corrected(device) -> None:
    for card_id in ("dataloader-len", "epoch-iterations", "pad-values", "batch-size-samples",
                    "reflect-not-symmetric", "num-workers-count", "dataset-needs-len"):
        card = DATA.card(card_id)
        shown = card.explain or card.back
        assert shown is not None and "notes" in shown.en and "笔记" in shown.get("zh"), card_id
    p = DATA.sample("pad-values", 0, values=[1, 2, 3, 4], left=1, right=1, mode="reflect")
    _, text = DATA.module.pad_values(dict(p), device)
    assert "[3, 2, 1, 2, 3, 4, 4, 3, 2]" in text["en"] and "笔记" in text["zh"]
    p = DATA.sample("dataloader-len", 0, N=10, batch_size=4, drop_last=False)
    _, text = DATA.module.dataloader_len(dict(p), device)
    assert "notes call batch_size the number of batches" in text["en"] and "笔记" in text["zh"]
