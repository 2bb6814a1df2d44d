"""A GitHub-style calendar heatmap: a year of weeks as columns, Monday to Sunday as rows."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widgets import Static

WEEKS = 53
CELL = "■"
# Empty, then four levels of activity, from the theme-neutral greens GitHub made familiar.
LEVELS = ("#3a3a3a", "#0e4429", "#006d32", "#26a641", "#39d353")
ROW_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
# Fixed English names: strftime("%b") would follow the locale and break the layout.
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def level(count: int, most: int) -> int:
    """0 for no answers, else 1..4 by the share of the busiest day (rounded up)."""
    if count <= 0 or most <= 0:
        return 0
    return min(4, -(-4 * count // most))


def first_day(today: int, weeks: int = WEEKS) -> int:
    """The Monday that starts the grid's first column, so the last column holds today."""
    monday = today - date.fromordinal(today).weekday()
    return monday - 7 * (weeks - 1)


def calendar_text(counts: dict[int, int], today: int, weeks: int = WEEKS) -> Text:
    """The heatmap with month names above and weekday names on the left."""
    start = first_day(today, weeks)
    most = max((n for day, n in counts.items() if start <= day <= today), default=0)
    text = Text()
    months = [" "] * (weeks + 4)
    free, previous = 4, 0
    for column in range(weeks):
        month = date.fromordinal(start + 7 * column).month
        at = column + 4
        # A month's name goes above its first week, unless the previous name is in the way.
        if month != previous and at >= free and at + 3 <= len(months):
            months[at : at + 3] = MONTHS[month - 1]
            free = at + 4
        previous = month
    text.append("".join(months).rstrip() + "\n", style="dim")
    for row in range(7):
        text.append(f"{ROW_LABELS[row]:<4}", style="dim")
        for column in range(weeks):
            day = start + 7 * column + row
            if day > today:
                text.append(" ")
                continue
            text.append(CELL, style=LEVELS[level(counts.get(day, 0), most)])
        text.append("\n")
    text.append("    less ", style="dim")
    for colour in LEVELS:
        text.append(CELL, style=colour)
    text.append(" more", style="dim")
    return text


class Heatmap(Static):
    """Shows answers per day for the last year; give it data with `show`."""

    def show(self, counts: dict[int, int], today: int) -> None:
        self.update(calendar_text(counts, today))
