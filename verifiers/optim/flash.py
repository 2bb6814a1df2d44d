"""Flash-card checks for the optim deck: each proves its card's claim in the running torch and
says what it saw in a sentence (shown as "verified live: ...")."""

from __future__ import annotations

import math
import warnings
from typing import Any

from quizapp.authoring import Params, Result, bi, f64, num, value, vec

from .loop import run_steps, scheduled_lrs


def check_sgd_first_step_no_dampening(p: Params, device: Any) -> Result:
    import torch

    bufs: list[float] = []
    run_steps(lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5), 1.0,
              [1.0, 1.0], device, lambda t, g, b, s, a: bufs.append(s["momentum_buffer"]) or "")
    ok = bufs == [1.0, 0.9 * 1.0 + 0.5 * 1.0]
    return ok, bi(f"SGD(momentum=0.9, dampening=0.5) with gradients 1, 1 kept buffers "
                  f"{vec(bufs)}: the first is g itself, not (1 - 0.5)·g = 0.5.",
                  f"SGD(momentum=0.9, dampening=0.5) 依次用梯度 1、1 更新，缓冲为 {vec(bufs)}："
                  "第一个就是 g 本身，而不是 (1 - 0.5)·g = 0.5。")


def check_nesterov_needs_zero_dampening(p: Params, device: Any) -> Result:
    import torch

    w = f64([0.0], device, requires_grad=True)
    try:
        torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)
    except ValueError as exc:
        return "Nesterov" in str(exc), bi(
            f"SGD(nesterov=True, dampening=0.1) raised ValueError: \"{exc}\".",
            "SGD(nesterov=True, dampening=0.1) 抛出了 ValueError，"
            "提示 Nesterov 动量要求 momentum > 0 且 dampening = 0。")
    return False, bi("SGD(nesterov=True, dampening=0.1) was accepted.",
                     "SGD(nesterov=True, dampening=0.1) 没有报错。")


def check_adam_first_step_is_lr(p: Params, device: Any) -> Result:
    import torch

    moves = {g: run_steps(lambda ps: torch.optim.Adam(ps, lr=0.01), 0.0, [g], device)[0]
             for g in (1000.0, 1.0, 0.001)}
    ok = all(math.isclose(m, -0.01, rel_tol=1e-4) for m in moves.values())
    seen = ", ".join(f"g = {num(g)} → θ = {num(m)}" for g, m in moves.items())
    return ok, bi(f"one Adam(lr=0.01) step from θ = 0 gave {seen}: about -lr every time.",
                  f"从 θ = 0 出发做一步 Adam(lr=0.01)：{seen}，每次都约为 -lr。")


def check_adamw_decoupled(p: Params, device: Any) -> Result:
    import torch

    def one(cls: Any) -> float:
        return run_steps(lambda ps: cls(ps, lr=0.1, weight_decay=0.01), 2.0, [0.0], device)[0]

    adam, adamw = one(torch.optim.Adam), one(torch.optim.AdamW)
    ok = math.isclose(adamw, 2.0 * (1 - 0.1 * 0.01), rel_tol=1e-12) and abs(adam - 1.9) < 1e-6
    return ok, bi(f"from θ = 2 with a zero gradient, lr = 0.1 and weight_decay = 0.01, AdamW "
                  f"gave 2·(1 - 0.1·0.01) = {num(adamw)} while Adam gave 2 - 0.1·g/|g| = "
                  f"{num(adam)}.",
                  f"θ = 2、梯度为 0、lr = 0.1、weight_decay = 0.01 时，AdamW 得到 "
                  f"2·(1 - 0.1·0.01) = {num(adamw)}，而 Adam 得到 2 - 0.1·g/|g| = {num(adam)}。")


def check_scheduler_after_optimizer(p: Params, device: Any) -> Result:
    import torch

    w = f64([0.0], device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sched.step()  # the wrong order: the scheduler before any optimizer.step()
    used = opt.param_groups[0]["lr"]  # what the first optimizer.step() would now use
    warned = any("optimizer.step()" in str(c.message) for c in caught)
    ok = warned and math.isclose(used, 0.01)
    return ok, bi(f"calling scheduler.step() before optimizer.step() made torch warn, and the "
                  f"first epoch would then train with lr = {num(used)} instead of 0.1: the "
                  "schedule's first value was skipped.",
                  f"先调用 scheduler.step() 再调用 optimizer.step() 时 torch 发出了警告，"
                  f"而且第一个 epoch 会用 lr = {num(used)} 而不是 0.1 训练："
                  "调度的第一个值被跳过了。")


def check_cosine_climbs_back(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import CosineAnnealingLR

    lrs = [h[0] for h in scheduled_lrs(lambda o: CosineAnnealingLR(o, T_max=4), 0.1, 8, device)]
    ok = math.isclose(lrs[4], 0, abs_tol=1e-12) and lrs[4] < lrs[5] < lrs[6] < lrs[8]
    ok = ok and math.isclose(lrs[8], 0.1, rel_tol=1e-9)
    seen = vec([x + 0.0 if abs(x) > 1e-15 else 0.0 for x in lrs])
    return ok, bi(f"CosineAnnealingLR(lr=0.1, T_max=4) gave lr {seen} over epochs 0 to 8: "
                  "down to 0 at epoch 4, back to 0.1 at epoch 8.",
                  f"CosineAnnealingLR(lr=0.1, T_max=4) 在第 0 到 8 个 epoch 的 lr 为 {seen}："
                  "第 4 个 epoch 降到 0，第 8 个 epoch 回到 0.1。")


def check_zero_grad_none(p: Params, device: Any) -> Result:
    import torch

    w = f64([1.0, 1.0], device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    opt.zero_grad()
    return w.grad is None, bi(f"after opt.zero_grad(), w.grad is {w.grad}.",
                              f"调用 opt.zero_grad() 之后，w.grad 为 {w.grad}。")


def check_momentum_form(p: Params, device: Any) -> Result:
    import torch

    # g = 1 twice, lr 1.0 then 0.1, μ = 0.9: torch's buf = μ·buf + g, θ -= lr·buf gives
    # -1 - 0.1·1.9 = -1.19; Sutskever's v = μ·v + lr·g, θ -= v gives -1 - (0.9 + 0.1) = -2.
    w = f64(0.0, device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=1.0, momentum=0.9)
    for lr in (1.0, 0.1):
        opt.param_groups[0]["lr"] = lr
        w.grad = f64(1.0, device)
        opt.step()
    ok = math.isclose(value(w), -1.19, rel_tol=1e-12)
    return ok, bi(f"with g = 1 twice, μ = 0.9 and lr 1.0 then 0.1, torch ended at θ = "
                  f"{num(value(w))}, the lr-outside form (-1 - 0.1·1.9 = -1.19), not -2.",
                  f"g 两次为 1、μ = 0.9、lr 先 1.0 后 0.1 时，torch 得到 θ = {num(value(w))}，"
                  "即 lr 乘在缓冲外面的结果（-1 - 0.1·1.9 = -1.19），而不是 -2。")
