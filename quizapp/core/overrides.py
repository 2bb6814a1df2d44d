"""Parameters given by hand (`--param`, a card's tests) checked against the card's specs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from quizapp.core import params as P
from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _
from quizapp.core.limits import MAX_LIST


class ParamError(InvalidInput):
    """A parameter value the card cannot take; the message names the parameter."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def describe(spec: P.Spec) -> str:
    """What a spec admits, in the words of an error message."""
    if isinstance(spec, P.Const):
        return _("the fixed value {value}").format(value=P.show(spec.value))
    if isinstance(spec, P.Choice):
        options = ", ".join(P.show(o) for o in spec.options)
        if spec.admit:
            return _("one of {options} or a number in [{lo:g}, {hi:g}]").format(
                options=options, lo=spec.admit[0], hi=spec.admit[1])
        return _("one of {options}").format(options=options)
    if isinstance(spec, P.IntRange):
        if spec.admit:
            return _("an int in [{lo}, {hi}]").format(lo=spec.admit[0], hi=spec.admit[1])
        if spec.step > 1:
            return _("an int in [{lo}, {hi}] in steps of {step}").format(
                lo=spec.lo, hi=spec.hi, step=spec.step)
        return _("an int in [{lo}, {hi}]").format(lo=spec.lo, hi=spec.hi)
    if isinstance(spec, P.FloatRange):
        lo, hi = spec.admit or (spec.lo, spec.hi)
        return _("a number in [{lo:g}, {hi:g}]").format(lo=lo, hi=hi)
    return _("a list, each item {item}").format(item=describe(spec.item))


def _length_ok(spec: P.ListOf, n: int, params: Mapping[str, Any]) -> str | None:
    if spec.admit:
        lo, hi = spec.admit
        return None if lo <= n <= hi else _("{lo} to {hi} items").format(lo=lo, hi=hi)
    if isinstance(spec.length, tuple):
        lo, hi = spec.length
        return None if lo <= n <= hi else _("{lo} to {hi} items").format(lo=lo, hi=hi)
    if isinstance(spec.length, str):
        want = params.get(spec.length)
        if _is_int(want) and n != want:
            return _("{n} items (the value of {name})").format(n=want, name=spec.length)
        return None if n <= MAX_LIST else _("at most {n} items").format(n=MAX_LIST)
    return None if n == spec.length else _("{n} items").format(n=spec.length)


def _expected(spec: P.Spec, got: str) -> str:
    return _("expected {what}, {got}").format(what=describe(spec), got=got)


def check(spec: P.Spec, value: Any, params: Mapping[str, Any]) -> str | None:
    """Why `value` does not fit `spec` ('expected ..., got ...'), or None when it does."""
    shown = repr(P.show(value)) if isinstance(value, str) else str(P.show(value))
    got = _("got {value}").format(value=shown[:73] + "..." if len(shown) > 76 else shown)
    if why := P.bounded(value):
        return f"{why}"
    if isinstance(spec, P.Choice):
        admitted = spec.admit is not None and _is_number(value) and math.isfinite(value) \
            and spec.admit[0] <= value <= spec.admit[1]
        return None if admitted or any(_same(value, o) for o in spec.options) else \
            _expected(spec, got)
    if isinstance(spec, P.IntRange):
        if spec.admit:
            ok = _is_int(value) and spec.admit[0] <= value <= spec.admit[1]
        else:
            ok = _is_int(value) and spec.lo <= value <= spec.hi and \
                (value - spec.lo) % spec.step == 0
        return None if ok else _expected(spec, got)
    if isinstance(spec, P.FloatRange):
        lo, hi = spec.admit or (spec.lo, spec.hi)
        ok = _is_number(value) and math.isfinite(value) and lo <= value <= hi
        return None if ok else _expected(spec, got)
    if isinstance(spec, P.ListOf):
        if not isinstance(value, list):
            return _expected(spec, got)
        if length := _length_ok(spec, len(value), params):
            return _("expected a list of {length}, got {n}").format(length=length, n=len(value))
        for i, item in enumerate(value):
            if why := check(spec.item, item, params):
                return _("item {i}: {why}").format(i=i, why=why)
        return None
    return None if _same(value, spec.value) else _expected(spec, got)


def _same(a: Any, b: Any) -> bool:
    """Equal as parameters: 2 and 2.0 are the same number, True and 1 are not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return (bool(a == b) and type(a) is type(b)) or (_is_number(a) and _is_number(b) and a == b)


def apply(specs: Mapping[str, P.Spec], sampled: dict[str, Any], given: Mapping[str, Any],
          fixed_ok: bool = False) -> dict[str, Any]:
    """`sampled` with `given` laid over it, every given value checked against its spec.

    A fixed parameter (a constant, or a placeholder the card's sampler fills) cannot be
    overridden from the command line; a card's own tests may set it (`fixed_ok`).
    """
    merged = dict(sampled)
    for name, value in given.items():
        if name not in specs:
            known = ", ".join(n for n, s in specs.items() if not isinstance(s, P.Const))
            raise ParamError((_("--param {name}: the card has no such parameter (it has "
                               "{known})") if known else _(
                "--param {name}: the card has no such parameter")).format(name=name, known=known))
        spec = specs[name]
        if isinstance(spec, P.Const) and not fixed_ok:
            if _same(value, spec.value):
                continue
            raise ParamError(_("--param {name}: fixed by the card (derived from the other "
                               "parameters), so it cannot be set").format(name=name))
        if isinstance(spec, P.Const):
            why = P.bounded(value)
        else:
            # A list length may refer to another parameter: check against the merged values.
            why = check(spec, value, {**merged, **given})
        if why:
            raise ParamError(_("--param {name}: {why}").format(name=name, why=why))
        merged[name] = value
    return merged
