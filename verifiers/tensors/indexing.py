"""Indexing: index_select, masked_select (with a broadcast mask) and gather."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Invalid, Params, Result, as_list, bi, f64, require

from .grids import check_matrix, rectangular, show

# ---- index_select ------------------------------------------------------------------------------


def sample_index_select(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    rectangular(p, "x", rng, list(range(10)))
    cols = len(p["x"][0])
    size = len(p["x"]) if p["dim"] == 0 else cols
    p["index"] = [rng.randrange(size) for _ in p["index"]]
    return p


def index_select(p: Params, device: Any) -> Result:
    import torch

    rows, cols = check_matrix(p["x"], "x")
    dim, index = p["dim"], p["index"]
    size = rows if dim == 0 else cols
    require(len(index) > 0, "index must not be empty")
    require(all(0 <= i < size for i in index),
            f"dim {dim} of x has size {size}: every index must be in 0..{size - 1}")
    idx = torch.tensor(index, dtype=torch.int64, device=device)
    out = as_list(torch.index_select(f64(p["x"], device), dim, idx))
    what, what_zh = ("rows", "行") if dim == 0 else ("columns", "列")
    return out, bi(
        f"index_select along dim {dim} takes whole {what} {show(index)} of x, in that order "
        f"(repeats allowed): {show(out)}",
        f"index_select 沿第 {dim} 维按顺序取出 x 的第 {show(index)} {what_zh}"
        f"（可以重复）：{show(out)}")


# ---- masked_select --------------------------------------------------------------------------


def sample_masked(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    rectangular(p, "x", rng, list(range(10)))
    cols = len(p["x"][0])
    rows = len(p["x"])
    while True:
        kind = rng.choice(["same", "row", "column"])
        if kind == "same":
            mask: Any = [[rng.random() < 0.5 for _ in range(cols)] for _ in range(rows)]
        elif kind == "row":
            mask = [rng.random() < 0.5 for _ in range(cols)]
        else:
            mask = [[rng.random() < 0.5] for _ in range(rows)]
        if any(v for v in _flat(mask)) and not all(_flat(mask)):
            return {**p, "mask": mask}


def _flat(m: Any) -> list[Any]:
    return [v for item in m for v in _flat(item)] if isinstance(m, list) else [m]


def masked_select(p: Params, device: Any) -> Result:
    import torch

    rows, cols = check_matrix(p["x"], "x")
    mask = p["mask"]
    require(isinstance(mask, list) and all(isinstance(v, bool) for v in _flat(mask)),
            "mask must be a (nested) list of True/False")
    x = f64(p["x"], device)
    m = torch.tensor(mask, dtype=torch.bool, device=device)
    try:
        out = as_list(torch.masked_select(x, m))
    except RuntimeError:
        raise Invalid(f"a mask of shape {tuple(m.shape)} does not broadcast to x's shape "
                      f"{(rows, cols)}") from None
    full = m.expand(rows, cols).tolist()
    shape = tuple(m.shape)
    if shape == (rows, cols):
        how, how_zh = f"the mask has x's shape {shape}", f"掩码与 x 形状相同，都是 {shape}"
    else:
        how = f"the mask of shape {shape} broadcasts to {(rows, cols)}: {show(full)}"
        how_zh = f"形状为 {shape} 的掩码广播到 {(rows, cols)}：{show(full)}"
    return out, bi(
        f"{how}; masked_select "
        f"returns the elements where it is True, in row-major order, as a 1-D tensor: "
        f"{show(out)}. The notes say the mask must have the same shape as the input; it only "
        f"has to be broadcastable",
        f"{how_zh}；masked_select 按行优先顺序"
        f"取出掩码为 True 的元素，返回一维张量：{show(out)}。笔记说掩码必须与输入形状相同；"
        f"其实只要能广播即可")


# ---- gather --------------------------------------------------------------------------------------


def sample_gather(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    rectangular(p, "x", rng, list(range(10)))
    cols = len(p["x"][0])
    rows = len(p["x"])
    if p["dim"] == 1:
        k = rng.randint(1, cols)
        p["index"] = [[rng.randrange(cols) for _ in range(k)] for _ in range(rows)]
    else:
        k = rng.randint(1, rows)
        p["index"] = [[rng.randrange(rows) for _ in range(cols)] for _ in range(k)]
    return p


def gather(p: Params, device: Any) -> Result:
    import torch

    rows, cols = check_matrix(p["x"], "x")
    n, k = check_matrix(p["index"], "index")
    dim = p["dim"]
    size = rows if dim == 0 else cols
    require(all(isinstance(i, int) and 0 <= i < size for row in p["index"] for i in row),
            f"dim {dim} of x has size {size}: every index must be in 0..{size - 1}")
    other, limit = (k, cols) if dim == 0 else (n, rows)
    require(other <= limit, f"gather needs index no larger than x outside dim {dim}: index is "
            f"{(n, k)}, x is {(rows, cols)}")
    idx = torch.tensor(p["index"], dtype=torch.int64, device=device)
    out = as_list(torch.gather(f64(p["x"], device), dim, idx))
    if dim == 0:
        rule = "out[i][j] = x[index[i][j]][j]"
        first = f"x[{p['index'][0][0]}][0]"
    else:
        rule = "out[i][j] = x[i][index[i][j]]"
        first = f"x[0][{p['index'][0][0]}]"
    return out, bi(
        f"gather along dim {dim}: {rule}, so out has index's shape {(n, k)}; e.g. out[0][0] = "
        f"{first} = {show(out[0][0])} -> {show(out)}",
        f"沿第 {dim} 维 gather：{rule}，所以输出的形状与 index 相同，为 {(n, k)}；例如 "
        f"out[0][0] = {first} = {show(out[0][0])} -> {show(out)}")
