"""The teacher's report as a screen (`quizapp class report --tui`): the cards, hardest first,
with a chart of first-try correctness, and the learners; everything that matters at 80x24."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from quizapp.core.i18n import N_, _
from quizapp.core.present import decimal, share
from quizapp.services.class_report import ClassReport
from quizapp.tui.widgets.keybar import KeyBar

TABS = ("cards", "chart", "learners")
TAB_NAMES = (N_("Cards"), N_("First try"), N_("Learners"))
KEYS = (("1-3", N_("tabs")), ("s", N_("sort")), ("q", N_("quit")))
# The orders `s` steps through: hardest first (the report's own), most slips, by card.
ORDERS = ("hardest", "slips", "card")
ORDER_NAMES = {"hardest": N_("hardest first"), "slips": N_("most slips first"),
               "card": N_("by card")}
CHART_CARDS = 12  # the hardest cards the chart shows: more would not fit at 80 columns


class ClassReportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "app.quit", show=False),
        Binding("s", "sort", show=False),
        *[Binding(str(i), f"show_tab('{tab}')", show=False) for i, tab in enumerate(TABS, 1)],
    ]
    DEFAULT_CSS = """
    ClassReportScreen #report-tabs { height: 1fr; }
    ClassReportScreen #report-chart { height: 1fr; min-height: 10; }
    ClassReportScreen DataTable { height: 1fr; }
    """

    def __init__(self, report: ClassReport) -> None:
        super().__init__()
        self.report = report
        self.plotted: tuple[list[str], list[float]] = ([], [])  # for tests
        self.order = ORDERS[0]

    def compose(self) -> ComposeResult:
        people, cards = len(self.report.learners), len(self.report.cards)
        yield Static(_("Class report: {cards} card(s), {people} learner(s)").format(
            cards=cards, people=people), id="report-title")
        with TabbedContent(id="report-tabs"):
            with TabPane("1 " + _(TAB_NAMES[0]), id="cards"):
                yield DataTable(id="report-cards", cursor_type="row", zebra_stripes=True)
            with TabPane("2 " + _(TAB_NAMES[1]), id="chart"):
                yield PlotextPlot(id="report-chart")
            with TabPane("3 " + _(TAB_NAMES[2]), id="learners"):
                yield DataTable(id="report-learners", cursor_type="row", zebra_stripes=True)
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        cards = self.query_one("#report-cards", DataTable)
        cards.add_columns(_("card"), _("learners"), _("1st try"), _("mean q"), _("discr."),
                          _("slips"))
        self._fill_cards()
        learners = self.query_one("#report-learners", DataTable)
        learners.add_columns(_("learner"), _("reviews"), _("retention"), _("due"),
                             _("leeches"), _("streak"), _("last active"))
        for p in self.report.learners:
            learners.add_row(p.name, str(p.reviews), share(p.retention), str(p.due),
                             str(p.leeches), str(p.streak_days),
                             p.last_active.strftime("%m-%d %H:%M") if p.last_active else "-")
        self._chart()
        self.query_one(KeyBar).show(KEYS)
        cards.focus()

    def _fill_cards(self) -> None:
        cards = self.query_one("#report-cards", DataTable)
        cards.clear()
        rows = list(self.report.cards)  # already hardest first
        if self.order == "slips":
            rows.sort(key=lambda c: -sum(n for _s, n in c.slips))  # stable: ties stay hardest
        elif self.order == "card":
            rows.sort(key=lambda c: c.card)
        for c in rows:
            cards.add_row(c.card, str(c.learners), share(c.first_try), decimal(c.mean_quality),
                          decimal(c.discrimination, 2),
                          ", ".join(f"{s} {n}" for s, n in c.slips[:2]) or "-")

    def action_sort(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._fill_cards()
        self.notify(_("cards sorted: {order}").format(order=_(ORDER_NAMES[self.order])))

    def _chart(self) -> None:
        tried = [c for c in self.report.cards if c.first_try is not None][:CHART_CARDS]
        labels = [c.card.partition("/")[2][:10] for c in tried]
        values = [round((c.first_try or 0.0) * 100, 1) for c in tried]
        self.plotted = (labels, values)
        plt = self.query_one("#report-chart", PlotextPlot).plt
        plt.title(_("First-try correctness, hardest cards (%)"))
        if values:
            plt.bar(list(range(len(values))), values, width=0.6)
            plt.xticks(list(range(len(values))), [str(i + 1) for i in range(len(values))])
            plt.ylim(0, 100)

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#report-tabs", TabbedContent).active = tab


class ReportApp(App[None]):
    """The report screen alone, for `quizapp class report --tui`."""

    TITLE = "quizapp"

    def __init__(self, report: ClassReport) -> None:
        super().__init__()
        self.report = report

    def on_mount(self) -> None:
        self.push_screen(ClassReportScreen(self.report))
