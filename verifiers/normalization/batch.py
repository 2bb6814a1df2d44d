"""A one-feature BatchNorm1d fed a column of scalar samples, and batch statistics by hand."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import f64, layer


def batchnorm1d(device: Any, momentum: float | None = 0.1, eps: float = 1e-5,
                track: bool = True) -> Any:
    """nn.BatchNorm1d(1) in float64 on `device`, in training mode (as a fresh layer is)."""
    from torch import nn

    return layer(nn.BatchNorm1d(1, eps=eps, momentum=momentum, track_running_stats=track),
                 device)


def column(values: list[float], device: Any) -> Any:
    """A batch of scalar samples shaped (N, 1), the input BatchNorm1d(1) expects."""
    return f64([float(v) for v in values], device).view(-1, 1)


def mean_and_squares(x: list[float]) -> tuple[float, float]:
    """The mean of x and the sum of squared deviations from it (the variance's numerator)."""
    mean = sum(x) / len(x)
    return mean, sum((v - mean) ** 2 for v in x)
