"""Snapshots of the stats screen and the card browser at 80x24, on a fixed deck and history."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from review_history import ScreenApp, demo_context, demo_history, settle
from textual.pilot import Pilot
from textual.widgets import Input

from quizapp.services.context import Services
from quizapp.tui.screens.browser import BrowserScreen
from quizapp.tui.screens.stats import StatsScreen

Compare = Callable[..., bool]


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Services]:
    context = demo_context(tmp_path)
    demo_history(context)
    yield context
    context.close()


def keys(*pressed: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the screen's workers (queries, torch), then press keys and wait again."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if pressed:
            await pilot.press(*pressed)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("tab", ["1", "2", "3", "4"])
def test_stats_tabs(snap_compare: Compare, ctx: Services, tab: str) -> None:
    assert snap_compare(ScreenApp(ctx, StatsScreen), terminal_size=(80, 24),
                        run_before=keys(tab))


def test_browser_quiz_preview(snap_compare: Compare, ctx: Services) -> None:
    assert snap_compare(ScreenApp(ctx, BrowserScreen), terminal_size=(80, 24),
                        run_before=keys())


def test_browser_search_and_flash_preview(snap_compare: Compare, ctx: Services) -> None:
    async def search(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one("#browser-search", Input).value = "view"
        await settle(pilot)
        pilot.app.screen.query_one("#browser-table").focus()  # no blinking cursor in the shot
        await settle(pilot)

    assert snap_compare(ScreenApp(ctx, BrowserScreen), terminal_size=(80, 24),
                        run_before=search)
