"""At 80x24, right after an answer is checked, the verdict and the `Answer:` line are on
screen without scrolling: for every quiz card of every built-in deck, in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizapp.core.flow import Phase
from quizapp.core.i18n import _, set_language
from quizapp.services.context import Services
from quizapp.services.session import StudyRequest
from quizapp.tui.app import build_app
from quizapp.tui.screens.study import StudyScreen
from tests.tui.conftest import screen_text, wait_for

ROOT = Path(__file__).resolve().parents[2]
DECKS = sorted(path.stem for path in (ROOT / "cards").glob("*.yaml"))
SIZE = (80, 24)


def longest_first(ctx: Services, deck: str) -> list[str]:
    """The deck's quiz cards, the longest question first (the hardest to fit)."""
    cards = [c for c in ctx.library.deck(deck).cards if c.kind == "quiz"]
    cards.sort(key=lambda c: -(len(c.prompt.en) + len(c.code or "") + 40 * len(c.choices)))
    return [c.key for c in cards]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("deck", DECKS)
async def test_the_answer_line_is_visible_after_submitting(tui_ctx: Services, deck: str,
                                                           lang: str) -> None:
    tui_ctx.lang = lang
    verdict, answer = _("Not answered: here is how it works."), _("Answer: ").strip()
    keys = longest_first(tui_ctx, deck)
    app = build_app(tui_ctx, request=StudyRequest(keys=tuple(keys), seed=11))
    async with app.run_test(size=SIZE) as pilot:
        for key in keys:
            await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen)
                           and app.screen.question is not None and app.screen.busy is None)
            screen: Any = app.screen
            assert screen.question.key == key
            await pilot.press("enter")  # "don't know": straight to the answer
            await wait_for(pilot, lambda s=screen: s.busy is None and s.phase in {
                Phase.FEEDBACK, Phase.BROKEN})
            assert screen.phase is Phase.FEEDBACK, (key, screen_text(app))
            try:  # the scroll lands within a few frames of the panel's layout
                await wait_for(pilot, lambda: verdict in screen_text(app)
                               and answer in screen_text(app), timeout=5)
            except AssertionError:
                text = screen_text(app)
                raise AssertionError(f"{key} ({lang}):\n{text}") from None
            await pilot.press("5")
    set_language("en")
