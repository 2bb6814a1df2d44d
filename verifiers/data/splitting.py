"""random_split: the lengths torch gives for fractions (floor each, then the remainder one at a
time, round-robin from the first split), and loaders over the splits of counted lengths."""

from __future__ import annotations

import math
import random
import warnings
from fractions import Fraction
from typing import Any

from quizapp.authoring import Params, Result, bi, join, plural, prob_row, quiet, require

from .loaders import batch_sizes, ceil_floor, check_loader, generator, index_dataset, loader

PRESETS = [[0.8, 0.2], [0.9, 0.1], [0.7, 0.3], [0.75, 0.25], [0.7, 0.15, 0.15],
           [0.8, 0.1, 0.1], [0.6, 0.2, 0.2], [0.5, 0.25, 0.25], [0.34, 0.33, 0.33],
           [0.4, 0.3, 0.2, 0.1], [0.05, 0.95], [0.6, 0.3, 0.05, 0.05]]


def shown(x: float) -> str:
    """A product as Python holds it: '7', '1.5', '28.999999999999996'."""
    return str(int(x)) if x == int(x) else repr(x)


def split_problem(n: int, fractions: list[float]) -> str | None:
    """Why random_split has no lengths for these fractions (as torch decides), or None."""
    if n < 1:
        return f"the dataset needs at least 1 sample, got N={n}"
    if not fractions:
        return "random_split needs at least one fraction"
    if any(not 0 <= f <= 1 for f in fractions):
        return "every fraction must lie between 0 and 1"
    total = sum(fractions)  # the same float sum torch takes
    if not math.isclose(total, 1):
        return (f"the fractions sum to {total:g}, not 1: random_split reads a list as "
                "fractions only when it sums to 1")
    if total > 1:
        return (f"in floating point {' + '.join(map(repr, fractions))} = {total!r} > 1, and "
                "random_split then raises ValueError (it takes fractions only when their sum "
                "is close to 1 and not above it)")
    return None


def exact_floors(n: int, fractions: list[float]) -> list[int]:
    """floor(N x f) with f read as the decimal it is written as: the hand computation."""
    return [math.floor(n * Fraction(repr(f))) for f in fractions]


def float_floors(n: int, fractions: list[float]) -> list[int]:
    return [math.floor(n * f) for f in fractions]


def sample_split(p: Params, rng: random.Random) -> Params:
    """Fractions that sum to 1 in floating point and whose products floor as by hand;
    sometimes a small N, so a split can come out empty."""
    for _ in range(200):
        fractions = (list(rng.choice(PRESETS)) if rng.random() < 0.5
                     else prob_row(rng, rng.randint(2, 4), 2))
        n = rng.randint(1, 20) if rng.random() < 0.3 else p["N"]
        if split_problem(n, fractions) is None and \
                float_floors(n, fractions) == exact_floors(n, fractions):
            return {**p, "N": n, "fractions": fractions}
    return {**p, "N": 10, "fractions": [0.8, 0.2]}


def derive_split(p: Params) -> Params:
    """Refuses fractions torch would not split by; shows nothing new."""
    why = split_problem(p["N"], p["fractions"])
    require(why is None, why or "")
    check_loader(p["N"], p["N"])
    return p


