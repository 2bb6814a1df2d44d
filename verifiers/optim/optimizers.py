"""Optimizer cards: real torch.optim steps (SGD, Adam, AdamW, RMSprop, Adagrad), traced."""

from __future__ import annotations

import random
from typing import Any

from ._common import Trace, _decayed, _f, _p, run_steps

# Optimizer cards: one scalar parameter theta (a 0-d float64 tensor on the device); for each
# given gradient we set theta.grad and call opt.step(), exactly as a training loop would.
# The explanation prints torch's own optimizer state (exp_avg, momentum_buffer, ...) after
# each step, so the worked numbers are the ones torch used.

# ---- samplers ---------------------------------------------------------------------------

def sample_sgd(p: dict, rng: random.Random) -> dict:
    """torch rejects nesterov=True unless momentum > 0 and dampening == 0."""
    return {**p, "dampening": 0.0} if p["nesterov"] else p


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
