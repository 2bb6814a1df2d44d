"""What only the JSON export carries and the review log cannot rebuild: each card's flags
(suspended, buried, leech), a due date moved by a reschedule, and the scheduler settings.

A file's card state is applied only where the file is as recent as this database for that
card (the same last review): a card studied here since the export keeps its own state.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from quizapp.core.history_rows import CardFlags
from quizapp.store import scheduling, settings_repo
from quizapp.store.importing import BATCH, CHUNK, REVIEWS, BadRow, Importer, chunks, set_states
from quizapp.store.models import CardRow
from quizapp.store.tenancy import learner_of

FLAGS = ("suspended", "buried_until", "leech")


def apply_cards(importer: Importer, cards: list[CardFlags], exported_at: datetime | None,
                bad: BadRow) -> None:
    """Give each card the file's flags (and rescheduled due date) where the file is as
    recent as the database for it; counts go to the importer's outcome."""
    s, outcome = importer.s, importer.outcome
    importer.resolve([(c.card, c.position, c.kind or "quiz") for c in cards], bad)
    columns = (CardRow.id, CardRow.key, CardRow.kind, CardRow.last_review, CardRow.due,
               CardRow.repetitions, CardRow.ease, CardRow.interval, CardRow.lapses,
               CardRow.stability, CardRow.difficulty, *(getattr(CardRow, f) for f in FLAGS))
    updates, schedules = [], []
    for part in chunks(cards, CHUNK):
        rows = {r.key: r for r in s.execute(
            select(*columns).where(CardRow.key.in_([c.card for c in part])))}
        for card in part:
            row = rows[card.card]
            if row.last_review != card.last_review:
                continue  # studied here since (or the file is older): this card's own state
            changes: dict[str, Any] = {}
            wanted = {"suspended": card.suspended, "buried_until": card.buried_until,
                      "leech": card.leech}
            if any(getattr(row, name) != value for name, value in wanted.items()):
                changes |= wanted
                outcome.flags += 1
            if card.card in importer.made and card.kind and card.kind != row.kind:
                changes["kind"] = card.kind
            if card.due is not None and row.due is not None and card.due != row.due \
                    and card.last_review is not None:
                at = max(exported_at or card.last_review, card.last_review)
                schedules.append({**scheduling.schedule_row(row, card.due, at),
                                  "learner_id": learner_of(s)})
                changes["due"] = card.due
                outcome.rescheduled += 1
            if changes:
                updates.append({"id": row.id, **changes})
    for batch in chunks(schedules, BATCH):
        s.execute(insert(REVIEWS), batch)
    set_states(s, updates)


def restore_scheduler(s: Session, wanted: dict[str, Any]) -> str | None:
    """Restore the file's scheduler settings into a database that has none of its own:
    'restored'; 'kept' where this database chose differently; None where they agree."""
    target = scheduling.Choices(
        default=wanted["default"], by_deck=tuple(sorted(wanted["decks"].items())),
        retention=wanted["desired_retention"],
        parameters=tuple(wanted["parameters"]) if wanted["parameters"] else None,
        fitted=wanted["fitted"])
    current = scheduling.choices(s)
    if current == target:
        return None
    if current != scheduling.Choices():
        return "kept"
    scheduling.save_mode(s, target.default, None)
    for deck, mode in target.by_deck:
        scheduling.save_mode(s, mode, deck)
    settings_repo.put(s, scheduling.RETENTION, repr(target.retention))
    if target.parameters is not None:
        settings_repo.put(s, scheduling.PARAMETERS, json.dumps(list(target.parameters)))
    if target.fitted is not None:
        settings_repo.put(s, scheduling.FITTED, json.dumps(target.fitted))
    s.flush()
    return "restored"
