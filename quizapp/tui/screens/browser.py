"""The card browser: search and filter every card, preview one live, suspend or unsuspend it."""

from __future__ import annotations

from datetime import UTC
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static
from textual.worker import get_current_worker

from quizapp.context import AppContext
from quizapp.core import params as P
from quizapp.core.deck import Card
from quizapp.core.present import format_answer
from quizapp.store import browse

MAX_ROWS = 1000  # a DataTable of 100k rows is slow to build; nobody scrolls that far


class BrowserScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.pop_screen", "Back"),
        Binding("escape", "back", "Back", show=False),
        Binding("space", "toggle_suspend", "Suspend/unsuspend"),
        Binding("slash", "focus_search", "Search"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.lang = ctx.lang
        self.cards: dict[str, Card] = {}  # read once from the deck files
        self.states: dict[str, browse.CardState] = {}
        self.shown: list[str] = []  # keys in the table, in order
        self.previewing: tuple[str, int] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="browser-filters"):
            yield Input(placeholder="search id or text (/)", id="browser-search")
            yield Select[str]([], prompt="deck", id="browser-deck")
            yield Select[str]([], prompt="tag", id="browser-tag")
            yield Select[str]([(s, s) for s in browse.STATES], prompt="state",
                              id="browser-state")
        yield DataTable(id="browser-table", cursor_type="row", zebra_stripes=True)
        yield Label("loading…", id="browser-count")
        with Horizontal(id="browser-preview"):
            with VerticalScroll(id="preview-scroll"):
                yield Static("", id="preview-text")
            with Vertical(id="preview-side"):
                yield Label("seed")
                yield Input("0", type="integer", id="preview-seed")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#browser-table", DataTable).add_columns(
            "card", "kind", "state", "due", "ease", "lapses")
        self.load()

    @work(thread=True, exclusive=True, group="browser-load")
    def load(self) -> None:
        """Parse the deck files and read every card's state, off the UI thread."""
        collection = self.ctx.collection
        cards = {card.key: card for name in collection.names
                 for card in collection.deck(name).cards}
        with self.ctx.sessions() as s:
            states = browse.card_states(s, collection.names)
        self.app.call_from_thread(self.loaded, cards, states)

    def loaded(self, cards: dict[str, Card], states: dict[str, browse.CardState]) -> None:
        self.cards = cards
        # Only cards both in a deck file and in the database can be shown and suspended.
        self.states = {key: state for key, state in states.items() if key in cards}
        decks = [(self.ctx.collection.row(n).title or n, n) for n in self.ctx.collection.names]
        self.query_one("#browser-deck", Select).set_options(sorted(decks, key=lambda d: d[1]))
        tags = sorted({tag for card in cards.values() for tag in card.tags})
        self.query_one("#browser-tag", Select).set_options([(t, t) for t in tags])
        self.refilter()
        self.query_one("#browser-table", DataTable).focus()

    # -- filtering ---------------------------------------------------------------------

    def _value(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else None

    def matching(self) -> list[str]:
        """Keys of the cards that pass the search words and every chosen filter."""
        words = self.query_one("#browser-search", Input).value.lower().split()
        deck, tag = self._value("#browser-deck"), self._value("#browser-tag")
        state = self._value("#browser-state")
        now = self.ctx.clock()
        found = []
        for key, row in self.states.items():
            card = self.cards[key]
            if (deck and card.deck != deck) or (tag and tag not in card.tags):
                continue
            if state and state not in row.states(now):
                continue
            text = f"{key}\n{card.prompt.get(self.lang)}".lower()
            if all(word in text for word in words):
                found.append(key)
        return found

    def refilter(self) -> None:
        table = self.query_one("#browser-table", DataTable)
        current = self.highlighted()
        found = self.matching()
        self.shown = found[:MAX_ROWS]
        table.clear()
        for key in self.shown:
            table.add_row(*self._cells(key), key=key)
        if current in self.shown:
            table.move_cursor(row=self.shown.index(current))
        more = f" (first {MAX_ROWS} shown)" if len(found) > MAX_ROWS else ""
        self.query_one("#browser-count", Label).update(
            f"{len(found)} of {len(self.states)} cards{more}")
        if not self.shown:
            self.show_preview(Text("No card matches.", style="dim"))

    def _cells(self, key: str) -> tuple[str, ...]:
        row = self.states[key]
        due = row.due.replace(tzinfo=UTC).astimezone().date().isoformat() if row.due else "-"
        return (key, row.kind, row.label(self.ctx.clock()), due, f"{row.ease / 100:.2f}",
                str(row.lapses))

    @on(Input.Changed, "#browser-search")
    @on(Select.Changed)
    def filters_changed(self) -> None:
        if self.states:
            self.refilter()

    @on(Input.Submitted, "#browser-search")
    def search_done(self) -> None:
        self.query_one("#browser-table", DataTable).focus()

    # -- preview -----------------------------------------------------------------------

    def highlighted(self) -> str | None:
        table = self.query_one("#browser-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    @on(DataTable.RowHighlighted, "#browser-table")
    @on(Input.Changed, "#preview-seed")
    def refresh_preview(self) -> None:
        key = self.highlighted()
        if key is None:
            return
        card = self.cards[key]
        raw = self.query_one("#preview-seed", Input).value
        seed = int(raw) if raw.strip().lstrip("-").isdigit() else 0
        self.previewing = (key, seed)
        if card.kind == "flash":
            back = card.back.get(self.lang) if card.back else ""
            self.show_preview(Group(Text(card.prompt.get(self.lang), style="bold"), Text(back)))
            return
        try:
            params = self.ctx.runner.params(card, seed)
            question = self._question(card, params)
        except Exception as exc:  # the deck author's sampler or a trust problem
            self.show_preview(Text(f"Cannot sample this card: {exc}", style="bold red"))
            return
        self.show_preview(Group(question, Text("computing with PyTorch…", style="dim")))
        self.compute(card, seed, params, question)

    def _question(self, card: Card, params: dict[str, object]) -> RenderableType:
        parts: list[RenderableType] = [Text(P.render(card.prompt.get(self.lang), params))]
        if card.code:
            parts.append(Syntax(P.render(card.code, params).rstrip(), "python",
                                theme="monokai", word_wrap=True))
        return Group(*parts)

    @work(thread=True, exclusive=True, group="preview")
    def compute(self, card: Card, seed: int, params: dict[str, object],
                question: RenderableType) -> None:
        """The canonical answer, from the deck's verifier running real torch."""
        try:
            computed = self.ctx.runner.compute(card, params)
            answer = Group(Text(f"Answer: {format_answer(card, computed.value)}", style="bold"),
                           Text(computed.explanation.get(self.lang), style="dim"))
        except Exception as exc:  # any failure is the card's, shown in place of the answer
            answer = Group(Text(f"Could not compute the answer: {exc}", style="bold red"))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.answered, (card.key, seed), Group(question, answer))

    def answered(self, previewed: tuple[str, int], content: RenderableType) -> None:
        if previewed == self.previewing:  # the cursor or seed may have moved on meanwhile
            self.show_preview(content)

    def show_preview(self, content: RenderableType) -> None:
        self.query_one("#preview-text", Static).update(content)

    # -- actions -----------------------------------------------------------------------

    def action_toggle_suspend(self) -> None:
        key = self.highlighted()
        if key is None:
            return
        with self.ctx.sessions.begin() as s:
            suspended = browse.toggle_suspended(s, key)
            state = browse.card_state(s, key)
        assert state is not None
        self.states[key] = state
        # The row is updated where it is, even if it no longer passes the state filter,
        # so it does not vanish from under the cursor.
        table = self.query_one("#browser-table", DataTable)
        table.update_cell(key, table.ordered_columns[2].key, state.label(self.ctx.clock()),
                          update_width=True)
        self.notify(f"{'suspended' if suspended else 'unsuspended'} {key}", timeout=2)

    def action_focus_search(self) -> None:
        self.query_one("#browser-search", Input).focus()

    def action_back(self) -> None:
        """Escape leaves a text box for the table first, then leaves the screen."""
        if isinstance(self.focused, Input | Select):
            self.query_one("#browser-table", DataTable).focus()
        else:
            self.app.pop_screen()

    def language_changed(self, lang: str) -> None:
        self.lang = lang
        self.refilter()
        self.refresh_preview()
