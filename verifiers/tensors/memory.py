"""Memory sharing (views, copies, from_numpy) and the dtypes torch ops return."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizapp.authoring import Params, Result, bi, default_dtype

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
    same_ptr = b.data_ptr() == a.data_ptr()
    if shared:
        return True, bi(f"after a.add_(1), {p['op']} changed too: it is a view of a (shared "
                        f"storage); same data_ptr: {same_ptr}",
                        f"执行 a.add_(1) 之后，{p['op']} 也变了：它是 a 的视图（共享内存）；"
                        f"data_ptr 相同：{same_ptr}")
    return False, bi(f"after a.add_(1), {p['op']} did not change: it is a copy; same "
                     f"data_ptr: {same_ptr}",
                     f"执行 a.add_(1) 之后，{p['op']} 没有变：它是一份副本；data_ptr 相同："
                     f"{same_ptr}")


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
    return shared, bi(
        f"{p['op']} -> dtype {b.dtype}; "
        f"{'it shares the array memory, so a += 1 shows in b' if shared else 'it copies'}",
        f"{p['op']} -> 数据类型 {b.dtype}；"
        f"{'它与数组共享内存，所以 a += 1 在 b 中可见' if shared else '它复制了数据'}",
    )


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

    with default_dtype(torch.float32):
        dtype = _dtype_exprs()[p["expr"]]().dtype
    return str(dtype), bi(
        f"{p['expr']} -> {dtype}. Rules: Python floats take the default dtype float32 (the "
        f"notes say torch defaults to 64-bit floats; it does not); from_numpy and "
        f"tensor(ndarray) keep NumPy's dtype; a higher category (bool < int < float) wins; a "
        f"0-dim tensor or Python scalar of the same category does not widen the result",
        f"{p['expr']} -> {dtype}。规则：Python 浮点数使用默认数据类型 float32（笔记说 torch "
        f"默认是 64 位浮点数，其实不是）；from_numpy 和 tensor(ndarray) 保留 NumPy 的数据类型；"
        f"类别更高者胜出（bool < 整数 < 浮点）；同类别的 0 维张量或 Python 标量不会加宽结果类型",
    )
