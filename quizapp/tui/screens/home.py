"""The home screen: every deck with new / due / learning counts and a mastery bar."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from quizapp.context import AppContext
from quizapp.store import repo

BAR_WIDTH = 10


def mastery_bar(share: float) -> Text:
    filled = round(share * BAR_WIDTH)
    bar = Text("█" * filled, style="green")
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    bar.append(f" {share:4.0%}")
    return bar


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study_deck", "Study deck"),
        Binding("a", "study_all", "Study all due"),
        Binding("s", "app.open_stats", "Stats"),
        Binding("b", "app.open_browser", "Browse"),
        Binding("question_mark", "app.help", "Help"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield Static("", id="home-title")
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-totals")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_column("Deck", key="deck")
        for label in ("New", "Due", "Learning", "Cards"):
            table.add_column(label, key=label.lower())
        table.add_column("Mastery", key="mastery")
        self.refresh_counts()
        table.focus()

    def action_study_all(self) -> None:
        self.post_message(self.StudyRequested(decks=None))

    def language_changed(self, lang: str) -> None:
        self.refresh_counts()  # deck titles follow the card language

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Re-read the counts: called on mount and whenever the learner comes back here."""
        lang = self.ctx.lang
        with self.ctx.sessions() as s:
            counts = repo.deck_counts(s, self.ctx.clock())
        table = self.query_one("#decks", DataTable)
        table.clear()
        totals = repo.DeckCounts()
        for name in self.ctx.collection.names:
            row = self.ctx.collection.row(name)
            title = row.title_zh if lang == "zh" and row.title_zh else row.title
            c = counts.get(name, repo.DeckCounts())
            table.add_row(
                Text(title), Text(str(c.new), style="cyan"), Text(str(c.due), style="green"),
                Text(str(c.learning), style="yellow"), str(c.cards), mastery_bar(c.mastery),
                key=name,
            )
            totals = repo.DeckCounts(totals.cards + c.cards, totals.due + c.due,
                                     totals.new + c.new, totals.learning + c.learning)
        self.query_one("#home-title", Static).update(
            Text.assemble(("quizapp", "bold"), "  PyTorch by spaced repetition, verified live"))
        self.query_one("#home-totals", Static).update(
            f"{totals.due} due · {totals.new} new · {totals.learning} learning · "
            f"{totals.cards} cards in {len(counts)} decks")

    @on(DataTable.RowSelected)
    def action_study_deck(self) -> None:
        table = self.query_one("#decks", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.post_message(self.StudyRequested(decks=[str(key)]))

    class StudyRequested(Message):
        """Study these decks (None: every deck)."""

        def __init__(self, decks: list[str] | None) -> None:
            super().__init__()
            self.decks = decks
