"""Turn what a verifier returned (ints, floats, tensors, torch.Size) into plain values."""

from __future__ import annotations

from typing import Any

from quizapp.core.deck import Card


def _scalar(raw: Any) -> Any:
    # A 0-d or one-element tensor (or numpy scalar) becomes a Python number.
    if hasattr(raw, "item") and callable(raw.item):
        if getattr(raw, "numel", lambda: 1)() != 1:
            raise ValueError(f"expected one value, got a tensor of shape {tuple(raw.shape)}")
        return raw.item()
    return raw


def normalize(card: Card, raw: Any) -> Any:
    """The canonical value for the card's answer type, or ValueError/TypeError."""
    kind = card.answer or "bool"
    if kind == "shape":
        dims = tuple(raw)
        if not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims):
            raise ValueError(f"a shape must be non-negative ints, got {raw!r:.60}")
        return dims
    value = _scalar(raw)
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError(f"expected True/False, got {value!r:.60}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise ValueError(f"expected an integer, got {value!r:.60}")
        return int(value)
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"expected a number, got {value!r:.60}")
        return float(value)
    if kind == "choice":
        options = [c.en for c in card.choices]
        if value not in options:
            raise ValueError(f"{value!r:.60} is not one of the card's choices")
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r:.60}")
    return value
