"""In 中文 the interface has no English label: every screen a learner meets, at 80x24."""

from __future__ import annotations

from typing import Any

from quizapp.core.flow import Phase
from quizapp.services.context import Services
from quizapp.services.session import StudyRequest
from quizapp.tui.app import build_app
from quizapp.tui.screens.study import StudyScreen
from tests.chinese import english_runs
from tests.tui.conftest import screen_text, wait_for


def check(app: Any, where: str) -> None:
    text = screen_text(app)
    assert not english_runs(text), (where, english_runs(text), text)


async def test_every_screen_in_chinese(tui_ctx: Services) -> None:
    tui_ctx.lang = "zh"
    app = build_app(tui_ctx, home=True)
    async with app.run_test(size=(80, 24)) as pilot:
        check(app, "home")
        await pilot.press("f1")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        check(app, "help")
        await pilot.press("pagedown")
        check(app, "help, page 2")
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "StatsScreen"
                       and app.screen.charts is not None)
        for tab in "1234":
            await pilot.press(tab)
            await pilot.pause()
            check(app, f"stats tab {tab}")
        await pilot.press("q", "b")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "BrowserScreen"
                       and bool(app.screen.states))
        await pilot.pause(0.5)
        check(app, "browser")
        await pilot.press("escape", "down", "enter")  # back home, study the conv deck
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen)
                       and app.screen.question is not None)
        screen: Any = app.screen
        check(app, "question")
        await pilot.press("9", "enter")
        await wait_for(pilot, lambda: screen.busy is None and screen.phase in {
            Phase.RETRY, Phase.FEEDBACK, Phase.ANSWERING})
        check(app, "second try")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.phase is Phase.FEEDBACK)
        check(app, "feedback")
        await pilot.press("q")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen")
        check(app, "summary")


async def test_switching_language_mid_card_translates_all_that_is_shown(
    tui_ctx: Services,
) -> None:
    """ctrl+l on a second try and on the feedback: the question, the line above the panel and
    the verdict (made in the other language when the answer was checked) all follow."""
    tui_ctx.lang = "en"
    app = build_app(tui_ctx, request=StudyRequest(decks=("conv",), seed=7))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen)
                       and app.screen.question is not None)
        screen: Any = app.screen
        await pilot.press(*"1,2,3,4", "enter")  # a 4-d shape, wrong in every dim
        await wait_for(pilot, lambda: screen.busy is None and screen.phase is Phase.RETRY)
        assert "Not quite: dim 0 is wrong" in screen_text(app)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "还不对：第 0 维不对，第 1 维不对" in screen_text(app))
        check(app, "second try, switched to Chinese")
        await pilot.press("enter")  # give up: the answer, in Chinese
        await wait_for(pilot, lambda: screen.phase is Phase.FEEDBACK)
        await wait_for(pilot, lambda: "第 0 维是 1，应为" in screen_text(app))
        check(app, "feedback")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "dim 0 is 1, should be" in screen_text(app))
        text = screen_text(app)
        assert "A zero tensor of shape" in text and "第" not in text, text


async def test_switching_language_on_the_browser_and_stats_relabels_them(
    tui_ctx: Services,
) -> None:
    """ctrl+l where the learner is: every label of the browser and of the stats screen, their
    footers too, follow at once; the browser keeps its filter and highlighted card."""
    tui_ctx.lang = "en"
    app = build_app(tui_ctx, home=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "BrowserScreen"
                       and bool(app.screen.states))
        browser: Any = app.screen
        await pilot.press("down", "down")
        highlighted = browser.highlighted()
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "搜索" in screen_text(app) and "张卡片" in screen_text(app))
        await pilot.pause(0.3)
        check(app, "browser, switched to Chinese")
        assert browser.highlighted() == highlighted
        await pilot.press("q", "s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "StatsScreen"
                       and app.screen.charts is not None)
        await pilot.press("ctrl+l")  # back to English, then Chinese again on this screen
        await wait_for(pilot, lambda: "Reviews" in screen_text(app))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "复习" in screen_text(app))
        for tab in "1234":
            await pilot.press(tab)
            await pilot.pause()
            check(app, f"stats tab {tab}, switched to Chinese")


async def test_switching_language_on_help_and_on_the_summary(tui_ctx: Services) -> None:
    tui_ctx.lang = "en"
    app = build_app(tui_ctx, home=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "HelpScreen")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "学习选中的卡组" in screen_text(app))
        check(app, "help, switched to Chinese")
        await pilot.press("ctrl+l", "escape", "enter")  # English again; study the first deck
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen)
                       and app.screen.question is not None)
        await pilot.press("q")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SummaryScreen")
        assert "Enter continue" in screen_text(app)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: "继续" in screen_text(app))
        check(app, "summary, switched to Chinese")
