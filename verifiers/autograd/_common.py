"""Helpers shared by the autograd verifiers (torch is imported lazily)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Params = dict[str, Any]
Result = tuple[Any, Any]
Fn = Callable[[Any], Any]


def _ex(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _f(x: float) -> str:
    return f"{x:.6g}"


def _p(x: float) -> str:
    """A number for use inside a formula: negatives get parentheses."""
    return f"({_f(x)})" if x < 0 else _f(x)


def _leaf(value: float | list[float], device: Any) -> Any:
    import torch

    return torch.tensor(value, dtype=torch.float64, device=device, requires_grad=True)


def _grad_at(fn: Fn, x0: float, device: Any) -> float:
    x = _leaf(x0, device)
    fn(x).backward()
    return float(x.grad)
