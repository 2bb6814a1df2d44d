"""Small matrices given as nested lists: rectangular sampling, checks and display (pure Python)."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import fit, num, require


def rectangular(p: dict[str, Any], key: str, rng: random.Random, pool: list[Any]) -> None:
    """Cut or extend every row of p[key] to the first row's length (the specs draw each row's
    length on its own)."""
    rows = p[key]
    p[key] = [fit(row, len(rows[0]), rng, pool) for row in rows]


def check_matrix(m: Any, name: str) -> tuple[int, int]:
    """(rows, cols) of a non-empty rectangular matrix, else the params are refused."""
    require(isinstance(m, list) and len(m) > 0 and all(isinstance(r, list) for r in m),
            f"{name} must be a list of rows")
    cols = len(m[0])
    require(cols > 0 and all(len(r) == cols for r in m),
            f"the rows of {name} must all have the same, non-zero length")
    return len(m), cols


def column(m: list[list[Any]], j: int) -> list[Any]:
    return [row[j] for row in m]


def transpose(m: list[list[Any]]) -> list[list[Any]]:
    return [column(m, j) for j in range(len(m[0]))]


def show(m: Any) -> str:
    """A nested list with numbers as num() writes them (2 for 2.0), rows in brackets."""
    if isinstance(m, list):
        return "[" + ", ".join(show(v) for v in m) + "]"
    return str(m) if isinstance(m, bool) else num(m)
