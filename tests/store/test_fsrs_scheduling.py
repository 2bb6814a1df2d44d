"""FSRS-6 as the scheduler: the rating rule, the first step against FSRS-6's published
formulas, recording, undo, switching both ways (per deck too), rescheduling and doctor."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from quizapp.core import fsrs_model, sm2
from quizapp.core.clock import local_day_start
from quizapp.core.errors import InvalidInput
from quizapp.core.fsrs_model import AGAIN, EASY, GOOD, HARD, FsrsConfig
from quizapp.services.scheduling import Scheduling
from quizapp.store import doctor, repo
from quizapp.store.migrate import open_sessions
from quizapp.store.models import CardRow, ReviewRow
from tests.store.conftest import START, make_collection


@pytest.mark.parametrize(("quality", "correct", "attempt", "rating"), [
    (0, False, 1, AGAIN),  # don't know
    (1, False, 1, AGAIN),  # wrong
    (2, False, 1, AGAIN),  # close
    (3, True, 2, AGAIN),  # right only on the second try
    (4, True, 2, AGAIN),  # ... whatever grade the learner then gives
    (3, True, 1, HARD), (4, True, 1, GOOD), (5, True, 1, EASY),
    (1, None, 1, AGAIN), (3, None, 1, HARD), (4, None, 1, GOOD), (5, None, 1, EASY),  # flash
])
def test_rating_rule(quality: int, correct: bool | None, attempt: int, rating: int) -> None:
    assert fsrs_model.rating_for(quality, correct, attempt) == rating


def test_rating_to_logged_grade_keeps_a_failing_suggestion() -> None:
    assert [fsrs_model.quality_for(r, 4) for r in (AGAIN, HARD, GOOD, EASY)] == [1, 3, 4, 5]
    assert fsrs_model.quality_for(AGAIN, 0) == 0 and fsrs_model.quality_for(AGAIN, 2) == 2
    assert fsrs_model.quality_for(GOOD, 0) == 4


def test_first_review_follows_fsrs6_formulas() -> None:
    """S0 = w[G-1], D0 = w4 - e^(w5(G-1)) + 1, I = S/F·(r^(1/C) - 1) with C = -w20 and
    F = 0.9^(1/C) - 1, R(t) = (1 + F·t/S)^C: FSRS-6's formulas, computed here by hand."""
    w = fsrs_model.default_parameters()
    config = FsrsConfig(w, 0.9)
    at = datetime(2026, 1, 5, 8)
    decay = -w[20]
    factor = 0.9 ** (1 / decay) - 1
    for rating in (AGAIN, HARD, GOOD, EASY):
        memory, days = fsrs_model.step(config, None, rating, at)
        assert memory.stability == pytest.approx(w[rating - 1])
        d0 = min(10.0, max(1.0, w[4] - math.exp(w[5] * (rating - 1)) + 1))
        assert memory.difficulty == pytest.approx(d0)
        assert days == max(1, round(memory.stability / factor * (0.9 ** (1 / decay) - 1)))
        for t in (1, 7, 30):
            expected = (1 + factor * t / memory.stability) ** decay
            later = at + timedelta(days=t)
            assert fsrs_model.retrievability(config, memory, later) == pytest.approx(expected)
    high = FsrsConfig(w, 0.97)
    good, _ = fsrs_model.step(config, None, GOOD, at)
    assert fsrs_model.interval(high, good) == max(
        1, round(good.stability / factor * (0.97 ** (1 / decay) - 1)))


def _answer(sessions: Any, scheduling: Scheduling, key: str, quality: int, at: datetime,
            drill: bool = False) -> int:
    """One answer through the repository call the Recorder makes, with its scheduler."""
    with sessions.begin() as s:
        row = repo.card(s, key)
        review = repo.record_answer(
            s, row, quality, at, drill=drill, rating=fsrs_model.rating_for(quality, quality >= 3),
            fsrs=scheduling.fsrs_for(row.deck), suggested=quality, correct=quality >= 3)
        return int(review.id)


