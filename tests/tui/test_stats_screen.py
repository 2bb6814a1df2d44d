"""The stats screen, run in the real app over a history made by really studying cards."""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from review_history import NOW, ScreenApp, demo_context, run_async, settle
from rich.console import Console
from rich.text import Text
from sqlalchemy import select
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from quizapp.core.clock import local_day
from quizapp.services.context import Services
from quizapp.services.session import StudyRequest, StudySession
from quizapp.store.models import CardRow
from quizapp.tui.screens.stats import StatsScreen
from quizapp.tui.widgets.heatmap import LEVELS

# card id -> quality, per day (days before NOW); cards not named are answered 4.
PLAN = {9: {"linear-shape": 4}, 3: {"linear-shape": 1, "flatten-size": 2},
        1: {"linear-shape": 4}, 0: {"linear-shape": 1}}


def study(ctx: Services, grades: dict[str, int]) -> int:
    """One sitting through the real StudySession; drills get a 4 so the sitting ends."""
    session = StudySession(ctx, StudyRequest(seed=3))
    answered = 0
    while (question := session.next()) is not None:
        card = question.card
        feedback = session.submit("") if card.kind == "quiz" else session.reveal()
        assert feedback.error is None
        session.grade(4 if question.is_drill else grades.get(card.id, 4))
        answered += 1
    return answered


def studied_history(tmp_path: Path) -> tuple[Services, Counter[int]]:
    moment = [NOW]
    ctx = demo_context(tmp_path, clock=lambda: moment[0])
    done: Counter[int] = Counter()
    for days_ago, grades in PLAN.items():
        moment[0] = NOW - timedelta(days=days_ago)
        done[local_day(moment[0])] += study(ctx, grades)
    moment[0] = NOW
    return ctx, done


def text_of(widget: Static) -> str:
    out = io.StringIO()
    Console(width=200, file=out, color_system=None).print(widget.content)
    return out.getvalue()


@run_async
async def test_the_charts_show_what_was_studied(tmp_path: Path) -> None:
    ctx, done = studied_history(tmp_path)
    today = local_day(NOW)
    app = ScreenApp(ctx, StatsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        labels, values = screen.plotted["per-day"]
        assert values == [done[d] for d in range(today - 29, today + 1)]
        assert labels[-1] == datetime.fromordinal(today).strftime("%m-%d")
        assert sum(values) == sum(done.values()) > 10
        summary = text_of(screen.query_one("#stats-summary", Static))
        assert f"today {done[today]}" in summary
        assert f"last 30 days {sum(done.values())}" in summary
        assert "streak 2 d" in summary  # yesterday and today

        with ctx.sessions() as s:
            due = [c.due for c in s.scalars(select(CardRow)) if c.due is not None]
        forecast = screen.plotted["forecast"][1]
        assert forecast[0] == sum(local_day(d) <= today for d in due)
        assert sum(forecast) == sum(local_day(d) < today + 14 for d in due)


@run_async
async def test_hardest_cards_come_first_and_can_be_studied(tmp_path: Path) -> None:
    ctx, _ = studied_history(tmp_path)
    with ctx.sessions() as s:
        lapses = {c.key: c.lapses for c in s.scalars(select(CardRow))}
    assert lapses["demo/linear-shape"] == max(lapses.values()) == 2
    app = ScreenApp(ctx, StatsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        table = app.screen.query_one("#hardest-table", DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert rows[0][:2] == ["demo/linear-shape", "2"]
        assert [int(r[1]) for r in rows] == sorted((int(r[1]) for r in rows), reverse=True)
        assert rows[1][0] == "demo/flatten-size"

        await pilot.press("t")
        await pilot.pause()
        assert app.requested == [[str(r[0]) for r in rows]]
        table.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.requested[-1] == ["demo/flatten-size"]


@run_async
async def test_every_tab_lays_out_and_survives_resizing(tmp_path: Path) -> None:
    ctx, done = studied_history(tmp_path)
    app = ScreenApp(ctx, StatsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for tab in "1234":
            await pilot.press(tab)
            await pilot.pause()
        await pilot.press("2")
        heatmap = app.screen.query_one("#heatmap", Static)
        assert "Mon" in text_of(heatmap) and "less" in text_of(heatmap)
        content = heatmap.content
        assert isinstance(content, Text)
        lit = [span for span in content.spans if span.style in LEVELS[1:]]
        assert len(lit) == len(done) + 4  # one cell per study day, plus the legend's four
        await pilot.press("1")
        for size in ((60, 18), (140, 45), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            plot = app.screen.query_one("#per-day", PlotextPlot)
            assert 0 < plot.size.width <= size[0]
        assert app.screen.query_one("#per-day", PlotextPlot).size.width >= 70
        await pilot.press("q")
        assert not isinstance(app.screen, StatsScreen)
