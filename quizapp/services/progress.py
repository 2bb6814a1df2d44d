"""Progress: stats, the stats screen's charts, the review-log export and the doctor."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.errors import NotFound, QuizappError
from quizapp.core.i18n import _
from quizapp.services.scheduling import Scheduling
from quizapp.store import charts, deck_rows, doctor, export, fsrs_stats, stats
from quizapp.store.charts import EASE_BIN, Charts
from quizapp.store.fsrs_stats import FsrsStats

__all__ = ["EASE_BIN", "Charts", "FsrsStats", "Progress"]


@dataclass
class Progress:
    sessions: sessionmaker[Session]
    clock: Callable[[], datetime]
    scheduling: Scheduling

    def stats(self, decks: Sequence[str] = ()) -> stats.Stats:
        with self.sessions() as s:
            return stats.compute(s, self.clock(), list(decks) or None)

    def fsrs_stats(self, decks: Sequence[str] = ()) -> FsrsStats | None:
        """Recall now, true retention and the forecast over the decks FSRS schedules (of
        `decks`, if given); None when FSRS schedules none of them."""
        with self.sessions() as s:
            names = [d.name for d in deck_rows.active_decks(s)
                     if self.scheduling.mode(d.name) == "fsrs" and (not decks or d.name in decks)]
            if not names:
                return None
            return fsrs_stats.compute(s, self.clock(), names, self.scheduling.config())

    def charts(self) -> charts.Charts:
        with self.sessions() as s:
            return charts.gather(s, self.clock())

    def doctor(self, fix: bool = False) -> doctor.Report:
        # --fix repairs in the same transaction that found the differences, so a review
        # recorded meanwhile by another terminal cannot be overwritten by a stale replay.
        with self.sessions.begin() if fix else self.sessions() as s:
            return doctor.examine(s, fix=fix, fsrs_for=self.scheduling.fsrs_for)

    def _check_decks(self, decks: Sequence[str]) -> None:
        with self.sessions() as s:
            known = {row.name for row in deck_rows.all_decks(s)}
        unknown = [d for d in decks if d not in known]
        if unknown:
            raise NotFound(_("no deck named {names} (see `quizapp deck list`)").format(
                names=", ".join(unknown)))

    def write_export(self, out: TextIO, fmt: str, since: date | None = None,
                     decks: Sequence[str] = ()) -> int:
        """Every answer as CSV or JSON to `out`; returns how many."""
        self._check_decks(decks)
        where = export.Filter(since, tuple(decks))
        # One read transaction: the rows, card states and totals all describe one moment.
        with self.sessions() as s:
            if fmt == "json":
                return export.write_json(s, out, where, self.clock())
            return export.write_csv(s, out, where)

    def export_file(self, path: Path, fmt: str, since: date | None = None,
                    decks: Sequence[str] = ()) -> int:
        """Export to a file that appears only once it is complete."""
        self._check_decks(decks)
        folder = path.parent if str(path.parent) else Path(".")
        try:
            handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        except OSError as exc:
            raise QuizappError(_("cannot write {path}: {why}").format(
                path=path, why=exc.strerror)) from None
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                count = self.write_export(out, fmt, since, decks)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return count
