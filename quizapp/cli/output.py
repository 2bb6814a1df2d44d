"""Output helpers shared by commands: strict JSON for scripts."""

from __future__ import annotations

import json
import math
from typing import Any


def _finite(value: Any) -> Any:
    """NaN and infinities as the strings "NaN", "Infinity", "-Infinity": JSON has no such
    numbers, and a script reading our output must not choke on Python's extension."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def strict_json(data: Any) -> str:
    return json.dumps(_finite(data), ensure_ascii=False, allow_nan=False)


def width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int, left: bool = True) -> str:
    """`text` padded to `columns` terminal columns (on the right when `left`-aligned)."""
    gap = " " * max(0, columns - width(text))
    return text + gap if left else gap + text
