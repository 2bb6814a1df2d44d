"""The `quizapp` command: thin click commands over the core, store and verifier engine."""

from __future__ import annotations

import sys

from quizapp.cli.main import cli


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    from quizapp.cli.errors import run

    sys.exit(run(cli))
