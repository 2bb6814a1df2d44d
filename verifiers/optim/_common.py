"""Helpers shared by the optim verifiers: number formatting and a traced optimizer loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
