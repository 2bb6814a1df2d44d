"""Things that hold on every screen: the command palette, themes, language, resizing."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from quizapp.services.context import Services
from quizapp.services.session import StudyRequest
from quizapp.store import settings_repo
from quizapp.tui.app import build_app
from quizapp.tui.screens.study import StudyScreen
from tests.tui.conftest import wait_for


def setting(ctx: Services, key: str) -> str | None:
    with ctx.sessions() as s:
        return settings_repo.get(s, key)


async def test_command_palette_lists_the_apps_actions(tui_ctx: Services) -> None:
    app = build_app(tui_ctx, home=True)
    async with app.run_test(size=(80, 24)):
        titles = {command.title for command in app.get_system_commands(app.screen)}
    for action in ("Study all due cards", "Statistics", "Card browser", "Light / dark theme",
                   "English / 中文", "Keys"):
        assert action in titles


async def test_study_actions_are_in_the_palette_on_the_study_screen(tui_ctx: Services) -> None:
    app = build_app(tui_ctx, request=StudyRequest(decks=["conv"], seed=7))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen))
        titles = {command.title for command in app.get_system_commands(app.screen)}
    assert {"Undo", "I was right", "Suspend this card", "Bury this card"} <= titles


async def test_theme_and_language_toggle_and_are_remembered(tui_ctx: Services) -> None:
    app = build_app(tui_ctx, home=True)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        table = app.screen.query_one("#decks", DataTable)
        assert "Convolution and pooling" in str(table.get_row("conv")[0])
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert "卷积与池化" in str(table.get_row("conv")[0])
    assert setting(tui_ctx, "theme") == "light"
    assert setting(tui_ctx, "lang") == "zh"
    again = build_app(tui_ctx, home=True)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "textual-light"


async def test_the_study_screen_survives_resizing(tui_ctx: Services) -> None:
    app = build_app(tui_ctx, request=StudyRequest(decks=["conv"], seed=7))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen)
                       and app.screen.question is not None)
        screen: Any = app.screen
        for size in ((60, 18), (140, 45), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("enter")  # still answering: "don't know"
        await wait_for(pilot, lambda: screen.phase.value == "feedback")
