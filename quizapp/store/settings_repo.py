"""Saved user settings (language, theme, scheduler...) as key/value rows, per learner."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.store.models import SettingRow


def _row(s: Session, key: str) -> SettingRow | None:
    # A query, not Session.get: the session's learner scope applies to queries only.
    return s.scalar(select(SettingRow).where(SettingRow.key == key))


def get(s: Session, key: str) -> str | None:
    row = _row(s, key)
    return row.value if row else None


def put(s: Session, key: str, value: str) -> None:
    row = _row(s, key)
    if row is None:
        s.add(SettingRow(key=key, value=value))
    else:
        row.value = value
