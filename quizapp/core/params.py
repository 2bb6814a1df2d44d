"""Declarative parameter specs, seeded sampling, and `{name}` template rendering."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from quizapp.core.i18n import _
from quizapp.core.limits import MAX_FLOAT, MAX_INT, MAX_LIST, MAX_TEXT

Value = Any  # a plain YAML value: int, float, str, bool, None, or lists of those


@dataclass(frozen=True)
class Const:
    value: Value


# `admit`: a wider range than the one sampled, that --param and a card's tests may use (the
# edge cases a learner asks about, without making every sampled question an edge case).


@dataclass(frozen=True)
class Choice:
    options: tuple[Value, ...]
    admit: tuple[float, float] | None = None  # numbers in this range are admitted too


@dataclass(frozen=True)
class IntRange:
    lo: int
    hi: int
    step: int = 1
    admit: tuple[int, int] | None = None


@dataclass(frozen=True)
class FloatRange:
    lo: float
    hi: float
    decimals: int = 2
    admit: tuple[float, float] | None = None


@dataclass(frozen=True)
class ListOf:
    item: Spec
    length: int | tuple[int, int] | str  # fixed, inclusive range, or an earlier int param
    admit: tuple[int, int] | None = None  # admitted lengths


Spec = Const | Choice | IntRange | FloatRange | ListOf
Sampler = Callable[[dict[str, Value], random.Random], dict[str, Value]]


class SpecError(ValueError):
    """A parameter spec that cannot be sampled; the message says what is wrong."""


def bounded(value: Value, depth: int = 0) -> str | None:
    """Why a plain value exceeds the documented ceilings (limits.py), or None if it doesn't."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        if abs(value) <= MAX_INT:
            return None
        return _("{value} is beyond the limit of {limit}").format(value=value, limit=MAX_INT)
    if isinstance(value, float):
        return None if abs(value) <= MAX_FLOAT or value != value or abs(value) == float("inf") \
            else _("{value} is beyond the limit of {limit}").format(
                value=f"{value:g}", limit=f"{MAX_FLOAT:g}")
    if isinstance(value, str):
        return None if len(value) <= MAX_TEXT else _("a text of {n} characters").format(
            n=len(value))
    if isinstance(value, list):
        if len(value) > MAX_LIST or depth > 8:
            return _("a list of {n} items (the limit is {limit})").format(n=len(value),
                                                                          limit=MAX_LIST)
        return next((why for item in value if (why := bounded(item, depth + 1))), None)
    return _("{kind} values are not allowed (numbers, text, booleans, lists)").format(
        kind=type(value).__name__)


def _pair(raw: Any, what: str) -> tuple[Any, Any]:
    if not (isinstance(raw, list) and len(raw) == 2):
        raise SpecError(f"{what} needs [lo, hi], got {raw!r}")
    return raw[0], raw[1]


def parse_spec(raw: Any) -> Spec:
    """Turn one YAML parameter spec into a Spec, or raise SpecError."""
    if not isinstance(raw, dict):
        if why := bounded(raw):
            raise SpecError(why)
        return Const(raw)
    kinds = {"choice", "int", "float", "list"} & raw.keys()
    if len(kinds) != 1:
        raise SpecError("a spec mapping needs exactly one of: choice, int, float, list")
    kind = kinds.pop()
    own = raw[kind] if kind != "list" else None  # a list's item spec is parsed on its own
    too_big = bounded(own) or bounded(raw.get("length")) or bounded(raw.get("step"))
    if too_big:
        raise SpecError(too_big)
    allowed = {"choice": set(), "int": {"step"}, "float": {"decimals"}, "list": {"length"}}[kind]
    extra = raw.keys() - {kind, "admit"} - allowed
    if extra:
        raise SpecError(f"unknown key(s) for a {kind} spec: {', '.join(sorted(map(str, extra)))}")
    admit = _admit(raw.get("admit"), integers=kind in {"int", "list"})
    if kind == "choice":
        if not isinstance(raw["choice"], list) or not raw["choice"]:
            raise SpecError("choice needs a non-empty list")
        return Choice(tuple(raw["choice"]), admit)
    if kind == "int":
        lo, hi = _pair(raw["int"], "int")
        step = raw.get("step", 1)
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (lo, hi, step)):
            raise SpecError("int bounds and step must be integers")
        if lo > hi or step < 1:
            raise SpecError(f"int range [{lo}, {hi}] with step {step} is empty")
        return IntRange(lo, hi, step, admit)
    if kind == "float":
        lo, hi = _pair(raw["float"], "float")
        decimals = raw.get("decimals", 2)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lo, hi)):
            raise SpecError("float bounds must be numbers")
        if not isinstance(decimals, int) or not 0 <= decimals <= 12 or lo > hi:
            raise SpecError("float needs lo <= hi and decimals in 0..12")
        return FloatRange(float(lo), float(hi), decimals, admit)
    length = raw.get("length")
    if isinstance(length, list):
        lo, hi = _pair(length, "length")
        if not (isinstance(lo, int) and isinstance(hi, int) and 0 <= lo <= hi <= MAX_LIST):
            raise SpecError("length range needs integers 0 <= lo <= hi")
        length = (lo, hi)
    elif not (isinstance(length, int | str) and not isinstance(length, bool)):
        raise SpecError("list needs length: an int, [lo, hi], or an earlier parameter's name")
    elif isinstance(length, int) and not 0 <= length <= MAX_LIST:
        raise SpecError(f"list length must be 0 to {MAX_LIST}")
    if admit is not None and admit[1] > MAX_LIST:
        raise SpecError(f"admit allows lists longer than the limit of {MAX_LIST}")
    return ListOf(parse_spec(raw["list"]), length, admit)


