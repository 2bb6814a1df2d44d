"""What a study session takes and gives: the request, what an action did, the end-of-session
summary, and the entries its undo reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizapp.core.errors import QuizappError
from quizapp.core.i18n import _
from quizapp.services.questions import Feedback, Question
from quizapp.services.recording import Recorded

if TYPE_CHECKING:
    from quizapp.store.repo import Flags


@dataclass(frozen=True)
class StudyRequest:
    """What to study: every option a session takes, typed."""

    decks: tuple[str, ...] | None = None  # None: every deck
    new: int | None = None  # new cards this session, within the daily limit
    limit: int | None = None  # at most this many cards
    seed: int | None = None  # reproducible questions
    keys: tuple[str, ...] | None = None  # exactly these cards, now (e.g. the hardest ones)


@dataclass
class Entry:
    """One thing the learner did to a card, as undo needs it."""

    question: Question
    feedback: Feedback | None = None
    recorded: Recorded | None = None
    aside: str | None = None  # "suspend" | "bury"
    flags: Flags | None = None  # the card's flags before it was set aside


@dataclass
class Done:
    """What an action did, for the screen to say (every message names the card)."""

    key: str
    message: str
    show: Question | None = None  # a card to show now (after an undo)


@dataclass(frozen=True)
class Summary:
    """The end of a session: what was done and what comes tomorrow."""

    answered: int
    correct: int
    minutes: float
    due_tomorrow: int
    streak: int
    left: int
    skipped: tuple[str, ...]

    @property
    def title(self) -> str:
        if self.left:
            return _("Session stopped: {n} card(s) left for later").format(n=self.left)
        return _("Session complete") if self.answered else _("Nothing is due right now")

    def lines(self) -> list[str]:
        accuracy = f"{self.correct / self.answered:.0%}" if self.answered else "-"
        return [
            self.title,
            "",
            _("answered      {n}").format(n=self.answered),
            _("graded 3+     {share}").format(share=accuracy),
            _("time          {m:.1f} min").format(m=self.minutes),
            _("due tomorrow  {n}").format(n=self.due_tomorrow),
            _("streak        {n} day(s)").format(n=self.streak),
            *(_("skipped: {problem}").format(problem=p) for p in self.skipped),
        ]


class NothingToDo(QuizappError):
    """The action does not apply now; the message says why."""
