"""One learner's view of the database: every ORM statement on a learner's tables is limited
to that learner's rows, and every new row of those tables is given the learner.

This is SQLAlchemy's global-filter recipe (`with_loader_criteria` from a `do_orm_execute`
hook), so the store's queries stay written for one learner and none can forget the filter.
It is the app's own scoping, for profiles on SQLite and for the teacher; on a class server a
learner's connection is also limited by PostgreSQL's row-level security (store/classroom.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from quizapp.store.models import CardRow, ReviewRow, SettingRow

OWNED = (CardRow, ReviewRow, SettingRow)


def scope(maker: sessionmaker[Session], learner_id: int) -> None:
    """Limit every session `maker` makes to one learner."""
    maker.kw["info"] = {"learner_id": learner_id}

    # Built once: the options are immutable, and building the criteria per statement
    # (three comparisons each time) was a measurable part of every answer's cost.
    criteria = tuple(with_loader_criteria(table, table.learner_id == learner_id,
                                          include_aliases=True) for table in OWNED)

    def limit(state: ORMExecuteState) -> None:
        if state.is_select or state.is_update or state.is_delete:
            state.statement = state.statement.options(*criteria)

    def own(session: Session, _context: Any, _instances: Any) -> None:
        for row in session.new:
            if isinstance(row, OWNED) and row.learner_id is None:
                row.learner_id = learner_id

    event.listen(maker, "do_orm_execute", limit)
    event.listen(maker, "before_flush", own)


def learner_of(s: Session) -> int:
    """The learner a scoped session belongs to: rows written with Core inserts (an import's
    batches), which no ORM hook sees, carry it explicitly."""
    learner_id = s.info.get("learner_id")
    if not isinstance(learner_id, int):
        raise RuntimeError("a write of learner rows through a session scoped to no learner")
    return learner_id
