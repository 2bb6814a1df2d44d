"""What the learner chose for scheduling, as saved in their settings: the collection's
scheduler, a deck's own, FSRS's desired retention and fitted parameters."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from quizapp.core import fsrs_model

SCHEDULER, RETENTION, PARAMETERS, FITTED = (
    "scheduler", "desired_retention", "fsrs_parameters", "fsrs_fitted")
DECK_PREFIX = "scheduler:"  # scheduler:<deck> overrides the collection's scheduler
KEYS = (SCHEDULER, RETENTION, PARAMETERS, FITTED)


@dataclass(frozen=True)
class Choices:
    """Everything saved about scheduling."""

    default: str = "sm2"
    by_deck: tuple[tuple[str, str], ...] = ()
    retention: float = fsrs_model.DEFAULT_RETENTION
    parameters: tuple[float, ...] | None = None  # None: FSRS-6's defaults
    fitted: dict[str, object] | None = None  # {"date", "reviews"} of the last optimisation

    def mode(self, deck: str) -> str:
        return dict(self.by_deck).get(deck, self.default)


def from_settings(rows: Mapping[str, str]) -> Choices:
    """The choices among a learner's settings (other keys are ignored)."""
    decks = tuple(sorted((k.removeprefix(DECK_PREFIX), v) for k, v in rows.items()
                         if k.startswith(DECK_PREFIX) and v in ("sm2", "fsrs")))
    parameters = json.loads(rows[PARAMETERS]) if PARAMETERS in rows else None
    return Choices(
        default=rows[SCHEDULER] if rows.get(SCHEDULER) in ("sm2", "fsrs") else "sm2",
        by_deck=decks,
        retention=float(rows.get(RETENTION, fsrs_model.DEFAULT_RETENTION)),
        parameters=tuple(parameters) if parameters else None,
        fitted=json.loads(rows[FITTED]) if FITTED in rows else None,
    )
