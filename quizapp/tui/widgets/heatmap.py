"""A GitHub-style calendar heatmap: a year of weeks as columns, Monday to Sunday as rows."""

from __future__ import annotations

from datetime import date
from itertools import takewhile

from rich.text import Text
from textual.widgets import Static

from quizapp.core.i18n import N_, _
from quizapp.core.present import cells, pad

WEEKS = 53
CELL = "■"
# Empty, then four levels of activity, from the theme-neutral greens GitHub made familiar.
LEVELS = ("#3a3a3a", "#0e4429", "#006d32", "#26a641", "#39d353")
ROW_LABELS = (N_("Mon"), "", N_("Wed"), "", N_("Fri"), "", N_("Sun"))
# Names from the catalog, not strftime("%b"), which would follow the OS locale instead of
# the learner's choice; their width in columns is measured, so 1月 and Jan both fit.
MONTHS = [N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
          N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")]


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
    months = [" "] * (weeks + 8)  # the last name may reach past the grid's right edge
    of_column = [date.fromordinal(start + 7 * column).month for column in range(weeks)]
    free = 4
    for column, month in enumerate(of_column):
        if column and of_column[column - 1] == month:
            continue
        # A month's name goes above its first week, or further right while still above the
        # same month when the previous name is in the way (Chinese names are wider: 10月).
        name = cells(_(MONTHS[month - 1]))
        if column == 0 and len(list(takewhile(month.__eq__, of_column))) <= len(name):
            continue  # the grid starts in a month's last weeks: its name would crowd the next
        at = max(column + 4, free)
        if at - 4 < weeks and of_column[at - 4] == month and at + len(name) <= len(months):
            months[at : at + len(name)] = name
            free = at + len(name) + 1
    text.append("".join(months).rstrip() + "\n", style="dim")
    for row in range(7):
        text.append(pad(_(ROW_LABELS[row]) if ROW_LABELS[row] else "", 4), style="dim")
        for column in range(weeks):
            day = start + 7 * column + row
            if day > today:
                text.append(" ")
                continue
            text.append(CELL, style=LEVELS[level(counts.get(day, 0), most)])
        text.append("\n")
    text.append("    " + _("less") + " ", style="dim")
    for colour in LEVELS:
        text.append(CELL, style=colour)
    text.append(" " + _("more"), style="dim")
    return text


class Heatmap(Static):
    """Shows answers per day for the last year; give it data with `show`."""

    def show(self, counts: dict[int, int], today: int) -> None:
        self.update(calendar_text(counts, today))
