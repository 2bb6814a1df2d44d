"""Fixtures for the scheduler evaluation: the shipped simulator, loaded from data/ by path."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIMULATED_LOG = ROOT / "data" / "simulated-learner.csv"


def load_simulator() -> ModuleType:
    """data/simulate.py is a script, not a package module: import it from its file."""
    if "quizapp_simulate" not in sys.modules:
        spec = importlib.util.spec_from_file_location("quizapp_simulate",
                                                      ROOT / "data" / "simulate.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["quizapp_simulate"] = module  # dataclasses look their module up here
        spec.loader.exec_module(module)
    return sys.modules["quizapp_simulate"]


@pytest.fixture(scope="session")
def simulator() -> ModuleType:
    return load_simulator()
