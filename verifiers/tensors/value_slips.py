"""Known slips of the value cards: creation, clamp, spread, norms, indexing (pure Python)."""

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


# ---- norms --------------------------------------------------------------------------------


def _singular_values(m: list[list[float]]) -> list[float]:
    """Singular values of m: square roots of the eigenvalues of m^T m by cyclic Jacobi."""
    cols = len(m[0])
    g = [[sum(row[i] * row[j] for row in m) for j in range(cols)] for i in range(cols)]
    for _ in range(100):
        off = sum(g[i][j] ** 2 for i in range(cols) for j in range(cols) if i != j)
        if off <= 1e-30 * (1 + sum(g[i][i] ** 2 for i in range(cols))):
            break
        for i in range(cols):
            for j in range(i + 1, cols):
                if g[i][j] == 0:
                    continue
                theta = (g[j][j] - g[i][i]) / (2 * g[i][j])
                t = math.copysign(1, theta) / (abs(theta) + math.sqrt(theta * theta + 1))
                c = 1 / math.sqrt(t * t + 1)
                s = t * c
                for k in range(cols):
                    gi, gj = g[k][i], g[k][j]
                    g[k][i], g[k][j] = c * gi - s * gj, s * gi + c * gj
                for k in range(cols):
                    gi, gj = g[i][k], g[j][k]
                    g[i][k], g[j][k] = c * gi - s * gj, s * gi + c * gj
    return sorted((math.sqrt(max(g[i][i], 0.0)) for i in range(cols)), reverse=True)


def _entries(m: list[list[float]]) -> list[float]:
    return [v for row in m for v in row]


def _rectangular(m: Any) -> bool:
    return isinstance(m, list) and bool(m) and all(
        isinstance(r, list) and len(r) == len(m[0]) > 0 for r in m)


def matrix_norm_slips(p: Params) -> list[Slip]:
    m, o = p["matrix"], p["ord"]
    if not _rectangular(m):
        return []
    flat = [abs(v) for v in _entries(m)]
    squares = sum(v * v for v in flat)
    columns = [sum(abs(row[j]) for row in m) for j in range(len(m[0]))]
    rows = [sum(abs(v) for v in row) for row in m]
    if o == 2:
        return [Slip("fro-for-spectral", math.sqrt(squares),
                     "gave the entrywise 2-norm (Frobenius): ord=2 is the largest singular value",
                     "给出的是逐元素 2 范数（Frobenius）：ord=2 是最大奇异值")]
    if o == "nuc":
        return [Slip("entrywise-l1-for-nuclear", sum(flat),
                     "summed |a_ij|: the nuclear norm sums the singular values",
                     "把 |a_ij| 全部相加了：核范数是奇异值之和"),
                Slip("spectral-for-nuclear", _singular_values(m)[0],
                     "took only the largest singular value: nuclear sums all of them",
                     "只取了最大奇异值：核范数是所有奇异值之和")]
    if o == 1:
        return [Slip("row-sum-for-1", max(rows),
                     "took the largest row sum (that is ord=inf): ord=1 is the largest column sum",
                     "取了最大的行和（那是 ord=inf）：ord=1 是最大的列和"),
                Slip("entrywise-l1-for-1", sum(flat),
                     "summed every |a_ij|: ord=1 is the largest column sum",
                     "把所有 |a_ij| 相加了：ord=1 是最大的列和")]
    if o == "inf":
        return [Slip("column-sum-for-inf", max(columns),
                     "took the largest column sum (that is ord=1): ord=inf is the largest row sum",
                     "取了最大的列和（那是 ord=1）：ord=inf 是最大的行和"),
                Slip("max-abs-for-inf", max(flat),
                     "took the largest |a_ij|: ord=inf is the largest row sum",
                     "取了最大的 |a_ij|：ord=inf 是最大的行和")]
    return [Slip("squares-without-root", squares,
                 "forgot the square root", "忘了开平方根"),
            Slip("spectral-for-fro", _singular_values(m)[0],
                 "gave the largest singular value: Frobenius is sqrt(sum a_ij^2)",
                 "给出的是最大奇异值：Frobenius 范数是 sqrt(Σa_ij^2)")]


def norm_entrywise_slips(p: Params) -> list[Slip]:
    m = p["matrix"]
    if not _rectangular(m):
        return []
    sigma = _singular_values(m)
    if p["p"] == 2:
        return [Slip("note-spectral", sigma[0],
                     "took the notes' word that norm(p=2) is the spectral norm: torch.norm "
                     "flattens the matrix (Frobenius); spectral is matrix_norm(ord=2)",
                     "相信了笔记说的 norm(p=2) 是谱范数：torch.norm 把矩阵展平"
                     "（即 Frobenius 范数）；"
                     "谱范数是 matrix_norm(ord=2)")]
    columns = [sum(abs(row[j]) for row in m) for j in range(len(m[0]))]
    return [Slip("note-nuclear", sum(sigma),
                 "took the notes' word that norm(p=1) is the nuclear norm: torch.norm sums "
                 "|a_ij|; nuclear is matrix_norm(ord='nuc')",
                 "相信了笔记说的 norm(p=1) 是核范数：torch.norm 求的是 Σ|a_ij|；"
                 "核范数是 matrix_norm(ord='nuc')"),
            Slip("matrix-1-norm", max(columns),
                 "gave the induced 1-norm (largest column sum): torch.norm with p=1 and no dim "
                 "sums every |a_ij|",
                 "给出的是诱导 1 范数（最大列和）：不指定 dim 时 torch.norm(p=1) "
                 "对所有 |a_ij| 求和")]


def vector_norm_slips(p: Params) -> list[Slip]:
    values, o = p["values"], p["ord"]
    if not values:
        return []
    if o == 2:
        return [Slip("squares-without-root", sum(v * v for v in values),
                     "forgot the square root", "忘了开平方根")]
    if o == 1:
        return [Slip("signed-sum", float(sum(values)),
                     "summed without absolute values: the 1-norm sums |x_i|",
                     "求和时没取绝对值：1 范数是 Σ|x_i|")]
    if o == "inf":
        return [Slip("signed-max", float(max(values)),
                     "took the largest value, not the largest |x_i|",
                     "取了最大值，而不是最大的 |x_i|")]
    if o == "-inf":
        return [Slip("signed-min", float(min(values)),
                     "took the smallest value, not the smallest |x_i|",
                     "取了最小值，而不是最小的 |x_i|")]
    if o == 0:
        return [Slip("zero-norm-counts-all", float(len(values)),
                     "counted every entry: ord=0 counts the non-zero ones",
                     "把所有元素都数了：ord=0 只统计非零元素")]
    return [Slip("powers-without-root", sum(abs(v) ** o for v in values),
                 f"forgot the 1/{o} power", f"忘了开 {o} 次方根")]


# ---- indexing ---------------------------------------------------------------------------------


def index_select_slips(p: Params) -> list[Slip]:
    x, dim, index = p["x"], p["dim"], p["index"]
    if not _rectangular(x):
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
    if not _rectangular(x):
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
    if not (_rectangular(x) and _rectangular(index)):
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
