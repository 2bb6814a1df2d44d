"""Output helpers shared by commands: strict JSON for scripts."""

from __future__ import annotations

import json
import math
from typing import Any

from quizapp.core.present import pad, width

__all__ = ["pad", "strict_json", "width"]


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

