"""Memory sharing (views, copies, from_numpy) and the dtypes torch ops return."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._common import Params, Result, _default_dtype, _ex

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
