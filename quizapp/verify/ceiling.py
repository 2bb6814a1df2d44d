"""The tensor-size ceiling: no verifier creates a tensor of more than MAX_ELEMENTS elements.

A TorchFunctionMode sees every torch call a verifier makes. Factory calls (zeros, ones,
empty, full, rand, randn, arange, linspace) are refused before they allocate; every
other result is checked after the call. Built-in and custom decks obey the same ceiling.
"""

from __future__ import annotations

import math
from typing import Any

from quizapp.core.limits import MAX_ELEMENTS


class TooLarge(Exception):
    """A tensor beyond the ceiling; the message says how large."""


def _count(shape: Any) -> int | None:
    try:
        if len(shape) == 1 and isinstance(shape[0], list | tuple):
            shape = shape[0]
        return math.prod(int(d) for d in shape)
    except (TypeError, ValueError, OverflowError):
        return None


def _predicted(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int | None:
    """The element count a factory call would allocate, where it can be told in advance."""
    if name in {"zeros", "ones", "empty", "rand", "randn"}:
        return _count(kwargs.get("size", args))
    if name == "full":
        return _count(args[:1] and args[0])
    if name in {"randint"} and args:
        return _count(args[-1]) if isinstance(args[-1], list | tuple) else None
    if name == "linspace":
        steps = kwargs.get("steps", args[2] if len(args) > 2 else None)
        return int(steps) if isinstance(steps, int) else None
    if name == "arange":
        numbers = [a for a in args if isinstance(a, int | float)]
        if not numbers:
            return None
        start, end, step = (0, numbers[0], 1) if len(numbers) == 1 else [*numbers, 1][:3]
        try:
            return max(0, math.ceil((end - start) / step))
        except (ZeroDivisionError, OverflowError, ValueError):
            return None
    return None


def _mode_class() -> type:
    from torch.overrides import TorchFunctionMode

    class _Mode(TorchFunctionMode):
        def __torch_function__(self, func: Any, types: Any, args: tuple[Any, ...] = (),
                               kwargs: dict[str, Any] | None = None) -> Any:
            kwargs = kwargs or {}
            name = getattr(func, "__name__", "")
            n = _predicted(name, args, kwargs)
            if n is not None and n > MAX_ELEMENTS:
                raise TooLarge(f"asked for a tensor of {n:,} elements; the limit is "
                               f"{MAX_ELEMENTS:,}")
            result = func(*args, **kwargs)
            numel = getattr(result, "numel", None)
            if callable(numel) and getattr(result, "is_meta", False) is False:
                try:
                    size = int(numel())
                except (TypeError, RuntimeError):
                    return result
                if size > MAX_ELEMENTS:
                    raise TooLarge(f"made a tensor of {size:,} elements; the limit is "
                                   f"{MAX_ELEMENTS:,}")
            return result

    return _Mode


class Ceiling:
    """`with Ceiling(): fn()` runs fn under the ceiling (torch must be imported)."""

    _cls: type | None = None

    def __enter__(self) -> Ceiling:
        if Ceiling._cls is None:
            Ceiling._cls = _mode_class()
        self._mode = Ceiling._cls()
        self._mode.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._mode.__exit__(*exc)
