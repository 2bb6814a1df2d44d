"""Broadcasting, reductions, matmul and bmm: shapes and values from real torch ops."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, num, shape_of, sizes, vec, zeros

# ---- broadcasting ----------------------------------------------------------------------------

def sample_broadcast(p: Params, rng: random.Random) -> Params:
    base = sizes(rng, rng.randint(2, 4), 2, 5)
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


def _try(p: Params, device: Any) -> tuple[Any, str]:
    import torch

    op = getattr(torch, p.get("op", "add"))
    try:
        return op(zeros(p["a"], device), zeros(p["b"], device)), ""
    except RuntimeError as err:
        return None, str(err).splitlines()[0]


def _aligned(a: list[int], b: list[int], word: str = "vs") -> str:
    n = max(len(a), len(b))
    pa, pb = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    return f"{tuple(pa)} {word} {tuple(pb)}"


def broadcast_shape(p: Params, device: Any) -> Result:
    out, _ = _try(p, device)
    steps, steps_zh = _aligned(p["a"], p["b"]), _aligned(p["a"], p["b"], "与")
    return shape_of(out), bi(
        f"right-align and pad with 1s on the left: {steps}; each dim takes the size that is "
        f"not 1 -> {shape_of(out)}",
        f"右对齐并在左边补 1：{steps_zh}；每一维取不为 1 的那个大小 -> {shape_of(out)}",
    )


def broadcast_ok(p: Params, device: Any) -> Result:
    out, err = _try(p, device)
    steps, steps_zh = _aligned(p["a"], p["b"]), _aligned(p["a"], p["b"], "与")
    op = p.get("op", "add")
    if out is not None:
        return True, bi(
            f"{steps}: every pair is equal or has a 1, so torch.{op} broadcasts -> "
            f"{shape_of(out)}. The notes say add/sub/mul/div need equal shapes; "
            f"broadcastable shapes are enough",
            f"{steps_zh}：每一对都相等或有一个是 1，torch.{op} 会广播 -> {shape_of(out)}。"
            f"笔记说加减乘除要求形状相同；其实只要能广播就行",
        )
    return False, bi(f"{steps}: a pair differs and neither is 1 (RuntimeError: {err})",
                     f"{steps_zh}：有一对大小不同且都不是 1，无法广播，抛出 RuntimeError")


# ---- reductions ----------------------------------------------------------------------------


def sample_reduce(p: Params, rng: random.Random) -> Params:
    return {**p, "dim": rng.randint(-len(p["shape"]), len(p["shape"]) - 1)}


def reduce_shape(p: Params, device: Any) -> Result:
    x = zeros(p["shape"], device)
    out = getattr(x, p["op"])(dim=p["dim"], keepdim=p["keepdim"])
    size = p["shape"][p["dim"]]
    if p["keepdim"]:
        return shape_of(out), bi(
            f"dim {p['dim']} (size {size}) is kept with size 1 (keepdim=True): {shape_of(out)}",
            f"第 {p['dim']} 维（大小 {size}）保留为大小 1（keepdim=True）：{shape_of(out)}")
    return shape_of(out), bi(
        f"dim {p['dim']} (size {size}) is removed: {shape_of(out)}. The notes say summing "
        f"over an axis brings its length to 0; the dim disappears (or stays as 1 with "
        f"keepdim=True)",
        f"第 {p['dim']} 维（大小 {size}）被去掉：{shape_of(out)}。笔记说在某个轴上求和会"
        f"把该轴长度降为 0；实际上这一维被去掉（keepdim=True 时保留为 1）")


def sample_reduce_value(p: Params, rng: random.Random) -> Params:
    rows = [[rng.randint(-5, 9) for _ in range(p["cols"])] for _ in range(2)]
    index = rng.randrange(p["cols"] if p["dim"] == 0 else 2)
    return {**p, "x": rows, "index": index}


def reduce_value(p: Params, device: Any) -> Result:
    import torch

    x = torch.tensor(p["x"], dtype=torch.float64, device=device)
    out = float(getattr(torch, p["op"])(x, dim=p["dim"])[p["index"]])
    line = [r[p["index"]] for r in p["x"]] if p["dim"] == 0 else p["x"][p["index"]]
    what, what_zh = ("column", "列") if p["dim"] == 0 else ("row", "行")
    return out, bi(f"dim={p['dim']} collapses that dim: {p['op']} of {what} {p['index']} = "
                   f"{p['op']}({vec(line)}) = {num(out)}",
                   f"dim={p['dim']} 压缩这一维：第 {p['index']} {what_zh}的 {p['op']} = "
                   f"{p['op']}({vec(line)}) = {num(out)}")


# ---- matmul and bmm ----------------------------------------------------------------------------


def sample_matmul(p: Params, rng: random.Random) -> Params:
    n, k, m = sizes(rng, 3, 2, 5)
    batch = sizes(rng, rng.randint(0, 2), 2, 4)
    a_batch = [rng.choice([s, 1]) for s in batch]
    b_batch = [rng.choice([s, 1]) for s in batch][rng.randint(0, len(batch)):]
    a = [*a_batch, n, k] if rng.random() < 0.85 else [k]
    b = [*b_batch, k, m] if rng.random() < 0.85 or len(a) == 1 else [k]
    return {**p, "a": a, "b": b}


def matmul_shape(p: Params, device: Any) -> Result:
    out = zeros(p["a"], device) @ zeros(p["b"], device)
    a, b = "x".join(map(str, p["a"])), "x".join(map(str, p["b"]))
    return shape_of(out), bi(
        f"({a}) @ ({b}): the last two dims multiply (n,k)@(k,m) -> (n,m), batch dims "
        f"broadcast, a 1-D operand gains a dim that is removed again -> {shape_of(out)}",
        f"({a}) @ ({b})：最后两维做 (n,k)@(k,m) -> (n,m)，批维度按广播规则处理，"
        f"一维操作数先补一维、结果中再去掉 -> {shape_of(out)}",
    )


def sample_bmm(p: Params, rng: random.Random) -> Params:
    bsz, n, k, m = sizes(rng, 4, 2, 5)
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
        out = torch.bmm(zeros(p["a"], device), zeros(p["b"], device))
    except RuntimeError as err:
        msg = str(err).splitlines()[0]
        return False, bi(f"bmm needs (B,n,k) and (B,k,m) exactly, with no broadcasting: {msg}",
                         "bmm 要求形状恰好是 (B,n,k) 和 (B,k,m)，不做广播，因此抛出 RuntimeError")
    return True, bi(f"(B,n,k) @ (B,k,m) with matching B and k -> {shape_of(out)}",
                    f"(B,n,k) @ (B,k,m)，B 与 k 都匹配 -> {shape_of(out)}")

