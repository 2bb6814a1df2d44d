"""Helpers for samplers: constrained redraws, probability rows, lists fitted to a length.

A sampler is `fn(p, rng) -> p`: it gets the parameters drawn from the card's specs and the
seeded `random.Random`, and returns them with its constraints met. Use only `rng`, so a
seed always gives the same question.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from quizapp.authoring.results import Invalid


def redraw(p: dict[str, Any], key: str, rng: random.Random,
           draw: Callable[[random.Random], Any], ok: Callable[[dict[str, Any]], bool],
           tries: int = 1000) -> dict[str, Any]:
    """Redraw p[key] with `draw(rng)` until `ok(p)` holds."""
    for _ in range(tries):
        if ok(p):
            return p
        p[key] = draw(rng)
    raise Invalid(f"no value of {key} met the card's constraint in {tries} draws")


def prob_row(rng: random.Random, k: int, decimals: int = 1) -> list[float]:
    """k strictly positive probabilities with `decimals` decimals that sum to exactly 1."""
    unit = 10**decimals
    cuts = sorted(rng.sample(range(1, unit), k - 1))
    return [round((b - a) / unit, decimals) for a, b in zip([0, *cuts], [*cuts, unit],
                                                            strict=True)]


def fit(values: list[Any], n: int, rng: random.Random, pool: list[Any]) -> list[Any]:
    """`values` cut or extended to length n, new items drawn from `pool`."""
    return (list(values) + [rng.choice(pool) for _ in range(n)])[:n]


def sizes(rng: random.Random, ndim: int, lo: int = 1, hi: int = 5) -> list[int]:
    """`ndim` random sizes in lo..hi: a shape."""
    return [rng.randint(lo, hi) for _ in range(ndim)]


def decimals(x: float, places: int = 2) -> float:
    """Rounded to `places`, and -0.0 made 0.0, as a parameter must show what is used."""
    return round(x, places) + 0.0
