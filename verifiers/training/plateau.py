"""ReduceLROnPlateau: the real scheduler stepped on a list of losses, traced step by step."""

from __future__ import annotations

import math
import random
from typing import Any

from quizapp.authoring import Params, Result, Slip, bi, finite, join, num, require, steps, zeros

THRESHOLD = 1e-4  # the defaults the card states: threshold_mode="rel", cooldown=0, min_lr=0
EPS = 1e-8
TRACE_ALL = 12  # longer runs show only the steps that change the learning rate


def sample_plateau(p: Params, rng: random.Random) -> Params:
    """A loss curve with real improvements, flat steps, worse steps and improvements too
    small to pass the 1e-4 relative threshold, shown with 5 decimals."""
    best = round(rng.uniform(0.5, 2.5), 5)
    losses = [best]
    for _ in range(rng.randint(5, 10) - 1):
        r = rng.random()
        if r < 0.3:
            new = best * (1 - rng.uniform(0.02, 0.15))
        elif r < 0.45:
            new = best * (1 - rng.uniform(1e-5, 8e-5))  # below the threshold
        elif r < 0.65:
            new = best
        else:
            new = best * (1 + rng.uniform(0.0, 0.1))
        new = round(new, 5) + 0.0
        losses.append(new)
        best = min(best, new)
    return {**p, "losses": losses}


def _check(p: Params) -> None:
    require(p["lr"] >= 0, "the learning rate must be >= 0")
    require(0 <= p["factor"] < 1, "ReduceLROnPlateau needs 0 <= factor < 1 (a factor of 1 or "
                                  "more would never reduce the learning rate)")
    require(p["patience"] >= 0, "patience must be >= 0")
    require(all(math.isfinite(x) for x in p["losses"]), "every loss must be a finite number")


def reduce_lr_on_plateau(p: Params, device: Any) -> Result:
    import torch
    from torch.optim.lr_scheduler import ReduceLROnPlateau

    _check(p)
    lr, factor, patience, losses = p["lr"], p["factor"], p["patience"], p["losses"]
    w = zeros((1,), device).requires_grad_(True)
    opt = torch.optim.SGD([w], lr=lr)
    sched = ReduceLROnPlateau(opt, mode="min", factor=factor, patience=patience)
    lines, changes = [], []
    for step, loss in zip(steps(len(losses), "scheduler steps"), losses, strict=True):
        best, old = sched.best, float(opt.param_groups[0]["lr"])
        bar = best * (1 - THRESHOLD)
        sched.step(loss)
        new = float(opt.param_groups[0]["lr"])
        line = _trace(step + 1, loss, best, bar, sched, old, new, patience, factor)
        lines.append(line)
        if sched.num_bad_epochs == 0 and not loss < bar:
            changes.append(line)
    shown = lines if len(lines) <= TRACE_ALL else changes
    head = bi(f"mode='min', threshold=1e-4 ('rel'): a loss counts as better only when it is "
              f"below best·(1 - 1e-4); after more than patience = {patience} bad steps in a "
              f"row the lr is multiplied by factor = {num(factor)} and the count restarts "
              "(a change of at most eps = 1e-8 is skipped)",
              f"mode='min'，threshold=1e-4（'rel'）：loss 低于 best·(1 - 1e-4) 才算变好；"
              f"连续坏轮数超过 patience = {patience} 时学习率乘以 factor = {num(factor)}，"
              "计数清零（变化不超过 eps = 1e-8 时不更新）")
    final = float(opt.param_groups[0]["lr"])
    tail = bi(f"lr after {len(losses)} steps: {num(final)}",
              f"{len(losses)} 步之后的学习率：{num(final)}")
    if not shown:
        shown = [bi("no step reduced the learning rate", "没有任何一步降低学习率")]
    return final, join([head, *shown, tail])


