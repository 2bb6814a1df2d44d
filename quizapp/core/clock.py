"""Time in one convention: naive UTC datetimes in storage, local calendar days for people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def local_day_start(now_utc: datetime, days: int = 0) -> datetime:
    """The UTC instant at which the local calendar day of `now_utc` (+ days) begins."""
    local = now_utc.replace(tzinfo=UTC).astimezone()
    start = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return start.astimezone(UTC).replace(tzinfo=None)


def local_day(now_utc: datetime) -> int:
    """The local calendar day of an instant as a date ordinal (stored with each review)."""
    return now_utc.replace(tzinfo=UTC).astimezone().date().toordinal()
