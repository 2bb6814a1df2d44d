"""Flash-card checks for the tensors deck: each proves its card's claim in torch."""

from __future__ import annotations

from typing import Any

from ._common import Params, Result, _default_dtype, _ex, _zeros

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
