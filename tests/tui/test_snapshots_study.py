"""Snapshots at 80x24 of the home, study, help and summary screens (fixed clock and seeds)."""

from __future__ import annotations

from typing import Any

from quizapp.services.context import Services
from quizapp.services.session import StudyRequest
from quizapp.tui.app import build_app
from quizapp.tui.screens.study import StudyScreen
from tests.tui.conftest import wait_for

SIZE = (80, 24)


async def until_question(pilot: Any) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, StudyScreen)
                   and pilot.app.screen.question is not None)


def test_home_screen(snap_compare: Any, tui_ctx: Services) -> None:
    assert snap_compare(build_app(tui_ctx, home=True), terminal_size=SIZE)


def test_help_screen(snap_compare: Any, tui_ctx: Services) -> None:
    assert snap_compare(build_app(tui_ctx, home=True), terminal_size=SIZE,
                        press=["question_mark"])


def test_study_question(snap_compare: Any, tui_ctx: Services) -> None:
    app = build_app(tui_ctx, request=StudyRequest(decks=["conv"], seed=7))
    assert snap_compare(app, terminal_size=SIZE, run_before=until_question)


def test_study_flash_card(snap_compare: Any, tui_ctx: Services) -> None:
    app = build_app(tui_ctx, request=StudyRequest(keys=["conv/odd-kernels"]))
    assert snap_compare(app, terminal_size=SIZE, run_before=until_question)


def test_summary_when_nothing_is_due(snap_compare: Any, tui_ctx: Services) -> None:
    app = build_app(tui_ctx, request=StudyRequest(keys=[]))
    assert snap_compare(app, terminal_size=SIZE)


def test_home_screen_light_theme_in_chinese(snap_compare: Any, tui_ctx: Services) -> None:
    assert snap_compare(build_app(tui_ctx, home=True), terminal_size=SIZE,
                        press=["ctrl+t", "ctrl+l"])
