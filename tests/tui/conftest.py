"""TUI fixtures: a real app context on a temporary SQLite file with a fixed clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.services.context import Services, Settings, build_services

# Noon UTC keeps the local calendar day equal to the UTC one for -11 h .. +11 h time zones.
FIXED_NOW = datetime(2026, 3, 18, 12, 0, 0)


@pytest.fixture
def tui_ctx(tmp_path: Path) -> Services:
    settings = Settings(db=str(tmp_path / "q.db"), device="cpu", lang="en",
                        custom_dir=tmp_path / "decks", cache_dir=tmp_path / "cache")
    ctx = build_services(settings, clock=lambda: FIXED_NOW)
    yield ctx
    ctx.close()


async def wait_for(pilot: Pilot, predicate: Callable[[], bool], timeout: float = 60) -> None:
    """Let the app run until `predicate()` holds (verifier workers run in threads)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError("the app did not reach the expected state in time")
        await pilot.pause(0.02)


def screen_text(app: Any) -> str:
    """What the terminal shows right now, as plain text lines (the top screen only)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
