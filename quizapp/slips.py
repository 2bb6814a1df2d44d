"""Known slips: a card's `slips` function lists tempting wrong answers and what causes them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from quizapp.core import grading
from quizapp.core.deck import Text

if TYPE_CHECKING:
    from quizapp.context import AppContext
    from quizapp.questions import Question


def find_slip(
    ctx: AppContext, question: Question, typed: Any, exact: Any, lang: str
) -> str | None:
    """The description of the first listed slip the typed answer matches, if any.

    A slips function is author code like a verifier: `fn(params) -> [(wrong_answer, why)]`,
    where `why` is a string or {en, zh}. Candidates that the card's tolerance cannot tell
    from the canonical answer `exact` are skipped here, so authors need not filter them
    (with these numbers the "mistake" gives the right answer). A hint must never break
    grading, so any failure of the author's code is ignored.
    """
    card = question.card
    if not card.slips:
        return None
    kind = card.answer or ""
    try:
        module = ctx.collection.module(ctx.collection.deck(card.deck))
        candidates = getattr(module, card.slips)(dict(question.params))
        for wrong, why in candidates:
            if grading.compare(kind, wrong, exact, card.tolerance).correct:
                continue
            if grading.compare(kind, typed, wrong, card.tolerance).correct:
                text = Text(why) if isinstance(why, str) else Text(why["en"], why.get("zh"))
                return text.get(lang)
    except Exception:  # a hint must never break grading
        return None
    return None
