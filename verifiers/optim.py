"""Verifiers for the optim deck: real torch.optim steps and LR schedulers, traced step by step."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Any

# Optimizer cards: one scalar parameter theta (a 0-d float64 tensor on the device); for each
# given gradient we set theta.grad and call opt.step(), exactly as a training loop would.
# The explanation prints torch's own optimizer state (exp_avg, momentum_buffer, ...) after
# each step, so the worked numbers are the ones torch used.
# Scheduler cards: the real scheduler on a dummy optimizer, stepped `epoch` times (each
# scheduler.step() after an optimizer.step(), the order torch expects); the answer is
# optimizer.param_groups[0]["lr"].

Trace = Callable[[int, float, float, dict[str, float], float], str]


def _f(x: float) -> str:
    return f"{x:.6g}"


def _p(x: float) -> str:
    """A factor in a product: negatives in parentheses, so `0.5·(-1.6)` reads right."""
    return f"({_f(x)})" if x < 0 else _f(x)


def run_steps(make: Callable[[list], Any], theta: float, grads: list[float], device: Any,
              trace: Trace) -> tuple[float, str]:
    """Step a real optimizer over `grads`; return theta after the last step and the trace."""
    import torch

    p = torch.tensor(theta, dtype=torch.float64, device=device, requires_grad=True)
    opt = make([p])
    lines = []
    for t, g in enumerate(grads, start=1):
        before = p.item()
        p.grad = torch.tensor(g, dtype=torch.float64, device=device)
        opt.step()
        state = {k: float(v) for k, v in opt.state[p].items()}
        lines.append(trace(t, g, before, state, p.item()))
    return p.item(), "\n".join(lines)


def _decayed(g: float, wd: float, theta: float) -> str:
    return f"g = {_f(g)}" if not wd else f"g = {_f(g)} + {wd}·{_p(theta)} = {_f(g + wd * theta)}"


# ---- samplers ---------------------------------------------------------------------------

def sample_sgd(p: dict, rng: random.Random) -> dict:
    """torch rejects nesterov=True unless momentum > 0 and dampening == 0."""
    return {**p, "dampening": 0.0} if p["nesterov"] else p


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


# ---- optimizers ---------------------------------------------------------------------------

def sgd_momentum_step(p: dict, device: Any) -> tuple[float, str]:
    import torch

    lr, mu, d, nes, wd = p["lr"], p["momentum"], p["dampening"], p["nesterov"], p["weight_decay"]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> str:
        buf = s["momentum_buffer"]
        how = "buf = g (first step: no dampening)" if t == 1 else f"buf = {mu}·buf + (1-{d})·g"
        upd = f"g + {mu}·buf = {_f(g + wd * before + mu * buf)}" if nes else "buf"
        return (f"t={t}: {_decayed(g, wd, before)}; {how} = {_f(buf)}; "
                f"θ = {_f(before)} - {lr}·{upd} = {_f(after)}")

    return run_steps(lambda ps: torch.optim.SGD(ps, lr=lr, momentum=mu, dampening=d,
                                                nesterov=nes, weight_decay=wd),
                     p["theta"], p["grads"], device, trace)


def _adam_trace(p: dict, decoupled: bool) -> Trace:
    lr, b1, b2, eps, wd = p["lr"], p["beta1"], p["beta2"], p["eps"], p["weight_decay"]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> str:
        m, v = s["exp_avg"], s["exp_avg_sq"]
        mh, vh = m / (1 - b1**t), v / (1 - b2**t)
        if decoupled:
            start, grad = f"{_f(before)}·(1-{lr}·{wd})", f"g = {_f(g)}"
        else:
            start, grad = _f(before), _decayed(g, wd, before)
        return (f"t={t}: {grad}; m = {b1}·m + {_f(1 - b1)}·g = {_f(m)}; "
                f"v = {b2}·v + {_f(1 - b2)}·g² = {_f(v)}; m̂ = m/(1-{b1}^{t}) = {_f(mh)}; "
                f"v̂ = v/(1-{b2}^{t}) = {_f(vh)}; θ = {start} - {lr}·m̂/(√v̂+{eps}) = {_f(after)}")

    return trace


def adam_step(p: dict, device: Any) -> tuple[float, str]:
    import torch

    return run_steps(lambda ps: torch.optim.Adam(ps, lr=p["lr"], betas=(p["beta1"], p["beta2"]),
                                                 eps=p["eps"], weight_decay=p["weight_decay"]),
                     p["theta"], p["grads"], device, _adam_trace(p, decoupled=False))


def adamw_step(p: dict, device: Any) -> tuple[float, str]:
    import torch

    return run_steps(lambda ps: torch.optim.AdamW(ps, lr=p["lr"], betas=(p["beta1"], p["beta2"]),
                                                  eps=p["eps"], weight_decay=p["weight_decay"]),
                     p["theta"], p["grads"], device, _adam_trace(p, decoupled=True))


def adam_first_step_delta(p: dict, device: Any) -> tuple[float, str]:
    import torch

    lr, eps, g = p["lr"], p["eps"], p["grad"]
    theta, _ = run_steps(lambda ps: torch.optim.Adam(ps, lr=lr, eps=eps), 0.0, [g], device,
                         lambda *_: "")
    return theta, (f"t=1: m̂ = g = {g}, v̂ = g² → Δθ = -lr·g/(|g|+ε) = "
                   f"-{lr}·{g}/({abs(g)}+{eps}) = {_f(theta)}")


def decay_zero_grad_step(p: dict, device: Any) -> tuple[float, str]:
    import torch

    name, lr, wd, theta = p["optimizer"], p["lr"], p["weight_decay"], p["theta"]
    after, _ = run_steps(lambda ps: getattr(torch.optim, name)(ps, lr=lr, weight_decay=wd),
                         theta, [0.0], device, lambda *_: "")
    if name == "Adam":
        g = wd * theta
        how = (f"g = 0 + {wd}·{theta} = {_f(g)}; m̂ = g, v̂ = g² → "
               f"θ = {theta} - {lr}·g/(|g|+1e-8) = {_f(after)}")
    elif name == "AdamW":
        how = f"θ·(1-{lr}·{wd}) = {_f(after)}; the Adam part is 0/(0+ε) = 0"
    else:
        how = f"θ - {lr}·({wd}·θ) = {theta}·(1-{lr}·{wd}) = {_f(after)}"
    return after, how


def rmsprop_step(p: dict, device: Any) -> tuple[float, str]:
    import torch

    lr, alpha, eps, mu, centered = p["lr"], p["alpha"], p["eps"], p["momentum"], p["centered"]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> str:
        v = s["square_avg"]
        parts = [f"t={t}: g = {_f(g)}", f"v = {alpha}·v + {_f(1 - alpha)}·g² = {_f(v)}"]
        if centered:
            ga = s["grad_avg"]
            parts.append(f"ḡ = {alpha}·ḡ + {_f(1 - alpha)}·g = {_f(ga)}")
            parts.append(f"ṽ = v - ḡ² = {_f(v - ga**2)}")
            v -= ga**2
        if mu:
            parts.append(f"buf = {mu}·buf + g/(√ṽ+ε) = {_f(s['momentum_buffer'])}; "
                         f"θ = {_f(before)} - {lr}·buf = {_f(after)}")
        else:
            parts.append(f"θ = {_f(before)} - {lr}·g/(√{_f(v)}+{eps}) = {_f(after)}")
        return "; ".join(parts)

    return run_steps(lambda ps: torch.optim.RMSprop(ps, lr=lr, alpha=alpha, eps=eps, momentum=mu,
                                                    centered=centered),
                     p["theta"], p["grads"], device, trace)


def adagrad_step(p: dict, device: Any) -> tuple[float, str]:
    import torch

    lr, decay, acc0, eps = p["lr"], p["lr_decay"], p["initial_accumulator_value"], p["eps"]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> str:
        clr = lr / (1 + (t - 1) * decay)
        return (f"t={t}: lr_t = {lr}/(1+{t - 1}·{decay}) = {_f(clr)}; "
                f"sum = sum + g² = {_f(s['sum'])}; "
                f"θ = {_f(before)} - {_f(clr)}·{_p(g)}/(√{_f(s['sum'])}+{eps}) = {_f(after)}")

    return run_steps(lambda ps: torch.optim.Adagrad(ps, lr=lr, lr_decay=decay, eps=eps,
                                                    initial_accumulator_value=acc0),
                     p["theta"], p["grads"], device, trace)


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
