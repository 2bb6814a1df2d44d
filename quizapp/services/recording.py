"""Writing a session's answers and corrections: one committed transaction per action."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from quizapp import store
from quizapp.core.errors import QuizappError
from quizapp.core.i18n import _
from quizapp.core.present import rating_names
from quizapp.services.questions import Feedback

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from quizapp.services.context import Services
    from quizapp.services.study_types import Entry
    from quizapp.store.repo import Flags


@dataclass(frozen=True)
class Recorded:
    review_id: int
    key: str
    quality: int
    became_leech: bool
    rating: int | None = None  # set when FSRS scheduled the card

    @property
    def label(self) -> str:
        """The grade as the learner chose it: 4, or Good on a deck scheduled by FSRS."""
        return rating_names()[self.rating] if self.rating else str(self.quality)


class Conflict(QuizappError):
    """Another terminal changed the card since; the action would erase that change."""


class Recorder:
    """The session's writes; each is atomic, and a failed one changes nothing."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def _log(self, s: Session, fb: Feedback, quality: int, rating: int) -> Recorded:
        q, computed = fb.question, fb.computed
        # SM-2 applies to the state as committed now, not as read when the question was
        # shown: another terminal may have reviewed this card meanwhile.
        row = store.repo.card(s, q.key)
        if row is None:
            raise Conflict(_("{key} is no longer in the collection").format(key=q.key))
        was_leech = row.leech
        review = store.repo.record_answer(
            s, row, quality, self.services.clock(), drill=q.is_drill, rating=rating,
            fsrs=self.services.scheduling.fsrs_for(row.deck),
            suggested=fb.suggested, correct=fb.verdict.correct if fb.verdict else None,
            typed=fb.typed, seed=q.seed, params=json.dumps(q.params),
            canonical=json.dumps(computed.value) if computed else None,
            response_ms=round(fb.seconds * 1000),
            device=computed.device if computed else None,
            torch_version=computed.torch_version if computed else None,
            slip=fb.slip.id if fb.slip else None,
        )
        return Recorded(review.id, q.key, quality, row.leech and not was_leech,
                        rating if review.scheduler == "fsrs" else None)

    def record(self, fb: Feedback, quality: int, rating: int) -> Recorded:
        with store.db.saving(_("this answer")), self.services.sessions.begin() as s:
            return self._log(s, fb, quality, rating)

    def replace(self, old: Recorded, fb: Feedback, quality: int, rating: int) -> Recorded:
        """Undo an answer and record it again with another grade, in one transaction."""
        with store.db.saving(_("the new grade")), self.services.sessions.begin() as s:
            self._undo_review(s, old)
            return self._log(s, fb, quality, rating)

    def _undo_review(self, s: Session, recorded: Recorded) -> None:
        try:
            store.repo.undo_review(s, recorded.review_id, self.services.clock())
        except store.repo.ReviewedSince:
            raise Conflict(_("{key} was reviewed again since (in another terminal?); "
                             "nothing was changed").format(key=recorded.key)) from None

    def undo(self, entry: Entry) -> None:
        """Reverse an entry: restore the card's flags, undo its answer."""
        with store.db.saving(_("the undo")), self.services.sessions.begin() as s:
            if entry.flags is not None:
                store.repo.set_flags(s, entry.question.key, suspended=entry.flags.suspended,
                               buried_until=entry.flags.buried_until)
            if entry.recorded is not None:
                self._undo_review(s, entry.recorded)

    def set_aside(self, key: str, how: str, until: datetime) -> Flags:
        with store.db.saving(_("the card's new state")), self.services.sessions.begin() as s:
            if how == "suspend":
                return store.repo.set_flags(s, key, suspended=True)
            return store.repo.set_flags(s, key, buried_until=until)
