"""Fixtures for verifier tests: each device there is, and the app's card runner for slips."""

from __future__ import annotations

import pytest


def _devices() -> list[str]:
    import torch

    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


@pytest.fixture(scope="session", autouse=True)
def one_thread():
    """Verifiers run torch on one thread, as the app's engine does: tiny tensors gain
    nothing from a pool, and on a busy machine a pool makes them many times slower."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


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
