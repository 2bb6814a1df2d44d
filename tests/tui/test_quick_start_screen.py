"""The study screen after a quick start (services/quick_start.py): the first question is
shown from the look at the file, the store opens in the background once it is painted,
and answers are recorded as after a full start."""

from __future__ import annotations

from pathlib import Path

from quizapp.core.flow import Phase
from quizapp.services.context import Settings, build_services
from quizapp.services.quick_start import quick_services
from quizapp.services.session import StudyRequest
from quizapp.tui.app import build_app
from quizapp.tui.screens.study import StudyScreen
from tests.tui.conftest import FIXED_NOW, screen_text, wait_for


async def test_a_quick_start_shows_the_question_then_opens_the_store(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "q.db"), device="cpu", lang="en",
                        custom_dir=tmp_path / "decks", cache_dir=tmp_path / "cache")
    build_services(settings, clock=lambda: FIXED_NOW).close()  # the collection exists
    services = quick_services(settings, clock=lambda: FIXED_NOW)
    assert services is not None and services.start is not None
    try:
        app = build_app(services, request=StudyRequest(decks=("conv",), seed=7))
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, StudyScreen)
                           and app.screen.question is not None)
            screen = app.screen
            assert isinstance(screen, StudyScreen) and screen.question is not None
            await wait_for(pilot, lambda: services.start is None)  # opened in the background
            assert screen.phase is Phase.ANSWERING
            await pilot.press("enter")  # "don't know"
            await wait_for(pilot, lambda: screen.phase is Phase.FEEDBACK, timeout=90)
            await wait_for(pilot, lambda: "Answer:" in screen_text(app), timeout=10)
            key = screen.question.key
            await pilot.press("q")  # recorded with the suggested grade
            await wait_for(pilot, lambda: not app.is_running)
        assert services.progress.stats().reviews_total == 1
        assert app.exit_notes == [f"{key}: recorded as 0"]
        assert app.last_summary is not None and app.last_summary.answered == 1
    finally:
        services.close()
    full = build_services(settings, clock=lambda: FIXED_NOW)
    try:
        with full.reads() as reads:
            row = reads.card(key)
        assert row is not None and row.due is not None  # studied: no longer new
    finally:
        full.close()
