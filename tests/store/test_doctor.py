"""Rebuilding SM-2 state from the review log, and `quizapp doctor` finding and fixing drift."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from quizapp.core.rebuild import LoggedReview, effective, rebuild
from quizapp.core.sm2 import SM2State
from quizapp.store import repo
from quizapp.store.models import CardRow
from tests.store.conftest import START, record

T0 = datetime(2025, 1, 1, 8, 0)


def _log(*events: tuple[str, int | None] | tuple[str, int | None, int]) -> list[LoggedReview]:
    return [LoggedReview(id=n, at=T0 + timedelta(days=n), kind=e[0], quality=e[1],
                         undoes=e[2] if len(e) > 2 else None)  # type: ignore[misc]
            for n, e in enumerate(events, 1)]


@pytest.mark.parametrize(("qualities", "expected"), [
    ([4, 4, 4, 4, 4, 4], (6, 250, 238)),
    ([3, 3, 3, 3, 3], (5, 180, 52)),
    ([4, 4, 4, 2, 4, 4, 4], (3, 218, 13)),
    ([0, 0, 0, 3, 3], (2, 130, 6)),
    ([5, 5, 5, 5, 5], (5, 300, 130)),
])
def test_replay_follows_the_sm2_vectors(qualities: list[int], expected: tuple[int, ...]) -> None:
    rebuilt = rebuild(_log(*[("review", q) for q in qualities]))
    assert rebuilt.state == SM2State(*expected)


def test_drills_leave_the_state_alone_and_lapses_count_forgotten_cards() -> None:
    plain = rebuild(_log(("review", 4), ("review", 4), ("review", 1), ("review", 4)))
    drilled = rebuild(_log(("review", 4), ("review", 4), ("review", 1), ("drill", 2),
                           ("drill", 5), ("review", 4)))
    assert drilled.state == plain.state and drilled.lapses == plain.lapses == 1
    assert rebuild(_log(("review", 0), ("review", 1))).lapses == 0  # never learned: no lapse


def test_an_undone_review_is_as_if_it_never_happened() -> None:
    undone = _log(("review", 4), ("review", 1), ("undo", None, 2), ("review", 4))
    assert [e.id for e in effective(undone)] == [1, 4]
    same = rebuild(_log(("review", 4), ("review", 4)))
    assert (rebuild(undone).state, rebuild(undone).lapses) == (same.state, same.lapses)
    assert rebuild([]).fields() == {"repetitions": 0, "ease": 250, "interval": 0, "due": None,
                                    "lapses": 0, "stability": None, "difficulty": None}


def test_order_is_the_order_answers_were_applied_even_if_the_clock_stepped_back() -> None:
    first, second = (LoggedReview(id=1, at=T0 + timedelta(days=1), kind="review", quality=5),
                     LoggedReview(id=2, at=T0, kind="review", quality=0))
    assert rebuild([second, first]).state == rebuild(_log(("review", 5), ("review", 0))).state


def _seeded(db_url: str, history: Any) -> tuple[Any, list[str], list[int]]:
    sessions, keys, ids = history(db_url, reviews=40)
    with sessions.begin() as s:
        repo.undo_review(s, ids[-1], START + timedelta(days=20))  # the app's own undo
    record(sessions, keys[0], 1, START + timedelta(days=30))
    return sessions, keys, ids


def test_doctor_finds_nothing_in_a_log_written_by_the_app(db_url: str, history: Any,
                                                          quizapp: Any) -> None:
    _seeded(db_url, history)
    done = quizapp("--db", db_url, "doctor")
    assert done.code == 0, done.output
    assert "integrity: ok" in done.stdout and " 0 differ" in done.stdout


def test_doctor_reports_drift_and_fix_rebuilds_it(db_url: str, history: Any,
                                                  quizapp: Any) -> None:
    sessions, keys, _ = _seeded(db_url, history)
    with sessions() as s:
        before = {c.key: (c.repetitions, c.ease, c.interval, c.due, c.lapses)
                  for c in s.scalars(select(CardRow).where(CardRow.key.in_(keys)))}
    with sessions.begin() as s:
        s.execute(update(CardRow).where(CardRow.key == keys[1]).values(ease=999, interval=77))
        s.execute(update(CardRow).where(CardRow.key == keys[2]).values(due=None, repetitions=0))
    done = quizapp("--db", db_url, "doctor")
    assert done.code == 1
    assert " 2 differ" in done.stdout
    assert f"{keys[1]}: ease 999 -> {before[keys[1]][1]}, interval 77 -> " in done.stdout
    assert "--fix" in done.stdout

    fixed = quizapp("--db", db_url, "doctor", "--fix")
    assert fixed.code == 0, fixed.output
    assert "fixed: 2 card(s)" in fixed.stdout
    with sessions() as s:
        after = {c.key: (c.repetitions, c.ease, c.interval, c.due, c.lapses)
                 for c in s.scalars(select(CardRow).where(CardRow.key.in_(keys)))}
    assert after == before
    assert quizapp("--db", db_url, "doctor").code == 0


def test_doctor_reports_a_damaged_sqlite_file(tmp_path: Path, history: Any,
                                              quizapp: Any) -> None:
    db = tmp_path / "q.db"
    sessions, _, _ = history(str(db), reviews=300)
    engine = sessions.kw["bind"]
    with engine.connect() as conn:
        root = conn.exec_driver_sql(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_reviews_day'").scalar()
        page_size = conn.exec_driver_sql("PRAGMA page_size").scalar()
    engine.dispose()
    # Zero one index page: the tables still read, but the index no longer matches them.
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size + 100)
        handle.write(b"\0" * (page_size - 100))
    done = quizapp("--db", str(db), "doctor")
    assert done.code == 1
    assert "integrity: FAILED" in done.stdout
    assert "Traceback" not in done.output
