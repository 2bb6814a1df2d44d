"""Unexpected failures: one line for the user, the full traceback in a log file."""

from __future__ import annotations

import traceback
from datetime import UTC, datetime

from quizapp import locations


def report(exc: BaseException) -> str:
    """Append the traceback to crash.log; return the one line to show instead."""
    try:
        log = locations.data_dir() / "crash.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()}\n")
            handle.write("".join(traceback.format_exception(exc)) + "\n")
        where = f"; details in {log}"
    except OSError:
        where = ""
    return f"quizapp: internal error: {type(exc).__name__}: {exc}{where}"