def _states(sessions: Any) -> dict[str, tuple[Any, ...]]:
    with sessions() as s:
        return {c.key: (c.repetitions, c.ease, c.interval, c.due, c.lapses, c.stability,
                        c.difficulty) for c in s.scalars(select(CardRow))}


def _clean(sessions: Any, scheduling: Scheduling) -> bool:
    with sessions() as s:
        report = doctor.examine(s, fsrs_for=scheduling.fsrs_for)
    return report.healthy and not report.differences


@pytest.fixture
def collection(db_url: str) -> Any:
    sessions = open_sessions(db_url)
    keys = make_collection(sessions, {"alpha": 3, "beta": 2})
    now = [START]
    scheduling = Scheduling(sessions, lambda: now[0])
    yield sessions, keys, scheduling, now
    sessions.kw["bind"].dispose()


GRADES = (4, 5, 2, 4, 3, 5, 1, 4)


def test_switch_to_fsrs_and_back_keeps_everything(collection: Any) -> None:
    sessions, keys, scheduling, _now = collection
    for n, quality in enumerate(GRADES):  # an SM-2 history, with a same-day drill
        _answer(sessions, scheduling, keys[n % 3], quality, START + timedelta(days=n * 2))
    _answer(sessions, scheduling, keys[0], 2, START + timedelta(days=14, hours=1), drill=True)
    before = _states(sessions)

    done = scheduling.switch("fsrs")
    assert done.cards == len(keys) and done.rescheduled == 0
    after = _states(sessions)
    for key in keys:
        assert after[key][:5] == before[key][:5]  # SM-2 state and due dates kept
    with sessions() as s:  # the memory state is the replay of the card's scheduled reviews
        for key in keys[:3]:
            rows = s.scalars(select(ReviewRow).where(
                ReviewRow.card_id == repo.card(s, key).id, ReviewRow.kind == "review")
                .order_by(ReviewRow.id)).all()
            memory = fsrs_model.replay(scheduling.config(), [
                (r.at, fsrs_model.rating_for(r.quality, r.correct)) for r in rows])
            assert after[key][5] == pytest.approx(memory.stability)
            assert after[key][6] == pytest.approx(memory.difficulty)
    assert after[keys[3]][5] is None  # never studied: nothing to replay
    assert _clean(sessions, scheduling)

    # Study under FSRS: the due date is FSRS's, the SM-2 state still moves.
    at = START + timedelta(days=30)
    review_id = _answer(sessions, scheduling, keys[0], 4, at)
    with sessions() as s:
        row = s.get(ReviewRow, review_id)
        assert row.scheduler == "fsrs" and row.rating == GOOD
        last = s.scalar(select(func.max(ReviewRow.at)).where(
            ReviewRow.card_id == row.card_id, ReviewRow.kind == "review", ReviewRow.id < row.id))
        memory = fsrs_model.Memory(after[keys[0]][5], after[keys[0]][6], last)
        _next, days = fsrs_model.step(scheduling.config(), memory, GOOD, at)
        assert row.due_after == sm2.due_after(local_day_start(at), days)
        assert repo.card(s, keys[0]).stability == pytest.approx(_next.stability)
    _answer(sessions, scheduling, keys[3], 5, at)  # a new card's first FSRS review
    _answer(sessions, scheduling, keys[0], 3, at + timedelta(hours=1), drill=True)
    assert _clean(sessions, scheduling)
    with sessions() as s:
        card = repo.card(s, keys[0])
        expected = sm2.replay([*(q for n, q in enumerate(GRADES) if n % 3 == 0), 4])
        assert (card.repetitions, card.ease, card.interval) == (
            expected.repetitions, expected.ease_hundredths, expected.interval)
        assert card.due == row.due_after  # FSRS's due date, not SM-2's
        total = s.scalar(select(func.count()).select_from(ReviewRow))

    scheduling.switch("sm2")
    back = _states(sessions)
    assert all(state[5] is None and state[6] is None for state in back.values())
    assert back[keys[0]][:3] == (expected.repetitions, expected.ease_hundredths,
                                 expected.interval)
    assert _clean(sessions, scheduling)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(ReviewRow)) == total  # none lost


