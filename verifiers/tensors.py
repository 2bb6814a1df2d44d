"""Verifiers for the tensors deck: shapes, broadcasting, reductions, memory sharing, dtypes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Params = dict[str, Any]
Result = tuple[Any, Any]


def _ex(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _zeros(shape: list[int], device: Any) -> Any:
    import torch

    return torch.zeros(shape, dtype=torch.float64, device=device)


def _shape(t: Any) -> tuple[int, ...]:
    return tuple(int(s) for s in t.shape)


def _sizes(rng: random.Random, ndim: int, lo: int = 1, hi: int = 5) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(ndim)]


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


# ---- memory sharing and dtypes -----------------------------------------------------------

TENSOR_OPS: dict[str, Callable[[Any], Any]] = {
    "a.view(4)": lambda a: a.view(4),
    "a.reshape(4)": lambda a: a.reshape(4),
    "a.t()": lambda a: a.t(),
    "a.t().reshape(4)": lambda a: a.t().reshape(4),
    "a.t().contiguous()": lambda a: a.t().contiguous(),
    "a.contiguous()": lambda a: a.contiguous(),
    "a.clone()": lambda a: a.clone(),
    "a.detach()": lambda a: a.detach(),
    "a.double()": lambda a: a.double(),
    "a.float()": lambda a: a.float(),
    "a[0]": lambda a: a[0],
}


def tensor_sharing(p: Params, device: Any) -> Result:
    import torch

    a = torch.zeros(2, 2, dtype=torch.float64, device=device)
    b = TENSOR_OPS[p["op"]](a)
    before = b.clone()
    a.add_(1)
    shared = bool(not torch.equal(b, before))
    return shared, _ex(
        f"{p['op']} {'is a view of a (same storage)' if shared else 'made a copy'}; "
        f"same data_ptr: {b.data_ptr() == a.data_ptr()}",
        f"{p['op']} {'是 a 的视图（共享存储）' if shared else '复制了一份数据'}；"
        f"data_ptr 相同：{b.data_ptr() == a.data_ptr()}",
    )


def _numpy_ops() -> dict[str, Callable[[Any], Any]]:
    import torch

    return {
        "torch.from_numpy(a)": torch.from_numpy,
        "torch.tensor(a)": torch.tensor,
        "torch.as_tensor(a)": torch.as_tensor,
        "torch.as_tensor(a, dtype=torch.float32)": lambda a: torch.as_tensor(
            a, dtype=torch.float32),
        "torch.from_numpy(a).float()": lambda a: torch.from_numpy(a).float(),
    }


def numpy_sharing(p: Params, device: Any) -> Result:
    # NumPy arrays live in CPU memory, so this card is about CPU tensors whatever the device.
    import numpy as np
    import torch

    a = np.zeros(3)
    b = _numpy_ops()[p["op"]](a)
    a += 1
    shared = bool(torch.equal(b, torch.ones(3, dtype=b.dtype)))
    return shared, _ex(
        f"{p['op']} -> dtype {b.dtype}; {'shares the array memory' if shared else 'copies'}",
        f"{p['op']} -> dtype {b.dtype}；{'与数组共享内存' if shared else '复制数据'}",
    )


@contextmanager
def _default_dtype(dtype: Any) -> Iterator[None]:
    # The card states PyTorch's out-of-the-box default (float32); pin it so that a
    # process-wide torch.set_default_dtype elsewhere cannot change the answer.
    import torch

    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(old)


def _dtype_exprs() -> dict[str, Callable[[], Any]]:
    import numpy as np
    import torch

    t = torch.tensor
    return {
        "torch.from_numpy(np.array([1.0, 2.0]))": lambda: torch.from_numpy(np.array([1.0, 2.0])),
        "torch.tensor(np.array([1.0, 2.0]))": lambda: t(np.array([1.0, 2.0])),
        "torch.tensor([1.0, 2.0])": lambda: t([1.0, 2.0]),
        "torch.tensor([1, 2])": lambda: t([1, 2]),
        "torch.tensor([1, 2]) + 0.5": lambda: t([1, 2]) + 0.5,
        "torch.tensor([1, 2]) / 2": lambda: t([1, 2]) / 2,
        "torch.tensor([1, 2]) // 2": lambda: t([1, 2]) // 2,
        "torch.tensor([1, 2]) > 1": lambda: t([1, 2]) > 1,
        "torch.tensor([True, False]) + 1": lambda: t([True, False]) + 1,
        "torch.tensor([1, 2], dtype=torch.int32) + 5": lambda: t([1, 2], dtype=torch.int32) + 5,
        "torch.tensor([1, 2], dtype=torch.int32) + torch.tensor([5])":
            lambda: t([1, 2], dtype=torch.int32) + t([5]),
        "torch.tensor([1, 2], dtype=torch.int32) + torch.tensor(5)":
            lambda: t([1, 2], dtype=torch.int32) + t(5),
        "torch.tensor([1, 2]) * torch.tensor(0.5, dtype=torch.float64)":
            lambda: t([1, 2]) * t(0.5, dtype=torch.float64),
        "torch.tensor([1.0], dtype=torch.float16) + torch.tensor(1.0, dtype=torch.float64)":
            lambda: t([1.0], dtype=torch.float16) + t(1.0, dtype=torch.float64),
        "torch.arange(3) * 1.0": lambda: torch.arange(3) * 1.0,
        "torch.zeros(2) + torch.zeros(2, dtype=torch.float64)":
            lambda: torch.zeros(2) + torch.zeros(2, dtype=torch.float64),
    }


def dtype_result(p: Params, device: Any) -> Result:
    import torch

    with _default_dtype(torch.float32):
        dtype = _dtype_exprs()[p["expr"]]().dtype
    return str(dtype), _ex(
        f"{p['expr']} -> {dtype}. Rules: python floats use the default float32; from_numpy/"
        f"tensor(ndarray) keep NumPy's dtype; a higher category (bool < int < float) wins; "
        f"a 0-dim tensor or python scalar of the same category does not widen the result",
        f"{p['expr']} -> {dtype}。规则：Python 浮点数用默认的 float32；from_numpy/"
        f"tensor(ndarray) 保留 NumPy 的 dtype；类别更高者胜出（bool < int < float）；"
        f"同类别的 0 维张量或 Python 标量不会加宽结果类型",
    )


# ---- flash-card checks -------------------------------------------------------------------


def check_from_numpy(p: Params, device: Any) -> Result:
    import numpy as np
    import torch

    a = np.array([1.0, 2.0])
    t = torch.from_numpy(a)
    a[0] = 7.0
    ok = t.dtype == torch.float64 and float(t[0]) == 7.0
    return ok, _ex(f"from_numpy: dtype {t.dtype}, sees a[0]=7 -> {float(t[0])}",
                   f"from_numpy：dtype 为 {t.dtype}，能看到 a[0]=7 -> {float(t[0])}")


def check_default_dtype(p: Params, device: Any) -> Result:
    import torch

    with _default_dtype(torch.float32):
        floats = torch.tensor([1.0]).dtype
    with _default_dtype(torch.float64):
        floats64 = torch.tensor([1.0]).dtype
    ints = torch.tensor([1]).dtype
    ok = floats == torch.float32 and floats64 == torch.float64 and ints == torch.int64
    return ok, _ex(f"default float32 -> {floats}; after set_default_dtype(float64) -> "
                   f"{floats64}; ints -> {ints}",
                   f"默认 float32 -> {floats}；set_default_dtype(float64) 之后 -> {floats64}；"
                   f"整数 -> {ints}")


def check_view_contiguous(p: Params, device: Any) -> Result:
    x = _zeros([2, 3], device)
    y = x.t()
    try:
        y.view(6)
        view_failed = False
    except RuntimeError:
        view_failed = True
    r = y.reshape(6)
    ok = view_failed and not y.is_contiguous() and r.data_ptr() != x.data_ptr()
    return ok, _ex(f"x.t().is_contiguous() = {y.is_contiguous()}; view(6) raised: "
                   f"{view_failed}; reshape(6) copied: {r.data_ptr() != x.data_ptr()}",
                   f"x.t().is_contiguous() = {y.is_contiguous()}；view(6) 报错：{view_failed}；"
                   f"reshape(6) 复制了数据：{r.data_ptr() != x.data_ptr()}")


def check_expand_no_copy(p: Params, device: Any) -> Result:
    x = _zeros([3, 1], device)
    e = x.expand(3, 4)
    ok = e.stride() == (1, 0) and e.data_ptr() == x.data_ptr()
    return ok, _ex(f"x.expand(3, 4).stride() = {e.stride()} (stride 0 repeats the element), "
                   f"same storage: {e.data_ptr() == x.data_ptr()}",
                   f"x.expand(3, 4).stride() = {e.stride()}（步长 0 即重复同一个元素），"
                   f"共享存储：{e.data_ptr() == x.data_ptr()}")


def check_chunk_fewer(p: Params, device: Any) -> Result:
    import torch

    pieces = torch.arange(6, device=device).chunk(4)
    sizes = [int(c.numel()) for c in pieces]
    return sizes == [2, 2, 2], _ex(f"torch.arange(6).chunk(4) sizes: {sizes}",
                                   f"torch.arange(6).chunk(4) 各块大小：{sizes}")
