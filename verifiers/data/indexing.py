"""TensorDataset: what ds[i] and ds[a:b] hold (each tensor indexed along its first
dimension, in a tuple)."""

from __future__ import annotations

import math
import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, plural, require, shape_of, zeros

from .collating import size_text
from .loaders import fits


def picked(n: int, p: Params) -> range:
    """The sample positions ds[start:stop] takes (Python slicing: clamped, maybe empty)."""
    return range(n)[p["start"]:p["stop"]]


def sample_index(p: Params, rng: random.Random) -> Params:
    """An index inside the dataset; a slice that sometimes runs past the end."""
    n = p["x_shape"][0]
    start = rng.randrange(n)
    if p["kind"] == "item" and rng.random() < 0.3:
        start -= n  # ds[-1] is the last sample
    stop = rng.randint(start + 1, n + (3 if rng.random() < 0.25 else 0)) \
        if p["kind"] == "slice" else p["stop"]
    return {**p, "start": start, "stop": max(stop, 1)}


def derive_index(p: Params) -> Params:
    shape, start = p["x_shape"], p["start"]
    require(len(shape) >= 1 and all(d >= 1 for d in shape), "every size of X must be at least 1")
    fits(math.prod(shape), "X")
    n = shape[0]
    if p["kind"] == "item":
        require(-n <= start < n, f"index {start} is out of range for {n} samples "
                f"(valid: {-n} to {n - 1})")
        index = str(start)
    else:
        index = f"{start}:{p['stop']}"
    return {**p, "N": n, "x_text": size_text(shape), "index_text": index}


def tensordataset_index_shape(p: Params, device: Any) -> Result:
    from torch.utils.data import TensorDataset

    p = derive_index(p)
    shape, n = p["x_shape"], p["N"]
    ds = TensorDataset(zeros(shape, device), zeros([n], device))
    item = ds[p["start"]] if p["kind"] == "item" else ds[p["start"]:p["stop"]]
    got = list(shape_of(item[p["field"]]))
    name = "X" if p["field"] == 0 else "y"
    full = shape if p["field"] == 0 else [n]
    rule = bi("TensorDataset(X, y) returns, for an index, the tuple (X[index], y[index]): every "
              "tensor is indexed along its first dimension, the sample dimension.",
              "TensorDataset(X, y) 对一个索引返回元组 (X[index], y[index])：每个张量都沿第 0 维"
              "（样本维）索引。")
    if p["kind"] == "item":
        step = bi(f"An integer index removes that dimension: {name}[{p['start']}] has shape "
                  f"{tuple(full)}[1:] = {tuple(got)}.",
                  f"整数索引会去掉这一维：{name}[{p['start']}] 的形状是 {tuple(full)}[1:] = "
                  f"{tuple(got)}。")
    else:
        taken = picked(n, p)
        where = (f"positions {taken.start} to {taken.stop - 1}" if len(taken)
                 else "no position")
        where_zh = (f"第 {taken.start} 到第 {taken.stop - 1} 个位置" if len(taken)
                    else "一个位置也没有")
        step = bi(f"A slice keeps the dimension; {p['index_text']} over "
                  f"{plural(n, 'sample', 'samples')} takes {where} (the stop is excluded and "
                  f"clamped to {n}): {plural(len(taken), 'sample', 'samples')}, "
                  f"shape {tuple(got)}.",
                  f"切片保留这一维；在 {n} 个样本上取 {p['index_text']} 得到{where_zh}"
                  f"（不含终点，且终点截断到 {n}）：{len(taken)} 个样本，形状为 {tuple(got)}。")
    return got, join([rule, step])


def check_tensordataset_sizes(p: Params, device: Any) -> Result:
    from torch.utils.data import TensorDataset

    ds = TensorDataset(zeros([6, 3], device), zeros([6], device))
    item = ds[2]
    try:
        TensorDataset(zeros([6, 3], device), zeros([5], device))
        error = ""
    except AssertionError as exc:
        error = str(exc)
    ok = (isinstance(item, tuple) and len(item) == 2 and shape_of(item[0]) == (3,)
          and shape_of(item[1]) == () and len(ds) == 6 and bool(error))
    return ok, bi(
        f"TensorDataset(X of (6, 3), y of (6,)): len(ds) = {len(ds)}, ds[2] is a tuple of shapes "
        f"{shape_of(item[0])} and {shape_of(item[1])}; X of 6 rows with y of 5 raised "
        f"AssertionError ({error}).",
        f"TensorDataset(X 形状 (6, 3)，y 形状 (6,))：len(ds) = {len(ds)}，ds[2] 是形状为 "
        f"{shape_of(item[0])} 和 {shape_of(item[1])} 的元组；X 有 6 行而 y 只有 5 个时抛出 "
        f"AssertionError（{error}）。")