def random_split_lengths(p: Params, device: Any) -> Result:
    from torch.utils.data import random_split

    derive_split(p)
    n, fractions = p["N"], p["fractions"]
    ds = index_dataset(n, device)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parts = random_split(ds, fractions, generator=generator(0))
    lengths = [len(part) for part in parts]
    floors = float_floors(n, fractions)
    lines_en, lines_zh = [], []
    for i, (f, k) in enumerate(zip(fractions, floors, strict=True)):
        product = n * f
        line = f"split {i}: floor({n} x {f!r}) = floor({shown(product)}) = {k}"
        lines_en.append(line)
        lines_zh.append(f"第 {i} 份：floor({n} x {f!r}) = floor({shown(product)}) = {k}")
    rest = n - sum(floors)
    got = lengths
    if rest == 0:
        tail = bi(f"The floors add up to {n}: nothing is left over, lengths {got}.",
                  f"向下取整后的和正好是 {n}：没有余数，各份长度为 {got}。")
    else:
        given = ", ".join(str(i % len(fractions)) for i in range(rest))
        tail = bi(f"The floors add up to {sum(floors)}, so {rest} "
                  f"{'sample is' if rest == 1 else 'samples are'} left over; torch hands them out "
                  f"one at a time, round-robin from the first split (to split {given}): {got}.",
                  f"向下取整后的和是 {sum(floors)}，还剩 {rest} 个样本；torch 从第一份开始"
                  f"轮流每份加 1（加给第 {given} 份）：{got}。")
    off = [i for i, (a, b) in enumerate(zip(floors, exact_floors(n, fractions), strict=True))
           if a != b]
    float_note = [bi(f"Note: in floating point {n} x {fractions[i]!r} is "
                     f"{shown(n * fractions[i])}, so its floor is one less than by hand.",
                     f"注意：在浮点运算中 {n} x {fractions[i]!r} 等于 {shown(n * fractions[i])}，"
                     "所以向下取整比手算少 1。") for i in off]
    empty = [i for i, k in enumerate(got) if k == 0]
    warned = sum("Length of split" in str(w.message) for w in caught)
    empty_note = [bi(f"Split {', '.join(map(str, empty))} is empty; torch allows it and warns "
                     f"({warned} UserWarning: 'Length of split at index ... is 0').",
                     f"第 {', '.join(map(str, empty))} 份是空的；torch 允许这样，只给出警告"
                     f"（{warned} 条 UserWarning：'Length of split at index ... is 0'）。")
                  ] if empty else []
    return got, join([
        bi("With fractions, random_split takes floor(N x fraction) for each split, then "
           "distributes what is left, 1 at a time, round-robin from the first split.",
           "传入比例时，random_split 先对每份取 floor(N x 比例)，再把剩下的样本从第一份"
           "开始轮流每份加 1。"),
        bi("\n".join(lines_en), "\n".join(lines_zh)),
        tail, *float_note, *empty_note,
    ])


# ---- a loader over one split of counted lengths (the notes' n_train = int(len * 0.8)) -------


def sample_split_loader(p: Params, rng: random.Random) -> Params:
    """Keeps int(N * frac) equal to the floor by hand."""
    for _ in range(200):
        if int(p["N"] * p["train_frac"]) == exact_floors(p["N"], [p["train_frac"]])[0]:
            return p
        p["N"] = rng.randint(20, 1000)
    return {**p, "N": 100}


def derive_split_loader(p: Params) -> Params:
    check_loader(p["N"], p["batch_size"])
    require(0 <= p["train_frac"] <= 1, "train_frac must lie between 0 and 1")
    return p


def split_loader_len(p: Params, device: Any) -> Result:
    from torch.utils.data import random_split

    derive_split_loader(p)
    n, frac, bs, drop = p["N"], p["train_frac"], p["batch_size"], p["drop_last"]
    ds = index_dataset(n, device)
    n_train = int(len(ds) * frac)
    n_val = len(ds) - n_train
    with quiet():  # counts that add up to 1 (N=1) are read as fractions and warn on a 0
        ds_train, ds_val = random_split(ds, [n_train, n_val], generator=generator(0))
    chosen = ds_train if p["split"] == "ds_train" else ds_val
    dl = loader(chosen, batch_size=bs, drop_last=drop)
    sizes = batch_sizes(dl)
    answer = len(dl)
    require(answer == len(sizes), "len(dl) disagrees with the batches it yields")
    m = len(chosen)
    _, rule = ceil_floor(m, bs, drop) if m else (0, bi("0", "0"))
    return answer, join([
        bi(f"n_train = int({n} x {frac!r}) = int({shown(n * frac)}) = {n_train}, "
           f"n_val = {n} - {n_train} = {n_val}: {p['split']} holds "
           f"{plural(m, 'sample', 'samples')}.",
           f"n_train = int({n} x {frac!r}) = int({shown(n * frac)}) = {n_train}，"
           f"n_val = {n} - {n_train} = {n_val}：{p['split']} 有 {m} 个样本。"),
        bi(f"The loader batches the split, not the whole dataset: with batch_size={bs} and "
           f"drop_last={drop}, len(dl) = {rule['en']}.",
           f"加载器只对这一份分批，而不是整个数据集：batch_size={bs}、drop_last={drop} 时，"
           f"len(dl) = {rule['zh']}。"),
    ])
