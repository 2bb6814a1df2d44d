"""Failures the services did not turn into a QuizappError, described in one line."""

from __future__ import annotations


def describe(exc: BaseException) -> str | None:
    """One line for a database error raised after opening (a lock held too long, a lost
    server); None when `exc` is not one, so the caller treats it as a bug."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        from quizapp.store.db import reason

        return f"database error: {reason(exc)}"
    return None
