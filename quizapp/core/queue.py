"""What to study now: due reviews and today's new cards, then same-day re-drills."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from quizapp.core.sm2 import needs_drill

DRILL_GAP = 3  # a failed card returns after this many other cards (sooner if fewer remain)


def interleave(due: list[str], new: list[str]) -> list[str]:
    """Spread new cards evenly among the due reviews (a review first when they tie)."""
    placed = [((i + 0.5) / len(due), 0, key) for i, key in enumerate(due)]
    placed += [((j + 0.5) / len(new), 1, key) for j, key in enumerate(new)]
    return [key for _, _, key in sorted(placed)]


def new_allowance(daily_limit: int, studied_today: int, requested: int | None = None) -> int:
    """How many new cards this session may introduce."""
    left = max(0, daily_limit - studied_today)
    return left if requested is None else min(left, max(0, requested))


@dataclass
class StudyQueue:
    """The session's order. Cards graded below 4 come back until they score 4 or more."""

    pending: deque[str]
    drilling: set[str] = field(default_factory=set)

    @classmethod
    def plan(cls, due: list[str], new: list[str], limit: int | None = None) -> StudyQueue:
        order = interleave(due, new)
        return cls(deque(order[:limit] if limit is not None else order))

    def next(self) -> str | None:
        if not self.pending:
            return None
        return self.pending.popleft()

    def is_drill(self, key: str) -> bool:
        return key in self.drilling

    def graded(self, key: str, quality: int) -> None:
        """Schedule a re-drill for a weak answer; a good one ends the card's drilling."""
        if needs_drill(quality):
            self.drilling.add(key)
            self.pending.insert(min(DRILL_GAP, len(self.pending)), key)
        else:
            self.drilling.discard(key)

    def skip(self, key: str) -> None:
        """Suspended or buried mid-session: the card leaves the session entirely."""
        self.drilling.discard(key)
        while key in self.pending:
            self.pending.remove(key)

    def put_back(self, key: str) -> None:
        """The card on screen returns to the front of the line (an undo came first)."""
        self.pending.appendleft(key)

    def undo_graded(self, key: str, quality: int, was_drill: bool) -> None:
        """Reverse `graded` for an undone answer: the card is shown again next."""
        if needs_drill(quality) and key in self.pending:
            self.pending.remove(key)  # the re-drill that answer scheduled
        if was_drill:
            self.drilling.add(key)
        else:
            self.drilling.discard(key)
        self.pending.appendleft(key)

    @property
    def remaining(self) -> int:
        return len(self.pending)
