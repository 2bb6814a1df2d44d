"""The teacher's report screen at 80x24, over a class of four learners on a real SQLite file
(the answers and their hand-worked figures are in tests/store/test_class_report.py)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, TabbedContent

from quizapp.core.class_stats import CardFigures
from quizapp.services.class_report import ClassReport
from quizapp.tui.screens.class_report import ClassReportScreen, ReportApp
from tests.store.test_class_report import _class, _report


def _column(table: DataTable[object], index: int) -> list[object]:
    return [table.get_row_at(row)[index] for row in range(table.row_count)]


async def test_every_learner_column_fits_at_80x24(tmp_path: Path) -> None:
    db = str(tmp_path / "class.db")
    _class(db)
    app = ReportApp(_report(db))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassReportScreen)
        cards = screen.query_one("#report-cards", DataTable)
        # Hardest first: c0 (2 of 4 right at once), c1 (3 of 4), beta/c0 (1 of 1).
        assert _column(cards, 0) == ["alpha/c0", "alpha/c1", "beta/c0"]
        assert _column(cards, 2) == ["50%", "75%", "100%"]
        assert _column(cards, 5) == ["padding-once 2", "missing-floor 1", "-"]
        assert cards.virtual_size.width <= 80  # no column hidden off the right edge
        await pilot.press("3")
        assert screen.query_one("#report-tabs", TabbedContent).active == "learners"
        learners = screen.query_one("#report-learners", DataTable)
        assert _column(learners, 0) == ["a", "b", "c", "d"]
        assert _column(learners, 1) == ["4", "2", "2", "2"]
        assert learners.virtual_size.width <= 80
        assert learners.region.height >= 5  # the header and all four rows on screen
        await pilot.press("2")
        chart = screen.query_one("#report-chart")
        assert chart.region.height >= 10 and chart.region.width <= 80


async def test_s_steps_through_hardest_most_slips_and_by_card() -> None:
    figures = [CardFigures("zeta/a", 5, 5, 0.2, 2.0, None, [("x", 1)]),
               CardFigures("alpha/b", 5, 5, 0.5, 3.0, None, [("y", 4), ("z", 1)]),
               CardFigures("mid/c", 1, 1, None, 3.0, None, [])]
    app = ReportApp(ClassReport(figures, [], None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        cards = app.screen.query_one("#report-cards", DataTable)
        assert _column(cards, 0) == ["zeta/a", "alpha/b", "mid/c"]  # the report's order
        await pilot.press("s")
        assert _column(cards, 0) == ["alpha/b", "zeta/a", "mid/c"]  # 5 slips, 1, none
        assert _column(cards, 5)[0] == "y 4, z 1"
        await pilot.press("s")
        assert _column(cards, 0) == ["alpha/b", "mid/c", "zeta/a"]
        await pilot.press("s")
        assert _column(cards, 0) == ["zeta/a", "alpha/b", "mid/c"]
