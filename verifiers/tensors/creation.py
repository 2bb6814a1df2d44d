"""Creation functions: linspace values, arange lengths, torch.Tensor versus torch.tensor."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    decimals,
    default_dtype,
    factor,
    num,
    plural,
    require,
    shape_of,
    value,
)
from quizapp.core.limits import MAX_ELEMENTS

# ---- linspace ------------------------------------------------------------------------------


def _exact_linspace(p: Params) -> Fraction:
    start, end = Fraction(str(p["start"])), Fraction(str(p["end"]))
    if p["steps"] == 1:
        return start
    return start + p["index"] * (end - start) / (p["steps"] - 1)


def sample_linspace(p: Params, rng: random.Random) -> Params:
    p = {**p, "index": rng.randrange(p["steps"])}
    # An interior point whose exact value is 0 comes out of float arithmetic as +-5e-17:
    # keep sampled questions to numbers a learner can type.
    for _ in range(1000):
        interior = 0 < p["index"] < p["steps"] - 1
        if p["start"] != p["end"] and not (interior and _exact_linspace(p) == 0):
            break
        p["start"] = decimals(rng.uniform(-10, 10), 1)
    return p


def linspace_value(p: Params, device: Any) -> Result:
    import torch

    start, end, steps, index = p["start"], p["end"], p["steps"], p["index"]
    count = plural(steps, "element", "elements")
    require(index < steps, f"linspace(..., steps={steps}) has {count}: there is no index {index}")
    x = torch.linspace(start, end, steps, dtype=torch.float64, device=device)
    got = value(x[index])
    note_en = ("The notes write linspace(start, stop, step): the third argument is steps, the "
               "number of points, not a step size")
    note_zh = "笔记写成 linspace(start, stop, step)：第三个参数是 steps，即点的个数，而不是步长"
    if steps == 1:
        return got, bi(f"steps=1 gives the single point [start] = [{num(start)}]. {note_en}",
                       f"steps=1 时只有一个点 [start] = [{num(start)}]。{note_zh}")
    gap = (x[1] - x[0]).item()
    return got, bi(
        f"linspace puts steps={steps} evenly spaced points from {num(start)} to {num(end)}, "
        f"both ends included: spacing ({num(end)} - {factor(start)}) / ({steps} - 1) = {num(gap)}; "
        f"x[{index}] = {num(start)} + {index}*{factor(gap)} = {num(got)}. {note_en}",
        f"linspace 在 {num(start)} 到 {num(end)} 之间（含两端）均匀取 steps={steps} 个点："
        f"间距 ({num(end)} - {factor(start)}) / ({steps} - 1) = {num(gap)}；"
        f"x[{index}] = {num(start)} + {index}*{factor(gap)} = {num(got)}。{note_zh}",
    )


# ---- arange --------------------------------------------------------------------------------


def _exact_length(start: float, end: float, step: float) -> int:
    q = (Fraction(str(end)) - Fraction(str(start))) / Fraction(str(step))
    return max(0, math.ceil(q))


def sample_arange(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    for _ in range(1000):
        start, end, step = p["start"], p["end"], abs(p["step"])
        if end < start:
            step = -step
        # Keep sampled questions to ones where float64 rounding agrees with the decimals shown
        # (1 to 1.3 by 0.1 has 4 elements in float64: a stated edge test, not a quiz).
        if end != start and step and 2 <= _exact_length(start, end, step) <= 40 \
                and math.ceil((end - start) / step) == _exact_length(start, end, step):
            return {**p, "step": step}
        p["start"] = decimals(rng.uniform(-5, 5), 1)
        p["end"] = decimals(rng.uniform(-5, 5), 1)
        p["step"] = decimals(rng.uniform(0.2, 2.5), 1)
    return p


def arange_length(p: Params, device: Any) -> Result:
    import torch

    start, end, step = p["start"], p["end"], p["step"]
    require(step != 0, "arange needs a non-zero step")
    require(start == end or (end > start) == (step > 0),
            f"from {num(start)} to {num(end)} the step must be "
            f"{'positive' if end > start else 'negative'}; step={num(step)} never reaches end "
            f"(torch raises 'upper bound and lower bound inconsistent with step sign')")
    # A guard before allocating (the answer itself is the numel torch gives).
    size = math.ceil((end - start) / step)
    require(size <= MAX_ELEMENTS, f"arange({num(start)}, {num(end)}, {num(step)}) would have "
            f"about {size} elements, beyond the limit of {MAX_ELEMENTS}")
    x = torch.arange(start, end, step, dtype=torch.float64, device=device)
    n = int(x.numel())
    ratio = (end - start) / step
    if n == 0:
        return 0, bi(f"start == end: ceil(0 / {factor(step)}) = 0, an empty tensor",
                     f"start == end：ceil(0 / {factor(step)}) = 0，得到空张量")
    rounded = math.ceil(ratio) != math.ceil(round(ratio, 9))
    shown = repr(ratio) if rounded else num(ratio)
    work = f"ceil(({num(end)} - {factor(start)}) / {factor(step)}) = ceil({shown}) = {n}"
    head = f"length = ceil((end - start) / step) = {work}"
    head_zh = f"长度 = ceil((end - start) / step) = {work}"
    if rounded:
        last = repr(x[-1].item())
        return n, bi(
            f"{head}. In float64 the quotient is {shown}, a hair above {round(ratio)}, so ceil "
            f"adds a point: the last value, {num(start)} + {n - 1}*{factor(step)}, comes out as "
            f"{last}, although on paper it equals end and would be excluded",
            f"{head_zh}。在 float64 中这个商是 {shown}，比 {round(ratio)} 略大，所以 ceil 多出"
            f"一个点：最后一个值 {num(start)} + {n - 1}*{factor(step)} 算出来是 {last}，"
            f"尽管按精确的小数它等于 end、本应被排除")
    en = (f"{head}: the values run {num(start)}, ..., {num(x[-1])}, and end={num(end)} itself is "
          f"excluded (the deprecated torch.range included it)")
    zh = (f"{head_zh}：取值为 {num(start)}, ..., {num(x[-1])}，不包含 end={num(end)} 本身"
          f"（已弃用的 torch.range 才包含终点）")
    return n, bi(en, zh)


# ---- torch.Tensor versus torch.tensor ----------------------------------------------------


def _constructors() -> dict[str, Callable[[], Any]]:
    import numpy as np
    import torch

    return {
        "torch.Tensor([1, 2])": lambda: torch.Tensor([1, 2]),
        "torch.tensor([1, 2])": lambda: torch.tensor([1, 2]),
        "torch.Tensor([1.5, 2.5])": lambda: torch.Tensor([1.5, 2.5]),
        "torch.tensor([1, 2.5])": lambda: torch.tensor([1, 2.5]),
        "torch.Tensor([True, False])": lambda: torch.Tensor([True, False]),
        "torch.tensor([True, False])": lambda: torch.tensor([True, False]),
        "torch.Tensor(np.array([1.0, 2.0]))": lambda: torch.Tensor(np.array([1.0, 2.0])),
        "torch.tensor(np.array([1.0, 2.0]))": lambda: torch.tensor(np.array([1.0, 2.0])),
        "torch.Tensor(np.array([1, 2]))": lambda: torch.Tensor(np.array([1, 2])),
        "torch.tensor(np.array([1, 2], dtype=np.int32))":
            lambda: torch.tensor(np.array([1, 2], dtype=np.int32)),
        "torch.Tensor(np.array([1, 2], dtype=np.int32))":
            lambda: torch.Tensor(np.array([1, 2], dtype=np.int32)),
        "torch.Tensor(2, 3)": lambda: torch.Tensor(2, 3),
    }


def constructor_dtype(p: Params, device: Any) -> Result:
    import torch

    with default_dtype(torch.float32):
        dtype = _constructors()[p["expr"]]().dtype
    if p["expr"].startswith("torch.Tensor("):
        return str(dtype), bi(
            f"{p['expr']} -> {dtype}: torch.Tensor(...) always makes the default float dtype "
            f"(float32), whatever the data. The notes say torch.Tensor keeps the data's dtype; "
            f"that is what torch.tensor does",
            f"{p['expr']} -> {dtype}：torch.Tensor(...) 不管数据是什么，总是生成默认浮点数据类型"
            f"（float32）。笔记说 torch.Tensor 保留数据原来的数据类型；那是 torch.tensor 的行为")
    return str(dtype), bi(
        f"{p['expr']} -> {dtype}: torch.tensor infers the dtype from the data (Python ints -> "
        f"int64, Python floats -> the default float32, bools -> bool, a NumPy array keeps its "
        f"dtype)",
        f"{p['expr']} -> {dtype}：torch.tensor 根据数据推断数据类型（Python 整数 -> int64，"
        f"Python 浮点数 -> 默认的 float32，布尔值 -> bool，NumPy 数组保留其数据类型）")


def _shapes() -> dict[str, Callable[[], Any]]:
    import torch

    return {
        "torch.Tensor(5, 3)": lambda: torch.Tensor(5, 3),
        "torch.Tensor([5, 3])": lambda: torch.Tensor([5, 3]),
        "torch.tensor([5, 3])": lambda: torch.tensor([5, 3]),
        "torch.Tensor(5)": lambda: torch.Tensor(5),
        "torch.Tensor([5])": lambda: torch.Tensor([5]),
        "torch.tensor(5)": lambda: torch.tensor(5),
        "torch.tensor([[5, 3]])": lambda: torch.tensor([[5, 3]]),
        "torch.Tensor(2, 1, 3)": lambda: torch.Tensor(2, 1, 3),
        "torch.zeros(5, 3)": lambda: torch.zeros(5, 3),
        "torch.zeros([5, 3])": lambda: torch.zeros([5, 3]),
        "torch.Tensor()": lambda: torch.Tensor(),
    }


def constructor_shape(p: Params, device: Any) -> Result:
    shape = shape_of(_shapes()[p["expr"]]())
    expr = p["expr"]
    if expr.startswith("torch.Tensor(") and "[" not in expr and expr != "torch.Tensor()":
        return shape, bi(
            f"{expr}: integers given to torch.Tensor are sizes -> {shape}; the memory is "
            f"uninitialised (like torch.empty), not zeros as the notes say",
            f"{expr}：传给 torch.Tensor 的整数是各维大小 -> {shape}；内存未初始化"
            f"（与 torch.empty 相同），并不像笔记说的那样全是 0")
    if expr.startswith("torch.zeros("):
        return shape, bi(f"{expr}: sizes, as separate ints or one list -> {shape}",
                         f"{expr}：各维大小可以分开写，也可以写成一个列表 -> {shape}")
    if expr == "torch.Tensor()":
        return shape, bi(f"{expr}: no data and no sizes gives an empty tensor -> {shape}",
                         f"{expr}：既没有数据也没有大小，得到空张量 -> {shape}")
    return shape, bi(f"{expr}: a list (or a plain number for torch.tensor) is data, so the shape "
                     f"is the nesting of the data -> {shape}",
                     f"{expr}：列表（对 torch.tensor 而言也包括单个数）是数据，形状就是数据的"
                     f"嵌套结构 -> {shape}")
