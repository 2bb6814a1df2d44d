"""Test helpers for the stats and browser screens: a small fixed deck and a logged history."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from textwrap import dedent
from typing import ParamSpec

from sqlalchemy.orm import Session
from textual import events, on
from textual.pilot import Pilot
from textual.screen import Screen

from quizapp.services.context import Services, Settings, build_services
from quizapp.store import repo
from quizapp.store.models import ReviewRow
from quizapp.tui import app as app_module
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.stats import StatsScreen

P = ParamSpec("P")
ROOT = Path(__file__).resolve().parents[2]
# Noon UTC: the local calendar day is the UTC one in every time zone from -11 h to +11 h.
NOW = datetime(2026, 3, 18, 12, 0, 0)

DEMO_DECK = """\
name: demo
title: Demo deck
verifier: ../verifiers/demo.py
cards:
  - id: linear-shape
    kind: quiz
    tags: [linear, shape]
    prompt: "x of shape ({N}, {F}) goes through nn.Linear({F}, {O}). Output shape?"
    params:
      N: {int: [1, 9]}
      F: {choice: [3, 5, 7]}
      O: {int: [2, 12]}
    answer: shape
  - id: flatten-size
    kind: quiz
    tags: [shape]
    prompt: "How many elements does a ({A}, {B}) tensor hold?"
    params:
      A: {int: [2, 6]}
      B: {int: [2, 6]}
    answer: int
  - id: view-needs
    kind: flash
    tags: [view]
    front: "What does view need?"
    back: "A compatible stride layout."
  - id: reshape-copies
    kind: flash
    tags: [view, memory]
    front: "Does reshape copy?"
    back: "Only when it must."
  - id: embedding-init
    kind: flash
    tags: [init]
    front: "How is nn.Embedding initialised?"
    back: "N(0, 1)."
"""

DEMO_VERIFIER = '''\
"""Verifier of the test deck: real torch layers."""


def linear_shape(p, device):
    import torch

    y = torch.nn.Linear(p["F"], p["O"]).to(device)(torch.zeros(p["N"], p["F"], device=device))
    return tuple(y.shape), f"Linear keeps the batch {p['N']} and maps {p['F']} -> {p['O']}"


def flatten_size(p, device):
    import torch

    return int(torch.zeros(p["A"], p["B"]).numel()), f"{p['A']} * {p['B']}"
'''


def fixed_clock() -> datetime:
    return NOW


def demo_context(tmp_path: Path, decks: tuple[Path, ...] = (),
                 clock: Callable[[], datetime] = fixed_clock) -> Services:
    """A real context on a fresh SQLite file whose only decks are `decks` (or the demo deck)."""
    if not decks:
        # Laid out like the built-in decks (cards/ and verifiers/ side by side), which is
        # what lets a built-in deck's code run without a trust pin.
        for sub in ("cards", "verifiers"):
            (tmp_path / sub).mkdir()
        (tmp_path / "cards" / "demo.yaml").write_text(dedent(DEMO_DECK), encoding="utf-8")
        (tmp_path / "verifiers" / "demo.py").write_text(DEMO_VERIFIER, encoding="utf-8")
        decks = (tmp_path / "cards" / "demo.yaml",)
    settings = Settings(db=str(tmp_path / "q.db"), custom_dir=tmp_path / "decks",
                        cache_dir=tmp_path / "cache", builtin=decks, device="cpu", lang="en")
    return build_services(settings, clock=clock)


def answer(s: Session, key: str, at: datetime, quality: int, kind: str = "review") -> ReviewRow:
    """Log one answer the way a study session does: SM-2 moves the card, drills do not."""
    row = repo.card(s, key)
    assert row is not None
    return repo.record_answer(s, row, quality, at, drill=kind == "drill")


def demo_history(ctx: Services) -> None:
    """A fixed two-month history: the linear card keeps lapsing, the flash cards go well."""
    plan = [  # (days ago, card, quality)
        (60, "linear-shape", 4), (59, "linear-shape", 4), (53, "linear-shape", 2),
        (52, "linear-shape", 4), (46, "linear-shape", 1), (45, "linear-shape", 3),
        (40, "view-needs", 5), (39, "view-needs", 5), (33, "view-needs", 4),
        (25, "reshape-copies", 4), (24, "reshape-copies", 3), (18, "reshape-copies", 4),
        (12, "flatten-size", 4), (11, "flatten-size", 2), (10, "flatten-size", 4),
        (9, "linear-shape", 2), (8, "linear-shape", 4), (2, "view-needs", 4),
        (1, "reshape-copies", 5), (0, "flatten-size", 3),
    ]
    with ctx.sessions.begin() as s:
        for days, card_id, quality in plan:
            answer(s, f"demo/{card_id}", NOW - timedelta(days=days, hours=1), quality)
            if quality < 4:  # same-day re-drill, as the queue does
                answer(s, f"demo/{card_id}", NOW - timedelta(days=days), 4, kind="drill")


class ScreenApp(QuizApp):
    """The real app, opened straight on one screen instead of the study screen."""

    # Textual resolves CSS_PATH next to the subclass's module; point it at the app's own.
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

    def __init__(self, ctx: Services, make: type[Screen[None]]) -> None:
        super().__init__(ctx)
        self.make = make
        self.requested: list[list[str]] = []  # what the stats screen asked to study

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # Textual would also run QuizApp.on_mount, opening a study
        self.push_screen(self.make(self.services))  # type: ignore[call-arg]

    @on(StatsScreen.StudyRequested)
    def study_requested(self, event: StatsScreen.StudyRequested) -> None:
        event.prevent_default()  # recorded only: the study screen is the app's business
        self.requested.append(event.keys)


def run_async(test: Callable[P, Awaitable[None]]) -> Callable[P, None]:
    """Run an async test on a fresh event loop (the suite has no asyncio pytest plugin)."""

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot: Pilot[None]) -> None:
    """Let mounting, every thread worker (queries, torch) and their UI updates finish."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

