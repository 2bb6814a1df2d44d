"""Pilot tests of the study screen: every flow a learner takes, against the real app and DB."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from rich.console import Console
from sqlalchemy import select
from textual.widgets import Static

from quizapp.core.flow import Phase
from quizapp.services.context import Services
from quizapp.services.questions import Question
from quizapp.services.session import StudyRequest
from quizapp.store import repo
from quizapp.store.models import CardRow, ReviewRow
from quizapp.tui.app import build_app
from quizapp.tui.screens.study import StudyScreen
from quizapp.tui.screens.summary import SummaryScreen
from tests.tui.conftest import screen_text, wait_for

SIZE = (80, 24)
CONV = StudyRequest(decks=("conv",), seed=7)


def conv_out(n: int, k: int, s: int, p: int, d: int) -> int:
    """Output size from the formula in PyTorch's Conv2d documentation."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def expected_shape(params: dict[str, Any]) -> tuple[int, ...]:
    p = params
    args = (p["kernel_size"], p["stride"], p["padding"], p["dilation"])
    return (p["N"], p["C_out"], conv_out(p["H"], *args), conv_out(p["W"], *args))


def shown(screen: StudyScreen, selector: str) -> str:
    """The plain text a Static widget displays, as a learner would read it."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


def reviews(ctx: Services) -> list[ReviewRow]:
    with ctx.sessions() as s:
        return list(s.scalars(select(ReviewRow).order_by(ReviewRow.id)))


def card_row(ctx: Services, key: str) -> CardRow:
    with ctx.sessions() as s:
        row = repo.card(s, key)
        assert row is not None
        return row


async def first_question(pilot: Any) -> StudyScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, StudyScreen)
                   and pilot.app.screen.question is not None)
    return pilot.app.screen  # type: ignore[no-any-return]


@asynccontextmanager
async def study(ctx: Services, request: StudyRequest = CONV, size: tuple[int, int] = SIZE
                ) -> AsyncIterator[tuple[Any, StudyScreen]]:
    """The app on `request` (the conv deck, seed 7), at its first question: (pilot, screen)."""
    app = build_app(ctx, request=request)
    async with app.run_test(size=size) as pilot:
        yield pilot, await first_question(pilot)


SETTLED = {Phase.FEEDBACK, Phase.ANSWERING, Phase.RETRY, Phase.BROKEN, Phase.FRONT,
           Phase.DONE}


async def answer(pilot: Any, screen: StudyScreen, text: str) -> None:
    """Type an answer and wait until it is graded, refused, or a second try is offered."""
    await pilot.press(*text, "enter") if text else await pilot.press("enter")
    await wait_for(pilot, lambda: screen.busy is None and screen.phase in SETTLED)


async def give_up(pilot: Any, screen: StudyScreen) -> None:
    """After a wrong first answer: Enter on the empty box shows the answer."""
    assert screen.phase is Phase.RETRY
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.phase is Phase.FEEDBACK)


async def settle(pilot: Any, screen: StudyScreen) -> None:
    """Wait until no check or write is running."""
    await wait_for(pilot, lambda: screen.busy is None and screen.phase in SETTLED)


def toasts(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def press_for_next(pilot: Any, screen: StudyScreen, *keys: str) -> Question | None:
    """Press keys that leave the card on screen; wait for the next card and return it."""
    leaving = screen.question
    await pilot.press(*keys)
    await wait_for(pilot, lambda: screen.question is not leaving)
    return screen.question


async def test_right_answer_is_graded_and_recorded(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        question = screen.question
        assert question is not None and question.card.key == "conv/conv2d-output-shape"
        typed = ",".join(str(d) for d in expected_shape(question.params))
        await answer(pilot, screen, typed)
        assert screen.feedback is not None and screen.feedback.verdict is not None
        assert screen.feedback.verdict.correct
        assert screen.feedback.suggested in {4, 5}
        suggested = screen.feedback.suggested
        await press_for_next(pilot, screen, "enter")  # accept the suggested grade
    [review] = reviews(tui_ctx)
    assert (review.quality, review.correct, review.typed) == (suggested, True, typed)
    assert card_row(tui_ctx, "conv/conv2d-output-shape").interval == 1


async def test_wrong_answer_shows_the_answer_and_is_drilled_again(tui_ctx: Services) -> None:
    async with study(tui_ctx, StudyRequest(decks=["conv"], seed=7, limit=2)) as (pilot, screen):
        question = screen.question
        assert question is not None
        right = expected_shape(question.params)
        wrong = (*right[:3], right[3] + 1)  # one dimension off: "close"
        await answer(pilot, screen, ",".join(map(str, wrong)))
        assert screen.feedback is None  # a second try first, the answer still hidden
        assert "Not quite: dim 3 is wrong" in shown(screen, "#message")
        assert str(right[3]) not in shown(screen, "#message")
        await give_up(pilot, screen)
        fb = screen.feedback
        assert fb is not None and fb.verdict is not None and not fb.verdict.correct
        assert fb.suggested == 2 and "dim 3" in fb.verdict.detail
        assert tuple(fb.computed.value) == right  # type: ignore[union-attr]
        await press_for_next(pilot, screen, "enter")
        assert screen.session is not None
        assert question.card.key in screen.session.queue.drilling
        assert list(screen.session.queue.pending).count(question.card.key) == 1
    [review] = reviews(tui_ctx)
    assert (review.quality, review.correct, review.suggested) == (2, False, 2)


async def test_unparsable_answer_is_explained_and_not_recorded(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        await pilot.press(*"sixteen", "enter")
        await wait_for(pilot, lambda: screen.phase is Phase.ANSWERING
                       and "Not graded" in shown(screen, "#message"))
        assert screen.feedback is None
    assert reviews(tui_ctx) == []


async def test_digit_overrides_the_suggested_grade(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        await answer(pilot, screen, "")  # don't know: suggested 0
        assert screen.feedback is not None and screen.feedback.suggested == 0
        await press_for_next(pilot, screen, "3")
    [review] = reviews(tui_ctx)
    assert (review.quality, review.suggested) == (3, 0)


async def test_undo_on_the_next_card_restores_the_last_one_and_names_it(
    tui_ctx: Services,
) -> None:
    async with study(tui_ctx) as (pilot, screen):
        question = screen.question
        assert question is not None
        await answer(pilot, screen, "")
        second = await press_for_next(pilot, screen, "4")
        assert second is not None
        assert card_row(tui_ctx, question.card.key).interval == 1
        await pilot.press("u")  # on the next card's empty answer box
        await wait_for(pilot, lambda: screen.question is not None
                       and screen.question.card.key == question.card.key)
        assert screen.question.params == question.params  # the same question comes back
        assert any(question.card.key in t and "undone" in t for t in toasts(pilot.app))
        await answer(pilot, screen, "")
        await pilot.press("4")
        # the card that was on screen when the undo came is asked next, not lost
        await wait_for(pilot, lambda: screen.question is not None
                       and screen.question.card.key == second.card.key)
    row = card_row(tui_ctx, question.card.key)
    assert (row.repetitions, row.interval) == (1, 1)
    kinds = [(r.kind, r.undoes) for r in reviews(tui_ctx)]
    assert kinds == [("review", None), ("undo", 1), ("review", None)]


async def test_u_on_a_checked_answer_takes_it_back_without_touching_the_last_card(
    tui_ctx: Services,
) -> None:
    async with study(tui_ctx) as (pilot, screen):
        await answer(pilot, screen, "")
        second = await press_for_next(pilot, screen, "5")
        assert second is not None
        await answer(pilot, screen, "")
        assert screen.phase is Phase.FEEDBACK
        await pilot.press("u")  # acts on the card on screen: its answer was not recorded
        await wait_for(pilot, lambda: screen.phase is Phase.ANSWERING)
        assert screen.question is not None and screen.question.card.key == second.card.key
        assert any(second.card.key in t and "taken back" in t for t in toasts(pilot.app))
    assert [(r.kind, r.quality) for r in reviews(tui_ctx)] == [("review", 5)]  # untouched


TWO_SHAPES = ("conv/conv2d-output-shape", "conv/conv2d-tuple-output-shape")


async def test_mark_correct_acts_on_the_card_on_screen(tui_ctx: Services) -> None:
    async with study(tui_ctx, StudyRequest(keys=TWO_SHAPES, seed=7)) as (pilot, screen):
        await answer(pilot, screen, "")
        second = await press_for_next(pilot, screen, "2")
        assert second is not None
        await answer(pilot, screen, "1,2,3,4")
        await give_up(pilot, screen)
        assert screen.feedback is not None and screen.feedback.suggested == 1
        # Offered: an auto-graded wrong answer (painted from the next refresh on).
        await wait_for(pilot, lambda: "! I was right" in screen_text(pilot.app), timeout=10)
        assert "! I was right" not in shown(screen, "#feedback")
        await pilot.press("exclamation_mark")
        await wait_for(pilot, lambda: screen.feedback is not None
                       and screen.feedback.suggested == 4)
        assert any(second.card.key in t for t in toasts(pilot.app))
        await press_for_next(pilot, screen, "enter")
    first_review, second_review = reviews(tui_ctx)
    assert (first_review.quality, first_review.correct) == (2, None)  # never touched
    assert (second_review.quality, second_review.correct) == (4, True)


async def test_mark_correct_on_the_next_card_regrades_the_last_wrong_one(
    tui_ctx: Services,
) -> None:
    async with study(tui_ctx, StudyRequest(keys=TWO_SHAPES, seed=7)) as (pilot, screen):
        first = screen.question
        assert first is not None
        await answer(pilot, screen, "1,2,3,4")
        await give_up(pilot, screen)
        second = await press_for_next(pilot, screen, "enter")  # recorded as 1
        await pilot.press("exclamation_mark")  # empty box: the last graded card
        await wait_for(pilot, lambda: any(first.card.key in t and "graded 4" in t
                                          for t in toasts(pilot.app)))
        assert screen.question is second  # the card on screen stays
        assert first.card.key not in screen.session.queue.drilling  # type: ignore[union-attr]
    kinds = [(r.kind, r.quality, r.correct) for r in reviews(tui_ctx)]
    assert kinds == [("review", 1, False), ("undo", None, None), ("review", 4, True)]
    assert card_row(tui_ctx, first.card.key).interval == 1


async def test_suspend_and_bury_take_the_card_out(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        first = screen.question
        assert first is not None
        second = await press_for_next(pilot, screen, "asterisk")  # works on the empty answer box
        assert second is not None
        await pilot.press("minus")  # a minus on the answer box is text, not bury
        assert screen.query_one("#answer").value == "-"  # type: ignore[attr-defined]
        await pilot.press("backspace")
        await answer(pilot, screen, "")
        # Bury, once checked: the answer is recorded first.
        await press_for_next(pilot, screen, "minus")
        assert screen.session is not None
        assert first.card.key not in screen.session.queue.pending
        assert any(second.card.key in t and "recorded as 0" in t for t in toasts(pilot.app))
    assert card_row(tui_ctx, first.card.key).suspended
    buried = card_row(tui_ctx, second.card.key).buried_until
    assert buried is not None and buried > tui_ctx.clock()
    assert [(r.quality, r.kind) for r in reviews(tui_ctx)] == [(0, "review")]


async def test_undo_reverses_a_suspend_and_the_answer_it_recorded(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        first = screen.question
        assert first is not None
        await answer(pilot, screen, "")
        await press_for_next(pilot, screen, "asterisk")  # records the checked answer, then suspends
        assert card_row(tui_ctx, first.card.key).suspended
        await pilot.press("u")
        await wait_for(pilot, lambda: screen.question is not None
                       and screen.question.card.key == first.card.key)
        assert any(first.card.key in t and "unsuspended" in t for t in toasts(pilot.app))
    assert not card_row(tui_ctx, first.card.key).suspended
    assert [r.kind for r in reviews(tui_ctx)] == ["review", "undo"]
    assert card_row(tui_ctx, first.card.key).due is None  # new again, as before


async def test_q_after_a_check_records_the_answer_with_the_suggested_grade(
    tui_ctx: Services,
) -> None:
    async with study(tui_ctx) as (pilot, screen):
        question = screen.question
        assert question is not None
        await answer(pilot, screen, ",".join(map(str, expected_shape(question.params))))
        suggested = screen.feedback.suggested  # type: ignore[union-attr]
        await pilot.press("q")  # not graded yet
        await wait_for(pilot, lambda: not pilot.app.is_running)
    assert [(r.quality, r.suggested) for r in reviews(tui_ctx)] == [(suggested, suggested)]
    assert pilot.app.exit_notes == [f"{question.card.key}: recorded as {suggested}"]
    assert pilot.app.last_summary is not None and pilot.app.last_summary.answered == 1


async def test_no_second_try_on_a_yes_no_card(tui_ctx: Services) -> None:
    bools = [c.key for c in tui_ctx.library.deck("tensors").cards if c.answer == "bool"]
    async with study(tui_ctx, StudyRequest(keys=bools[:1])) as (pilot, screen):
        question = screen.question
        assert question is not None
        right = screen.services.runner.compute(question.card, question.params).value
        await answer(pilot, screen, "no" if right else "yes")
        assert screen.phase is Phase.FEEDBACK  # straight to the answer: no guessing twice
        assert screen.feedback is not None and screen.feedback.suggested == 1


async def test_quit_mid_card_keeps_what_was_answered(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        await answer(pilot, screen, "")
        await press_for_next(pilot, screen, "enter")
        await pilot.press("q")  # mid-card, answer box empty
        await wait_for(pilot, lambda: not pilot.app.is_running)
    assert len(reviews(tui_ctx)) == 1


async def test_flash_card_reveal_with_enter_and_self_grade(tui_ctx: Services) -> None:
    keys = ["conv/one-by-one-conv"]
    async with study(tui_ctx, StudyRequest(keys=keys)) as (pilot, screen):
        assert screen.phase is Phase.FRONT
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.phase is Phase.FEEDBACK)
        fb = screen.feedback
        assert fb is not None and fb.computed is not None and fb.computed.value is True
        # The widgets are updated with the phase; the terminal shows them from the next
        # refresh on, which a loaded machine can delay.
        await wait_for(pilot, lambda: "4 good" in screen_text(pilot.app), timeout=10)
        text = screen_text(pilot.app)
        for label in ("1 again", "3 hard", "4 good", "5 easy"):
            assert label in text
        assert "0 blank" not in text and "2 close" not in text  # one set of labels
        await pilot.press("2")  # not a flash grade: nothing happens
        await pilot.pause(0.2)
        assert screen.phase is Phase.FEEDBACK
        await pilot.press("5")
        await wait_for(pilot, lambda: not pilot.app.is_running or
                       isinstance(pilot.app.screen, SummaryScreen))
    [review] = reviews(tui_ctx)
    assert (review.quality, review.correct) == (5, None)


async def test_f1_opens_help_and_question_mark_is_typed(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        await pilot.press("question_mark")
        assert screen.query_one("#answer").value == "?"  # type: ignore[attr-defined]
        await pilot.press("f1")
        await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "HelpScreen")
        assert "Study: feedback" in screen_text(pilot.app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is screen)


async def test_the_footer_shows_the_keys_of_each_phase(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        assert "Enter submit · empty don't know · F1 help" in screen_text(pilot.app)
        await answer(pilot, screen, "")
        await wait_for(pilot, lambda: "Enter accept · 0-5 grade · u undo" in screen_text(pilot.app),
                       timeout=10)


async def test_page_down_scrolls_the_study_area_while_typing(tui_ctx: Services) -> None:
    async with study(tui_ctx, size=(80, 12)) as (pilot, screen):
        body = screen.query_one("#body")
        assert screen.focused is screen.query_one("#answer")
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert body.scroll_y == 0


async def test_eighth_lapse_tags_a_leech_and_tells_the_learner(tui_ctx: Services) -> None:
    key = "conv/conv2d-output-shape"
    with tui_ctx.sessions.begin() as s:
        repo.set_flags(s, key, repetitions=3, interval=10, ease=150, lapses=7,
                       due=tui_ctx.clock())
    async with study(tui_ctx, StudyRequest(decks=["conv"], seed=7, new=0)) as (pilot, screen):
        assert screen.question is not None and screen.question.card.key == key
        await answer(pilot, screen, "1,1,1,1")
        await give_up(pilot, screen)
        await pilot.press("1")
        await wait_for(pilot, lambda: any("leech" in t for t in toasts(pilot.app)))
    row = card_row(tui_ctx, key)
    assert (row.leech, row.lapses, row.repetitions) == (True, 8, 0)


async def test_a_failing_verifier_is_shown_and_nothing_is_recorded(
    tui_ctx: Services, tmp_path: Any
) -> None:
    src = tmp_path / "broken"
    src.mkdir()
    (src / "broken.yaml").write_text(
        "name: broken\ntitle: Broken\nverifier: broken.py\ncards:\n"
        "  - {id: boom, kind: quiz, prompt: 'What is {x}?', params: {x: 1}, answer: int}\n"
    )
    (src / "broken.py").write_text("def boom(p, device):\n    raise RuntimeError('kaput')\n")
    tui_ctx.library.add(src / "broken.yaml", True, lambda deck: [])
    async with study(tui_ctx, StudyRequest(decks=["broken"])) as (pilot, screen):
        await answer(pilot, screen, "1")
        assert screen.phase is Phase.BROKEN
        assert "kaput" in shown(screen, "#message")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not pilot.app.is_running)
    assert reviews(tui_ctx) == []


async def test_a_known_slip_is_pointed_out(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        question = screen.question
        assert question is not None
        p = question.params
        no_plus_one = [(n + 2 * p["padding"] - p["dilation"] * (p["kernel_size"] - 1) - 1)
                       // p["stride"] for n in (p["H"], p["W"])]
        await answer(pilot, screen, ",".join(map(str, (p["N"], p["C_out"], *no_plus_one))))
        await give_up(pilot, screen)
        fb = screen.feedback
        assert fb is not None and fb.verdict is not None and not fb.verdict.correct
        assert fb.slip is not None
        assert f"Likely slip: {fb.slip.why.get('en')}" in shown(screen, "#feedback")
        await press_for_next(pilot, screen, "enter")
    [review] = reviews(tui_ctx)
    assert review.slip == fb.slip.id  # the slip that fired is in the log


async def test_right_on_the_second_try_suggests_three(tui_ctx: Services) -> None:
    async with study(tui_ctx) as (pilot, screen):
        question = screen.question
        assert question is not None
        right = expected_shape(question.params)
        await answer(pilot, screen, "1,1,1,1")
        assert screen.phase is Phase.RETRY
        await answer(pilot, screen, ",".join(map(str, right)))
        fb = screen.feedback
        assert fb is not None and fb.verdict is not None and fb.verdict.correct
        assert (fb.attempt, fb.suggested) == (2, 3)
        await press_for_next(pilot, screen, "enter")
    [review] = reviews(tui_ctx)
    assert (review.quality, review.correct) == (3, True)


async def test_home_to_stats_hardest_cards_opens_a_study_session(tui_ctx: Services) -> None:
    key = "conv/conv2d-param-count"
    with tui_ctx.sessions.begin() as s:
        repo.set_flags(s, key, repetitions=2, interval=6, ease=130, lapses=5,
                       due=tui_ctx.clock())
    app = build_app(tui_ctx, home=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "StatsScreen")
        await pilot.press("t")
        screen = await first_question(pilot)
        assert screen.question is not None and screen.question.card.key == key


async def test_a_locked_database_loses_nothing_and_the_grade_is_retried(
    tmp_path: Any, monkeypatch: Any
) -> None:
    import sqlite3

    from quizapp.services.context import Settings, build_services

    monkeypatch.setenv("QUIZAPP_BUSY_TIMEOUT_MS", "200")
    monkeypatch.setattr("quizapp.tui.screens.study_recording.RETRY_SECONDS", 0.3)
    db = tmp_path / "q.db"
    ctx = build_services(Settings(db=str(db), device="cpu", lang="en",
                                  custom_dir=tmp_path / "d", cache_dir=None))
    app = build_app(ctx, request=StudyRequest(decks=["conv"], seed=7))
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await first_question(pilot)
            question = screen.question
            await answer(pilot, screen, "")
            other = sqlite3.connect(db, isolation_level=None)  # another program holds the lock
            other.execute("BEGIN EXCLUSIVE")
            await pilot.press("4")
            await wait_for(pilot, lambda: any("Not saved" in (n.title or "")
                                              for n in app._notifications))
            assert screen.question is question and screen.feedback is not None
            assert app.is_running  # a notification, never an exit
            await pilot.pause(1.5)  # several retries fail meanwhile: the learner is told once
            assert sum("Not saved" in (n.title or "") for n in app._notifications) == 1
            other.execute("ROLLBACK")
            other.close()
            # retried by itself: nothing more to press
            await wait_for(pilot, lambda: screen.question is not question)
            assert any(n.message == "Saved." for n in app._notifications)
        assert [(r.quality, r.typed) for r in reviews(ctx)] == [(4, "")]
    finally:
        ctx.close()


async def test_an_unexpected_error_is_one_line_and_logged(
    tui_ctx: Services, tmp_path: Any, monkeypatch: Any
) -> None:
    import pytest

    from quizapp.tui.app import ReportedError

    monkeypatch.setenv("QUIZAPP_HOME", str(tmp_path / "home"))
    app = build_app(tui_ctx, request=StudyRequest(decks=["conv"], seed=7))

    def bug() -> None:
        raise ZeroDivisionError("a bug")

    with pytest.raises(ReportedError) as raised:
        async with app.run_test(size=SIZE) as pilot:
            await first_question(pilot)
            app.call_later(bug)
            await pilot.pause(0.5)
    message = str(raised.value)
    assert message.startswith("quizapp: internal error: ZeroDivisionError: a bug")
    assert "\n" not in message
    log = (tmp_path / "home" / "crash.log").read_text()
    assert "Traceback" in log and "ZeroDivisionError" in log
