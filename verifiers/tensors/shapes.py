"""Shape verifiers: cat, stack, chunk, split, permute, view, squeeze and expand."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, plural, shape_of, sizes, vec, zeros

# ---- cat / stack / chunk / split -------------------------------------------------------


def sample_cat(p: Params, rng: random.Random) -> Params:
    ndim = p["ndim"]
    a = sizes(rng, ndim, 2, 6)
    b = list(a)
    axis = rng.randrange(ndim)
    b[axis] = rng.randint(1, 6)
    # Half the time show the same axis as a negative index, which learners often misread.
    dim = axis - ndim if rng.random() < 0.5 else axis
    return {**p, "a": a, "b": b, "dim": dim}


def cat_shape(p: Params, device: Any) -> Result:
    import torch

    out = torch.cat([zeros(p["a"], device), zeros(p["b"], device)], dim=p["dim"])
    d = p["dim"] % len(p["a"])
    total = f"{p['a'][d]} + {p['b'][d]} = {p['a'][d] + p['b'][d]}"
    return shape_of(out), bi(
        f"cat joins along an existing dim: dim {p['dim']} grows to {total}; the other sizes "
        f"stay: {shape_of(out)}",
        f"cat 沿已有的维度拼接：第 {p['dim']} 维变为 {total}，其余各维不变：{shape_of(out)}",
    )


def sample_stack(p: Params, rng: random.Random) -> Params:
    ndim = len(p["shape"])
    return {**p, "dim": rng.randint(-(ndim + 1), ndim)}


def stack_shape(p: Params, device: Any) -> Result:
    import torch

    out = torch.stack([zeros(p["shape"], device) for _ in range(p["n"])], dim=p["dim"])
    ndim = len(p["shape"])
    return shape_of(out), bi(
        f"stack inserts a NEW dim of size n={p['n']} at position {p['dim']} of the result "
        f"(valid range -{ndim + 1}..{ndim}): {shape_of(out)}",
        f"stack 在结果的第 {p['dim']} 个位置插入一个大小为 n={p['n']} 的新维度"
        f"（合法范围 -{ndim + 1}..{ndim}）：{shape_of(out)}",
    )


def chunk_count(p: Params, device: Any) -> Result:
    import torch

    pieces = torch.arange(p["L"], dtype=torch.float64, device=device).chunk(p["chunks"])
    lengths = [int(c.shape[0]) for c in pieces]
    n = len(pieces)
    return n, bi(
        f"each chunk holds ceil({p['L']}/{p['chunks']}) = {lengths[0]} elements, so the "
        f"pieces are {lengths}: {plural(n, 'chunk', 'chunks')}. The notes say chunk splits "
        f"evenly into `chunks` pieces; torch.chunk may return fewer than asked",
        f"每块 ceil({p['L']}/{p['chunks']}) = {lengths[0]} 个元素，各块大小为 {lengths}，"
        f"共 {n} 块。笔记说 chunk 把张量平均切成 chunks 份；实际上 torch.chunk 返回的块数"
        f"可能少于要求的数目",
    )


def sample_split(p: Params, rng: random.Random) -> Params:
    shape = sizes(rng, p["ndim"], 2, 9)
    dim = rng.randrange(p["ndim"])
    return {**p, "shape": shape, "dim": dim, "size": rng.randint(2, max(2, shape[dim] - 1))}


def split_last_shape(p: Params, device: Any) -> Result:
    pieces = zeros(p["shape"], device).split(p["size"], dim=p["dim"])
    n = p["shape"][p["dim"]]
    lengths = [int(c.shape[p["dim"]]) for c in pieces]
    last = shape_of(pieces[-1])
    return last, bi(
        f"split({p['size']}) cuts the {n} entries of dim {p['dim']} into pieces of "
        f"{p['size']}: {lengths}; the last piece holds what is left: {last}",
        f"split({p['size']}) 把第 {p['dim']} 维的 {n} 个元素切成每块 {p['size']} 个："
        f"{lengths}；最后一块是剩下的部分：{last}",
    )


# ---- permute / view / squeeze / expand ---------------------------------------------------


def sample_permute(p: Params, rng: random.Random) -> Params:
    perm = list(range(len(p["shape"])))
    while perm == sorted(perm):
        rng.shuffle(perm)
    return {**p, "perm": perm}


def permute_shape(p: Params, device: Any) -> Result:
    out = zeros(p["shape"], device).permute(p["perm"])
    picks = ", ".join(f"shape[{i}]={p['shape'][i]}" for i in p["perm"])
    return shape_of(out), bi(
        f"output dim k takes input dim perm[k]: {picks} -> {shape_of(out)}",
        f"输出的第 k 维取输入的第 perm[k] 维：{picks} -> {shape_of(out)}",
    )


def sample_view(p: Params, rng: random.Random) -> Params:
    shape = sizes(rng, rng.randint(2, 3), 2, 6)
    total = 1
    for s in shape:
        total *= s
    # Proper divisors keep the question from being a trivial reshuffle of 1s.
    first = rng.choice([d for d in range(2, total) if total % d == 0])
    rest = total // first
    second = rng.choice([d for d in range(2, rest) if rest % d == 0] or [1])
    target = [first, second, -1] if rng.random() < 0.5 else [first, -1, second]
    return {**p, "shape": shape, "target": target}


def view_infer(p: Params, device: Any) -> Result:
    x = zeros(p["shape"], device)
    out = x.view(p["target"])
    known = " * ".join(str(s) for s in p["target"] if s != -1)
    return shape_of(out), bi(
        f"numel = {x.numel()}; the -1 becomes {x.numel()} / ({known}) -> {shape_of(out)}",
        f"元素总数为 {x.numel()}；-1 处等于 {x.numel()} / ({known}) -> {shape_of(out)}",
    )


def sample_squeeze(p: Params, rng: random.Random) -> Params:
    ndim = len(p["shape"])
    d1 = rng.randint(-ndim, ndim - 1)
    # squeeze(d1) may or may not drop a dim; the unsqueeze range depends on which.
    after = ndim - 1 if p["shape"][d1] == 1 else ndim
    return {**p, "d1": d1, "d2": rng.randint(-(after + 1), after)}


def squeeze_unsqueeze_shape(p: Params, device: Any) -> Result:
    x = zeros(p["shape"], device)
    mid = x.squeeze(p["d1"])
    out = mid.unsqueeze(p["d2"])
    dropped = shape_of(mid) != shape_of(x)
    size = p["shape"][p["d1"]]
    return shape_of(out), bi(
        f"squeeze({p['d1']}): that dim has size {size}, "
        f"{'so it is dropped' if dropped else 'not 1, so nothing happens'}: {shape_of(mid)}; "
        f"unsqueeze({p['d2']}) inserts a 1 there: {shape_of(out)}",
        f"squeeze({p['d1']})：该维大小为 {size}，"
        f"{'因此被去掉' if dropped else '不是 1，所以什么也不做'}：{shape_of(mid)}；"
        f"unsqueeze({p['d2']}) 在该位置插入一个 1：{shape_of(out)}",
    )


def sample_expand(p: Params, rng: random.Random) -> Params:
    shape = [rng.choice([1, 1, rng.randint(2, 4)]) for _ in range(rng.randint(2, 3))]
    # A size-1 dim may grow; any dim may be kept with -1; a new leading dim is optional.
    grown = [rng.randint(2, 5) if s == 1 and rng.random() < 0.7 else -1 for s in shape]
    if rng.random() < 0.5:
        grown = [rng.randint(2, 4), *grown]
    return {**p, "shape": shape, "sizes": grown}


def expand_shape(p: Params, device: Any) -> Result:
    out = zeros(p["shape"], device).expand(p["sizes"])
    return shape_of(out), bi(
        f"expand {vec(p['shape'])} to {vec(p['sizes'])}: -1 keeps a size, only size-1 dims "
        f"grow, new dims go in front: {shape_of(out)} (a view with stride 0, no copy)",
        f"把 {vec(p['shape'])} expand 到 {vec(p['sizes'])}：-1 保持原大小，只有大小为 1 的"
        f"维度能扩展，新维度加在最前面：{shape_of(out)}（步长为 0 的视图，不复制数据）",
    )
