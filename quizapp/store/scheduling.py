"""The scheduler's saved choices and the bulk writes of a switch: replayed states, reschedules."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.core import fsrs_model, sm2
from quizapp.core.clock import local_day, local_day_start
from quizapp.core.fsrs_model import FsrsConfig
from quizapp.core.rebuild import effective, rebuild
from quizapp.core.scheduler_choices import (
    DECK_PREFIX,
    FITTED,
    KEYS,
    PARAMETERS,
    RETENTION,
    SCHEDULER,
    Choices,
    from_settings,
)
from quizapp.core.training import TrainingReview
from quizapp.store import settings_repo
from quizapp.store.history import logged
from quizapp.store.models import CardRow, ReviewRow, SettingRow

__all__ = ["FITTED", "PARAMETERS", "RETENTION", "SCHEDULER", "Choices", "choices"]


def choices(s: Session) -> Choices:
    """Everything saved about scheduling, read in one query."""
    rows = {r.key: r.value for r in s.scalars(select(SettingRow).where(
        SettingRow.key.in_(KEYS) | SettingRow.key.startswith(DECK_PREFIX)))}
    return from_settings(rows)


def save_mode(s: Session, mode: str, deck: str | None) -> None:
    settings_repo.put(s, SCHEDULER if deck is None else DECK_PREFIX + deck, mode)
    if deck is None:  # the collection's choice applies to every deck again
        for row in s.scalars(select(SettingRow).where(SettingRow.key.startswith(DECK_PREFIX))):
            s.delete(row)


def save_parameters(s: Session, parameters: list[float], fitted: dict[str, object]) -> None:
    settings_repo.put(s, PARAMETERS, json.dumps(parameters))
    settings_repo.put(s, FITTED, json.dumps(fitted))


@dataclass(frozen=True)
class Replayed:
    cards: int  # cards whose state was replayed
    from_sm2: int  # of those, started from their SM-2 state (no usable log)
    rescheduled: int


def replay_states(s: Session, decks: Iterable[str], fsrs_for: Callable[[str], FsrsConfig | None],
                  now: datetime, reschedule: bool) -> Replayed:
    """Set every card of `decks` to the state its log gives under its scheduler; with
    `reschedule`, move each studied card's due date to what that scheduler says and log it
    (a 'schedule' row); otherwise due dates stay as they are."""
    names = list(decks)
    rows = {c.id: c for c in s.scalars(select(CardRow).where(CardRow.deck.in_(names)))}
    histories = dict(logged(s, names))
    replayed = started = moved = 0
    for card_id, row in rows.items():
        config = fsrs_for(row.deck)
        events = histories.get(card_id, [])
        rebuilt = rebuild(events, config)
        memory = rebuilt.memory
        scheduled = [e for e in effective(events) if e.kind == "review" and e.quality is not None]
        if config is not None and memory is None and row.repetitions > 0 and row.last_review:
            memory = fsrs_model.from_sm2(sm2.SM2State(row.repetitions, row.ease, row.interval),
                                         row.last_review)
            started += 1
        if scheduled:  # a card without a log keeps its SM-2 state: nothing to replay it from
            row.repetitions, row.ease = rebuilt.state.repetitions, rebuilt.state.ease_hundredths
            row.interval, row.lapses = rebuilt.state.interval, rebuilt.lapses
            row.last_review = scheduled[-1].at
        row.stability = memory.stability if memory else None
        row.difficulty = memory.difficulty if memory else None
        replayed += 1
        if reschedule and row.due is not None and row.last_review is not None:
            days = fsrs_model.interval(config, memory) if config and memory else row.interval
            due = sm2.due_after(local_day_start(row.last_review), max(1, days))
            if due != row.due:
                _log_schedule(s, row, due, now)
                moved += 1
    return Replayed(replayed, started, moved)


def schedule_row(card: Any, due: datetime, at: datetime) -> dict[str, Any]:
    """The log row of a reschedule: it moves the due date of `card` (a card row, or a row
    of its columns) and nothing else. The switch and the import both log one."""
    state = {"reps": card.repetitions, "ease": card.ease, "interval": card.interval,
             "stability": card.stability, "difficulty": card.difficulty}
    return {"card_id": card.id, "at": at, "day": local_day(at), "kind": "schedule",
            "due_before": card.due, "due_after": due, "lapses_before": card.lapses,
            **{f"{k}_before": v for k, v in state.items()},
            **{f"{k}_after": v for k, v in state.items()}}


def _log_schedule(s: Session, row: CardRow, due: datetime, now: datetime) -> None:
    s.add(ReviewRow(**schedule_row(row, due, now)))
    row.due = due


def training_reviews(s: Session, decks: Iterable[str] | None = None) -> list[TrainingReview]:
    """Every scheduled review that still counts, as the optimizer reads it: re-drills,
    undone answers and reschedules are left out."""
    out = []
    for card_id, events in logged(s, decks):
        for e in effective(events):
            if e.kind == "review" and e.quality is not None:
                out.append(TrainingReview(card_id, e.at, e.fsrs_rating, quality=e.quality))
    return out
