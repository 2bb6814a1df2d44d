"""Known slips: a card's `slips` function lists tempting wrong answers and what causes them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.core import grading
from quizapp.core.deck import Text

if TYPE_CHECKING:
    from quizapp.context import AppContext
    from quizapp.questions import Question


def find_slip(ctx: AppContext, question: Question, typed: Any, lang: str) -> str | None:
    """The description of the first listed slip the typed answer matches, if any.

    A slips function is author code like a verifier: `fn(params) -> [(wrong_answer, why)]`,
    where `why` is a string or {en, zh}. It only ever adds a hint, so any failure is ignored.
    """
    card = question.card
    if not card.slips:
        return None
    try:
        module = ctx.collection.module(ctx.collection.deck(card.deck))
        candidates = getattr(module, card.slips)(dict(question.params))
        for wrong, why in candidates:
            verdict = grading.compare(card.answer or "", typed, wrong, card.tolerance)
            if verdict.correct:
                text = Text(why) if isinstance(why, str) else Text(why["en"], why.get("zh"))
                return text.get(lang)
    except Exception:  # a hint must never break grading
        return None
    return None
