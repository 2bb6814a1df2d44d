"""Flash-card checks for the autograd deck: each proves its card's claim in torch."""

from __future__ import annotations

from typing import Any

from ._common import Params, Result, _ex, _leaf

# ---- flash-card checks -------------------------------------------------------------------


def check_grads_accumulate(p: Params, device: Any) -> Result:
    x = _leaf(3.0, device)
    (x * x).backward()
    first = float(x.grad)
    (x * x).backward()
    second = float(x.grad)
    x.grad = None  # what optimizer.zero_grad() does by default (set_to_none=True)
    (x * x).backward()
    ok = (first, second, float(x.grad)) == (6.0, 12.0, 6.0)
    return ok, _ex(f"x=3, y=x*x: grad {first} after one backward, {second} after two, "
                   f"{float(x.grad)} again after x.grad = None",
                   f"x=3，y=x*x：一次 backward 后梯度为 {first}，两次后为 {second}，"
                   f"x.grad = None 之后再算为 {float(x.grad)}")


def check_nonleaf_grad_none(p: Params, device: Any) -> Result:
    import warnings

    x = _leaf(2.0, device)
    y = x * 3
    z = x * 5
    z.retain_grad()
    (y * z).backward()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading a non-leaf's .grad warns, which is the point
        y_grad = y.grad
    ok = y_grad is None and z.grad is not None and float(x.grad) == 60.0
    return ok, _ex(f"y.grad = {y_grad}; with z.retain_grad(): z.grad = {float(z.grad)}; "
                   f"x.grad = {float(x.grad)}",
                   f"y.grad = {y_grad}；调用 z.retain_grad() 后 z.grad = {float(z.grad)}；"
                   f"x.grad = {float(x.grad)}")


def check_scalar_backward_only(p: Params, device: Any) -> Result:
    import torch

    x = _leaf([1.0, 2.0], device)
    y = x * x
    try:
        y.backward()
        raised = ""
    except RuntimeError as err:
        raised = str(err).splitlines()[0]
    y.backward(gradient=torch.ones_like(y))
    ok = bool(raised) and x.grad.tolist() == [2.0, 4.0]
    return ok, _ex(f"y.backward() -> RuntimeError: {raised}; y.backward(torch.ones_like(y)) "
                   f"-> x.grad = {x.grad.tolist()}",
                   f"y.backward() -> RuntimeError：{raised}；y.backward(torch.ones_like(y)) "
                   f"-> x.grad = {x.grad.tolist()}")


def check_leaf_inplace(p: Params, device: Any) -> Result:
    import torch

    x = _leaf([1.0, 2.0], device)
    try:
        x.add_(1)
        raised = ""
    except RuntimeError as err:
        raised = str(err).splitlines()[0]
    with torch.no_grad():
        x.add_(1)  # allowed: this is how optimizers update parameters
    ok = bool(raised) and x.tolist() == [2.0, 3.0] and x.is_leaf
    return ok, _ex(f"x.add_(1) -> RuntimeError: {raised}; inside torch.no_grad() it works: "
                   f"x = {x.tolist()}",
                   f"x.add_(1) -> RuntimeError：{raised}；在 torch.no_grad() 中可以执行："
                   f"x = {x.tolist()}")


def check_detach_shares_memory(p: Params, device: Any) -> Result:
    x = _leaf([1.0, 2.0], device)
    d = x.detach()
    d.zero_()
    ok = (x.tolist() == [0.0, 0.0] and not d.requires_grad and d.data_ptr() == x.data_ptr())
    return ok, _ex(f"after x.detach().zero_(): x = {x.tolist()}; detached requires_grad = "
                   f"{d.requires_grad}",
                   f"执行 x.detach().zero_() 之后：x = {x.tolist()}；detach 结果的 requires_grad = "
                   f"{d.requires_grad}")
