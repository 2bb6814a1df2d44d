"""The home screen: every deck with new / due / learning counts and a mastery bar."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.core.i18n import N_, _
from quizapp.core.present import width
from quizapp.services.context import Services
from quizapp.services.library import DeckSummary
from quizapp.tui.widgets.keybar import KeyBar

BAR_WIDTH = 10
KEYS = (("Enter", N_("study selected deck")), ("a", N_("all due")),
        ("s", N_("stats")), ("b", N_("browse")), ("F1", N_("help")), ("q", N_("quit")))
COLUMNS = (("deck", N_("Deck")), ("new", N_("New")), ("due", N_("Due")),
           ("learning", N_("Learning")), ("cards", N_("Cards")), ("mastery", N_("Mastery")))


def mastery_bar(share: float) -> Text:
    filled = round(share * BAR_WIDTH)
    bar = Text("█" * filled, style="green")
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    bar.append(f" {share:4.0%}")
    return bar


class HomeScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "study_deck", show=False),
        Binding("a", "study_all", show=False),
        Binding("s", "app.open_stats", show=False),
        Binding("b", "app.open_browser", show=False),
        Binding("question_mark", "app.help", show=False),
        Binding("q", "app.quit", show=False),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        yield Static("", id="home-title")
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static("", id="home-totals")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.refresh_counts()
        self.query_one("#decks", DataTable).focus()

    def action_study_all(self) -> None:
        self.post_message(self.StudyRequested(decks=None))

    def language_changed(self, lang: str) -> None:
        self.refresh_counts()  # deck titles and labels follow the language

    def on_screen_resume(self) -> None:
        self.refresh_counts()

    def on_resize(self) -> None:
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """Re-read the counts: called on mount and whenever the learner comes back here."""
        decks = self.services.library.summaries(self.services.lang)
        table = self.query_one("#decks", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        # Column widths measured in terminal columns (CJK takes two), and the deck column
        # cut to what the window leaves, so the counts are never pushed off screen.
        others = {key: max(width(_(label)), 4) for key, label in COLUMNS[1:]}
        others["mastery"] = max(others["mastery"], BAR_WIDTH + 5)
        room = max(12, self.size.width - sum(others.values()) - 2 * len(COLUMNS) - 2)
        titles = max((width(d.title) for d in decks), default=0)
        table.add_column(_(COLUMNS[0][1]), key="deck", width=min(room, max(titles, 4)))
        for key, label in COLUMNS[1:]:
            table.add_column(_(label), key=key, width=others[key])
        for deck in decks:
            c = deck.counts
            table.add_row(
                Text(deck.title), Text(str(c.new), style="cyan"),
                Text(str(c.due), style="green"), Text(str(c.learning), style="yellow"),
                str(c.cards), mastery_bar(c.mastery), key=deck.name,
            )
        if decks:
            table.move_cursor(row=min(cursor, len(decks) - 1))
        self.query_one("#home-title", Static).update(Text.assemble(
            ("quizapp", "bold"), "  ", _("PyTorch by spaced repetition, verified live")))
        self.query_one("#home-totals", Static).update(self.totals(decks))
        self.query_one(KeyBar).show(KEYS)

    @staticmethod
    def totals(decks: list[DeckSummary]) -> str:
        due = sum(d.counts.due for d in decks)
        new = sum(d.counts.new for d in decks)
        learning = sum(d.counts.learning for d in decks)
        cards = sum(d.counts.cards for d in decks)
        return _("{due} due · {new} new · {learning} learning · {cards} cards in {n} decks"
                 ).format(due=due, new=new, learning=learning, cards=cards, n=len(decks))

    @on(DataTable.RowSelected)
    def action_study_deck(self) -> None:
        table = self.query_one("#decks", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.post_message(self.StudyRequested(decks=(str(key),)))

    class StudyRequested(Message):
        """Study these decks (None: every deck)."""

        def __init__(self, decks: tuple[str, ...] | None) -> None:
            super().__init__()
            self.decks = decks
