"""The `quizapp` console script: the CLI, given the way to open the TUI.

It lives outside both `quizapp.cli` and `quizapp.tui` so that neither imports the other
(the layers contract): commands that open the TUI call the opener handed to them here.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.services.class_report import ClassReport
    from quizapp.services.context import Services
    from quizapp.services.session import StudyRequest, Summary


def open_tui(services: Services, home: bool, request: StudyRequest | None,
             report: ClassReport | None = None) -> tuple[int, list[str], Summary | None]:
    """Run the TUI; (return code, notes from its closing, the last session's summary).
    With `report`, the teacher's report screen alone."""
    if report is not None:
        from quizapp.tui.screens.class_report import ReportApp

        ReportApp(report).run()
        return 0, [], None
    from quizapp.tui.app import build_app

    app = build_app(services, home=home, request=request)
    app.run()
    return app.return_code or 0, app.exit_notes, app.last_summary


def run() -> int:
    from quizapp.cli.errors import run as run_cli
    from quizapp.cli.main import cli

    return run_cli(cli, open_tui)


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    from quizapp import collector

    collector.pause()
    sys.exit(run())
