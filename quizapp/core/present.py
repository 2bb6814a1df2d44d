"""How answers and grades read on screen; shared by the TUI and the plain CLI."""

from __future__ import annotations

from typing import Any

from quizapp.core.deck import Card

GRADE_NAMES = {0: "blank", 1: "wrong", 2: "close", 3: "hard", 4: "good", 5: "easy"}


def format_number(value: float) -> str:
    """A computed number as the feedback shows it: 6 significant figures."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.6e}"


def format_tensor(value: Any) -> str:
    """Nested lists as typed: [3, 2, 1, 2], [[1, 0.5], [2, 3]]."""
    if isinstance(value, list):
        return "[" + ", ".join(format_tensor(item) for item in value) + "]"
    return format_number(float(value))


def format_answer(card: Card, value: Any, lang: str = "en") -> str:
    if card.answer == "tensor":
        return format_tensor(value)
    if card.answer == "shape":
        return "(" + ", ".join(str(d) for d in value) + ("," if len(value) == 1 else "") + ")"
    if card.answer == "number":
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.6e}"
    if card.answer == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if card.answer == "choice":
        return next((c.get(lang) for c in card.choices if c.en == value), str(value))
    return str(value)


def interval_text(days: int) -> str:
    if days < 30:
        return f"{days}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
