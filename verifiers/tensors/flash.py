"""Flash-card checks for the tensors deck: each proves its card's claim in torch."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, default_dtype, shape_of, zeros


def check_from_numpy(p: Params, device: Any) -> Result:
    import numpy as np
    import torch

    a = np.array([1.0, 2.0])
    t = torch.from_numpy(a)
    a[0] = 7.0
    ok = t.dtype == torch.float64 and float(t[0]) == 7.0
    return ok, bi(f"torch.from_numpy(np.array([1.0, 2.0])).dtype is {t.dtype}, and after "
                  f"a[0] = 7 the tensor reads {float(t[0]):g}",
                  f"torch.from_numpy(np.array([1.0, 2.0])) 的数据类型是 {t.dtype}；"
                  f"执行 a[0] = 7 之后张量读到 {float(t[0]):g}")


def check_default_dtype(p: Params, device: Any) -> Result:
    import torch

    with default_dtype(torch.float32):
        floats = torch.tensor([1.0]).dtype
    with default_dtype(torch.float64):
        floats64 = torch.tensor([1.0]).dtype
    ints = torch.tensor([1]).dtype
    ok = floats == torch.float32 and floats64 == torch.float64 and ints == torch.int64
    return ok, bi(f"out of the box -> {floats}; after set_default_dtype(torch.float64) -> "
                  f"{floats64}; Python ints -> {ints}",
                  f"默认设置下 -> {floats}；set_default_dtype(torch.float64) 之后 -> {floats64}；"
                  f"Python 整数 -> {ints}")


def check_view_contiguous(p: Params, device: Any) -> Result:
    x = zeros([2, 3], device)
    y = x.t()
    try:
        y.view(6)
        view_failed = False
    except RuntimeError:
        view_failed = True
    r = y.reshape(6)
    copied = r.data_ptr() != x.data_ptr()
    ok = view_failed and not y.is_contiguous() and copied
    return ok, bi(f"x.t().is_contiguous() = {y.is_contiguous()}; x.t().view(6) raised: "
                  f"{view_failed}; x.t().reshape(6) copied: {copied}",
                  f"x.t().is_contiguous() = {y.is_contiguous()}；"
                  f"x.t().view(6) 报错：{view_failed}；"
                  f"x.t().reshape(6) 复制了数据：{copied}")


def check_expand_no_copy(p: Params, device: Any) -> Result:
    x = zeros([3, 1], device)
    e = x.expand(3, 4)
    same = e.data_ptr() == x.data_ptr()
    ok = e.stride() == (1, 0) and same
    return ok, bi(f"x.expand(3, 4).stride() = {e.stride()} (stride 0 repeats the element); "
                  f"same storage as x: {same}",
                  f"x.expand(3, 4).stride() = {e.stride()}（步长 0 即重复同一个元素）；"
                  f"与 x 共享存储：{same}")


def check_chunk_fewer(p: Params, device: Any) -> Result:
    import torch

    pieces = torch.arange(6, device=device).chunk(4)
    lengths = [int(c.numel()) for c in pieces]
    split = [int(c.numel()) for c in torch.arange(6, device=device).tensor_split(4)]
    ok = lengths == [2, 2, 2] and split == [2, 2, 1, 1]
    return ok, bi(f"torch.arange(6).chunk(4) sizes: {lengths}; tensor_split(4) sizes: {split}",
                  f"torch.arange(6).chunk(4) 各块大小：{lengths}；"
                  f"tensor_split(4) 各块大小：{split}")


def check_tensor_uninitialised(p: Params, device: Any) -> Result:
    import torch
    import torch.utils.deterministic as det

    # With deterministic mode's fill_uninitialized_memory, torch fills exactly the memory it
    # never initialises with NaN: torch.Tensor(5, 3) comes out NaN, torch.zeros does not.
    mode = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    fill = det.fill_uninitialized_memory
    try:
        torch.use_deterministic_algorithms(True)
        det.fill_uninitialized_memory = True
        with default_dtype(torch.float32):
            t = torch.Tensor(5, 3)
        z = torch.zeros(5, 3)
    finally:
        det.fill_uninitialized_memory = fill
        torch.use_deterministic_algorithms(mode, warn_only=warn_only)
    nan = bool(torch.isnan(t).all())
    ok = shape_of(t) == (5, 3) and t.dtype == torch.float32 and nan and bool((z == 0).all())
    return ok, bi(f"torch.Tensor(5, 3): shape {shape_of(t)}, {t.dtype}; with "
                  f"fill_uninitialized_memory on, every element is NaN: {nan} (torch.zeros "
                  f"stays 0), so its memory is never initialised, like torch.empty(5, 3)",
                  f"torch.Tensor(5, 3)：形状 {shape_of(t)}，{t.dtype}；打开 "
                  f"fill_uninitialized_memory 后每个元素都是 NaN：{nan}（torch.zeros 仍是 0），"
                  f"说明它的内存从未初始化，与 torch.empty(5, 3) 相同")


def check_shape_attribute(p: Params, device: Any) -> Result:
    import torch

    x = zeros([2, 3], device)
    try:
        x.shape()
        error = ""
    except TypeError as err:
        error = str(err)
    ok = isinstance(x.shape, torch.Size) and x.shape == x.size() and bool(error)
    return ok, bi(f"x.shape = {tuple(x.shape)} is a torch.Size attribute, x.size() returns the "
                  f"same; x.shape() raises TypeError: {error}",
                  f"x.shape = {tuple(x.shape)} 是 torch.Size 类型的属性，x.size() 返回同样的结果；"
                  f"x.shape() 会抛出 TypeError（torch.Size 对象不可调用）")


LIKE_MISSING = ("arange_like", "linspace_like", "eye_like", "logspace_like")
LIKE_PRESENT = ("zeros_like", "ones_like", "full_like", "empty_like", "rand_like",
                "randn_like", "randint_like")


def check_no_like_variants(p: Params, device: Any) -> Result:
    import torch

    missing = [name for name in LIKE_MISSING if not hasattr(torch, name)]
    present = [name for name in LIKE_PRESENT if callable(getattr(torch, name, None))]
    ok = missing == list(LIKE_MISSING) and present == list(LIKE_PRESENT)
    return ok, bi(f"not in torch: {', '.join(missing)}; in torch: {', '.join(present)}",
                  f"torch 中不存在：{', '.join(missing)}；torch 中存在：{', '.join(present)}")


def check_mm_matrix_product(p: Params, device: Any) -> Result:
    import torch

    a = [[1.0, 2.0], [3.0, 4.0]]
    b = [[5.0, 6.0], [7.0, 8.0]]
    rows = [[sum(a[i][k] * b[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
    mm = torch.mm(torch.tensor(a, dtype=torch.float64, device=device),
                  torch.tensor(b, dtype=torch.float64, device=device)).tolist()
    cross = torch.linalg.cross(torch.tensor([1.0, 0.0, 0.0], dtype=torch.float64),
                               torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64)).tolist()
    try:
        torch.mm(torch.ones(3), torch.ones(3))
        vectors = ""
    except RuntimeError as err:
        vectors = str(err).splitlines()[0]
    ok = mm == rows == [[19.0, 22.0], [43.0, 50.0]] and cross == [0.0, 0.0, 1.0] and bool(vectors)
    return ok, bi(f"torch.mm([[1, 2], [3, 4]], [[5, 6], [7, 8]]) = {mm}, the row-by-column "
                  f"sums; torch.linalg.cross([1, 0, 0], [0, 1, 0]) = {cross}; torch.mm of two "
                  f"3-vectors raises: {vectors}",
                  f"torch.mm([[1, 2], [3, 4]], [[5, 6], [7, 8]]) = {mm}，即行乘列求和；"
                  f"torch.linalg.cross([1, 0, 0], [0, 1, 0]) = {cross}；对两个三维向量调用 "
                  f"torch.mm 会抛出 RuntimeError（mm 只接受矩阵）")


def check_elementwise_broadcast(p: Params, device: Any) -> Result:
    import torch

    a, b, bad = zeros([2, 3], device), zeros([3], device), zeros([2], device)
    shapes, errors = [], 0
    for op in (torch.add, torch.sub, torch.mul, torch.div):
        shapes.append(shape_of(op(a, b)))
        try:
            op(a, bad)
        except RuntimeError:
            errors += 1
    ok = shapes == [(2, 3)] * 4 and errors == 4
    return ok, bi(f"torch.add/sub/mul/div of shapes (2, 3) and (3,) give {shapes[0]}; with "
                  f"(2, 3) and (2,) all 4 raise RuntimeError: {errors == 4}",
                  f"形状 (2, 3) 与 (3,) 做 torch.add/sub/mul/div 得到 {shapes[0]}；"
                  f"(2, 3) 与 (2,) 则 4 个运算全部抛出 RuntimeError：{errors == 4}")
