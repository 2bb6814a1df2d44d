"""Flash-card checks for the optim deck: each proves its card's claim in the running torch."""

from __future__ import annotations

import math
from typing import Any

from ._common import _f, run_steps
from .schedulers import scheduled_lrs

# ---- flash verifiers: each checks its card's claim in the running torch --------------------

def check_sgd_first_step_no_dampening(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    def make(ps: list) -> Any:
        return torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.5)

    bufs: list[float] = []

    def record(t: int, g: float, before: float, s: dict, after: float) -> str:
        bufs.append(s["momentum_buffer"])
        return ""

    run_steps(make, 1.0, [1.0, 1.0], device, record)
    ok = bufs == [1.0, 0.9 * 1.0 + 0.5 * 1.0]
    return ok, f"SGD(momentum=0.9, dampening=0.5), g = 1, 1: buf = {bufs} (not 0.5 at t=1)"


def check_nesterov_needs_zero_dampening(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    w = torch.zeros(1, dtype=torch.float64, device=device, requires_grad=True)
    try:
        torch.optim.SGD([w], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)
    except ValueError as exc:
        return True, f"ValueError: {exc}"
    return False, "SGD(nesterov=True, dampening=0.1) was accepted"


def check_adam_first_step_is_lr(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    moves = {g: run_steps(lambda ps: torch.optim.Adam(ps, lr=0.01), 0.0, [g], device,
                          lambda *_: "")[0] for g in (1000.0, 1.0, 0.001)}
    ok = all(math.isclose(m, -0.01, rel_tol=1e-4) for m in moves.values())
    return ok, "Adam(lr=0.01), first step from θ=0: " + ", ".join(
        f"g={g:g} → θ={_f(m)}" for g, m in moves.items())


def check_adamw_decoupled(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    def one(cls: Any) -> float:
        return run_steps(lambda ps: cls(ps, lr=0.1, weight_decay=0.01), 2.0, [0.0], device,
                         lambda *_: "")[0]

    adam, adamw = one(torch.optim.Adam), one(torch.optim.AdamW)
    ok = math.isclose(adamw, 2.0 * (1 - 0.1 * 0.01), rel_tol=1e-12) and abs(adam - 1.9) < 1e-6
    return ok, (f"θ=2, g=0, lr=0.1, weight_decay=0.01: AdamW → 2·(1-0.001) = {_f(adamw)}; "
                f"Adam → g = 0.01·2, 2 - 0.1·g/|g| = {_f(adam)}")


def check_scheduler_after_optimizer(p: dict, device: Any) -> tuple[bool, str]:
    import warnings

    import torch

    w = torch.zeros(1, dtype=torch.float64, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sched.step()
    hits = [str(c.message) for c in caught if "before `optimizer.step()`" in str(c.message)]
    return bool(hits), (hits[0][:120] + "…") if hits else "no warning"


def check_cosine_climbs_back(p: dict, device: Any) -> tuple[bool, str]:
    from torch.optim.lr_scheduler import CosineAnnealingLR

    lrs = scheduled_lrs(lambda o: CosineAnnealingLR(o, T_max=4), 0.1, 8, device)
    ok = math.isclose(lrs[4], 0, abs_tol=1e-12) and lrs[4] < lrs[5] < lrs[6] < lrs[8]
    ok = ok and math.isclose(lrs[8], 0.1, rel_tol=1e-9)
    return ok, "CosineAnnealingLR(lr=0.1, T_max=4), epochs 0..8: " + ", ".join(map(_f, lrs))


def check_zero_grad_none(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    w = torch.ones(2, dtype=torch.float64, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    (w * w).sum().backward()
    opt.zero_grad()
    return w.grad is None, f"after opt.zero_grad(): w.grad = {w.grad}"


def check_momentum_form(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    # Two steps with g = 1, lr 1.0 then 0.1: torch's buf = μ·buf + g; θ -= lr·buf gives
    # θ = -1 - 0.1·1.9 = -1.19; Sutskever's v = μ·v + lr·g; θ -= v gives -1 - (0.9 + 0.1) = -2.
    w = torch.zeros((), dtype=torch.float64, device=device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=1.0, momentum=0.9)
    for lr in (1.0, 0.1):
        opt.param_groups[0]["lr"] = lr
        w.grad = torch.ones((), dtype=torch.float64, device=device)
        opt.step()
    ok = math.isclose(w.item(), -1.19, rel_tol=1e-12)
    return ok, (f"lr 1.0 then 0.1, g = 1, μ = 0.9: θ = {_f(w.item())} "
                "(torch form: -1.19; lr inside v: -2)")
