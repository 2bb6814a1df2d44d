"""The teacher's report read from every learner's rows: the answers, and per learner their
reviews, retention, cards due, leeches, streak and last answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from quizapp.core.class_stats import Answer
from quizapp.core.clock import local_day
from quizapp.store.models import CardRow, LearnerRow, ReviewRow
from quizapp.store.repo import answers
from quizapp.store.stats import streak


@dataclass(frozen=True)
class LearnerFigures:
    name: str
    reviews: int  # scheduled answers in the period
    retention: float | None  # share of scheduled answers to studied cards graded 3 or more
    due: int  # cards due now
    leeches: int
    streak_days: int
    last_active: datetime | None


def _filters(decks: list[str] | None, since: date | None) -> list[ColumnElement[bool]]:
    where = answers()
    if decks:
        where.append(CardRow.deck.in_(decks))
    if since is not None:
        where.append(ReviewRow.day >= since.toordinal())
    return where


def class_answers(s: Session, decks: list[str] | None = None,
                  since: date | None = None) -> list[Answer]:
    """Every learner's answers (reviews and re-drills, none undone), in time order."""
    query = (
        select(LearnerRow.name, CardRow.key, ReviewRow.at, ReviewRow.kind, ReviewRow.quality,
               ReviewRow.correct, CardRow.kind, ReviewRow.slip, ReviewRow.params)
        .join(CardRow, CardRow.id == ReviewRow.card_id)
        .join(LearnerRow, LearnerRow.id == ReviewRow.learner_id)
        .where(*_filters(decks, since), ReviewRow.quality.is_not(None))
        .order_by(ReviewRow.at, ReviewRow.id))
    return [Answer(learner, key, at, kind, quality or 0,
                   card_kind == "quiz" and correct is not None, slip, params or "{}")
            for learner, key, at, kind, quality, correct, card_kind, slip, params
            in s.execute(query)]


def learner_figures(s: Session, now: datetime, decks: list[str] | None = None,
                    since: date | None = None) -> list[LearnerFigures]:
    """Per learner who answered in the period (or has cards due), by name."""
    names = dict(s.execute(select(LearnerRow.id, LearnerRow.name)).all())
    rows = s.execute(
        select(ReviewRow.learner_id, ReviewRow.day, ReviewRow.at, ReviewRow.kind,
               ReviewRow.quality, ReviewRow.was_new)
        .join(CardRow, CardRow.id == ReviewRow.card_id)
        .where(*_filters(decks, since)))
    days: dict[int, set[int]] = {}
    reviews: dict[int, int] = {}
    kept: dict[int, list[bool]] = {}
    last: dict[int, datetime] = {}
    for learner, day, at, kind, quality, was_new in rows:
        days.setdefault(learner, set()).add(day)
        last[learner] = max(at, last.get(learner, at))
        if kind == "review":
            reviews[learner] = reviews.get(learner, 0) + 1
            if not was_new and quality is not None:
                kept.setdefault(learner, []).append(quality >= 3)
    live = [CardRow.retired.is_(False), CardRow.suspended.is_(False)]
    if decks:
        live.append(CardRow.deck.in_(decks))
    due = dict(s.execute(select(CardRow.learner_id, func.count()).where(
        *live, CardRow.due <= now).group_by(CardRow.learner_id)).all())
    leeches = dict(s.execute(select(CardRow.learner_id, func.count()).where(
        *live, CardRow.leech.is_(True)).group_by(CardRow.learner_id)).all())
    today = local_day(now)
    out = []
    for learner in sorted(set(days) | set(due), key=lambda i: names.get(i, "")):
        k = kept.get(learner, [])
        out.append(LearnerFigures(
            names.get(learner, "?"), reviews.get(learner, 0), sum(k) / len(k) if k else None,
            due.get(learner, 0), leeches.get(learner, 0),
            streak(days.get(learner, set()), today), last.get(learner)))
    return out
