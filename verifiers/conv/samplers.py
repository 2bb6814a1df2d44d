"""Samplers of the conv deck: they redraw until every question has an answer (pure Python)."""

from __future__ import annotations

import random

from quizapp.authoring import Params, redraw

from .lengths import conv_len, transpose_len


def sample_conv2d(p: Params, rng: random.Random) -> Params:
    """Redraw H and W until the conv output is at least 1x1."""
    k, s, pad, d = p["kernel_size"], p["stride"], p["padding"], p["dilation"]
    for key in ("H", "W"):
        redraw(p, key, rng, lambda r: r.randint(5, 64),
               lambda q, key=key: conv_len(q[key], k, s, pad, d) >= 1)
    return p


def sample_conv1d(p: Params, rng: random.Random) -> Params:
    """Redraw L until the output is at least one step long."""
    return redraw(p, "L", rng, lambda r: r.randint(8, 100),
                  lambda q: conv_len(q["L"], q["kernel_size"], q["stride"], q["padding"],
                                     q["dilation"]) >= 1)


def sample_transpose(p: Params, rng: random.Random) -> Params:
    """output_padding below the stride or the dilation, and a non-empty output."""
    p["output_padding"] = rng.randrange(max(p["stride"], p["dilation"]))
    s, pad, d, k = p["stride"], p["padding"], p["dilation"], p["kernel_size"]
    while transpose_len(p["H"], k, s, pad, 0, d) < 1:
        p["H"] += 1  # at most a few steps: padding <= 2 and the kernel spans >= 2
    return p


def sample_same_padding(p: Params, rng: random.Random) -> Params:
    """A symmetric integer padding exists only when d*(k-1) is even."""
    return redraw(p, "kernel_size", rng, lambda r: r.choice([3, 5, 7]),
                  lambda q: q["dilation"] * (q["kernel_size"] - 1) % 2 == 0)


def common_divisors(c_in: int, c_out: int, smallest: int = 1, largest: int = 16) -> list[int]:
    """The groups nn.Conv2d accepts for these channel counts (both must be divisible)."""
    return [g for g in range(smallest, largest + 1) if c_in % g == 0 and c_out % g == 0]


def sample_groups(p: Params, rng: random.Random) -> Params:
    """groups among the common divisors of C_in and C_out (nn.Conv2d requires it)."""
    p["groups"] = rng.choice(common_divisors(p["C_in"], p["C_out"]))
    return p


def sample_real_groups(p: Params, rng: random.Random) -> Params:
    """Like sample_groups, but groups >= 2 (every pair of the cards' channel choices has one)."""
    p["groups"] = rng.choice(common_divisors(p["C_in"], p["C_out"], smallest=2))
    return p
