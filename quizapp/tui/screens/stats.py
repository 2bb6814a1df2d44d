"""The stats screen: reviews per day, due forecast, a year's heatmap, retention, hardest cards."""

from __future__ import annotations

from datetime import UTC, date
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from quizapp.core.i18n import N_, _
from quizapp.core.present import interval_text, share
from quizapp.services import progress as C
from quizapp.services.context import Services
from quizapp.tui.widgets.heatmap import Heatmap
from quizapp.tui.widgets.keybar import KeyBar

TABS = ("reviews", "calendar", "decks", "hardest")
TAB_NAMES = (N_("Reviews"), N_("Calendar"), N_("Decks"), N_("Hardest"))
BLOCKS = " ▁▂▃▄▅▆▇█"  # one bar per tenth of recall probability, height = share of cards
DECK_COLUMNS = (N_("deck"), N_("answers"), N_("graded 3+"))
HARDEST_COLUMNS = (N_("card"), N_("lapses"), N_("ease"), N_("interval"), N_("due"))
KEYS = (("1-4", N_("tabs")), ("t", N_("study hardest")), ("Enter", N_("study this card")),
        ("q", N_("back")))


def _short(day: int) -> str:
    return date.fromordinal(day).strftime("%m-%d")


class StatsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.pop_screen", show=False),
        Binding("t", "study_hardest", show=False),
        *[Binding(str(i), f"show_tab('{tab}')", show=False) for i, tab in enumerate(TABS, 1)],
    ]

    class StudyRequested(Message):
        """The learner asked to study these cards now (keys "deck/id", in this order)."""

        def __init__(self, keys: list[str]) -> None:
            super().__init__()
            self.keys = keys

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.charts: C.Charts | None = None
        self.fsrs: C.FsrsStats | None = None
        # What each chart was last given, so a test can compare it with the review log.
        self.plotted: dict[str, tuple[list[str], list[int]]] = {}

    def compose(self) -> ComposeResult:
        yield Static(_("loading…"), id="stats-summary")
        names = [f"{i} {_(name)}" for i, name in enumerate(TAB_NAMES, 1)]
        with TabbedContent(id="stats-tabs"):
            with TabPane(names[0], id="reviews"), VerticalScroll():
                yield PlotextPlot(id="per-day", classes="chart")
                yield PlotextPlot(id="forecast", classes="chart")
            with TabPane(names[1], id="calendar"), VerticalScroll():
                yield Heatmap(id="heatmap")
                yield Static(id="retention")
                yield Static(id="fsrs-summary")
            with TabPane(names[2], id="decks"), VerticalScroll():
                yield DataTable(id="deck-accuracy", cursor_type="none", zebra_stripes=True)
                yield PlotextPlot(id="ease", classes="chart")
            with TabPane(names[3], id="hardest"):
                yield DataTable(id="hardest-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self._headers()
        self.query_one(KeyBar).show(KEYS)
        self.load()

    def _headers(self) -> None:
        """The tables' column names in the language of the moment (`show` fills the rows)."""
        for selector, names in (("#deck-accuracy", DECK_COLUMNS),
                                ("#hardest-table", HARDEST_COLUMNS)):
            table = self.query_one(selector, DataTable)
            table.clear(columns=True)
            table.add_columns(*(_(name) for name in names))

    def language_changed(self, lang: str) -> None:
        """Tabs, headings, tables and charts again in `lang`, from the figures already read."""
        tabs = self.query_one("#stats-tabs", TabbedContent)
        for i, (tab, name) in enumerate(zip(TABS, TAB_NAMES, strict=True), 1):
            tabs.get_tab(tab).label = f"{i} {_(name)}"
        self._headers()
        if self.charts is None:
            self.query_one("#stats-summary", Static).update(_("loading…"))
            return
        self.show(self.charts)
        self.show_fsrs(self.fsrs)

    @on(TabbedContent.TabActivated)
    def tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """The hardest-cards table takes focus on its tab, so Enter and the arrows work."""
        if event.pane.id == "hardest":
            self.query_one("#hardest-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        if self.charts is not None:  # back from studying: the figures changed
            self.load()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def load(self) -> None:
        """Read every figure off the UI thread; over a big log this takes a noticeable while."""
        progress = self.services.progress
        charts, fsrs = progress.charts(), progress.fsrs_stats()
        self.app.call_from_thread(self.show, charts)
        self.app.call_from_thread(self.show_fsrs, fsrs)

    # -- showing -----------------------------------------------------------------------

    def show(self, charts: C.Charts) -> None:
        self.charts = charts
        month = charts.per_day()
        tomorrow = charts.forecast[1] if len(charts.forecast) > 1 else 0
        self.query_one("#stats-summary", Static).update(Text.assemble(
            (_("today") + " ", "dim"), str(month[-1]), ("  ·  " + _("last 30 days") + " ", "dim"),
            str(sum(month)), ("  ·  " + _("due tomorrow") + " ", "dim"), str(tomorrow),
            ("  ·  " + _("streak") + " ", "dim"), _("{n} d").format(n=charts.streak),
        ))
        days = range(charts.today - len(month) + 1, charts.today + 1)
        # Ticks a week apart, counted back from today so that today is always labelled.
        self._bars("per-day", _("Answers per day, last 30 days"),
                   [_short(d) for d in days], month, ticks=range(len(month) - 1, -1, -7))
        ahead = range(charts.today, charts.today + len(charts.forecast))
        self._bars("forecast", _("Cards due, next 14 days (today includes overdue)"),
                   [_("today") if d == charts.today else _short(d) for d in ahead],
                   charts.forecast, ticks=range(0, len(charts.forecast), 3))
        self.query_one("#heatmap", Heatmap).show(charts.calendar, charts.today)
        self.query_one("#retention", Static).update(self._retention(charts))
        decks = self.query_one("#deck-accuracy", DataTable)
        decks.clear()
        for row in charts.decks:
            decks.add_row(row.deck, str(row.answers), f"{row.share:.0%}")
        # Empty bins stay in, so the bars' spacing reads as distance along the ease axis.
        bins = range(min(charts.ease, default=0), max(charts.ease, default=-1) + 1, C.EASE_BIN)
        self._bars("ease", _("Studied cards by ease"), [f"{b / 100:.1f}" for b in bins],
                   [charts.ease.get(b, 0) for b in bins], ticks=range(0, len(bins), 3))
        hardest = self.query_one("#hardest-table", DataTable)
        hardest.clear()
        for card in charts.hardest:
            due = card.due.replace(tzinfo=UTC).astimezone().date().isoformat() if card.due else "-"
            hardest.add_row(card.key, str(card.lapses), f"{card.ease / 100:.2f}",
                            interval_text(card.interval), due, key=card.key)

    def show_fsrs(self, f: C.FsrsStats | None) -> None:
        """Only where FSRS schedules a deck: true retention against the desired retention,
        and how likely the cards are to be recalled right now, as one row of bars."""
        self.fsrs = f
        summary = self.query_one("#fsrs-summary", Static)
        summary.display = f is not None
        if f is None:
            return

        top = max(f.recall_bins, default=0) or 1
        bars = "".join(BLOCKS[round(n / top * (len(BLOCKS) - 1))] for n in f.recall_bins)
        table = Table.grid(padding=(0, 3))
        table.add_column()
        table.add_column()
        table.add_row(Text(_("FSRS ({n} deck(s))").format(n=len(f.decks)), style="bold"),
                      _("desired retention {share}").format(share=share(f.desired_retention)))
        table.add_row(Text(_("true retention"), style="dim"), _(
            "{month} of {n} in 30 days · {all} of {total} in all").format(
            month=share(f.retention_month.share), n=f.retention_month.reviews,
            all=share(f.retention_all.share), total=f.retention_all.reviews))
        table.add_row(Text(_("recall now"), style="dim"), Text.assemble(
            _("mean {share}").format(share=share(f.mean_recall)) + "   0% ",
            (bars, "green on grey19"), " 100%   " + _("{n} card(s)").format(n=f.cards)))
        summary.update(table)

    def _bars(self, plot_id: str, title: str, labels: list[str], values: list[int],
              ticks: range) -> None:
        self.plotted[plot_id] = (labels, values)
        plot = self.query_one(f"#{plot_id}", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.title(title)
        if values:
            plt.bar(list(range(len(values))), values, width=0.6)
            # Every label would overlap at 80 columns: only the `ticks` positions get one.
            plt.xticks(list(ticks), [labels[p] for p in ticks])
            plt.yfrequency(min(max(values), 4) + 1)
        plot.refresh()

    def _retention(self, charts: C.Charts) -> Group:
        table = Table.grid(padding=(0, 3))
        for _column in range(3):
            table.add_column()
        table.add_row(Text(_("Retention (answers graded 3+)"), style="dim"),
                      Text(_("young (<21 d)"), style="dim"), Text(_("mature"), style="dim"))
        for label, r in ((_("last 30 days"), charts.retention_month),
                         (_("all time"), charts.retention)):
            of = _("{share} of {n}")
            table.add_row(label, of.format(share=share(r.young), n=r.young_total),
                          of.format(share=share(r.mature), n=r.mature_total))
        streak = Text(_("Streak: {n} day(s)").format(n=charts.streak) + "\n", style="bold")
        return Group(streak, table)

    # -- actions -----------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#stats-tabs", TabbedContent).active = tab

    def action_study_hardest(self) -> None:
        if self.charts is not None and self.charts.hardest:
            self.post_message(self.StudyRequested([c.key for c in self.charts.hardest]))

    @on(DataTable.RowSelected, "#hardest-table")
    def study_one(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.post_message(self.StudyRequested([event.row_key.value]))
