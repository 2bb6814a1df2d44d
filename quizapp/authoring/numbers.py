"""Numbers as explanations show them: significant figures, signs inside sums, polynomials."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any


def num(x: Any, sig: int = 6) -> str:
    """A number with `sig` significant figures; whole numbers without a decimal point."""
    value = float(x)
    if not math.isfinite(value):
        return str(value)  # nan, inf, -inf
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))  # also turns -0.0 into 0
    return f"{value:.{sig}g}"


def short(x: Any) -> str:
    """4 significant figures: the precision of intermediate steps in a worked example."""
    return num(x, 4)


def factor(x: Any, sig: int = 6) -> str:
    """A number inside a product or after an operator: negatives in parentheses, 0.5·(-1.6)."""
    text = num(x, sig)
    return f"({text})" if text.startswith("-") else text


def term(x: Any, sig: int = 6, first: bool = False) -> str:
    """A number as a term of a sum: ` + 3`, ` - 3` (or `-3` as the first term)."""
    text = num(x, sig)
    if first:
        return text
    return f" - {text[1:]}" if text.startswith("-") else f" + {text}"


def total(values: Iterable[Any], sig: int = 6) -> str:
    """`a + b - c` from the terms, without `+ -`."""
    terms = list(values)
    if not terms:
        return "0"
    return term(terms[0], sig, first=True) + "".join(term(v, sig) for v in terms[1:])


def vec(values: Iterable[Any], sig: int = 4) -> str:
    """`[a, b, c]` with each number to `sig` significant figures."""
    return "[" + ", ".join(num(v, sig) for v in values) + "]"


def poly(coefficients: Sequence[Any], var: str = "x") -> str:
    """Python source of sum(c_i * x**i) with the highest power first, read as a person
    writes it: no `1 * x**3`, no `+ -3 * x**2`, no `0 * x`. `poly([0, -2, 0, -1])` is
    `-x**3 - 2*x`."""
    pieces = []
    for power in range(len(coefficients) - 1, -1, -1):
        c = float(coefficients[power])
        if c == 0:
            continue
        size = num(abs(c))
        if power == 0:
            body = size
        else:
            name = var if power == 1 else f"{var}**{power}"
            body = name if size == "1" else f"{size}*{name}"
        sign = "-" if c < 0 else "+"
        pieces.append((sign, body))
    if not pieces:
        return "0"
    first_sign, first = pieces[0]
    text = ("-" if first_sign == "-" else "") + first
    return text + "".join(f" {sign} {body}" for sign, body in pieces[1:])
