"""Bilingual text for explanations, slip messages and live checks: {"en": ..., "zh": ...}."""

from __future__ import annotations

from collections.abc import Iterable

Explain = dict[str, str]  # what a verifier returns beside its answer: {"en": ..., "zh": ...}
Part = str | Explain


def bi(en: str, zh: str) -> Explain:
    """An explanation in both languages; the Chinese is written for a Chinese learner of
    PyTorch (填充, 步长, 空洞率 ...), not translated word for word."""
    return {"en": en, "zh": zh}


def same(text: str) -> Explain:
    """Text that reads the same in both languages: a formula, a list of numbers, code."""
    return {"en": text, "zh": text}


def _part(part: Part, lang: str) -> str:
    return part if isinstance(part, str) else part[lang]


def join(parts: Iterable[Part], sep: str = "\n") -> Explain:
    """Several bilingual pieces (or plain strings, used for both) joined line by line."""
    items = list(parts)
    return {lang: sep.join(_part(p, lang) for p in items) for lang in ("en", "zh")}


def plural(n: int, one: str, many: str) -> str:
    """`1 element`, `3 elements`: English only needs this; Chinese has no plural."""
    return f"{n} {one if n == 1 else many}"
