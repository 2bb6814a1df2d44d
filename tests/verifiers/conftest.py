"""Fixtures for verifier tests: each device there is, and the app's card runner for slips."""

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


@pytest.fixture(scope="session")
def runner():
    """The app's card runner, for typing answers the way a learner does."""
    import deckkit

    return deckkit.runner()
