"""Helpers the training deck's modules share: a seeded RNG, list indices, context snippets."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from quizapp.authoring import Params

# How a question's code enters each autograd context: (first line, indent of the body).
CONTEXTS = {
    "none": ("", ""),
    "no_grad": ("with torch.no_grad():\n", "    "),
    "inference_mode": ("with torch.inference_mode():\n", "    "),
}
WHERE = {  # the context in a sentence: (English, Chinese)
    "none": ("", ""),
    "no_grad": (" inside torch.no_grad()", "（在 torch.no_grad() 里）"),
    "inference_mode": (" inside torch.inference_mode()", "（在 torch.inference_mode() 里）"),
}


def guard(context: str) -> Any:
    """The context manager a `context` parameter names (a no-op for "none")."""
    import torch

    return {"none": torch.enable_grad, "no_grad": torch.no_grad,
            "inference_mode": torch.inference_mode}[context]()


@contextmanager
def seeded(device: Any, seed: int = 0) -> Iterator[None]:
    """torch's global RNG seeded for one card, then restored (CPU and the card's GPU)."""
    import torch

    gpus = [device] if getattr(device, "type", str(device)) == "cuda" else []
    with torch.random.fork_rng(devices=gpus):
        torch.manual_seed(seed)
        yield


def sample_index(p: Params, rng: random.Random) -> Params:
    """`index` drawn inside the card's list parameter (its first list-valued one)."""
    items = next(v for v in p.values() if isinstance(v, list))
    return {**p, "index": rng.randrange(len(items))}


def index_in(items: list[Any], i: int, what: str) -> None:
    """Refuse an index outside the list (0-based)."""
    from quizapp.authoring import require

    require(0 <= i < len(items), f"index {i} is outside the {len(items)} {what} "
                                 f"(0-based: 0 to {len(items) - 1})")
