"""Startup budgets: `quizapp --help` and time to the first question with 10,000 cards (JSON)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CARDS = 10_000
RUNS = 7


def big_deck(folder: Path) -> Path:
    """A data deck of CARDS flash cards (no verifier), like a large user collection."""
    lines = ["name: big", "title: Ten thousand cards", "cards:"]
    for i in range(CARDS):
        lines += [f"  - id: card-{i}", "    kind: flash",
                  f"    front: What is fact number {i}?", f"    back: It is {i}."]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def help_run(env: dict[str, str]) -> tuple[float, bool, bool]:
    """Wall time of `quizapp --help`, and whether torch or textual got imported."""
    probe = ("import sys, runpy; sys.argv = ['quizapp', '--help']\n"
             "from quizapp.cli.main import cli\n"
             "try:\n    cli.main(standalone_mode=False)\nfinally:\n"
             "    print('MODULES', 'torch' in sys.modules, 'textual' in sys.modules)")
    start = time.perf_counter()
    subprocess.run([str(BIN / "quizapp"), "--help"], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    out = subprocess.run([sys.executable, "-c", probe], env=env, check=True,
                         capture_output=True, text=True).stdout
    flags = out.split("MODULES")[-1].split()
    return wall, flags[0] == "True", flags[1] == "True"


# Each program notes the moment of its first frame that shows what it is for, and whether
# SQLAlchemy was loaded by then. Textual's App._display is where a frame goes to the
# terminal (headless here, so nothing is written).
FRAME_CLOCK = """
import sys, time
from textual.app import App
FRAMES = []
_display = App._display
def _noting(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is not None and not FRAMES and SHOWS(screen):
        FRAMES.append((time.time(), "sqlalchemy" in sys.modules))
App._display = _noting
"""

# What `quizapp study` runs (quizapp.entry.main pauses the collector first), headless.
CHILD = FRAME_CLOCK + """
SHOWS = lambda screen: getattr(screen, "question", None) is not None
from quizapp import collector; collector.pause()
import asyncio
from quizapp.services.context import Settings
from quizapp.services.quick_start import study_services
from quizapp.services.session import StudyRequest
from quizapp.tui.app import build_app

async def main():
    services = study_services(Settings())
    app = build_app(services, request=StudyRequest(decks=("big",)))
    async with app.run_test(size=(80, 24)) as pilot:
        while not FRAMES:
            await pilot.pause(0.001)
        print("FIRST", *FRAMES[0], flush=True)
        print("TORCH_READY", services.engine.ready, flush=True)
        if "--memory" in sys.argv:
            # Resident memory while studying: torch loaded and verifiers run on every deck.
            while not services.engine.ready:
                await pilot.pause(0.05)
            from quizapp.services.validation import check_deck
            for name in services.library.names:
                deck = services.library.deck(name)
                if deck.verifier_path is not None:
                    check_deck(deck, services.runner.for_deck(deck), seeds=2, tests=False)
            def rss_kb(pid):
                with open(f"/proc/{pid}/status") as status:
                    return next(l for l in status if l.startswith("VmRSS")).split()[1]
            print("RSS_KB", rss_kb("self"), rss_kb(services.engine.pid), flush=True)
        app.exit()

asyncio.run(main())
"""

# The floor: a minimal Textual app (one Static) from process start to its first frame,
# measured the same way in the same run.
MINIMAL = FRAME_CLOCK + """
SHOWS = lambda screen: True
import asyncio
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("hello")

async def main():
    app = Hello()
    async with app.run_test(size=(80, 24)) as pilot:
        while not FRAMES:
            await pilot.pause(0.001)
        print("FIRST", *FRAMES[0], flush=True)

asyncio.run(main())
"""


# Not the budget's floor, a measure of what it asks: the same app importing SQLAlchemy's ORM
# before its first paint, as any app whose first screen needs the store must.
MINIMAL_WITH_SQLALCHEMY = MINIMAL.replace("import asyncio", "import asyncio, sqlalchemy.orm")


def minimal_paint(env: dict[str, str], program: str = MINIMAL) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", program], env=env, check=True,
                         capture_output=True, text=True).stdout
    return float(out.split("FIRST")[1].split()[0]) - start


def studying_rss_mb(env: dict[str, str]) -> tuple[float, float]:
    """Resident memory of the app and of its verifier worker (torch loaded), in MB."""
    out = subprocess.run([sys.executable, "-c", CHILD, "--memory"], env=env, check=True,
                         capture_output=True, text=True).stdout
    app, worker = out.split("RSS_KB")[1].split()[:2]
    return int(app) / 1024, int(worker) / 1024


def first_question(env: dict[str, str]) -> tuple[float, bool, bool]:
    """Seconds to the first question's frame; whether torch and SQLAlchemy were loaded."""
    start = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, check=True,
                         capture_output=True, text=True).stdout
    first, sqlalchemy = out.split("FIRST")[1].split()[:2]
    torch_ready = out.split("TORCH_READY")[1].split()[0] == "True"
    return float(first) - start, torch_ready, sqlalchemy == "True"


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        # As on a learner's machine, Python keeps compiled bytecode (some sandboxes set
        # PYTHONDONTWRITEBYTECODE, which would time a compile of every module instead).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["QUIZAPP_HOME"] = home
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "quizapp")],
                       env=env, check=True, capture_output=True)
        deck = big_deck(Path(home))
        subprocess.run([str(BIN / "quizapp"), "deck", "add", str(deck)], env=env, check=True,
                       capture_output=True)
        helps = [help_run(env) for _ in range(RUNS)]
        # The first start after `deck add` parses the YAML and fills the parsed-deck cache;
        # every later start reads the cache. Both are reported.
        cold = first_question(env)
        firsts, minimal, with_sqlalchemy = [], [], []
        for _ in range(RUNS):  # interleaved, so all three see the same machine load
            firsts.append(first_question(env))
            minimal.append(minimal_paint(env))
            with_sqlalchemy.append(minimal_paint(env, MINIMAL_WITH_SQLALCHEMY))
        rss = studying_rss_mb(env)
    help_s = statistics.median(h[0] for h in helps)
    first_s = statistics.median(f[0] for f in firsts)
    floor_s = statistics.median(minimal)
    print(json.dumps({
        "help_seconds_median": round(help_s, 3),
        "help_imports_torch": any(h[1] for h in helps),
        "help_imports_textual": any(h[2] for h in helps),
        "help_budget_seconds": 0.25,
        "help_ok": help_s <= 0.25 and not any(h[1] or h[2] for h in helps),
        "cards": CARDS,
        "first_question_seconds_median": round(first_s, 3),
        "first_question_seconds_max": round(max(f[0] for f in firsts), 3),
        "first_question_cold_cache_seconds": round(cold[0], 3),
        "question_waited_for_torch": any(f[1] for f in [cold, *firsts]),
        "question_waited_for_sqlalchemy": any(f[2] for f in firsts),
        "first_question_budget_seconds": 0.6,
        "minimal_textual_app_first_paint_seconds_median": round(floor_s, 3),
        "first_question_to_minimal_app_ratio": round(first_s / floor_s, 2),
        "ratio_budget": 2.0,
        "minimal_app_importing_sqlalchemy_seconds_median": round(
            statistics.median(with_sqlalchemy), 3),
        "minimal_app_importing_sqlalchemy_ratio": round(
            statistics.median(with_sqlalchemy) / floor_s, 2),
        "first_question_ok": first_s <= 0.6 and first_s / floor_s <= 2.0,
        "runs": RUNS,
        "studying_rss_app_mb": round(rss[0], 1),
        "studying_rss_worker_mb": round(rss[1], 1),
        "studying_rss_mb": round(sum(rss), 1),
        "studying_rss_budget_mb": 400,
        "studying_rss_ok": sum(rss) <= 400,
    }))


if __name__ == "__main__":
    main()
