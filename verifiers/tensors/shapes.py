"""Shape verifiers: cat, stack, chunk, split, permute, view, squeeze and expand."""

from __future__ import annotations

import random
from typing import Any

from ._common import Params, Result, _ex, _shape, _sizes, _zeros

# ---- cat / stack / chunk / split -------------------------------------------------------


def sample_cat(p: Params, rng: random.Random) -> Params:
    ndim = p["ndim"]
    a = _sizes(rng, ndim, 2, 6)
    b = list(a)
    axis = rng.randrange(ndim)
    b[axis] = rng.randint(1, 6)
    # Half the time show the same axis as a negative index, which learners often misread.
    dim = axis - ndim if rng.random() < 0.5 else axis
    return {**p, "a": a, "b": b, "dim": dim}


def cat_shape(p: Params, device: Any) -> Result:
    import torch

    out = torch.cat([_zeros(p["a"], device), _zeros(p["b"], device)], dim=p["dim"])
    d = p["dim"] % len(p["a"])
    total = f"{p['a'][d]} + {p['b'][d]} = {p['a'][d] + p['b'][d]}"
    return _shape(out), _ex(
        f"cat joins along an existing dim: dim {p['dim']} grows to {total}; result {_shape(out)}",
        f"cat 沿已有维度拼接：第 {p['dim']} 维变为 {total}，结果 {_shape(out)}",
    )


def sample_stack(p: Params, rng: random.Random) -> Params:
    ndim = len(p["shape"])
    return {**p, "dim": rng.randint(-(ndim + 1), ndim)}


def stack_shape(p: Params, device: Any) -> Result:
    import torch

    out = torch.stack([_zeros(p["shape"], device) for _ in range(p["n"])], dim=p["dim"])
    return _shape(out), _ex(
        f"stack inserts a new dim of size n={p['n']} at position {p['dim']} "
        f"(valid range -{len(p['shape']) + 1}..{len(p['shape'])}): {_shape(out)}",
        f"stack 在位置 {p['dim']} 插入一个大小为 n={p['n']} 的新维度"
        f"（合法范围 -{len(p['shape']) + 1}..{len(p['shape'])}）：{_shape(out)}",
    )


def chunk_count(p: Params, device: Any) -> Result:
    import torch

    pieces = torch.arange(p["L"], dtype=torch.float64, device=device).chunk(p["chunks"])
    sizes = [int(c.shape[0]) for c in pieces]
    size = sizes[0]
    return len(pieces), _ex(
        f"each chunk holds ceil({p['L']}/{p['chunks']}) = {size} elements, so the pieces are "
        f"{sizes}: {len(pieces)} chunks (chunk may return fewer than asked)",
        f"每块 ceil({p['L']}/{p['chunks']}) = {size} 个元素，各块大小 {sizes}，"
        f"共 {len(pieces)} 块（chunk 返回的块数可能少于要求的数目）",
    )


def sample_split(p: Params, rng: random.Random) -> Params:
    shape = _sizes(rng, p["ndim"], 2, 9)
    dim = rng.randrange(p["ndim"])
    return {**p, "shape": shape, "dim": dim, "size": rng.randint(2, max(2, shape[dim] - 1))}


def split_last_shape(p: Params, device: Any) -> Result:
    pieces = _zeros(p["shape"], device).split(p["size"], dim=p["dim"])
    n = p["shape"][p["dim"]]
    sizes = [int(c.shape[p["dim"]]) for c in pieces]
    return _shape(pieces[-1]), _ex(
        f"split({p['size']}) cuts {n} into pieces of {p['size']}: {sizes}; "
        f"the last keeps the remainder: {_shape(pieces[-1])}",
        f"split({p['size']}) 把长度 {n} 切成每块 {p['size']}：{sizes}；"
        f"最后一块是余下部分：{_shape(pieces[-1])}",
    )


# ---- permute / view / squeeze / expand ---------------------------------------------------


def sample_permute(p: Params, rng: random.Random) -> Params:
    perm = list(range(len(p["shape"])))
    while perm == sorted(perm):
        rng.shuffle(perm)
    return {**p, "perm": perm}


def permute_shape(p: Params, device: Any) -> Result:
    out = _zeros(p["shape"], device).permute(p["perm"])
    picks = ", ".join(f"shape[{i}]={p['shape'][i]}" for i in p["perm"])
    return _shape(out), _ex(
        f"output dim k takes input dim perm[k]: {picks} -> {_shape(out)}",
        f"输出第 k 维取输入的第 perm[k] 维：{picks} -> {_shape(out)}",
    )


def sample_view(p: Params, rng: random.Random) -> Params:
    shape = _sizes(rng, rng.randint(2, 3), 2, 6)
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
    x = _zeros(p["shape"], device)
    out = x.view(p["target"])
    known = [s for s in p["target"] if s != -1]
    return _shape(out), _ex(
        f"numel = {x.numel()}; -1 = {x.numel()} / ({' * '.join(map(str, known))}) -> {_shape(out)}",
        f"元素总数 {x.numel()}；-1 = {x.numel()} / ({' * '.join(map(str, known))}) -> "
        f"{_shape(out)}",
    )


def sample_squeeze(p: Params, rng: random.Random) -> Params:
    ndim = len(p["shape"])
    d1 = rng.randint(-ndim, ndim - 1)
    # squeeze(d1) may or may not drop a dim; the unsqueeze range depends on which.
    after = ndim - 1 if p["shape"][d1] == 1 else ndim
    return {**p, "d1": d1, "d2": rng.randint(-(after + 1), after)}


def squeeze_unsqueeze_shape(p: Params, device: Any) -> Result:
    x = _zeros(p["shape"], device)
    mid = x.squeeze(p["d1"])
    out = mid.unsqueeze(p["d2"])
    dropped = _shape(mid) != _shape(x)
    return _shape(out), _ex(
        f"squeeze({p['d1']}): size {p['shape'][p['d1']]} -> "
        f"{'dropped' if dropped else 'not 1, nothing happens'}: {_shape(mid)}; "
        f"unsqueeze({p['d2']}) inserts a 1: {_shape(out)}",
        f"squeeze({p['d1']})：该维大小 {p['shape'][p['d1']]} -> "
        f"{'被去掉' if dropped else '不是 1，什么也不做'}：{_shape(mid)}；"
        f"unsqueeze({p['d2']}) 插入一个 1：{_shape(out)}",
    )


def sample_expand(p: Params, rng: random.Random) -> Params:
    shape = [rng.choice([1, 1, rng.randint(2, 4)]) for _ in range(rng.randint(2, 3))]
    # A size-1 dim may grow; any dim may be kept with -1; a new leading dim is optional.
    sizes = [rng.randint(2, 5) if s == 1 and rng.random() < 0.7 else -1 for s in shape]
    if rng.random() < 0.5:
        sizes = [rng.randint(2, 4), *sizes]
    return {**p, "shape": shape, "sizes": sizes}


def expand_shape(p: Params, device: Any) -> Result:
    out = _zeros(p["shape"], device).expand(p["sizes"])
    return _shape(out), _ex(
        f"expand {p['shape']} to {p['sizes']}: -1 keeps a size, only size-1 dims grow, "
        f"new dims go in front: {_shape(out)} (a view, no copy)",
        f"把 {p['shape']} expand 到 {p['sizes']}：-1 保持原大小，只有大小为 1 的维度能扩展，"
        f"新维度加在最前面：{_shape(out)}（视图，不复制数据）",
    )
