"""Flash-card checks for the optim deck: each proves its card's claim in the running torch and
says what it saw in a sentence (shown as "verified live: ...")."""

from __future__ import annotations

import inspect
import io
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
            f"SGD(nesterov=True, dampening=0.1) raised ValueError: {exc}",
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


# ---- the notes' errors ------------------------------------------------------------------

def check_no_optimizer_step_count(p: Params, device: Any) -> Result:
    import torch

    w = f64([1.0], device, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10)
    for _ in range(3):
        w.grad = f64([1.0], device)
        opt.step()
        sched.step()
    step = value(opt.state[w]["step"])
    ok = not hasattr(opt, "_step_count") and step == 3 and sched._step_count == 4
    return ok, bi(f"after 3 training steps the Adam optimizer has no _step_count attribute "
                  f"(hasattr: {hasattr(opt, '_step_count')}); state[w]['step'] is {num(step)} "
                  f"and the scheduler's own _step_count is {sched._step_count}.",
                  f"训练 3 步之后，Adam 优化器没有 _step_count 属性（hasattr 为 "
                  f"{hasattr(opt, '_step_count')}）；state[w]['step'] 为 {num(step)}，"
                  f"调度器自己的 _step_count 为 {sched._step_count}。")


def check_weight_decay_not_everywhere(p: Params, device: Any) -> Result:
    import torch

    refused = []
    for name in ("LBFGS", "Rprop", "SparseAdam"):
        cls = getattr(torch.optim, name)
        if "weight_decay" in inspect.signature(cls).parameters:
            continue
        w = f64([1.0], device, requires_grad=True)
        try:
            cls([w], weight_decay=0.01)
        except TypeError:
            refused.append(name)
    takes = [n for n in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad")
             if "weight_decay" in inspect.signature(getattr(torch.optim, n)).parameters]
    ok = len(refused) == 3 and len(takes) == 5
    return ok, bi(f"{', '.join(refused)} raised TypeError when given weight_decay=0.01, while "
                  f"{', '.join(takes)} all take it.",
                  f"给 {', '.join(refused)} 传 weight_decay=0.01 都抛出了 TypeError，"
                  f"而 {', '.join(takes)} 都接受这个参数。")


def check_rmsprop_has_momentum(p: Params, device: Any) -> Result:
    import torch

    keys: list[str] = []
    theta, _ = run_steps(lambda ps: torch.optim.RMSprop(ps, lr=0.01, momentum=0.9), 1.0,
                         [1.0, 1.0], device, lambda t, g, b, s, a: keys.extend(s) or "")
    plain, _ = run_steps(lambda ps: torch.optim.RMSprop(ps, lr=0.01), 1.0, [1.0, 1.0], device)
    ok = "momentum_buffer" in keys and theta < plain
    return ok, bi(f"RMSprop(momentum=0.9) kept a momentum_buffer and, with gradients 1, 1, "
                  f"reached θ = {num(theta)} where plain RMSprop reached {num(plain)}.",
                  f"RMSprop(momentum=0.9) 保存了 momentum_buffer；依次用梯度 1、1 更新后 "
                  f"θ = {num(theta)}，而不带动量的 RMSprop 为 {num(plain)}。")


def check_sgd_lr_default(p: Params, device: Any) -> Result:
    import torch

    default = inspect.signature(torch.optim.SGD).parameters["lr"].default
    w = f64([1.0], device, requires_grad=True)
    opt = torch.optim.SGD([w])
    got = opt.param_groups[0]["lr"]
    ok = math.isclose(float(default), 0.001) and math.isclose(got, 0.001)
    return ok, bi(f"torch {torch.__version__}: SGD([w]) without lr was accepted and uses "
                  f"lr = {num(got)}.",
                  f"torch {torch.__version__} 中，不传 lr 的 SGD([w]) 可以正常创建，"
                  f"使用 lr = {num(got)}。")


def check_adadelta_has_lr(p: Params, device: Any) -> Result:
    import torch

    def move(lr: float) -> float:
        return 1.0 - run_steps(lambda ps: torch.optim.Adadelta(ps, lr=lr), 1.0, [1.0], device)[0]

    moves = {lr: move(lr) for lr in (1.0, 0.5)}
    default = inspect.signature(torch.optim.Adadelta).parameters["lr"].default
    ok = default == 1.0 and math.isclose(moves[0.5], moves[1.0] / 2, rel_tol=1e-12)
    return ok, bi(f"Adadelta's lr defaults to {num(default)}; its first step moved θ by "
                  f"{num(moves[1.0])} with lr=1.0 and by {num(moves[0.5])} with lr=0.5, "
                  "exactly half.",
                  f"Adadelta 的 lr 默认为 {num(default)}；第一步在 lr=1.0 时让 θ 移动 "
                  f"{num(moves[1.0])}，在 lr=0.5 时移动 {num(moves[0.5])}，正好一半。")


def check_resume_needs_optimizer_state(p: Params, device: Any) -> Result:
    import torch

    def train(opt: Any, w: Any, grads: list[float]) -> None:
        for g in grads:
            w.grad = f64([g], device)
            opt.step()

    w = f64([1.0], device, requires_grad=True)
    opt = torch.optim.Adam([w], lr=0.1)
    train(opt, w, [2.0, 1.0])
    buffer = io.BytesIO()
    torch.save({"optimizer_state_dict": opt.state_dict(), "w": w.detach().clone()}, buffer)
    train(opt, w, [-1.0])
    straight = value(w)
    buffer.seek(0)
    ckpt = torch.load(buffer, weights_only=True)
    results = {}
    for restore in (True, False):
        w2 = ckpt["w"].clone().requires_grad_()
        opt2 = torch.optim.Adam([w2], lr=0.1)
        if restore:
            opt2.load_state_dict(ckpt["optimizer_state_dict"])
        train(opt2, w2, [-1.0])
        results[restore] = value(w2)
    as_in_the_notes = {"optimize_statr_dict": opt.state_dict()}
    try:
        as_in_the_notes["optimizer_state_dict"]
        typo = False
    except KeyError:
        typo = True
    ok = typo and results[True] == straight and not math.isclose(results[False], straight)
    return ok, bi(f"after 2 Adam steps (g = 2, 1), the third (g = -1) gave θ = {num(straight)}; "
                  "resumed from "
                  f"the checkpoint with optimizer.load_state_dict it gave {num(results[True])}, "
                  f"and with a fresh optimizer {num(results[False])}; a checkpoint saved under "
                  "'optimize_statr_dict' raised KeyError when read as "
                  "checkpoint['optimizer_state_dict'].",
                  f"Adam 训练 2 步（g = 2、1）后，第 3 步（g = -1）得到 θ = {num(straight)}；"
                  "从检查点恢复并调用 "
                  f"optimizer.load_state_dict 后得到 {num(results[True])}，换一个新的优化器则"
                  f"得到 {num(results[False])}；以 'optimize_statr_dict' 保存的检查点在读取 "
                  "checkpoint['optimizer_state_dict'] 时抛出了 KeyError。")
