"""Known slips of the value cards: creation, clamp, spread, argmax and mm, indexing (pure
Python; the norms' are in norm_slips)."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Params, Slip, finite

# ---- creation ----------------------------------------------------------------------------------


def linspace_value_slips(p: Params) -> list[Slip]:
    start, end, steps, index = p["start"], p["end"], p["steps"], p["index"]
    if steps < 1 or index >= steps:
        return []
    return [Slip("note-steps-as-step", start + index * steps,
                 "read the third argument as a step size, as the notes' linspace(start, stop, "
                 "step) suggests: it is steps, the number of points",
                 "按笔记 linspace(start, stop, step) 的写法把第三个参数当成了步长：它是 steps，"
                 "即点的个数"),
            Slip("spacing-over-steps", start + index * (end - start) / steps,
                 "divided by steps: with both ends included the spacing is "
                 "(end - start) / (steps - 1)",
                 "除以了 steps：两端都包含时间距是 (end - start) / (steps - 1)")]


def arange_length_slips(p: Params) -> list[Slip]:
    start, end, step = p["start"], p["end"], p["step"]
    if step == 0 or (end - start) * step < 0:
        return []
    q = (end - start) / step
    return [Slip("missing-ceil", math.floor(q),
                 "rounded down: the length is ceil((end - start) / step)",
                 "向下取整了：长度是 ceil((end - start) / step)"),
            Slip("end-included", math.floor(q) + 1,
                 "counted end as included, like the deprecated torch.range: arange stops "
                 "before end", "把终点也算进去了（像已弃用的 torch.range）：arange 不包含 end")]


# ---- clamp ---------------------------------------------------------------------------------


def clamp_values_slips(p: Params) -> list[Slip]:
    values, lo, hi = p["values"], p["min"], p["max"]
    if lo is None and hi is None:
        return []
    if lo is None:
        return [Slip("max-read-as-floor", [max(v, hi) for v in values],
                     "used max= as a floor: max is the upper bound, values above it are cut",
                     "把 max= 当成了下限：max 是上限，大于它的值被截断")]
    if hi is None:
        return [Slip("min-read-as-cap", [min(v, lo) for v in values],
                     "used min= as a cap: min is the lower bound, values below it are raised",
                     "把 min= 当成了上限：min 是下限，小于它的值被提升")]
    found = [Slip("note-caps-at-min",
                  [lo if v > lo else hi if v < hi else v for v in values],
                  "read clamp(x, m, n) the notes' way, capping at m and flooring at n: the first "
                  "bound is min (the floor), the second max (the cap)",
                  "按笔记的说法把 clamp(x, m, n) 理解成以 m 为上限、以 n 为下限：第一个是下限 min，"
                  "第二个是上限 max")]
    if lo > hi:
        found += [Slip("min-wins", [lo for _ in values],
                       "let min win when min > max: torch applies max last, so every element "
                       "becomes max", "以为 min > max 时 min 优先：torch 最后应用 max，所以每个元素"
                       "都变成 max")]
    return found


# ---- std and var -----------------------------------------------------------------------------


def _squares(values: list[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values)


def _swapped(values: list[float], c: int, root: bool) -> list[Slip]:
    n, s = len(values), _squares(values)
    f = math.sqrt if root else float
    if c == 1:
        return [Slip("population-for-sample", f(s / n),
                     "divided by n: correction=1 divides by n - 1 (the sample estimate)",
                     "除以了 n：correction=1 时除以 n - 1（样本估计）")]
    if c == 0 and n > 1:
        return [Slip("sample-for-population", f(s / (n - 1)),
                     "divided by n - 1: correction=0 divides by n (the population value)",
                     "除以了 n - 1：correction=0 时除以 n（总体）")]
    return []


def std_value_slips(p: Params) -> list[Slip]:
    values, c = p["values"], p["correction"]
    if len(values) - c < 1:
        return []
    var = _squares(values) / (len(values) - c)
    return finite([*_swapped(values, c, root=True),
                   Slip("variance-for-std", var, "gave the variance: std is its square root",
                        "给出的是方差：标准差是它的平方根")])


def var_value_slips(p: Params) -> list[Slip]:
    values, c = p["values"], p["correction"]
    if len(values) - c < 1:
        return []
    var = _squares(values) / (len(values) - c)
    return finite([*_swapped(values, c, root=False),
                   Slip("std-for-variance", math.sqrt(var),
                        "gave the standard deviation: the variance is its square",
                        "给出的是标准差：方差是它的平方")])


# ---- argmax, mm ------------------------------------------------------------------------------


def _lines(x: list[list[Any]], dim: int) -> list[list[Any]]:
    return [list(c) for c in zip(*x, strict=True)] if dim == 0 else [list(r) for r in x]


def argmax_dim_slips(p: Params) -> list[Slip]:
    x, dim = p["x"], p["dim"]
    lines = _lines(x, dim)
    return [Slip("values-for-indices", [max(line) for line in lines],
                 "gave the maxima: argmax returns their indices",
                 "给出的是最大值本身：argmax 返回的是它们的下标"),
            Slip("argmax-other-dim", [line.index(max(line)) for line in _lines(x, 1 - dim)],
                 "reduced along the other dim: dim=0 gives one index per column, dim=1 one per "
                 "row", "沿另一个维度归约了：dim=0 每列得到一个下标，dim=1 每行得到一个下标"),
            Slip("last-tie", [len(line) - 1 - line[::-1].index(max(line)) for line in lines],
                 "took the last of tied maxima: argmax returns the first",
                 "在并列的最大值中取了最后一个：argmax 返回第一个")]


def mm_value_slips(p: Params) -> list[Slip]:
    a, b = p["a"], p["b"]
    found = []
    if len(a) == len(b) and len(a[0]) == len(b[0]):
        found.append(Slip("elementwise-for-mm",
                          [[u * v for u, v in zip(ra, rb, strict=True)]
                           for ra, rb in zip(a, b, strict=True)],
                          "multiplied element by element (that is a * b): mm is the matrix "
                          "product", "逐元素相乘了（那是 a * b）：mm 是矩阵乘法"))
    if len(b[0]) == len(a):
        found.append(Slip("mm-order-swapped",
                          [[sum(rb[t] * a[t][j] for t in range(len(a))) for j in range(len(a[0]))]
                           for rb in b],
                          "multiplied in the other order, b @ a: matrix products do not commute",
                          "乘的顺序反了，算成了 b @ a：矩阵乘法不满足交换律"))
    return found


def rectangular(m: Any) -> bool:
    """A non-empty list of equal-length, non-empty lists (an overridden param may not be)."""
    return isinstance(m, list) and bool(m) and all(
        isinstance(r, list) and len(r) == len(m[0]) > 0 for r in m)


# ---- indexing ---------------------------------------------------------------------------------


def index_select_slips(p: Params) -> list[Slip]:
    x, dim, index = p["x"], p["dim"], p["index"]
    if not rectangular(x):
        return []
    other = len(x[0]) if dim == 0 else len(x)
    if not all(0 <= i < other for i in index):
        return []
    picked = [[row[i] for i in index] for row in x] if dim == 0 else [list(x[i]) for i in index]
    return [Slip("index-select-other-dim", picked,
                 "selected along the other dim: dim=0 picks rows, dim=1 picks columns",
                 "沿另一个维度选取了：dim=0 选行，dim=1 选列")]


def _full_mask(mask: Any, rows: int, cols: int) -> list[list[bool]] | None:
    if mask and not isinstance(mask[0], list):
        mask = [mask]
    if not (len(mask) in (1, rows) and all(len(r) in (1, cols) for r in mask)):
        return None
    return [[(mask[i if len(mask) > 1 else 0])[j if len(mask[0]) > 1 else 0]
             for j in range(cols)] for i in range(rows)]


def masked_select_slips(p: Params) -> list[Slip]:
    x = p["x"]
    if not rectangular(x):
        return []
    full = _full_mask(p["mask"], len(x), len(x[0]))
    if full is None:
        return []
    return [Slip("masked-zeroed", [[v if keep else 0 for v, keep in zip(row, mrow, strict=True)]
                                   for row, mrow in zip(x, full, strict=True)],
                 "zeroed the unselected elements and kept the shape (that is x * mask): "
                 "masked_select returns the selected elements as a 1-D tensor",
                 "把未选中的元素置 0 并保持形状（那是 x * mask）：masked_select 返回被选中元素"
                 "组成的一维张量"),
            Slip("column-major-order",
                 [x[i][j] for j in range(len(x[0])) for i in range(len(x)) if full[i][j]],
                 "read the selected elements column by column: masked_select goes in row-major "
                 "order", "按列的顺序读取了选中的元素：masked_select 按行优先顺序")]


def gather_slips(p: Params) -> list[Slip]:
    x, dim, index = p["x"], p["dim"], p["index"]
    if not (rectangular(x) and rectangular(index)):
        return []
    rows, cols = len(x), len(x[0])
    try:
        if dim == 0:  # the dim=1 rule: x[i][index[i][j]]
            wrong = [[x[i][k] for k in row] for i, row in enumerate(index)
                     if all(0 <= k < cols for k in row)]
        else:  # the dim=0 rule: x[index[i][j]][j]
            wrong = [[x[k][j] for j, k in enumerate(row)] for row in index
                     if all(0 <= k < rows for k in row)]
    except IndexError:
        return []
    if len(wrong) != len(index):
        return []
    return [Slip("gather-other-rule", wrong,
                 "used the rule of the other dim: dim=0 reads x[index[i][j]][j], dim=1 reads "
                 "x[i][index[i][j]]",
                 "用了另一个维度的规则：dim=0 读取 x[index[i][j]][j]，"
                 "dim=1 读取 x[i][index[i][j]]")]
