"""Studying a deck scheduled by FSRS in the real app: Again/Hard/Good/Easy with intervals,
the suggestion, the rating recorded, and the FSRS figures on the statistics screen."""

from __future__ import annotations

from textual.widgets import Button

from quizapp.core import fsrs_model
from quizapp.core.clock import local_day_start
from quizapp.core.sm2 import due_after
from quizapp.services.context import Services
from quizapp.services.session import StudyRequest
from quizapp.tui.app import build_app
from quizapp.tui.screens.stats import StatsScreen
from tests.tui.conftest import FIXED_NOW, screen_text, wait_for
from tests.tui.test_study_flow import (
    SIZE,
    answer,
    card_row,
    expected_shape,
    first_question,
    reviews,
)


async def test_fsrs_deck_rates_again_hard_good_easy(tui_ctx: Services) -> None:
    tui_ctx.scheduling.switch("fsrs", deck="conv")
    app = build_app(tui_ctx, request=StudyRequest(decks=["conv"], seed=7))
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        question = screen.question
        assert question is not None and question.fsrs is not None
        await answer(pilot, screen, ",".join(map(str, expected_shape(question.params))))
        fb = screen.feedback
        assert fb is not None and fb.verdict is not None and fb.verdict.correct
        config = tui_ctx.scheduling.config()
        intervals = fsrs_model.next_intervals(config, None, FIXED_NOW)
        labels = [str(screen.query_one(f"#grade-{r}", Button).label) for r in range(1, 5)]
        assert labels == [f"{r} {name} {intervals[r]}d" for r, name in
                          zip(range(1, 5), ("Again", "Hard", "Good", "Easy"), strict=True)]
        assert not screen.query_one("#grade-0", Button).display
        assert not screen.query_one("#grade-5", Button).display
        text = screen_text(app)
        assert f"Enter accepts {fsrs_model.RATING_NAMES[fb.suggested_rating]}" in text
        assert "1-4 grade" in text
        await pilot.press("4")  # Easy
        await wait_for(pilot, lambda: screen.question is not question)
    [review] = reviews(tui_ctx)
    assert (review.rating, review.scheduler, review.quality) == (4, "fsrs", 5)
    memory, days = fsrs_model.step(config, None, 4, review.at)
    card = card_row(tui_ctx, question.key)
    assert card.stability == memory.stability and card.difficulty == memory.difficulty
    assert card.due == due_after(local_day_start(review.at), days)
    assert tui_ctx.progress.doctor().healthy


async def test_wrong_answer_suggests_again_and_stats_show_fsrs(tui_ctx: Services) -> None:
    tui_ctx.scheduling.switch("fsrs")
    app = build_app(tui_ctx, request=StudyRequest(decks=["conv"], seed=7))
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_question(pilot)
        question = screen.question
        assert question is not None
        await answer(pilot, screen, "")  # don't know
        assert screen.feedback is not None and screen.feedback.suggested_rating == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.question is not question)
        await pilot.app.push_screen(StatsScreen(tui_ctx))
        await wait_for(pilot, lambda: isinstance(app.screen, StatsScreen)
                       and app.screen.charts is not None)
        await pilot.press("2")
        await wait_for(pilot, lambda: "recall now" in screen_text(app))
        text = screen_text(app)
        assert "FSRS (12 deck(s))" in text and "desired retention 90%" in text
        assert "1 card(s)" in text
    [review] = [r for r in reviews(tui_ctx) if r.kind == "review"]
    assert (review.rating, review.quality, review.scheduler) == (1, 0, "fsrs")
