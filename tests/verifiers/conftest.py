"""Fixtures for verifier tests: each device there is, and a real study session for slips."""

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


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """A study session on a real app context, for typing answers the way a learner does."""
    import slipkit

    with slipkit.study_session(tmp_path_factory.mktemp("slips")) as s:
        yield s
