"""The teacher's report: what the class gets wrong, per card and per learner, for the CLI
(table, JSON, CSV) and the TUI screen. Reads every learner's rows; works on SQLite profiles
and on a class's PostgreSQL server (with the owner's or a teacher's connection)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.class_stats import CardFigures, cards
from quizapp.store.class_report import LearnerFigures, class_answers, learner_figures
from quizapp.store.db import Sessions

CSV_COLUMNS = ("card", "learners", "answers", "first_try", "mean_quality", "discrimination",
               "slips", "hardest_variants")


@dataclass(frozen=True)
class ClassReport:
    cards: list[CardFigures]
    learners: list[LearnerFigures]
    decks: list[str] | None
    since: date | None

    @property
    def empty(self) -> bool:
        return not self.cards and not self.learners

    def as_dict(self) -> dict[str, Any]:
        return {
            "decks": self.decks, "since": self.since.isoformat() if self.since else None,
            "cards": [{**asdict(c), "slips": [{"slip": s, "count": n} for s, n in c.slips],
                       "hardest": [{**asdict(v), "params": json.loads(v.params)}
                                   for v in c.hardest]} for c in self.cards],
            "learners": [{**asdict(p), "last_active": p.last_active.isoformat()
                          if p.last_active else None} for p in self.learners],
        }

    def csv(self) -> str:
        """One row per card, hardest first: what a spreadsheet of the class wants."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for c in self.cards:
            writer.writerow([
                c.card, c.learners, c.answers, _num(c.first_try), _num(c.mean_quality),
                _num(c.discrimination), "; ".join(f"{s} {n}" for s, n in c.slips),
                "; ".join(f"{v.params} {v.right:.2f} of {v.answers}" for v in c.hardest)])
        return out.getvalue()


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def build_report(sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 decks: list[str] | None = None, since: date | None = None) -> ClassReport:
    """The report over every learner (the sessions' own scope is set aside)."""
    everyone = sessions.for_learner(None) if isinstance(sessions, Sessions) else sessions
    with everyone() as s:
        answers = class_answers(s, decks, since)
        people = learner_figures(s, clock(), decks, since)
    return ClassReport(cards(answers), people, decks, since)
