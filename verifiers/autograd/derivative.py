"""The derivative autograd computes for a scalar function of one scalar leaf."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizapp.authoring import f64, value

Fn = Callable[[Any], Any]


def grad_at(fn: Fn, x0: float, device: Any) -> float:
    """x.grad after fn(x).backward(), for a float64 leaf x = x0 on `device`."""
    x = f64(x0, device, requires_grad=True)
    fn(x).backward()
    return value(x.grad)
