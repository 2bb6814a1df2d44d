"""Global options, shared by every subcommand; the services are built only when needed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import click

from quizapp.core.errors import QuizappError

if TYPE_CHECKING:
    from quizapp.services.class_report import ClassReport
    from quizapp.services.context import Services
    from quizapp.services.session import StudyRequest, Summary

# (services, home screen?, what to study) -> (return code, closing notes, last summary)
# (..., the teacher's report to show instead of the study app, keyword `report`)
TuiOpener = Callable[..., tuple[int, list[str], "Summary | None"]]


@dataclass
class Options:
    """--db, --device, --lang and --learner; `services()` opens the database on first use."""

    db: str | None
    device: str
    lang: str | None
    tui: TuiOpener | None = None  # given by quizapp.entry, which may import the TUI
    learner: str | None = None
    _services: Services | None = field(default=None, init=False)

    def services(self, study: bool = False) -> Services:
        """`study`: for the study screen, which may start quickly (services/quick_start.py)."""
        if self._services is None:
            from quizapp.services.context import Settings, build_services
            from quizapp.services.quick_start import study_services

            settings = Settings(device=self.device, lang=self.lang, learner=self.learner)
            if self.db:
                settings = replace(settings, db=self.db)
            self._services = (study_services if study else build_services)(settings)
        return self._services

    def open_tui(self, home: bool, request: StudyRequest | None = None,
                 report: ClassReport | None = None) -> tuple[int, list[str], Summary | None]:
        if self.tui is None:
            raise QuizappError("the terminal interface is not available here")
        if report is not None:
            return self.tui(self.services(), home, request, report=report)
        return self.tui(self.services(), home, request)

    def close(self) -> None:
        if self._services is not None:
            self._services.close()


pass_options = click.make_pass_decorator(Options)
