"""Compare a parsed answer with the canonical one, say what was off, suggest an SM-2 quality."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from quizapp.core.deck import Tolerance
from quizapp.core.i18n import Later, joined, later, later_n
from quizapp.core.parsing import ParseError, dims, parse

QUICK_SECONDS = 20.0  # a correct answer faster than this suggests quality 5
CLOSE_RELATIVE = 0.10  # "wrong but close": within 10%
NEAR_ZERO = 1e-12  # default absolute tolerance: float noise around an exact 0 counts as 0

__all__ = ["ParseError", "Verdict", "compare", "parse", "suggest_quality"]


@dataclass(frozen=True)
class Verdict:
    correct: bool
    close: bool = False
    # Rendered in the language of the moment each time they are shown (core.i18n.Later):
    detail: Later | str = ""  # what was off, for the feedback panel (may give the answer away)
    hint: Later | str = ""  # what was off without giving the answer away, for a second try


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
        return Verdict(same, detail="" if same else later("the exact value is {v}", v=exact),
                       hint="" if same else later("the answer is not a finite number"))
    if not math.isfinite(typed):
        return Verdict(False, detail=later("the exact value is finite: {v:.6g}", v=exact),
                       hint=later("the answer is a finite number"))
    diff = abs(typed - exact)
    if diff <= allowed_error(exact, tol):
        return Verdict(True)
    if exact and typed and (typed < 0) != (exact < 0):
        sign_only = abs(abs(typed) - abs(exact)) <= allowed_error(exact, tol)
        detail = (later("wrong sign") if sign_only
                  else later("wrong sign, and the size is off too"))
        return Verdict(False, close=False, detail=detail, hint=detail)
    relative = diff / abs(exact) if exact else math.inf
    high = typed > exact
    if relative <= CLOSE_RELATIVE:
        detail = (later("close: {r:.1%} too high", r=relative) if high
                  else later("close: {r:.1%} too low", r=relative))
        return Verdict(False, close=True, detail=detail,
                       hint=later("close, but too high") if high else later("close, but too low"))
    if exact:
        detail = (later("{r:.0%} too high", r=relative) if high
                  else later("{r:.0%} too low", r=relative))
    else:
        detail = later("off by {d:.3g}", d=diff)
    return Verdict(False, detail=detail, hint=later("too high") if high else later("too low"))


def _compare_shape(typed: tuple[int, ...], exact: tuple[int, ...]) -> Verdict:
    if typed == exact:
        return Verdict(True)
    if len(typed) != len(exact):
        message = later_n("{n} dimension; the answer has {m}",
                          "{n} dimensions; the answer has {m}", len(typed),
                          n=len(typed), m=len(exact))
        return Verdict(False, detail=message, hint=message)
    off = [i for i, (a, b) in enumerate(zip(typed, exact, strict=True)) if a != b]
    details = joined(later("dim {i} is {typed}, should be {exact}",
                           i=i, typed=typed[i], exact=exact[i]) for i in off)
    close = len(off) == 1 and abs(typed[off[0]] - exact[off[0]]) <= max(1, 0.1 * exact[off[0]])
    hint = joined(later("dim {i} is wrong", i=i) for i in off)
    return Verdict(False, close=close, detail=details, hint=hint)


def _flat(value: Any, at: tuple[int, ...] = ()) -> list[tuple[tuple[int, ...], float]]:
    if not isinstance(value, list):
        return [(at, float(value))]
    return [pair for i, item in enumerate(value) for pair in _flat(item, (*at, i))]


def _where(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, index)) + "]"


def _compare_tensor(typed: Any, exact: Any, tol: Tolerance) -> Verdict:
    got, want = dims(typed), dims(exact)
    if got != want:
        message = later("shape {got} but the answer has shape {want}",
                        got=tuple(got or ()), want=tuple(want or ()))
        return Verdict(False, detail=message, hint=message)
    wrong = [(index, t, e) for (index, t), (_i, e) in zip(_flat(typed), _flat(exact), strict=True)
             if not _compare_number(t, e, tol).correct]
    if not wrong:
        return Verdict(True)
    index, t, e = wrong[0]
    more = len(wrong) - 1
    detail = later("element {at} is {typed:.6g}, should be {exact:.6g}",
                   at=_where(index), typed=t, exact=e)
    if more:
        detail += " " + later("(and {n} more wrong)", n=more)
    hint = later("element {at} is wrong", at=_where(index))
    if more:
        hint = later("{n} elements are wrong, the first at {at}", n=more + 1, at=_where(index))
    close = not more and _compare_number(t, e, tol).close
    return Verdict(False, close=close, detail=detail, hint=hint)


DEFAULT_TOLERANCE = Tolerance()


def compare(
    answer_type: str, typed: Any, exact: Any, tol: Tolerance = DEFAULT_TOLERANCE
) -> Verdict:
    """Grade a parsed answer against the canonical one."""
    if answer_type == "number":
        return _compare_number(float(typed), float(exact), tol)
    if answer_type == "shape":
        return _compare_shape(tuple(typed), tuple(exact))
    if answer_type == "tensor":
        return _compare_tensor(typed, exact, tol)
    if answer_type == "int":
        if typed == exact:
            return Verdict(True)
        if exact and typed and (typed < 0) != (exact < 0):
            detail = later("wrong sign") if abs(typed) == abs(exact) else later(
                "wrong sign, and the size is off too")
            return Verdict(False, detail=detail, hint=detail)
        close = abs(typed - exact) <= max(1, CLOSE_RELATIVE * abs(exact))
        hint = later("too high") if typed > exact else later("too low")
        return Verdict(False, close=close, detail=later("off by {d:+d}", d=typed - exact),
                       hint=hint)
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


def second_try_allowed(answer_type: str, choices: int) -> bool:
    """A wrong first answer gets one more try, unless a second guess is bound to be right
    (a yes/no card, or a choice of two)."""
    return not (answer_type == "bool" or (answer_type == "choice" and choices <= 2))


@dataclass(frozen=True)
class KnownSlip:
    """A wrong answer that a named mistake gives, as the verifier listed it."""

    id: str
    answer: Any
    why: Any  # core.deck.Text


def match_slip(answer_type: str, typed: Any, exact: Any, slips: tuple[KnownSlip, ...],
               tol: Tolerance = DEFAULT_TOLERANCE) -> KnownSlip | None:
    """The first listed slip the typed answer matches. Candidates the card's tolerance cannot
    tell from the right answer are skipped (with these numbers the mistake changes nothing),
    so authors need not filter them."""
    for slip in slips:
        try:
            if compare(answer_type, slip.answer, exact, tol).correct:
                continue
            if compare(answer_type, typed, slip.answer, tol).correct:
                return slip
        except (TypeError, ValueError):
            continue  # a malformed candidate is no hint, and never breaks grading
    return None
