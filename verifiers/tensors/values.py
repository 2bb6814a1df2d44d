"""Element values: clamp, std/var with a correction, argmax along a dim, torch.mm."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, as_list, bi, decimals, f64, num, require, vec

from .grids import check_matrix, column, rectangular, show

# ---- clamp -----------------------------------------------------------------------------------


def _clamped(v: float, lo: float | None, hi: float | None) -> bool:
    return (lo is not None and v < lo) or (hi is not None and v > hi)


def sample_clamp(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    while p["min"] is None and p["max"] is None:
        p["max"] = rng.choice([0.5, 1.0, 1.5, 2.0, 3.0])
    # A typical question clamps some values and lets others through.
    for _ in range(1000):
        moved = [_clamped(v, p["min"], p["max"]) for v in p["values"]]
        if any(moved) and not all(moved):
            break
        p["values"] = [decimals(rng.uniform(-5, 5), 1) for _ in p["values"]]
    return p


def derive_clamp(p: Params) -> Params:
    """The call as shown: positional bounds when both are given, else the one keyword."""
    lo, hi = p["min"], p["max"]
    require(lo is not None or hi is not None,
            "torch.clamp needs min or max (or both); with both None there is nothing to clamp to")
    if lo is None:
        call = f"torch.clamp(x, max={hi!r})"
    elif hi is None:
        call = f"torch.clamp(x, min={lo!r})"
    else:
        call = f"torch.clamp(x, {lo!r}, {hi!r})"
    return {**p, "call": call}


def clamp_values(p: Params, device: Any) -> Result:
    import torch

    lo, hi = p["min"], p["max"]
    require(lo is not None or hi is not None,
            "torch.clamp needs min or max (or both); with both None there is nothing to clamp to")
    out = as_list(torch.clamp(f64(p["values"], device), min=lo, max=hi))
    note_en = ("The notes say clamp(x, m, n) caps at m and floors at n; the first bound is min "
               "(the floor) and the second is max (the cap)")
    note_zh = ("笔记说 clamp(x, m, n) 以 m 为上限、以 n 为下限；"
               "其实第一个是下限 min，第二个是上限 max")
    if lo is None or hi is None:
        side, side_zh = (f"values above {num(hi)} become {num(hi)}",
                         f"大于 {num(hi)} 的值变为 {num(hi)}") if lo is None else (
                         f"values below {num(lo)} become {num(lo)}",
                         f"小于 {num(lo)} 的值变为 {num(lo)}")
        return out, bi(f"only one bound: {side}, the rest stay: {vec(p['values'])} -> {vec(out)}",
                       f"只有一个界：{side_zh}，其余不变：{vec(p['values'])} -> {vec(out)}")
    rule = "clamp(x, min, max) = min(max(x, min), max)"
    if lo > hi:
        return out, bi(
            f"{rule}; with min={num(lo)} > max={num(hi)}, max(x, min) >= {num(lo)} > {num(hi)}, "
            f"so every element becomes max = {num(hi)}: {vec(out)}. {note_en}",
            f"{rule}；min={num(lo)} > max={num(hi)} 时 max(x, min) >= {num(lo)} > {num(hi)}，"
            f"所以每个元素都变成 max = {num(hi)}：{vec(out)}。{note_zh}")
    return out, bi(
        f"{rule}: values below {num(lo)} become {num(lo)}, values above {num(hi)} become "
        f"{num(hi)}: {vec(p['values'])} -> {vec(out)}. {note_en}",
        f"{rule}：小于 {num(lo)} 的值变为 {num(lo)}，大于 {num(hi)} 的值变为 {num(hi)}："
        f"{vec(p['values'])} -> {vec(out)}。{note_zh}")


# ---- std and var -------------------------------------------------------------------------------


def sample_spread(p: Params, rng: random.Random) -> Params:
    values = list(p["values"])
    while len(set(values)) < 2:  # all equal: a spread of 0 (stated as an edge test)
        values = [decimals(rng.uniform(-5, 5), 1) for _ in values]
    return {**p, "values": values}


def _spread(p: Params, device: Any, what: str) -> Result:
    import torch

    values, c = p["values"], p["correction"]
    n = len(values)
    require(n - c >= 1, f"{n} value{'s' if n != 1 else ''} with correction={c}: the divisor "
            f"n - correction = {n - c} is not positive (torch returns nan)")
    x = f64(values, device)
    var = torch.var(x, correction=c).item()
    got = torch.std(x, correction=c).item() if what == "std" else var
    mean = x.mean().item()
    squares = ((x - mean) ** 2).sum().item()
    kind = "sample (Bessel's correction)" if c == 1 else "population"
    kind_zh = "样本（贝塞尔校正）" if c == 1 else "总体"
    head = (f"mean = {num(mean)}; sum of squared deviations = {num(squares)}; "
            f"var = {num(squares)} / (n - correction) = {num(squares)} / ({n} - {c}) = {num(var)}")
    head_zh = (f"均值 = {num(mean)}；离差平方和 = {num(squares)}；"
               f"方差 = {num(squares)} / (n - correction) = {num(squares)} / ({n} - {c}) = "
               f"{num(var)}")
    if what == "std":
        return got, bi(f"{head}; std = sqrt(var) = {num(got)} ({kind} std, correction={c})",
                       f"{head_zh}；标准差 = sqrt(方差) = {num(got)}"
                       f"（{kind_zh}标准差，correction={c}）")
    return got, bi(f"{head} ({kind} variance, correction={c})",
                   f"{head_zh}（{kind_zh}方差，correction={c}）")


def std_value(p: Params, device: Any) -> Result:
    return _spread(p, device, "std")


def var_value(p: Params, device: Any) -> Result:
    return _spread(p, device, "var")


# ---- argmax along a dim --------------------------------------------------------------------------


def sample_grid(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    rectangular(p, "x", rng, list(range(0, 6)))
    return p


def argmax_dim(p: Params, device: Any) -> Result:
    import torch

    _rows, cols = check_matrix(p["x"], "x")
    dim = p["dim"]
    out = as_list(torch.argmax(f64(p["x"], device), dim=dim))
    lines = [column(p["x"], j) for j in range(cols)] if dim == 0 else p["x"]
    pairs = [f"{show(line)} -> {int(i)}" for line, i in zip(lines, out, strict=True)]
    picks, picks_zh = "; ".join(pairs), "；".join(pairs)
    what, what_zh = ("down each column", "沿每一列向下") if dim == 0 else (
        "along each row", "沿每一行")
    return out, bi(
        f"dim={dim} reduces {what}, giving one index per {'column' if dim == 0 else 'row'} "
        f"(ties go to the first maximum): {picks} -> {show(out)}. torch.max(x, dim={dim}) "
        f"returns these as .indices, with the maxima as .values",
        f"dim={dim} 表示{what_zh}归约，每{'列' if dim == 0 else '行'}得到一个下标"
        f"（并列时取第一个最大值）：{picks_zh} -> {show(out)}。torch.max(x, dim={dim}) "
        f"把它们作为 .indices 返回，最大值本身作为 .values")


# ---- torch.mm ----------------------------------------------------------------------------------


def sample_mm(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    pool = list(range(-3, 4))
    rectangular(p, "a", rng, pool)
    k = len(p["a"][0])
    p["b"] = [[rng.choice(pool) for _ in p["b"][0]] for _ in range(k)]
    rectangular(p, "b", rng, pool)
    return p


def mm_value(p: Params, device: Any) -> Result:
    import torch

    n, k = check_matrix(p["a"], "a")
    k2, m = check_matrix(p["b"], "b")
    require(k == k2, f"torch.mm needs a (n, k) and b (k, m): a has {k} columns, b has {k2} rows")
    out = as_list(torch.mm(f64(p["a"], device), f64(p["b"], device)))
    first = " + ".join(f"{show(p['a'][0][t])}*{show(p['b'][t][0])}" for t in range(k))
    return out, bi(
        f"torch.mm is the matrix product, ({n}, {k}) @ ({k}, {m}) -> ({n}, {m}): entry [i][j] is "
        f"row i of a times column j of b, e.g. [0][0] = {first} = {show(out[0][0])} -> "
        f"{show(out)}. The notes call mm the cross product (叉乘); the cross product of "
        f"3-vectors is torch.linalg.cross",
        f"torch.mm 是矩阵乘法，({n}, {k}) @ ({k}, {m}) -> ({n}, {m})：第 [i][j] 个元素是 a 的"
        f"第 i 行与 b 的第 j 列对应相乘再求和，例如 [0][0] = {first} = {show(out[0][0])} -> "
        f"{show(out)}。笔记把 mm 称为叉乘；三维向量的叉乘是 torch.linalg.cross")