def _trace(step: int, loss: float, best: float, bar: float, sched: Any, old: float,
           new: float, patience: int, factor: float) -> dict[str, str]:
    if math.isinf(best):
        return bi(f"step {step}: loss {num(loss)} is the first value: best = {num(loss)}",
                  f"第 {step} 步：loss {num(loss)} 是第一个值，best = {num(loss)}")
    if loss < bar:
        en = f"step {step}: loss {num(loss)} < best·(1 - 1e-4) = {num(bar, 8)}: new best"
        zh = f"第 {step} 步：loss {num(loss)} < best·(1 - 1e-4) = {num(bar, 8)}，刷新 best"
        if best < 0 and loss >= best:
            en += " (best < 0 puts this bar above best, so a slightly worse loss counts)"
            zh += "（best < 0 时这条线在 best 之上，略差的 loss 也算变好）"
        return bi(en, zh)
    en = f"step {step}: loss {num(loss)} >= {num(bar, 8)}: not better"
    zh = f"第 {step} 步：loss {num(loss)} >= {num(bar, 8)}，没有变好"
    if sched.num_bad_epochs:
        return bi(f"{en}, {sched.num_bad_epochs} bad", f"{zh}，坏轮数 {sched.num_bad_epochs}")
    if new != old:
        return bi(f"{en}, {patience + 1} bad > patience {patience}: lr {num(old)}·{num(factor)} "
                  f"= {num(new)}, count reset",
                  f"{zh}，坏轮数 {patience + 1} > patience {patience}：学习率 {num(old)}·"
                  f"{num(factor)} = {num(new)}，计数清零")
    return bi(f"{en}, {patience + 1} bad > patience {patience}, but {num(old)} - "
              f"{num(old * factor)} <= eps = 1e-8: lr stays {num(old)}, count reset",
              f"{zh}，坏轮数 {patience + 1} > patience {patience}，但 {num(old)} - "
              f"{num(old * factor)} <= eps = 1e-8：学习率保持 {num(old)}，计数清零")


# ---- slips: the schedule replayed with one rule read wrongly ----------------------------------


def _replay(p: Params, better: Any = None, at_patience: bool = False,
            keep_eps: bool = True, reset: bool = True) -> float:
    lr, best, bad = p["lr"], math.inf, 0
    for loss in p["losses"]:
        improved = better(loss, best) if better else loss < best * (1 - THRESHOLD)
        if improved:
            best, bad = loss, 0
        else:
            bad += 1
        if (bad >= p["patience"] and bad > 0) if at_patience else bad > p["patience"]:
            new = max(lr * p["factor"], 0.0)
            if not keep_eps or lr - new > EPS:
                lr = new
            if reset:
                bad = 0
    return lr


def reduce_lr_on_plateau_slips(p: Params) -> list[Slip]:
    return finite([
        Slip("reduced-at-patience", _replay(p, at_patience=True),
             "cut the lr after exactly patience bad steps: torch waits until the count "
             "exceeds patience",
             "坏轮数刚等于 patience 就降了学习率：torch 要等计数超过 patience"),
        Slip("threshold-sign", _replay(
            p, better=lambda a, b: b == math.inf or a < b - abs(b) * THRESHOLD),
             "used best - |best|·1e-4: torch compares with best·(1 - 1e-4), which lies "
             "above best when best < 0",
             "用了 best - |best|·1e-4：torch 比较的是 best·(1 - 1e-4)，best < 0 时它在 best 之上"),
        Slip("threshold-ignored", _replay(p, better=lambda a, b: a < b),
             "counted any decrease as an improvement: it must beat best·(1 - 1e-4)",
             "把任何下降都当成变好：必须低于 best·(1 - 1e-4) 才算"),
        Slip("count-not-reset", _replay(p, reset=False),
             "kept counting after a cut: the bad-step count restarts from 0 after each "
             "reduction",
             "降学习率后没有把计数清零：每次降低之后坏轮数从 0 重新计"),
        Slip("eps-ignored", _replay(p, keep_eps=False),
             "kept shrinking a tiny lr: a change of at most eps = 1e-8 is skipped",
             "把很小的学习率继续往下降：变化不超过 eps = 1e-8 时不更新"),
    ])
