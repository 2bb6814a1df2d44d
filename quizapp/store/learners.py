"""The learners table: finding a learner by name, adding one, and who has studied what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _
from quizapp.store.db import Sessions, saving
from quizapp.store.models import LearnerRow, ReviewRow


@dataclass(frozen=True)
class LearnerSummary:
    name: str
    reviews: int
    last_active: datetime | None
    has_role: bool


def find(s: Session, name: str) -> LearnerRow | None:
    return s.scalar(select(LearnerRow).where(LearnerRow.name == name))


def mine(s: Session) -> LearnerRow | None:
    """The learner whose database role this connection uses (a class server), if any."""
    return s.scalar(select(LearnerRow).where(LearnerRow.role == func.current_user()))


def add(s: Session, name: str, now: datetime) -> LearnerRow:
    """The learner called `name`, created if new; safe when two terminals race to add it."""
    row = find(s, name)
    if row is not None:
        return row
    try:
        with s.begin_nested():
            row = LearnerRow(name=name, created_at=now)
            s.add(row)
    except IntegrityError:  # another terminal added the same name just now
        row = find(s, name)
        assert row is not None
    return row


def summaries(s: Session) -> list[LearnerSummary]:
    """Every learner with their number of log rows and last answer, by name."""
    per: dict[int, tuple[int, datetime | None]] = {
        lid: (n, last) for lid, n, last in s.execute(
            select(ReviewRow.learner_id, func.count(), func.max(ReviewRow.at))
            .group_by(ReviewRow.learner_id))}
    out = []
    for row in s.scalars(select(LearnerRow).order_by(LearnerRow.name)):
        reviews, last = per.get(row.id, (0, None))
        out.append(LearnerSummary(row.name, reviews, last, row.role is not None))
    return out


def resolve(sessions: Sessions, name: str, explicit: bool, now: datetime) -> int:
    """The id of the learner this run studies as. A class server's learner role is its
    learner, whatever the name; elsewhere the learner is found by name, or added (a read
    first, so the usual start locks nothing)."""
    with sessions() as s:
        own = mine(s) if s.get_bind().dialect.name == "postgresql" else None
        if own is not None:
            if explicit and own.name != name:
                raise InvalidInput(_("this connection belongs to learner '{own}'; it cannot "
                                     "study as '{name}'").format(own=own.name, name=name))
            return own.id
        row = find(s, name)
        if row is not None:
            return row.id
    with saving(_("the new learner")), sessions.begin() as s:
        return add(s, name, now).id
