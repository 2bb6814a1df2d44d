"""Known slips of the norm cards (pure Python, no torch): matrix norms from singular values
computed by hand, entrywise and vector norms with one named mistake each."""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip

from .value_slips import rectangular


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


def matrix_norm_slips(p: Params) -> list[Slip]:
    m, o = p["matrix"], p["ord"]
    if not rectangular(m):
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
    if not rectangular(m):
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
