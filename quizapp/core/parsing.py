"""Typed answers to values: lenient about spelling, strict about meaning, bounded in size.

Anything that cannot be read raises ParseError with a message for the learner; nothing a
learner can type (non-ASCII digits, thousands of digits, huge fractions, a 40 KB paste)
raises anything else.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import Any

from quizapp.core.deck import Text
from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _
from quizapp.core.limits import MAX_ANSWER_CHARS, MAX_ANSWER_ITEMS, MAX_DIGITS

_TRUE = {"true", "t", "yes", "y", "1", "是", "对", "正确", "真"}
_FALSE = {"false", "f", "no", "n", "0", "否", "错", "错误", "假"}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", re.ASCII)
_FRACTION = re.compile(r"([-+]?\d+)/([-+]?\d+)", re.ASCII)
_SPECIAL = {"nan": math.nan, "inf": math.inf, "+inf": math.inf, "-inf": -math.inf,
            "infinity": math.inf, "+infinity": math.inf, "-infinity": -math.inf}


class ParseError(InvalidInput):
    """The typed text is not an answer of the card's type; nothing is graded."""


def _not_number(text: str) -> ParseError:
    return ParseError(_("'{text}' is not a number (try 0.693 or 6.93e-1)").format(
        text=text.strip()[:40]))


def number(text: str) -> float:
    """A decimal, scientific or fraction number: 0.693, 6.93e-1, -1/3, 1_000, −2.5."""
    cleaned = text.strip().replace("−", "-").replace(" ", "").replace("_", "")
    if cleaned.lower() in _SPECIAL:
        return _SPECIAL[cleaned.lower()]
    if len(cleaned) > MAX_DIGITS:
        raise ParseError(_("that number is too long to be an answer"))
    fraction = _FRACTION.fullmatch(cleaned)
    if fraction:
        num, den = int(fraction[1]), int(fraction[2])
        if den == 0:
            raise _not_number(text)
        try:
            return float(Fraction(num, den))
        except OverflowError:
            raise ParseError(_("that fraction is too large to be an answer")) from None
    if not _NUMBER.fullmatch(cleaned):
        raise _not_number(text)
    value = float(cleaned)
    if math.isinf(value):
        raise ParseError(_("that number is too large to be an answer"))
    return value


def integer(text: str) -> int:
    try:
        value = number(text)
    except ParseError:
        raise ParseError(_("'{text}' is not a whole number (try 42 or 1024)").format(
            text=text.strip()[:40])) from None
    if not math.isfinite(value) or value != int(value):
        raise ParseError(_("'{text}' is not a whole number").format(text=text.strip()[:40]))
    return int(value)


def shape(text: str) -> tuple[int, ...]:
    body = text.strip()
    body = re.sub(r"^torch\.Size\s*\((.*)\)$", r"\1", body, flags=re.S)
    body = body.strip().strip("()[]").strip()
    if not body:
        return ()
    # Separators only between numbers: a stray letter ("1, x") is not silently dropped.
    parts = re.split(r"\s*[,x×*]\s*|\s+", body)
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # the trailing comma of a one-element tuple, "(5,)"
    if len(parts) > MAX_ANSWER_ITEMS:
        raise ParseError(_("that shape has too many dimensions to be an answer"))
    if not all(re.fullmatch(r"\d{1,18}", p, re.ASCII) for p in parts):
        raise ParseError(_("'{text}' is not a shape (try 1,16,16,16 or (1, 16, 16, 16))")
                         .format(text=text.strip()[:40]))
    return tuple(int(p) for p in parts)


_TOKEN = re.compile(r"\s*(\[|\]|,|[^\s\[\],]+)")


def tensor(text: str) -> list[Any]:
    """A nested list of numbers: `[3, 2, 1, 2]`, `3 2 1 2`, `[[1, 2], [3, 4]]`, `tensor([1.])`."""
    body = text.strip()
    body = re.sub(r"^tensor\s*\((.*?)(,\s*dtype=[\w.]+)?\)$", r"\1", body, flags=re.S).strip()
    if "[" not in body:
        body = f"[{body}]"
    tokens = _TOKEN.findall(body)
    if sum(t not in "[]," for t in tokens) > MAX_ANSWER_ITEMS:
        raise ParseError(_("that answer has too many numbers"))
    bad = ParseError(_("'{text}' is not a list of numbers (try [3, 2, 1] or [[1, 2], [3, 4]])")
                     .format(text=text.strip()[:40]))
    value, rest = _nested(tokens, 0, bad)
    if rest != len(tokens):
        raise bad
    if dims(value) is None:
        raise ParseError(_("the rows of that answer have different lengths"))
    return value


def _nested(tokens: list[str], at: int, bad: ParseError, depth: int = 0) -> tuple[Any, int]:
    if at >= len(tokens) or depth > 32:
        raise bad
    if tokens[at] != "[":
        return number(tokens[at]), at + 1
    items: list[Any] = []
    at += 1
    while at < len(tokens) and tokens[at] != "]":
        item, at = _nested(tokens, at, bad, depth + 1)
        items.append(item)
        if at < len(tokens) and tokens[at] == ",":
            at += 1
    if at >= len(tokens):
        raise bad
    return items, at + 1


def dims(value: Any) -> tuple[int, ...] | None:
    """The shape of a nested list of numbers; None when its rows are ragged."""
    if not isinstance(value, list):
        return ()
    inner = {dims(item) for item in value}
    if len(inner) > 1 or None in inner:
        return None
    rest = inner.pop() if inner else ()
    return None if rest is None else (len(value), *rest)


def _choice(text: str, choices: tuple[Text, ...]) -> str:
    typed = " ".join(text.split()).casefold()
    if re.fullmatch(r"\d{1,3}", typed, re.ASCII) and 1 <= int(typed) <= len(choices):
        return choices[int(typed) - 1].en
    for choice in choices:
        if typed in {choice.en.casefold(), (choice.zh or "").casefold()}:
            return choice.en
    raise ParseError(_("type the option's number, 1 to {n}").format(n=len(choices)))


def parse(answer_type: str, text: str, choices: tuple[Text, ...] = ()) -> Any:
    """Turn typed text into a value of the card's answer type, or raise ParseError."""
    if not text.strip():
        raise ParseError(_("type an answer (or leave it empty to say you don't know)"))
    if len(text) > MAX_ANSWER_CHARS:
        raise ParseError(_("that answer is {n} characters long; answers are at most {limit}")
                         .format(n=len(text), limit=MAX_ANSWER_CHARS))
    if answer_type == "shape":
        return shape(text)
    if answer_type == "int":
        return integer(text)
    if answer_type == "number":
        return number(text)
    if answer_type == "tensor":
        return tensor(text)
    if answer_type == "bool":
        word = text.strip().casefold().rstrip(".!。！")
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        raise ParseError(_("answer yes or no (true/false)"))
    if answer_type == "choice":
        return _choice(text, choices)
    return " ".join(text.split())


def problem(answer_type: str, text: str, choices: tuple[Text, ...] = ()) -> str:
    """Why `text` is not an answer of this type, in the active language ("" when it is one):
    a message that can be said again after the learner switches language."""
    try:
        parse(answer_type, text, choices)
    except ParseError as exc:
        return str(exc)
    return ""
