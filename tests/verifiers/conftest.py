"""Fixtures for verifier tests: every verifier test runs on each device there is."""

from __future__ import annotations

import pytest


def _devices() -> list[str]:
    import torch

    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


@pytest.fixture(scope="session", params=_devices())
def device(request):
    """Every verifier test runs on the CPU, and on CUDA where a GPU exists."""
    import torch

    return torch.device(request.param)
