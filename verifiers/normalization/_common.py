"""Helpers shared by the normalization verifiers (torch is imported lazily)."""

from __future__ import annotations

from typing import Any

Params = dict[str, Any]
Result = tuple[Any, Any]

AXES = ("N", "C", "H", "W")


def _ex(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _f(x: float) -> str:
    return f"{x:.6g}"


def _p(x: float) -> str:
    """A number for use after a minus sign: negatives get parentheses."""
    return f"({_f(x)})" if x < 0 else _f(x)


def _num(t: Any) -> float:
    return float(t.detach().cpu())


def _t(values: list[float], device: Any) -> Any:
    import torch

    return torch.tensor(values, dtype=torch.float64, device=device)


def _column(values: list[float], device: Any) -> Any:
    """A batch of scalar samples shaped (N, 1) for BatchNorm1d(1)."""
    return _t(values, device).view(-1, 1)


def _bn(device: Any, momentum: float | None = 0.1, eps: float = 1e-5) -> Any:
    import torch
    from torch import nn

    return nn.BatchNorm1d(1, momentum=momentum, eps=eps).to(device, torch.float64)
