"""Norms: torch.linalg.vector_norm, torch.linalg.matrix_norm and the entrywise torch.norm."""

from __future__ import annotations

import math
import random
from typing import Any

from quizapp.authoring import Params, Result, bi, f64, num, require, vec

from .grids import check_matrix, rectangular, show

ORD_CODE = {"inf": "float('inf')", "-inf": "-float('inf')", "fro": "'fro'", "nuc": "'nuc'"}


def _ord(raw: Any) -> Any:
    """A YAML ord (1, 2, 'inf', 'fro') as torch takes it."""
    return {"inf": math.inf, "-inf": -math.inf}.get(raw, raw) if isinstance(raw, str) else raw


def derive_vector_norm(p: Params) -> Params:
    return {**p, "call": f"torch.linalg.vector_norm(x, ord={ORD_CODE.get(p['ord'], p['ord'])})"}


def derive_matrix_norm(p: Params) -> Params:
    return {**p, "call": f"torch.linalg.matrix_norm(A, ord={ORD_CODE.get(p['ord'], p['ord'])})"}


def sample_vector(p: Params, rng: random.Random) -> Params:
    values = list(p["values"])
    if p["ord"] == 0:  # a zero to skip, so ord=0 is more than the length
        values[rng.randrange(len(values))] = 0.0
    while not any(values):
        values = [float(rng.randint(-4, 4)) for _ in values]
    return {**p, "values": values}


def vector_norm(p: Params, device: Any) -> Result:
    import torch

    values, o = p["values"], _ord(p["ord"])
    require(len(values) > 0, "values must not be empty")
    got = torch.linalg.vector_norm(f64(values, device), ord=o).item()
    absolute = vec([abs(v) for v in values])
    if o == 0:
        return got, bi(f"ord=0 counts the non-zero entries of {vec(values)}: {num(got)}",
                       f"ord=0 统计 {vec(values)} 中非零元素的个数：{num(got)}")
    if o == math.inf:
        return got, bi(f"ord=inf is the largest |x_i|: max{absolute} = {num(got)}",
                       f"ord=inf 取最大的 |x_i|：max{absolute} = {num(got)}")
    if o == -math.inf:
        return got, bi(f"ord=-inf is the smallest |x_i|: min{absolute} = {num(got)}",
                       f"ord=-inf 取最小的 |x_i|：min{absolute} = {num(got)}")
    powers = " + ".join(f"{num(abs(v))}^{num(o)}" for v in values)
    total = sum(abs(v) ** o for v in values)
    return got, bi(f"the {num(o)}-norm: (sum |x_i|^{num(o)})^(1/{num(o)}) = "
                   f"({powers})^(1/{num(o)}) = {num(total)}^(1/{num(o)}) = {num(got)}",
                   f"{num(o)} 范数：(Σ|x_i|^{num(o)})^(1/{num(o)}) = "
                   f"({powers})^(1/{num(o)}) = {num(total)}^(1/{num(o)}) = {num(got)}")


def sample_matrix(p: Params, rng: random.Random) -> Params:
    p = dict(p)
    rectangular(p, "matrix", rng, [float(v) for v in range(-4, 5)])
    while not any(any(row) for row in p["matrix"]):
        p["matrix"] = [[float(rng.randint(-4, 4)) for _ in row] for row in p["matrix"]]
    return p


def matrix_norm(p: Params, device: Any) -> Result:
    import torch

    check_matrix(p["matrix"], "matrix")
    a = f64(p["matrix"], device)
    o = _ord(p["ord"])
    got = torch.linalg.matrix_norm(a, ord=o).item()
    sigma = vec(torch.linalg.svdvals(a).tolist())
    if o == "fro":
        squares = (a**2).sum().item()
        return got, bi(f"Frobenius: sqrt(sum of squares) = sqrt({num(squares)}) = {num(got)}",
                       f"Frobenius 范数：sqrt(各元素平方和) = sqrt({num(squares)}) = {num(got)}")
    if o == "nuc":
        return got, bi(f"nuclear norm: the sum of the singular values {sigma} = {num(got)}",
                       f"核范数：奇异值 {sigma} 之和 = {num(got)}")
    if o == 2:
        return got, bi(f"ord=2 is the spectral norm: the largest singular value of {sigma} = "
                       f"{num(got)}",
                       f"ord=2 是谱范数：奇异值 {sigma} 中最大的 = {num(got)}")
    along, sums = (0, "column") if o == 1 else (1, "row")
    totals = vec(a.abs().sum(dim=along).tolist())
    zh = "列" if o == 1 else "行"
    return got, bi(f"ord={p['ord']} is the largest {sums} sum of |a_ij|: max{totals} = {num(got)}",
                   f"ord={p['ord']} 取 |a_ij| 按{zh}求和中最大的：max{totals} = {num(got)}")


def norm_entrywise(p: Params, device: Any) -> Result:
    import torch

    check_matrix(p["matrix"], "matrix")
    a = f64(p["matrix"], device)
    order = p["p"]
    got = torch.norm(a, p=order).item()
    flat = [v for row in p["matrix"] for v in row]
    if order == 1:
        other = torch.linalg.matrix_norm(a, ord="nuc").item()
        work = f"sum |a_ij| = {' + '.join(num(abs(v)) for v in flat)} = {num(got)}"
        work_zh = f"Σ|a_ij| = {' + '.join(num(abs(v)) for v in flat)} = {num(got)}"
        en = (f"the notes call norm(p=1) the nuclear norm; that is "
              f"torch.linalg.matrix_norm(A, ord='nuc') = {num(other)}")
        zh = (f"笔记把 norm(p=1) 称为核范数；核范数是 "
              f"torch.linalg.matrix_norm(A, ord='nuc') = {num(other)}")
    else:
        other = torch.linalg.matrix_norm(a, ord=2).item()
        squares = sum(v * v for v in flat)
        work = f"sqrt(sum a_ij^2) = sqrt({num(squares)}) = {num(got)} (the Frobenius norm)"
        work_zh = f"sqrt(Σa_ij^2) = sqrt({num(squares)}) = {num(got)}（即 Frobenius 范数）"
        en = (f"the notes call norm(p=2) the spectral norm; that is "
              f"torch.linalg.matrix_norm(A, ord=2) = {num(other)}")
        zh = (f"笔记把 norm(p=2) 称为谱范数；谱范数是 "
              f"torch.linalg.matrix_norm(A, ord=2) = {num(other)}")
    return got, bi(f"without dim, torch.norm flattens A = {show(p['matrix'])} and takes the "
                   f"vector {order}-norm of its entries: {work}. {en}",
                   f"不指定 dim 时，torch.norm 把 A = {show(p['matrix'])} 展平，对所有元素求"
                   f"向量 {order} 范数：{work_zh}。{zh}")
