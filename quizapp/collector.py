"""The garbage collector, paused while quizapp starts.

Starting allocates a few hundred thousand objects that live as long as the process (the
modules of Textual and SQLAlchemy, the parsed-deck cache of a 10,000-card collection), and
Python's collector would walk them again and again as they are made: about a third of the
time to the first question. The console script pauses it first thing; it resumes once the
first screen is painted, once plain study begins, or before any other command runs, and
`gc.freeze()` then leaves those start-up objects out of every later collection.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn collection back on (idempotent; a no-op unless `pause` turned it off)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