def _admit(raw: Any, integers: bool) -> tuple[Any, Any] | None:
    if raw is None:
        return None
    lo, hi = _pair(raw, "admit")
    kind = int if integers else (int, float)
    if not all(isinstance(v, kind) and not isinstance(v, bool) for v in (lo, hi)) or lo > hi:
        raise SpecError("admit needs [lo, hi] " + ("integers" if integers else "numbers"))
    if why := bounded([lo, hi]):
        raise SpecError(why)
    return (lo, hi)


def _draw(spec: Spec, rng: random.Random, params: Mapping[str, Value]) -> Value:
    if isinstance(spec, Const):
        return spec.value
    if isinstance(spec, Choice):
        return rng.choice(spec.options)
    if isinstance(spec, IntRange):
        return spec.lo + spec.step * rng.randint(0, (spec.hi - spec.lo) // spec.step)
    if isinstance(spec, FloatRange):
        # Rounded before use, so the question shows exactly what the answer is computed from.
        return round(rng.uniform(spec.lo, spec.hi), spec.decimals) + 0.0
    if isinstance(spec.length, tuple):
        n = rng.randint(*spec.length)
    elif isinstance(spec.length, str):
        n = int(params[spec.length])
        if not 0 <= n <= MAX_LIST:
            raise SpecError(f"a list of {n} items is beyond the limit of {MAX_LIST}")
    else:
        n = spec.length
    return [_draw(spec.item, rng, params) for _ in range(n)]


def length_refs(spec: Spec) -> list[str]:
    """Names of parameters a spec's list lengths refer to (must be sampled earlier)."""
    if isinstance(spec, ListOf):
        own = [spec.length] if isinstance(spec.length, str) else []
        return own + length_refs(spec.item)
    return []


def draw(specs: Mapping[str, Spec], seed: int) -> tuple[dict[str, Value], random.Random]:
    """Every parameter in declared order from one seeded RNG; the RNG goes on to the card's
    sampler hook, so a seed always gives the same question."""
    rng = random.Random(seed)
    params: dict[str, Value] = {}
    for name, spec in specs.items():
        params[name] = _draw(spec, rng, params)
    return params, rng


def sample(
    specs: Mapping[str, Spec], seed: int, sampler: Sampler | None = None
) -> dict[str, Value]:
    """Draw every parameter, then apply the hook."""
    params, rng = draw(specs, seed)
    return sampler(params, rng) if sampler else params


def show(value: Value) -> str:
    """How a parameter appears in a question: Python literals, strings as they are."""
    return value if isinstance(value, str) else repr(value)


def template_fields(template: str) -> list[str]:
    """The `{name}` fields a template uses; raises ValueError on malformed braces."""
    fields = []
    for _text, name, spec, conversion in string.Formatter().parse(template):
        if name is not None:
            if not name.isidentifier() or spec or conversion:
                raise ValueError(f"'{{{name}}}' is not a plain {{name}} field")
            fields.append(name)
    return fields


def render(template: str, params: Mapping[str, Value]) -> str:
    """Fill a template's `{name}` fields with the parameters shown as literals."""
    return template.format_map({name: show(v) for name, v in params.items()})
