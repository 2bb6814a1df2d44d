"""Pure-Python helpers shared by the conv verifiers (torch is imported lazily)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

Explain = str | dict[str, str]


# ---------------------------------------------------------------- helpers (pure Python)


def _conv_len(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """Output length of a conv window; samplers use it to reject empty outputs."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _bi(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


def _shape(t: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in t.shape)


def _zeros(shape: tuple[int, ...], device: Any) -> Any:
    import torch

    return torch.zeros(shape, dtype=torch.float64, device=device)


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence torch's note that even kernels with padding='same' copy the input (speed only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def _nparams(module: Any) -> int:
    return sum(int(t.numel()) for t in module.parameters())


def _seeded(*shape: int) -> Any:
    import torch

    return torch.randn(*shape, dtype=torch.float64, generator=torch.Generator().manual_seed(0))
