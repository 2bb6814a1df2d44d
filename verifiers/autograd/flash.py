"""Flash-card checks for the autograd deck: each proves its card's claim in torch."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, f64, num, ones, quiet, vec


def check_grads_accumulate(p: Params, device: Any) -> Result:
    x = f64(3.0, device, requires_grad=True)
    (x * x).backward()
    first = float(x.grad)
    (x * x).backward()
    second = float(x.grad)
    x.grad = None  # what optimizer.zero_grad() does by default (set_to_none=True)
    (x * x).backward()
    third = float(x.grad)
    ok = (first, second, third) == (6.0, 12.0, 6.0)
    return ok, bi(f"x = 3, y = x*x: x.grad is {num(first)} after one backward, {num(second)} "
                  f"after two, and {num(third)} again after x.grad = None",
                  f"x = 3，y = x*x：一次 backward 后 x.grad 为 {num(first)}，两次后为 "
                  f"{num(second)}（梯度累加），执行 x.grad = None 后再算一次又是 {num(third)}")


def check_nonleaf_grad_none(p: Params, device: Any) -> Result:
    x = f64(2.0, device, requires_grad=True)
    y = x * 3
    z = x * 5
    z.retain_grad()
    (y * z).backward()
    with quiet():  # reading a non-leaf's .grad warns, which is the point
        y_grad = y.grad
    ok = y_grad is None and z.grad is not None and float(x.grad) == 60.0
    return ok, bi(f"y = 3*x, z = 5*x with x = 2, (y*z).backward(): y.grad = {y_grad}; with "
                  f"z.retain_grad(), z.grad = {num(float(z.grad))}; the leaf's "
                  f"x.grad = {num(float(x.grad))}",
                  f"x = 2，y = 3*x，z = 5*x，执行 (y*z).backward()：y.grad = {y_grad}；调用过 "
                  f"z.retain_grad() 的 z.grad = {num(float(z.grad))}；叶子张量的 "
                  f"x.grad = {num(float(x.grad))}")


def check_scalar_backward_only(p: Params, device: Any) -> Result:
    x = f64([1.0, 2.0], device, requires_grad=True)
    y = x * x
    try:
        y.backward()
        raised = ""
    except RuntimeError as err:
        raised = str(err).splitlines()[0]
    y.backward(gradient=ones(y.shape, device))
    ok = "scalar outputs" in raised and x.grad.tolist() == [2.0, 4.0]
    grads = vec(x.grad.tolist())
    return ok, bi(f"y = x*x with two elements: y.backward() raises RuntimeError ({raised}); "
                  f"y.backward(torch.ones_like(y)) gives x.grad = {grads}",
                  f"有两个元素的 y = x*x：y.backward() 报 RuntimeError（只有标量输出才能隐式"
                  f"创建梯度）；y.backward(torch.ones_like(y)) 得到 x.grad = {grads}")


def check_leaf_inplace(p: Params, device: Any) -> Result:
    import torch

    w = f64([1.0, 2.0], device, requires_grad=True)
    try:
        w.add_(1)
        raised = ""
    except RuntimeError as err:
        raised = str(err).splitlines()[0]
    with torch.no_grad():
        w.add_(1)  # allowed: this is how optimizers update parameters
    plain = f64([1.0, 2.0], device)
    plain.add_(1)  # a leaf that does not require grad: nothing to protect
    ok = ("leaf Variable" in raised and w.tolist() == [2.0, 3.0] and w.is_leaf
          and plain.tolist() == [2.0, 3.0] and plain.is_leaf)
    return ok, bi(f"w.add_(1) on a leaf with requires_grad=True raises RuntimeError "
                  f"({raised}); inside torch.no_grad() it works: w = {vec(w.tolist())}; a leaf "
                  f"without requires_grad takes add_(1) freely: {vec(plain.tolist())}",
                  f"对 requires_grad=True 的叶子张量执行 w.add_(1) 会报 RuntimeError（需要梯度的"
                  f"叶子张量不能做原地操作）；在 torch.no_grad() 中可以执行：w = "
                  f"{vec(w.tolist())}；不需要梯度的叶子张量可以随意 add_(1)："
                  f"{vec(plain.tolist())}")


def check_detach_shares_memory(p: Params, device: Any) -> Result:
    x = f64([1.0, 2.0], device, requires_grad=True)
    d = x.detach()
    d.zero_()
    ok = x.tolist() == [0.0, 0.0] and not d.requires_grad and d.data_ptr() == x.data_ptr()
    return ok, bi(f"after x.detach().zero_(): x = {vec(x.tolist())} (same storage); the "
                  f"detached tensor has requires_grad={d.requires_grad}",
                  f"执行 x.detach().zero_() 之后：x = {vec(x.tolist())}（共享同一块存储）；"
                  f"detach 得到的张量 requires_grad={d.requires_grad}")
