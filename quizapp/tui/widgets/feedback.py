"""The feedback panel's content: verdict, what was off, the canonical answer and its working."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from quizapp.core.present import format_answer
from quizapp.questions import Feedback


def flash_back(fb: Feedback, lang: str) -> RenderableType:
    card = fb.question.card
    parts: list[RenderableType] = [Text(card.back.get(lang) if card.back else "")]
    if fb.computed:
        parts.append(Text(f"✓ verified live: {fb.computed.explanation.get(lang)}", style="green"))
    parts.append(Text("Grade yourself: 0-5 (1 again · 3 hard · 4 good · 5 easy).", style="dim"))
    return Group(*parts)


def quiz_feedback(fb: Feedback, lang: str) -> RenderableType:
    card, computed = fb.question.card, fb.computed
    assert computed is not None
    parts: list[RenderableType] = []
    if fb.verdict is None:
        parts.append(Text("Not answered: here is how it works.", style="bold yellow"))
    elif fb.verdict.correct:
        parts.append(Text("✓ Correct", style="bold green"))
    else:
        detail = f" — {fb.verdict.detail}" if fb.verdict.detail else ""
        parts.append(Text(f"✗ Wrong{detail}", style="bold red"))
    if fb.slip:
        parts.append(Text(f"Likely slip: {fb.slip}", style="yellow"))
    answer = Text("Answer: ", style="bold")
    answer.append(format_answer(card, computed.value, lang), style="bold cyan")
    if fb.typed and fb.verdict and not fb.verdict.correct:
        answer.append(f"   (you typed {fb.typed.strip()})", style="dim")
    parts.append(answer)
    parts.append(Text(computed.explanation.get(lang)))
    if card.explain:
        parts.append(Text(card.explain.get(lang), style="italic"))
    parts.append(Text(
        f"computed by torch {computed.torch_version} on {computed.device} "
        f"in {computed.ms:.1f} ms", style="dim"))
    return Group(*parts)
