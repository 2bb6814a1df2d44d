"""Derive hooks: the code a question shows, written from its numbers as a person writes it."""

from __future__ import annotations

from quizapp.authoring import Params, poly, term


def shifted(name: str, minus: float) -> str:
    """`x - 2`, `x + 2` or just `x`: name - minus, without `- -2` or `- 0`."""
    return name + term(-minus) if minus else name


def derive_poly(p: Params) -> Params:
    """y = a*x**3 + b*x**2 + c*x without `1 * x**3 + -3 * x**2 + 0 * x`; all zero is `0 * x`
    (a bare 0 would be a Python int, with no backward)."""
    text = poly([0, p["c"], p["b"], p["a"]])
    return {**p, "poly_code": "0 * x" if text == "0" else text}


def derive_inner(p: Params) -> Params:
    """u = a*x + b for the chain-rule card."""
    return {**p, "inner_code": poly([p["b"], p["a"]])}


def derive_diff(p: Params) -> Params:
    """x - c for the sum-of-squares card."""
    return {**p, "diff_code": shifted("x", p["c"])}


def derive_residual(p: Params) -> Params:
    """out - t for the linear-layer card."""
    return {**p, "residual_code": shifted("out", p["t"])}


def derive_vector(p: Params) -> Params:
    """y = x**2 + c*x for the non-scalar backward card."""
    return {**p, "y_code": poly([0, p["c"], 1])}
