"""torch made easy for verifiers: float64 tensors on the chosen device, shapes, counts.

torch is imported inside each function: quizapp imports verifier modules (and so this kit)
before torch is loaded, to sample a question while PyTorch starts.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def f64(values: Any, device: Any, requires_grad: bool = False) -> Any:
    """torch.tensor(values) in float64 on `device` (so CPU and CUDA answers agree)."""
    import torch

    return torch.tensor(values, dtype=torch.float64, device=device, requires_grad=requires_grad)


def zeros(shape: Any, device: Any) -> Any:
    import torch

    return torch.zeros(tuple(shape), dtype=torch.float64, device=device)


def ones(shape: Any, device: Any) -> Any:
    import torch

    return torch.ones(tuple(shape), dtype=torch.float64, device=device)


def randn(*shape: int, device: Any = "cpu", seed: int = 0) -> Any:
    """Reproducible N(0, 1) values: drawn on the CPU from a seeded generator, then moved, so
    every device gets the same numbers."""
    import torch

    generator = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, dtype=torch.float64, generator=generator).to(device)


def layer(module: Any, device: Any) -> Any:
    """An nn.Module moved to `device` in float64."""
    import torch

    return module.to(device, torch.float64)


def shape_of(t: Any) -> tuple[int, ...]:
    return tuple(int(d) for d in t.shape)


def count_params(module: Any, trainable_only: bool = False) -> int:
    return sum(int(t.numel()) for t in module.parameters()
               if t.requires_grad or not trainable_only)


def value(t: Any) -> float:
    """A 0-d (or one-element) tensor as a Python float."""
    return float(t.detach().cpu().reshape(()).item())


def as_list(t: Any) -> Any:
    """A tensor as nested Python lists (the form of a `tensor` answer)."""
    return t.detach().cpu().tolist()


@contextmanager
def quiet(category: type[Warning] = UserWarning) -> Iterator[None]:
    """Silence warnings torch raises about what the card asks on purpose."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category)
        yield


@contextmanager
def default_dtype(dtype: Any) -> Iterator[None]:
    """Pin torch's default dtype for a card that states the out-of-the-box default."""
    import torch

    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(old)
