"""Saved user settings (language, theme) as key/value rows."""

from __future__ import annotations

from sqlalchemy.orm import Session

from quizapp.store.models import SettingRow


def get(s: Session, key: str) -> str | None:
    row = s.get(SettingRow, key)
    return row.value if row else None


def put(s: Session, key: str, value: str) -> None:
    row = s.get(SettingRow, key)
    if row is None:
        s.add(SettingRow(key=key, value=value))
    else:
        row.value = value