def test_undo_under_fsrs_restores_the_memory_state(collection: Any) -> None:
    sessions, keys, scheduling, _now = collection
    scheduling.switch("fsrs")
    _answer(sessions, scheduling, keys[0], 4, START)
    first = _states(sessions)[keys[0]]
    review_id = _answer(sessions, scheduling, keys[0], 1, START + timedelta(days=3))
    with sessions.begin() as s:
        repo.undo_review(s, review_id, START + timedelta(days=3, minutes=1))
    assert _states(sessions)[keys[0]] == first
    assert _clean(sessions, scheduling)
    _answer(sessions, scheduling, keys[0], 5, START + timedelta(days=4))
    assert _clean(sessions, scheduling)  # elapsed time measured from the kept review


def test_per_deck_scheduler_and_reschedule(collection: Any) -> None:
    sessions, keys, scheduling, now = collection
    for n in range(6):
        _answer(sessions, scheduling, keys[n % 5], 4, START + timedelta(days=n))
    before = _states(sessions)
    now[0] = START + timedelta(days=10)
    done = scheduling.switch("fsrs", deck="alpha", reschedule=True)
    after = _states(sessions)
    assert done.cards == 3
    assert all(after[k][5] is not None for k in keys[:3])
    assert all(after[k][5] is None and after[k] == before[k] for k in keys[3:])
    moved = [k for k in keys[:3] if after[k][3] != before[k][3]]
    assert done.rescheduled == len(moved) > 0
    with sessions() as s:
        logged = s.scalar(select(func.count()).where(ReviewRow.kind == "schedule"))
    assert logged == len(moved)  # each move is in the log, so doctor can replay it
    assert _clean(sessions, scheduling)
    assert scheduling.mode("alpha") == "fsrs" and scheduling.mode("beta") == "sm2"


def test_doctor_finds_and_repairs_a_wrong_memory_state(collection: Any) -> None:
    sessions, keys, scheduling, _now = collection
    scheduling.switch("fsrs")
    _answer(sessions, scheduling, keys[0], 4, START)
    with sessions.begin() as s:
        repo.card(s, keys[0]).stability = 99.0
    with sessions() as s:
        report = doctor.examine(s, fsrs_for=scheduling.fsrs_for)
    assert [d.key for d in report.differences] == [keys[0]]
    assert "stability 99.0 ->" in report.differences[0].describe()
    with sessions.begin() as s:
        assert doctor.examine(s, fix=True, fsrs_for=scheduling.fsrs_for).fixed == 1
    assert _clean(sessions, scheduling)


def test_retention_setting(collection: Any) -> None:
    sessions, _keys, scheduling, _now = collection
    assert scheduling.config().desired_retention == 0.90
    assert scheduling.set_retention("0.85") == 0.85
    with pytest.raises(InvalidInput, match="--force"):
        scheduling.set_retention("0.98")
    assert scheduling.set_retention("0.98", force=True) == 0.98
    for bad in ("abc", "1.5", "0.2", "nan"):
        with pytest.raises(InvalidInput):
            scheduling.set_retention(bad)
    assert Scheduling(sessions, scheduling.clock).config().desired_retention == 0.98
    with pytest.raises(InvalidInput):
        scheduling.switch("anki")


def test_a_card_without_usable_log_starts_from_its_sm2_state(collection: Any) -> None:
    """A state with no log behind it (restored from a card-state backup, say)."""
    sessions, keys, scheduling, _now = collection
    with sessions.begin() as s:
        row = repo.card(s, keys[1])
        row.repetitions, row.ease, row.interval = 3, 250, 15
        row.due, row.last_review = START + timedelta(days=15), START
    done = scheduling.switch("fsrs")
    assert done.from_sm2 == 1
    state = _states(sessions)[keys[1]]
    assert state[5] == 15.0 and state[6] == pytest.approx(5.0)  # ease 2.5 -> difficulty 5
    assert state[:4] == (3, 250, 15, START + timedelta(days=15))  # SM-2 state and due kept
    scheduling.switch("sm2")
    assert _states(sessions)[keys[1]][:4] == (3, 250, 15, START + timedelta(days=15))
