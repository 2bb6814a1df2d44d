"""Flash-card checks for the notes' errors about optimizers: each proves live what torch does
where the source notes say otherwise (see each card's back for the notes' wording)."""

from __future__ import annotations

import inspect
import io
import math
from typing import Any

from quizapp.authoring import Params, Result, bi, f64, num, value

from .loop import run_steps


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
