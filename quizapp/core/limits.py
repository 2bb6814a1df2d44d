"""Ceilings that keep any deck, parameter or typed answer from exhausting the machine.

They are documented in the README; built-in and custom decks obey the same ones.
"""

from __future__ import annotations

MAX_INT = 10**6  # bounds of an int parameter spec and of any int given with --param
MAX_FLOAT = 1e12  # bounds of a float parameter (absolute value)
MAX_LIST = 1000  # items in a list parameter, at any nesting level
MAX_TEXT = 2000  # characters in a string parameter
MAX_ELEMENTS = 10**7  # elements in any one tensor a verifier creates (80 MB of float64)
MAX_STEPS = 100_000  # iterations of a loop a verifier runs through authoring.steps()
MAX_ANSWER_CHARS = 4000  # a typed answer longer than this is refused, not parsed
MAX_ANSWER_ITEMS = 10_000  # numbers in a typed shape or tensor answer
MAX_DIGITS = 400  # digits in one typed number (int() of a 5000-digit string is slow)
TIME_LIMIT_S = 10.0  # one call of deck author code
WORKER_MEMORY_MB = 2048  # address space a verifier call may add to the worker's baseline


def _env_number(name: str, default: float) -> float:
    import os

    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def time_limit() -> float:
    """Seconds one call of author code may take (QUIZAPP_TIME_LIMIT_S overrides)."""
    return _env_number("QUIZAPP_TIME_LIMIT_S", TIME_LIMIT_S)


def worker_memory_mb() -> int:
    """Memory the worker may use above its baseline (QUIZAPP_WORKER_MEMORY_MB overrides)."""
    return int(_env_number("QUIZAPP_WORKER_MEMORY_MB", WORKER_MEMORY_MB))
