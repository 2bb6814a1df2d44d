"""Pure-Python helpers shared by the tensors verifiers (torch is imported lazily)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Params = dict[str, Any]
Result = tuple[Any, Any]


def _ex(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _zeros(shape: list[int], device: Any) -> Any:
    import torch

    return torch.zeros(shape, dtype=torch.float64, device=device)


def _shape(t: Any) -> tuple[int, ...]:
    return tuple(int(s) for s in t.shape)


def _sizes(rng: random.Random, ndim: int, lo: int = 1, hi: int = 5) -> list[int]:
    return [rng.randint(lo, hi) for _ in range(ndim)]


@contextmanager
def _default_dtype(dtype: Any) -> Iterator[None]:
    # The card states PyTorch's out-of-the-box default (float32); pin it so that a
    # process-wide torch.set_default_dtype elsewhere cannot change the answer.
    import torch

    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(old)
