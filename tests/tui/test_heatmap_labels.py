"""The calendar heatmap's month names: each stands above a week of its own month, in English
and in Chinese (whose names are wider), and none is lost only because a neighbour is wide."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from quizapp.core.i18n import language, set_language
from quizapp.core.present import cells
from quizapp.tui.widgets.heatmap import MONTHS, WEEKS, calendar_text, first_day

DAYS = [date(2026, 1, 1) + timedelta(days=9 * i) for i in range(41)]  # a year and more


@pytest.fixture(params=["en", "zh"])
def lang(request):  # type: ignore[no-untyped-def]
    before = language()
    set_language(request.param)
    yield request.param
    set_language(before)


def labels(today: date) -> list[tuple[int, int]]:
    """(grid column, month) of every month name in the first line."""
    from quizapp.core.i18n import _

    line = cells(calendar_text({}, today.toordinal()).plain.split("\n")[0])
    found = []
    for month, name in enumerate(MONTHS, start=1):
        width = cells(_(name))
        for at in range(len(line) - len(width) + 1):
            if line[at:at + len(width)] == width and (at == 0 or line[at - 1] == " ") and (
                    at + len(width) == len(line) or line[at + len(width)] == " "):
                found.append((at - 4, month))
    return sorted(found)


def test_each_month_name_stands_above_its_own_month(lang: str) -> None:
    for today in DAYS:
        start = first_day(today.toordinal())
        months = [date.fromordinal(start + 7 * c).month for c in range(WEEKS)]
        found = labels(today)
        assert found, today
        for column, month in found:
            assert months[column] == month, (lang, today, column, month)


def test_a_month_with_four_weeks_or_more_is_named(lang: str) -> None:
    for today in DAYS:
        start = first_day(today.toordinal())
        months = [date.fromordinal(start + 7 * c).month for c in range(WEEKS)]
        named = {m for _c, m in labels(today)}
        # Columns are weeks by their Monday; the grid's first month may be a sliver.
        for month in set(months[1:]):
            if months.count(month) >= 4 and months[0] != month:
                assert month in named, (lang, today, month, labels(today))
