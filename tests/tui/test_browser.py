"""The card browser in the real app: search, filters, a live torch preview, suspending."""

from __future__ import annotations

import io
import re
from pathlib import Path

from review_history import ROOT, ScreenApp, demo_context, run_async, settle
from rich.console import Console
from textual.widgets import DataTable, Input, Select, Static

from quizapp.core.deck_loader import load_deck
from quizapp.services.context import Services
from quizapp.store import repo
from quizapp.tui.screens.browser import BrowserScreen

DECKS = (ROOT / "cards" / "conv.yaml", ROOT / "cards" / "tensors.yaml")


def real_decks(tmp_path: Path) -> Services:
    return demo_context(tmp_path, DECKS)


def shown(app: ScreenApp) -> list[str]:
    """The keys of the rows shown, in order (a long id's cell is cut to fit 80 columns)."""
    table = app.screen.query_one("#browser-table", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


def preview(app: ScreenApp) -> str:
    out = io.StringIO()
    Console(width=300, file=out, color_system=None).print(
        app.screen.query_one("#preview-text", Static).content)
    return out.getvalue()


def suspended(ctx: Services, key: str) -> bool:
    with ctx.sessions() as s:
        row = repo.card(s, key)
        assert row is not None
        return row.suspended


@run_async
async def test_every_column_fits_in_80_columns(tmp_path: Path) -> None:
    from tests.tui.conftest import screen_text

    app = ScreenApp(real_decks(tmp_path), BrowserScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        header = next(line for line in text.splitlines() if "card" in line and "ease" in line)
        assert header.split() == ["card", "kind", "state", "due", "ease", "lapses"]
        table = app.screen.query_one("#browser-table", DataTable)
        long_key = "conv/convtranspose2d-output-shape"  # 33 characters
        cells = [str(table.get_row(long_key)[0])]
        assert cells == ["conv/convtranspose2d-output-sha…"]


@run_async
async def test_typing_a_search_narrows_the_table(tmp_path: Path) -> None:
    every = [card for path in DECKS for card in load_deck(path).cards]
    app = ScreenApp(real_decks(tmp_path), BrowserScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(app) == [card.key for card in every]
        await pilot.press("slash", *"Conv")
        await pilot.pause()
        texts = {c.key: f"{c.key} {c.prompt.en}".lower() for c in every}
        expected = [key for key, text in texts.items() if "conv" in text]
        assert 0 < len(expected) < len(every)
        assert shown(app) == expected
        await pilot.press(*" same")  # every word must match, in any order
        await pilot.pause()
        both = [key for key in expected if "same" in texts[key]]
        assert 0 < len(both) < len(expected)
        assert shown(app) == both
        app.screen.query_one("#browser-search", Input).value = "no such card anywhere"
        await pilot.pause()
        assert shown(app) == []
        assert "No card matches" in preview(app)


@run_async
async def test_deck_tag_and_state_filters(tmp_path: Path) -> None:
    ctx = real_decks(tmp_path)
    tensors = load_deck(DECKS[1]).cards
    app = ScreenApp(ctx, BrowserScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#browser-deck", Select).value = "tensors"
        await pilot.pause()
        assert shown(app) == [c.key for c in tensors]
        tag = tensors[0].tags[0]
        app.screen.query_one("#browser-tag", Select).value = tag
        await pilot.pause()
        assert shown(app) == [c.key for c in tensors if tag in c.tags]
        app.screen.query_one("#browser-tag", Select).clear()
        state = app.screen.query_one("#browser-state", Select)
        state.value = "suspended"
        await pilot.pause()
        assert shown(app) == []
        state.value = "new"
        await pilot.pause()
        assert shown(app) == [c.key for c in tensors]  # nothing studied yet


@run_async
async def test_space_suspends_and_unsuspends_in_the_database(tmp_path: Path) -> None:
    ctx = real_decks(tmp_path)
    app = ScreenApp(ctx, BrowserScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")
        key = shown(app)[2]
        table = app.screen.query_one("#browser-table", DataTable)
        assert not suspended(ctx, key)
        await pilot.press("space")
        await pilot.pause()
        assert suspended(ctx, key)
        assert table.get_row_at(2)[2] == "suspended"
        app.screen.query_one("#browser-state", Select).value = "suspended"
        await pilot.pause()
        assert shown(app) == [key]
        await pilot.press("space")
        await pilot.pause()
        assert not suspended(ctx, key)
        assert table.get_row_at(0)[2] == "new"


# The preview shows the answer first, then the question it answers.
CONV = re.compile(
    r"Answer: \((\d+), (\d+), (\d+), (\d+)\).*shape \((\d+), (\d+), (\d+), (\d+)\).*"
    r"nn\.Conv2d\((\d+), (\d+), kernel_size=(\d+), stride=(\d+),\s+padding=(\d+), "
    r"dilation=(\d+)\)",
    re.S,
)


def conv_out(n: int, k: int, s: int, p: int, d: int) -> int:
    """The output size formula from the nn.Conv2d documentation."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


@run_async
async def test_preview_shows_the_live_answer_for_the_chosen_seed(tmp_path: Path) -> None:
    app = ScreenApp(real_decks(tmp_path), BrowserScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert shown(app)[0] == "conv/conv2d-output-shape"
        seen = set()
        for seed in ("0", "7", "123"):
            app.screen.query_one("#preview-seed", Input).value = seed
            await settle(pilot)
            match = CONV.search(preview(app))
            assert match, preview(app)
            *answer, n, c_in, h, w, c_in2, c_out, k, s, p, d = map(int, match.groups())
            assert c_in == c_in2
            assert answer == [n, c_out, conv_out(h, k, s, p, d), conv_out(w, k, s, p, d)]
            seen.add(tuple(answer))
        assert len(seen) > 1  # the seed really changes the question

        app.screen.query_one("#browser-search", Input).value = "from_numpy"
        await settle(pilot)
        card = next(c for c in load_deck(DECKS[1]).cards if c.key == shown(app)[0])
        assert card.kind == "flash" and card.back is not None
        text = " ".join(preview(app).split())
        assert " ".join(card.prompt.en.split()) in text
        assert text.startswith(" ".join(card.back.en.split())[:60])  # the answer first


@run_async
async def test_escape_leaves_the_search_box_then_the_screen(tmp_path: Path) -> None:
    app = ScreenApp(demo_context(tmp_path), BrowserScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        assert app.screen.query_one("#browser-search", Input).value == "q"  # typed, not quit
        await pilot.press("escape")
        assert isinstance(app.screen, BrowserScreen)
        assert isinstance(app.focused, DataTable)
        await pilot.press("escape")
        assert not isinstance(app.screen, BrowserScreen)


@run_async
async def test_switching_language_shows_the_chinese_prompt(tmp_path: Path) -> None:
    app = ScreenApp(real_decks(tmp_path), BrowserScreen)
    card = load_deck(DECKS[0]).cards[0]
    assert card.prompt.zh
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert card.prompt.en[:13] in preview(app)
        await pilot.press("ctrl+l")  # the language switch
        await settle(pilot)
        assert card.prompt.zh[:3] in preview(app)
        assert card.prompt.en[:13] not in preview(app)
