"""Parse a typed answer leniently, compare it strictly, and suggest an SM-2 quality."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from quizapp.core.deck import Text, Tolerance

QUICK_SECONDS = 20.0  # a correct answer faster than this suggests quality 5
CLOSE_RELATIVE = 0.10  # "wrong but close": within 10%
NEAR_ZERO = 1e-12  # default absolute tolerance: float noise around an exact 0 counts as 0

_TRUE = {"true", "t", "yes", "y", "1", "是", "对", "正确", "真"}
_FALSE = {"false", "f", "no", "n", "0", "否", "错", "错误", "假"}


class ParseError(ValueError):
    """The typed text is not an answer of the card's type; nothing is graded."""


@dataclass(frozen=True)
class Verdict:
    correct: bool
    close: bool = False
    detail: str = ""  # what was off, for the feedback panel (may give the answer away)
    hint: str = ""  # what was off without giving the answer away, for a second try


def _number(text: str) -> float:
    cleaned = text.strip().replace("−", "-").replace(" ", "").replace("_", "")
    if cleaned.lower() in {"nan", "inf", "+inf", "-inf", "infinity", "-infinity"}:
        return float(cleaned)
    try:
        if "/" in cleaned:
            return float(Fraction(cleaned))
        return float(cleaned)
    except (ValueError, ZeroDivisionError):
        raise ParseError(f"'{text.strip()}' is not a number (try 0.693 or 6.93e-1)") from None


def _int(text: str) -> int:
    value = _number(text)
    if not math.isfinite(value) or value != int(value):
        raise ParseError(f"'{text.strip()}' is not a whole number")
    return int(value)


def _shape(text: str) -> tuple[int, ...]:
    body = text.strip()
    body = re.sub(r"^torch\.Size\s*\((.*)\)$", r"\1", body, flags=re.S)
    body = body.strip().strip("()[]").strip()
    if not body:
        return ()
    # Separators only between numbers: a stray letter ("1, x") is not silently dropped.
    parts = re.split(r"\s*[,x×*]\s*|\s+", body)
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # the trailing comma of a one-element tuple, "(5,)"
    if not all(re.fullmatch(r"\d+", p) for p in parts):
        raise ParseError(f"'{text.strip()}' is not a shape (try 1,16,16,16 or (1, 16, 16, 16))")
    return tuple(int(p) for p in parts)


def _choice(text: str, choices: tuple[Text, ...]) -> str:
    typed = " ".join(text.split()).casefold()
    if typed.isdigit() and 1 <= int(typed) <= len(choices):
        return choices[int(typed) - 1].en
    for choice in choices:
        if typed in {choice.en.casefold(), (choice.zh or "").casefold()}:
            return choice.en
    raise ParseError(f"type the option's number, 1 to {len(choices)}")


def parse(answer_type: str, text: str, choices: tuple[Text, ...] = ()) -> Any:
    """Turn typed text into a value of the card's answer type, or raise ParseError."""
    if not text.strip():
        raise ParseError("type an answer (or leave it empty to say you don't know)")
    if answer_type == "shape":
        return _shape(text)
    if answer_type == "int":
        return _int(text)
    if answer_type == "number":
        return _number(text)
    if answer_type == "bool":
        word = text.strip().casefold().rstrip(".!")
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise ParseError("answer yes or no (true/false)")
    if answer_type == "choice":
        return _choice(text, choices)
    return " ".join(text.split())


def allowed_error(exact: float, tol: Tolerance) -> float:
    """The largest accepted |typed - exact|: one unit in the last significant figure."""
    bounds = [NEAR_ZERO if tol.abs is None else tol.abs, (tol.rel or 0.0) * abs(exact)]
    if tol.sig and exact != 0 and math.isfinite(exact):
        bounds.append(10 ** (math.floor(math.log10(abs(exact))) - tol.sig + 1))
    # Tiny slack so a correctly rounded answer at a boundary is not failed by float noise.
    return max(bounds) * (1 + 1e-9) + 1e-300


def _compare_number(typed: float, exact: float, tol: Tolerance) -> Verdict:
    if math.isnan(exact) or math.isinf(exact):
        same = (math.isnan(exact) and math.isnan(typed)) or typed == exact
        return Verdict(same, detail="" if same else f"the exact value is {exact}",
                       hint="" if same else "the answer is not a finite number")
    if not math.isfinite(typed):
        return Verdict(False, detail=f"the exact value is finite: {exact:.6g}",
                       hint="the answer is a finite number")
    diff = abs(typed - exact)
    if diff <= allowed_error(exact, tol):
        return Verdict(True)
    relative = diff / abs(exact) if exact else math.inf
    direction = "high" if typed > exact else "low"
    if relative <= CLOSE_RELATIVE:
        return Verdict(False, close=True, detail=f"close: {relative:.1%} too {direction}",
                       hint=f"close, but too {direction}")
    detail = f"{relative:.0%} too {direction}" if exact else f"off by {diff:.3g}"
    return Verdict(False, detail=detail, hint=f"too {direction}")


def _compare_shape(typed: tuple[int, ...], exact: tuple[int, ...]) -> Verdict:
    if typed == exact:
        return Verdict(True)
    if len(typed) != len(exact):
        message = f"{len(typed)} dimensions; the answer has {len(exact)}"
        return Verdict(False, detail=message, hint=message)
    off = [i for i, (a, b) in enumerate(zip(typed, exact, strict=True)) if a != b]
    details = ", ".join(f"dim {i} is {typed[i]}, should be {exact[i]}" for i in off)
    close = len(off) == 1 and abs(typed[off[0]] - exact[off[0]]) <= max(1, 0.1 * exact[off[0]])
    hint = ", ".join(f"dim {i} is wrong" for i in off)
    return Verdict(False, close=close, detail=details, hint=hint)


DEFAULT_TOLERANCE = Tolerance()


def compare(
    answer_type: str, typed: Any, exact: Any, tol: Tolerance = DEFAULT_TOLERANCE
) -> Verdict:
    """Grade a parsed answer against the canonical one."""
    if answer_type == "number":
        return _compare_number(float(typed), float(exact), tol)
    if answer_type == "shape":
        return _compare_shape(tuple(typed), tuple(exact))
    if answer_type == "int":
        if typed == exact:
            return Verdict(True)
        close = abs(typed - exact) <= max(1, CLOSE_RELATIVE * abs(exact))
        hint = "too high" if typed > exact else "too low"
        return Verdict(False, close=close, detail=f"off by {typed - exact:+d}", hint=hint)
    if answer_type == "text":
        return Verdict(str(typed).casefold() == " ".join(str(exact).split()).casefold())
    return Verdict(typed == exact)


def suggest_quality(verdict: Verdict | None, seconds: float, attempt: int = 1) -> int:
    """SM-2 quality: 5 quick, 4 correct, 3 second try, 2 close, 1 wrong, 0 don't know."""
    if verdict is None:
        return 0
    if verdict.correct:
        if attempt > 1:
            return 3
        return 5 if seconds <= QUICK_SECONDS else 4
    return 2 if verdict.close else 1
