"""The optim deck's traced loops: a real optimizer stepped over given gradients, and a real
LR scheduler stepped epoch by epoch, with torch's own state read back after every step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizapp.authoring import Explain, f64, factor, join, num, steps, value

# trace(t, g, theta_before, state, theta_after) -> one worked line (bilingual or a formula)
Trace = Callable[[int, float, float, dict[str, float], float], "Explain | str"]


def run_steps(make: Callable[[list], Any], theta: float, grads: list[float], device: Any,
              trace: Trace | None = None) -> tuple[float, Explain]:
    """Step a real optimizer over `grads` on one float64 scalar; theta after the last step,
    and one traced line per step built from torch's own optimizer state."""
    p = f64(theta, device, requires_grad=True)
    opt = make([p])
    lines: list[Explain | str] = []
    for i in steps(len(grads), "gradients"):
        before = value(p)
        p.grad = f64(grads[i], device)
        opt.step()
        state = {k: float(v) for k, v in opt.state[p].items()}
        if trace is not None:
            lines.append(trace(i + 1, grads[i], before, state, value(p)))
    return value(p), join(lines)


def decayed(g: float, wd: float, theta: float) -> str:
    """`g = 1.5 + 0.1·(-2) = 1.3`: weight decay added to the gradient (L2), as a true chain."""
    if not wd:
        return f"g = {num(g)}"
    return f"g = {num(g)} + {num(wd)}·{factor(theta)} = {num(g + wd * theta)}"


def scheduled_lrs(make: Callable[[Any], Any], lr: float, epochs: int, device: Any,
                  groups: list[dict] | None = None) -> list[list[float]]:
    """Every param group's lr after 0, 1, ..., `epochs` calls of scheduler.step(), on a real
    SGD optimizer (momentum, so that OneCycleLR has a momentum to cycle). Each
    scheduler.step() follows an optimizer.step(), the order torch expects."""
    import torch

    dummy = [f64([0.0], device, requires_grad=True) for _ in groups or [{}]]
    spec = [{"params": [d], **g} for d, g in zip(dummy, groups or [{}], strict=True)]
    opt = torch.optim.SGD(spec, lr=lr, momentum=0.9)
    sched = make(opt)
    history = [[float(g["lr"]) for g in opt.param_groups]]
    for _ in steps(epochs, "epochs"):
        opt.step()  # no gradients: changes nothing, but keeps torch's order of calls
        sched.step()
        history.append([float(g["lr"]) for g in opt.param_groups])
    return history


def final_lr(make: Callable[[Any], Any], lr: float, epochs: int, device: Any) -> float:
    """Group 0's lr after `epochs` calls of scheduler.step()."""
    return scheduled_lrs(make, lr, epochs, device)[-1][0]
