"""The card browser: search and filter every card, preview one live, suspend or unsuspend it."""

from __future__ import annotations

from datetime import UTC
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select

from quizapp.core.deck import Card
from quizapp.core.errors import QuizappError
from quizapp.core.i18n import N_, _
from quizapp.services.browser import STATES, CardState
from quizapp.services.context import Services
from quizapp.tui.widgets.card_preview import CardPreview
from quizapp.tui.widgets.keybar import KeyBar

MAX_ROWS = 1000  # a DataTable of 100k rows is slow to build; nobody scrolls that far
KEYS = (("/", N_("search")), ("Space", N_("suspend/unsuspend")),
        ("PgUp/PgDn", N_("scroll preview")), ("q", N_("back")))
KEY_CELLS = 32
COLUMNS = (N_("card"), N_("kind"), N_("state"), N_("due"), N_("ease"), N_("lapses"))
# The words the table shows for a card's kind and state, translated when shown.
WORDS = (N_("quiz"), N_("flash"), N_("new"), N_("learning"), N_("due"), N_("suspended"),
         N_("buried"), N_("leech"), N_("young"), N_("mature"))


class BrowserScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.pop_screen", show=False),
        Binding("escape", "back", show=False),
        Binding("space", "toggle_suspend", show=False),
        Binding("slash", "focus_search", show=False),
        # The preview scrolls whatever has focus (the table would page its cursor).
        Binding("pageup", "scroll_preview(-1)", show=False, priority=True),
        Binding("pagedown", "scroll_preview(1)", show=False, priority=True),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.cards: dict[str, Card] = {}  # read once from the deck files
        self.states: dict[str, CardState] = {}
        self.shown: list[str] = []  # keys in the table, in order
        self.tags: list[str] = []  # every tag of every card, for the tag filter

    def compose(self) -> ComposeResult:
        with Horizontal(id="browser-filters"):
            yield Input(placeholder=_("search id or text (/)"), id="browser-search")
            yield Select[str]([], prompt=_("deck"), id="browser-deck")
            yield Select[str]([], prompt=_("tag"), id="browser-tag")
            yield Select[str]([(_(s), s) for s in STATES], prompt=_("state"),
                              id="browser-state")
        yield DataTable(id="browser-table", cursor_type="row", zebra_stripes=True)
        yield Label(_("loading…"), id="browser-count")
        yield CardPreview(self.services.browser, id="browser-preview")
        yield KeyBar(id="keybar")

    def on_mount(self) -> None:
        self.query_one("#browser-table", DataTable).add_columns(*(_(c) for c in COLUMNS))
        self.query_one(KeyBar).show(KEYS)
        self.load()

    @work(thread=True, exclusive=True, group="browser-load", exit_on_error=False)
    def load(self) -> None:
        """Parse the deck files and read every card's state, off the UI thread."""
        cards, states = self.services.browser.cards()
        self.app.call_from_thread(self.loaded, cards, states)

    def _deck_options(self) -> list[tuple[str, str]]:
        """(title in the language of the moment, name) of every deck, by name."""
        library = self.services.library
        return sorted(((library.title(n, self.services.lang), n) for n in library.names),
                      key=lambda d: d[1])

    def loaded(self, cards: dict[str, Card], states: dict[str, CardState]) -> None:
        self.cards, self.states = cards, states
        self.query_one("#browser-deck", Select).set_options(self._deck_options())
        self.tags = sorted({tag for card in cards.values() for tag in card.tags})
        self.query_one("#browser-tag", Select).set_options([(t, t) for t in self.tags])
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
        now, lang = self.services.clock(), self.services.lang
        found = []
        for key, row in self.states.items():
            card = self.cards[key]
            if (deck and card.deck != deck) or (tag and tag not in card.tags):
                continue
            if state and state not in row.states(now):
                continue
            text = f"{key}\n{card.prompt.get(lang)}".lower()
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
        more = " " + _("(first {n} shown)").format(n=MAX_ROWS) if len(found) > MAX_ROWS else ""
        self.query_one("#browser-count", Label).update(
            _("{n} of {total} cards").format(n=len(found), total=len(self.states)) + more)
        if not self.shown:
            self.query_one(CardPreview).show(Text(_("No card matches."), style="dim"))

    def _cells(self, key: str) -> tuple[str, ...]:
        row = self.states[key]
        due = row.due.replace(tzinfo=UTC).astimezone().date().isoformat() if row.due else "-"
        # Every column fits in 80 columns: a long id is cut here (the preview shows it whole).
        shown = key if len(key) <= KEY_CELLS else key[:KEY_CELLS - 1] + "…"
        return (shown, _(row.kind), _(row.label(self.services.clock())), due,
                f"{row.ease / 100:.2f}", str(row.lapses))

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
    def refresh_preview(self) -> None:
        key = self.highlighted()
        if key is not None:
            self.query_one(CardPreview).show_card(self.cards[key])

    # -- actions -----------------------------------------------------------------------

    def action_scroll_preview(self, direction: int) -> None:
        self.query_one(CardPreview).scroll(direction)

    def action_toggle_suspend(self) -> None:
        key = self.highlighted()
        if key is not None:
            self.toggle(key)

    @work(thread=True, exclusive=True, group="browser-write", exit_on_error=False)
    def toggle(self, key: str) -> None:
        try:
            state = self.services.browser.toggle_suspend(key)
        except QuizappError as exc:
            self.app.call_from_thread(self.notify, str(exc), title=_("Not saved"),
                                      severity="error")
            return
        self.app.call_from_thread(self.toggled, key, state)

    def toggled(self, key: str, state: CardState) -> None:
        self.states[key] = state
        # The row is updated where it is, even if it no longer passes the state filter,
        # so it does not vanish from under the cursor.
        table = self.query_one("#browser-table", DataTable)
        if key in self.shown:
            table.update_cell(key, table.ordered_columns[2].key,
                              _(state.label(self.services.clock())), update_width=True)
        message = _("{key}: suspended") if state.suspended else _("{key}: unsuspended")
        self.notify(message.format(key=key, note=""), timeout=2)

    def action_focus_search(self) -> None:
        self.query_one("#browser-search", Input).focus()

    def action_back(self) -> None:
        """Escape leaves a text box for the table first, then leaves the screen."""
        if isinstance(self.focused, Input | Select):
            self.query_one("#browser-table", DataTable).focus()
        else:
            self.app.pop_screen()

    def language_changed(self, lang: str) -> None:
        """Every label again in `lang`; the search, filters and highlighted card stay."""
        self.query_one("#browser-search", Input).placeholder = _("search id or text (/)")
        self._relabel("#browser-deck", N_("deck"), self._deck_options() if self.states else [])
        self._relabel("#browser-state", N_("state"), [(_(s), s) for s in STATES])
        self._relabel("#browser-tag", N_("tag"), [(t, t) for t in self.tags])
        current = self.highlighted()
        table = self.query_one("#browser-table", DataTable)
        table.clear(columns=True)
        table.add_columns(*(_(c) for c in COLUMNS))
        if self.states:
            self.refilter()
        if current in self.shown:
            table.move_cursor(row=self.shown.index(current))
        self.query_one(CardPreview).relabel()

    def _relabel(self, selector: str, prompt: str, options: list[tuple[str, str]]) -> None:
        """A filter's prompt and options in the new language, keeping what is chosen."""
        select = self.query_one(selector, Select)
        chosen = select.value
        select.prompt = _(prompt)
        select.set_options(options)
        if chosen is not Select.BLANK:
            select.value = chosen
