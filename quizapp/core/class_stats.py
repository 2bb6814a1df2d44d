"""What a class gets wrong, per card, from its answers: first-try correctness, mean quality,
discrimination, the commonest slips and the hardest parameter variants.

Definitions (the README's "The teacher's report" says the same):
- A learner's *first try* at a card is their first scheduled answer to it in the period;
  it is right when graded 4 or 5 (right at once, not only on the second try). Flash cards
  are graded by the learner, so only quiz cards count.
- A learner's *first-try accuracy* is the share of their first tries (at every quiz card in
  the report) that were right.
- A card's *discrimination* is the Pearson correlation, over the learners who tried it,
  between their first try at it (1 right, 0 not) and their first-try accuracy: PrairieLearn's
  point-biserial discrimination. High: the card separates those who know from those who
  don't; near 0 or negative: look at the card. None with fewer than 3 learners or no spread.
- Mean quality and variants count every scheduled answer; slips count every answer,
  same-day re-drills included (a slip there is still a misconception seen).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

RIGHT = 4  # graded 4 or 5: right without a second try
MIN_LEARNERS = 3  # for a correlation worth showing
TOP = 3  # slips and variants listed per card


@dataclass(frozen=True)
class Answer:
    learner: str
    card: str  # deck/id
    at: datetime
    kind: str  # review | drill
    quality: int
    quiz: bool  # auto-graded (a quiz card), not a self-graded flash card
    slip: str | None
    params: str  # the sampled parameters, as JSON text: the variant


@dataclass(frozen=True)
class Variant:
    params: str
    answers: int
    right: float  # share graded 4 or 5


@dataclass
class CardFigures:
    card: str
    learners: int
    answers: int
    first_try: float | None  # share of learners right at their first try (quiz cards)
    mean_quality: float | None
    discrimination: float | None
    slips: list[tuple[str, int]] = field(default_factory=list)
    hardest: list[Variant] = field(default_factory=list)


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The correlation coefficient, None where it is undefined (no spread on either side)."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def first_tries(answers: list[Answer]) -> dict[tuple[str, str], bool]:
    """(learner, card) -> whether the learner's first scheduled answer to a quiz card was
    right; `answers` in time order."""
    out: dict[tuple[str, str], bool] = {}
    for a in answers:
        if a.kind == "review" and a.quiz and (a.learner, a.card) not in out:
            out[(a.learner, a.card)] = a.quality >= RIGHT
    return out


def accuracy(tries: dict[tuple[str, str], bool]) -> dict[str, float]:
    """Each learner's first-try accuracy over every card they tried."""
    per: dict[str, list[bool]] = defaultdict(list)
    for (learner, _card), right in tries.items():
        per[learner].append(right)
    return {learner: sum(r) / len(r) for learner, r in per.items()}


def cards(answers: list[Answer]) -> list[CardFigures]:
    """Per card, hardest first (lowest first-try correctness; cards without one last)."""
    tries = first_tries(answers)
    overall = accuracy(tries)
    by_card: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_card[a.card].append(a)
    firsts: dict[str, dict[str, bool]] = defaultdict(dict)  # card -> learner -> right
    for (learner, card), right in tries.items():
        firsts[card][learner] = right
    out = []
    for card, rows in by_card.items():
        scheduled = [a for a in rows if a.kind == "review"]
        xs = [float(right) for right in firsts[card].values()]
        ys = [overall[learner] for learner in firsts[card]]
        out.append(CardFigures(
            card=card,
            learners=len({a.learner for a in rows}),
            answers=len(scheduled),
            first_try=sum(xs) / len(xs) if xs else None,
            mean_quality=(sum(a.quality for a in scheduled) / len(scheduled)
                          if scheduled else None),
            discrimination=pearson(xs, ys) if len(xs) >= MIN_LEARNERS else None,
            slips=Counter(a.slip for a in rows if a.slip).most_common(TOP),
            hardest=_hardest(scheduled),
        ))
    out.sort(key=lambda c: (c.first_try is None, c.first_try or 0.0, -c.answers, c.card))
    return out


def _hardest(scheduled: list[Answer]) -> list[Variant]:
    """The variants answered right least often (at least two answers each, and only where
    the card has more than one variant): what to look at when a card is hard."""
    per: dict[str, list[int]] = defaultdict(list)
    for a in scheduled:
        per[a.params].append(a.quality)
    if len(per) < 2:
        return []
    variants = [Variant(params, len(q), sum(x >= RIGHT for x in q) / len(q))
                for params, q in per.items() if len(q) >= 2]
    variants.sort(key=lambda v: (v.right, -v.answers, v.params))
    return [v for v in variants if v.right < 1][:TOP]
