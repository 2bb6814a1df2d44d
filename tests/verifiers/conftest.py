"""Fixtures for verifier tests: load a built-in verifier module by path, on each device."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    path = ROOT / "verifiers" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_test_verifier_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


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
