"""Snapshots at 80x24 of the home, study, help and summary screens (fixed clock and seeds)."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.core.flow import Phase
from quizapp.services.context import Services
from quizapp.services.session import StudyRequest
from quizapp.tui.app import build_app
from quizapp.tui.screens.study import StudyScreen
from tests.tui.conftest import screen_text, wait_for

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


def _longest_quiz_card(ctx: Services, deck: str) -> str:
    cards = [c for c in ctx.library.deck(deck).cards if c.kind == "quiz"]
    return max(cards, key=lambda c: (len(c.prompt.en) + len(c.code or "")
                                     + 40 * len(c.choices), c.key)).key


DECKS = ("autograd", "conv", "data", "init", "losses", "metrics", "modules",
         "normalization", "optim", "rnn", "tensors", "training")


@pytest.mark.parametrize("deck", DECKS)
def test_feedback_of_the_longest_card(snap_compare: Any, tui_ctx: Services, deck: str) -> None:
    """The feedback of each deck's longest question at 80x24: verdict and Answer: in view."""
    app = build_app(tui_ctx, request=StudyRequest(keys=[_longest_quiz_card(tui_ctx, deck)],
                                                  seed=3))

    async def answered(pilot: Any) -> None:
        await until_question(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.busy is None)
        await pilot.press("enter")  # "don't know": straight to the answer
        await wait_for(pilot, lambda: pilot.app.screen.busy is None
                       and pilot.app.screen.phase in {Phase.FEEDBACK, Phase.BROKEN})
        await wait_for(pilot, lambda: "Answer:" in screen_text(pilot.app), timeout=5)

    assert snap_compare(app, terminal_size=SIZE, run_before=answered)
