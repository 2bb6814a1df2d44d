"""The feedback panel's content: verdict and answer first, then what was off and the working."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from quizapp.core.i18n import _
from quizapp.core.present import clean, format_answer, grade_names
from quizapp.services.questions import Feedback


def flash_back(fb: Feedback, lang: str) -> RenderableType:
    card = fb.question.card
    parts: list[RenderableType] = [Text(clean(card.back.get(lang) if card.back else ""))]
    if fb.computed:
        parts.append(Text(_("✓ verified live: {text}").format(
            text=clean(fb.computed.explanation.get(lang))), style="green"))
    elif fb.error:
        parts.append(Text(_("The live check of this card failed: {error}").format(
            error=fb.error), style="yellow"))
    names = " · ".join(f"{q} {name}" for q, name in grade_names(flash=True).items())
    parts.append(Text(_("Grade yourself: {grades}").format(grades=names), style="dim"))
    return Group(*parts)


def verdict_line(fb: Feedback) -> Text:
    if fb.verdict is None:
        return Text(_("Not answered: here is how it works."), style="bold yellow")
    if fb.verdict.correct:
        text = _("✓ Correct")
        if fb.verdict.detail:
            text = _("{verdict} ({detail})").format(verdict=text, detail=fb.verdict.detail)
        return Text(text, style="bold green")
    detail = f" — {fb.verdict.detail}" if fb.verdict.detail else ""
    return Text(_("✗ Wrong") + detail, style="bold red")


def quiz_feedback(fb: Feedback, lang: str) -> RenderableType:
    """The verdict and the `Answer:` line come first: at 80x24 they are on screen the moment
    the answer is checked; the working below may scroll."""
    card, computed = fb.question.card, fb.computed
    assert computed is not None
    answer = Text(_("Answer: "), style="bold")
    answer.append(format_answer(card, computed.value, lang), style="bold cyan")
    if fb.typed and fb.verdict and not fb.verdict.correct:
        answer.append("   " + _("(you typed {typed})").format(typed=fb.typed.strip()[:60]),
                      style="dim")
    parts: list[RenderableType] = [verdict_line(fb), answer]
    if fb.slip:
        parts.append(Text(_("Likely slip: {why}").format(why=clean(fb.slip.why.get(lang))),
                          style="yellow"))
    parts.append(Text(clean(computed.explanation.get(lang))))
    if card.explain:
        parts.append(Text(clean(card.explain.get(lang)), style="italic"))
    parts.append(Text(_("computed live by torch {version} on {device}").format(
        version=computed.torch_version, device=computed.device), style="dim"))
    return Group(*parts)
