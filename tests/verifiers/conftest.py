"""Fixtures for verifier tests: load a built-in verifier module by path, on each device."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    """Load a verifier exactly as the app does: a module file or a package folder."""
    from quizapp.verify.loader import load_module

    folder = ROOT / "verifiers" / name
    return load_module(folder if folder.is_dir() else folder.with_suffix(".py"))


@pytest.fixture(scope="session")
def load_verifier():
    """`load_verifier("conv")` -> the module verifiers/conv.py, loaded as the app loads it."""
    cache: dict[str, ModuleType] = {}

    def get(name: str) -> ModuleType:
        if name not in cache:
            cache[name] = _load(name)
        return cache[name]

    return get


def _devices() -> list[str]:
    import torch

    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


@pytest.fixture(scope="session", params=_devices())
def device(request):
    """Every verifier test runs on the CPU, and on CUDA where a GPU exists."""
    import torch

    return torch.device(request.param)
