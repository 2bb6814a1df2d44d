"""LR scheduler cards: the real scheduler on a dummy optimizer, stepped epoch by epoch."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from ._common import _f

# Scheduler cards: the real scheduler on a dummy optimizer, stepped `epoch` times (each
# scheduler.step() after an optimizer.step(), the order torch expects); the answer is
# optimizer.param_groups[0]["lr"].

# ---- samplers ---------------------------------------------------------------------------

def sample_cosine(p: dict, rng: random.Random) -> dict:
    """eta_min below lr; mostly epochs within one half-period, sometimes past T_max."""
    p = dict(p)
    if p["eta_min"] >= p["lr"]:
        p["eta_min"] = 0.0
    t_max = p["T_max"]
    p["epoch"] = rng.randint(0, t_max) if rng.random() < 0.8 else rng.randint(t_max + 1, 2 * t_max)
    return p


def sample_multistep(p: dict, rng: random.Random) -> dict:
    """Milestones as the docs expect them: strictly increasing."""
    return {**p, "milestones": sorted(set(p["milestones"]))}


def sample_onecycle(p: dict, rng: random.Random) -> dict:
    """pct_start·total_steps a whole number (a human-friendly phase end); step in range."""
    p = dict(p)
    n = p["total_steps"]
    pcts = [x for x in (0.25, 0.3, 0.5) if abs(x * n - round(x * n)) < 1e-9]
    p["pct_start"] = rng.choice(pcts)
    p["step"] = rng.randint(0, p["total_steps"] - 1)
    return p


# ---- LR schedulers ------------------------------------------------------------------------

def scheduled_lrs(make: Callable[[Any], Any], lr: float, epochs: int, device: Any) -> list[float]:
    """lr after 0, 1, ..., `epochs` calls of scheduler.step() on a real dummy optimizer."""
    import torch

    dummy = torch.zeros(1, dtype=torch.float64, device=device, requires_grad=True)
    # momentum so that OneCycleLR's default cycle_momentum=True has something to cycle
    opt = torch.optim.SGD([dummy], lr=lr, momentum=0.9)
    sched = make(opt)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(epochs):
        opt.step()  # no grad: a no-op, but keeps torch's optimizer-before-scheduler order
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return [float(x) for x in lrs]


def step_lr(p: dict, device: Any) -> tuple[float, str]:
    from torch.optim.lr_scheduler import StepLR

    lr, size, gamma, epoch = p["lr"], p["step_size"], p["gamma"], p["epoch"]
    ans = scheduled_lrs(lambda o: StepLR(o, step_size=size, gamma=gamma), lr, epoch, device)[-1]
    k = epoch // size
    return ans, f"lr = {lr}·{gamma}^⌊{epoch}/{size}⌋ = {lr}·{gamma}^{k} = {_f(ans)}"


def multistep_lr(p: dict, device: Any) -> tuple[float, str]:
    from torch.optim.lr_scheduler import MultiStepLR

    lr, ms, gamma, epoch = p["lr"], p["milestones"], p["gamma"], p["epoch"]
    ans = scheduled_lrs(lambda o: MultiStepLR(o, milestones=ms, gamma=gamma), lr, epoch,
                        device)[-1]
    passed = [m for m in ms if m <= epoch]
    return ans, f"milestones ≤ {epoch}: {passed} → lr = {lr}·{gamma}^{len(passed)} = {_f(ans)}"


def exponential_lr(p: dict, device: Any) -> tuple[float, str]:
    from torch.optim.lr_scheduler import ExponentialLR

    lr, gamma, epoch = p["lr"], p["gamma"], p["epoch"]
    ans = scheduled_lrs(lambda o: ExponentialLR(o, gamma=gamma), lr, epoch, device)[-1]
    return ans, f"lr = {lr}·{gamma}^{epoch} = {_f(ans)}"


def cosine_annealing_lr(p: dict, device: Any) -> tuple[float, str]:
    from torch.optim.lr_scheduler import CosineAnnealingLR

    lr, t_max, eta_min, epoch = p["lr"], p["T_max"], p["eta_min"], p["epoch"]
    ans = scheduled_lrs(lambda o: CosineAnnealingLR(o, T_max=t_max, eta_min=eta_min), lr,
                        epoch, device)[-1]
    note = " (past T_max the cosine climbs back up)" if epoch > t_max else ""
    return ans, (f"lr = {eta_min} + ({lr}-{eta_min})·(1+cos(π·{epoch}/{t_max}))/2"
                 f" = {_f(ans)}{note}")


def onecycle_lr(p: dict, device: Any) -> tuple[float, str]:
    from torch.optim.lr_scheduler import OneCycleLR

    top, total, pct, step = p["max_lr"], p["total_steps"], p["pct_start"], p["step"]
    div, final, how = p["div_factor"], p["final_div_factor"], p["anneal_strategy"]
    ans = scheduled_lrs(lambda o: OneCycleLR(o, max_lr=top, total_steps=total, pct_start=pct,
                                             anneal_strategy=how, div_factor=div,
                                             final_div_factor=final), top, step, device)[-1]
    start, peak = top / div, pct * total - 1
    if step <= peak:
        phase = f"warm-up {_f(start)} → {top} over steps 0..{_f(peak)}: frac = {step}/{_f(peak)}"
    else:
        phase = (f"anneal {top} → {_f(start / final)} over steps {_f(peak)}..{total - 1}: "
                 f"frac = ({step}-{_f(peak)})/({total - 1}-{_f(peak)})")
    shape = "a + (b-a)·frac" if how == "linear" else "b + (a-b)·(1+cos(π·frac))/2"
    return ans, f"initial lr = {top}/{div} = {_f(start)}; {phase}; lr = {shape} = {_f(ans)}"
