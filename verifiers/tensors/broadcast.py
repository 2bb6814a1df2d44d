"""Broadcasting, reductions, matmul and bmm: shapes and values from real torch ops."""

from __future__ import annotations

import random
from typing import Any

from ._common import Params, Result, _ex, _shape, _sizes, _zeros

# ---- broadcasting, reductions, matmul ----------------------------------------------------


def sample_broadcast(p: Params, rng: random.Random) -> Params:
    base = _sizes(rng, rng.randint(2, 4), 2, 5)
    # Per dim: both sizes equal, or one side is 1; then b may drop some leading dims.
    pairs = [rng.choice([(s, s), (s, 1), (1, s)]) for s in base]
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs][rng.randint(0, len(base) - 1):]
    if p.get("allow_bad") and rng.random() < 0.5:
        i = rng.randrange(len(b))
        j = len(a) - len(b) + i
        if a[j] != 1:
            b[i] = a[j] + 1  # a clash: two different sizes, neither 1
    return {**p, "a": a, "b": b}


def _try_add(p: Params, device: Any) -> tuple[Any, str]:
    try:
        return _zeros(p["a"], device) + _zeros(p["b"], device), ""
    except RuntimeError as err:
        return None, str(err).splitlines()[0]


def _broadcast_steps(a: list[int], b: list[int]) -> str:
    n = max(len(a), len(b))
    pa, pb = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    return f"{tuple(pa)} vs {tuple(pb)}"


def broadcast_shape(p: Params, device: Any) -> Result:
    out, _ = _try_add(p, device)
    steps = _broadcast_steps(p["a"], p["b"])
    return _shape(out), _ex(
        f"right-align and pad with 1s: {steps}; each dim takes the non-1 size -> {_shape(out)}",
        f"右对齐并在左边补 1：{steps}；每一维取不为 1 的那个大小 -> {_shape(out)}",
    )


def broadcast_ok(p: Params, device: Any) -> Result:
    out, err = _try_add(p, device)
    steps = _broadcast_steps(p["a"], p["b"])
    if out is not None:
        return True, _ex(f"{steps}: every pair is equal or has a 1 -> {_shape(out)}",
                         f"{steps}：每一对都相等或有一个是 1 -> {_shape(out)}")
    return False, _ex(f"{steps}: a pair differs and neither is 1 (RuntimeError: {err})",
                      f"{steps}：有一对大小不同且都不是 1（RuntimeError：{err}）")


def sample_reduce(p: Params, rng: random.Random) -> Params:
    return {**p, "dim": rng.randint(-len(p["shape"]), len(p["shape"]) - 1)}


def reduce_shape(p: Params, device: Any) -> Result:
    x = _zeros(p["shape"], device)
    out = getattr(x, p["op"])(dim=p["dim"], keepdim=p["keepdim"])
    how = "kept as 1" if p["keepdim"] else "removed"
    how_zh = "保留为 1" if p["keepdim"] else "被去掉"
    return _shape(out), _ex(f"dim {p['dim']} (size {p['shape'][p['dim']]}) is {how}: "
                            f"{_shape(out)}",
                            f"第 {p['dim']} 维（大小 {p['shape'][p['dim']]}）{how_zh}："
                            f"{_shape(out)}")


def sample_reduce_value(p: Params, rng: random.Random) -> Params:
    rows = [[rng.randint(-5, 9) for _ in range(p["cols"])] for _ in range(2)]
    index = rng.randrange(p["cols"] if p["dim"] == 0 else 2)
    return {**p, "x": rows, "index": index}


def reduce_value(p: Params, device: Any) -> Result:
    import torch

    x = torch.tensor(p["x"], dtype=torch.float64, device=device)
    out = getattr(torch, p["op"])(x, dim=p["dim"])[p["index"]]
    line = [r[p["index"]] for r in p["x"]] if p["dim"] == 0 else p["x"][p["index"]]
    what = "column" if p["dim"] == 0 else "row"
    what_zh = "列" if p["dim"] == 0 else "行"
    return float(out), _ex(f"dim={p['dim']} collapses that dim: {p['op']} of {what} "
                           f"{p['index']} = {p['op']}({line}) = {float(out):g}",
                           f"dim={p['dim']} 压缩这一维：第 {p['index']} {what_zh}的 {p['op']} = "
                           f"{p['op']}({line}) = {float(out):g}")


def sample_matmul(p: Params, rng: random.Random) -> Params:
    n, k, m = _sizes(rng, 3, 2, 5)
    batch = _sizes(rng, rng.randint(0, 2), 2, 4)
    a_batch = [rng.choice([s, 1]) for s in batch]
    b_batch = [rng.choice([s, 1]) for s in batch][rng.randint(0, len(batch)):]
    a = [*a_batch, n, k] if rng.random() < 0.85 else [k]
    b = [*b_batch, k, m] if rng.random() < 0.85 or len(a) == 1 else [k]
    return {**p, "a": a, "b": b}


def matmul_shape(p: Params, device: Any) -> Result:
    out = _zeros(p["a"], device) @ _zeros(p["b"], device)
    return _shape(out), _ex(
        f"({'x'.join(map(str, p['a']))}) @ ({'x'.join(map(str, p['b']))}): the last two dims "
        f"multiply (n,k)@(k,m) -> (n,m), batch dims broadcast, a 1-D operand gains then loses "
        f"a dim -> {_shape(out)}",
        f"({'x'.join(map(str, p['a']))}) @ ({'x'.join(map(str, p['b']))})：最后两维做 "
        f"(n,k)@(k,m) -> (n,m)，批维度广播，一维操作数先补一维再去掉 -> {_shape(out)}",
    )


def sample_bmm(p: Params, rng: random.Random) -> Params:
    bsz, n, k, m = _sizes(rng, 4, 2, 5)
    a, b = [bsz, n, k], [bsz, k, m]
    flaw = rng.choice(["none", "none", "batch1", "k", "2d"])
    if flaw == "batch1":
        b[0] = 1  # matmul would broadcast this; bmm does not
    elif flaw == "k":
        b[1] = k + 1
    elif flaw == "2d":
        b = [k, m]
    return {**p, "a": a, "b": b}


def bmm_ok(p: Params, device: Any) -> Result:
    import torch

    try:
        out = torch.bmm(_zeros(p["a"], device), _zeros(p["b"], device))
    except RuntimeError as err:
        msg = str(err).splitlines()[0]
        return False, _ex(f"bmm needs (B,n,k) and (B,k,m) exactly, no broadcasting: {msg}",
                          f"bmm 要求形状恰好是 (B,n,k) 和 (B,k,m)，不做广播：{msg}")
    return True, _ex(f"(B,n,k) @ (B,k,m) with matching B and k -> {_shape(out)}",
                     f"(B,n,k) @ (B,k,m)，B 与 k 都匹配 -> {_shape(out)}")
