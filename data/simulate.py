"""Generate data/simulated-learner.csv: a year of reviews by a learner whose memory is FSRS-6.

The learner's memory follows FSRS-6 with KNOWN parameters (py-fsrs's defaults with a few
weights changed, see TRUE_PARAMETERS), so a fit can be checked against the truth. Cards
are scheduled by SM-2, the app's default, and each is reviewed some time after it falls
due: usually within hours, one review in five one to five days late. Each outcome is
drawn from the true model's retrievability at that moment; a recalled card is rated
Hard, Good or Easy with fixed probabilities, a forgotten one Again. The CSV has the
columns of `quizapp stats --export`, so `quizapp scheduler evaluate --log` reads it.

    .venv/bin/python data/simulate.py            # rewrites the two shipped files
    .venv/bin/python data/simulate.py --cards 400 --out /tmp/small.csv

The same arguments always give byte-identical files (tests/scheduling checks the shipped
ones). Same-day re-drills are not simulated: they never move a scheduler's state.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from quizapp.core import fsrs_model, sm2
from quizapp.core.fsrs_model import AGAIN, EASY, GOOD, HARD, FsrsConfig, Memory
from quizapp.core.training import TrainingReview

HERE = Path(__file__).resolve().parent
SEED = 20250113
CARDS = 1000
DAYS = 365
INTRODUCED_OVER = 180  # days over which new cards arrive, evenly
START = datetime(2024, 1, 1)  # naive UTC
FIRST_RECALL = 0.7  # a new card's first answer is right this often
RECALLED = {HARD: 0.15, GOOD: 0.75, EASY: 0.10}  # a recalled card's rating
QUALITY = {AGAIN: 1, HARD: 3, GOOD: 4, EASY: 5}  # as a flash card's grade buttons log it
LATE_SHARE, LATE_DAYS, ON_TIME_HOURS = 0.2, (1.0, 5.0), 6.0
# py-fsrs 6.3.2's defaults, changed where a learner plainly differs: first memories half
# as stable, much slower growth on recall (w8 1.0 against 1.87), weaker memories after a
# lapse, a steeper forgetting curve (decay 0.30 against 0.1542). SM-2's intervals are too
# long for such a learner, which is the case FSRS is for: a quarter of reviews are Again.
CHANGED = {0: 0.106, 1: 0.6466, 2: 1.1533, 3: 4.1478, 8: 1.0, 11: 1.10, 20: 0.30}
COLUMNS = ("review_id", "time", "card", "deck", "kind", "quality", "suggested", "correct",
           "response_ms", "interval_after", "ease_after", "slip", "rating", "scheduler",
           "due_after")


def true_parameters() -> tuple[float, ...]:
    return tuple(CHANGED.get(i, w) for i, w in enumerate(fsrs_model.default_parameters()))


@dataclass(frozen=True)
class Review:
    card: int
    at: datetime
    rating: int
    response_ms: int
    sm2_after: sm2.SM2State
    due_after: datetime


def _card_reviews(card: int, first: datetime, end: datetime, config: FsrsConfig,
                  rng: random.Random) -> Iterator[Review]:
    at, state, memory = first, sm2.SM2State(), None
    while at < end:
        # A new card has no memory yet: its first answer is a fixed chance, not a forecast.
        recall = FIRST_RECALL if memory is None else fsrs_model.retrievability(
            config, memory, at)
        if rng.random() >= recall:
            rating = AGAIN
        else:
            rating = rng.choices(list(RECALLED), weights=list(RECALLED.values()))[0]
        state = sm2.review(state, QUALITY[rating])
        memory_after: Memory
        memory_after, _days = fsrs_model.step(config, memory, rating, at)
        memory = memory_after
        due = at + timedelta(days=state.interval)
        yield Review(card, at, rating, int(rng.lognormvariate(8.7, 0.5)), state, due)
        if rng.random() < LATE_SHARE:
            at = due + timedelta(days=rng.uniform(*LATE_DAYS))
        else:
            at = due + timedelta(hours=rng.expovariate(1 / ON_TIME_HOURS))


def simulate(cards: int = CARDS, days: int = DAYS, seed: int = SEED,
             parameters: tuple[float, ...] | None = None) -> list[Review]:
    """Every review of the simulated year, in time order."""
    rng = random.Random(seed)
    config = FsrsConfig(parameters or true_parameters())
    end = START + timedelta(days=days)
    spread = min(INTRODUCED_OVER, days)
    out: list[Review] = []
    for card in range(1, cards + 1):
        day = (card - 1) * spread // cards
        first = START + timedelta(days=day, hours=18 + rng.uniform(0, 3))
        out.extend(_card_reviews(card, first, end, config, rng))
    out.sort(key=lambda r: (r.at, r.card))
    return out


def training(reviews: list[Review]) -> list[TrainingReview]:
    """The reviews as the optimizer and the evaluation read them."""
    return [TrainingReview(r.card, r.at, r.rating, r.response_ms, QUALITY[r.rating])
            for r in reviews]


def _time(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def write_csv(reviews: list[Review], path: Path) -> None:
    lines = [",".join(COLUMNS)]
    for number, r in enumerate(reviews, start=1):
        s = r.sm2_after
        lines.append(
            f"{number},{_time(r.at)},sim/card-{r.card:04d},sim,review,{QUALITY[r.rating]},,"
            f"{int(r.rating != AGAIN)},{r.response_ms},{s.interval},"
            f"{s.ease_hundredths // 100}.{s.ease_hundredths % 100:02d},,{r.rating},sm2,"
            f"{_time(r.due_after)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def description(reviews: list[Review], cards: int, days: int, seed: int) -> dict[str, object]:
    from importlib.metadata import version

    defaults = fsrs_model.default_parameters()
    return {
        "made_by": "python data/simulate.py" + (
            "" if (cards, days, seed) == (CARDS, DAYS, SEED)
            else f" --cards {cards} --days {days} --seed {seed}"),
        "fsrs_package": version("fsrs"),
        "seed": seed, "cards": cards, "days": days, "start": _time(START),
        "reviews": len(reviews),
        "memory_model": "FSRS-6 (py-fsrs), the parameters below",
        "parameters": list(true_parameters()),
        "changed_from_default": {str(i): {"default": defaults[i], "true": w}
                                 for i, w in CHANGED.items()},
        "scheduler": "SM-2 (quizapp.core.sm2) on the qualities below",
        "review_time": "when SM-2 says the card is due (review + interval days), plus lateness",
        "lateness": {"late_share": LATE_SHARE, "late_days_uniform": list(LATE_DAYS),
                     "otherwise_hours_exponential_mean": ON_TIME_HOURS},
        "introduced": f"evenly over the first {min(INTRODUCED_OVER, days)} days, 18-21h UTC",
        "first_answer_recalled": FIRST_RECALL,
        "ratings_when_recalled": {"Hard": RECALLED[HARD], "Good": RECALLED[GOOD],
                                  "Easy": RECALLED[EASY]},
        "quality_of_rating": {"Again": 1, "Hard": 3, "Good": 4, "Easy": 5},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=CARDS)
    parser.add_argument("--days", type=int, default=DAYS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=HERE / "simulated-learner.csv",
                        help="the CSV; its description goes next to it as .json")
    args = parser.parse_args()
    reviews = simulate(args.cards, args.days, args.seed)
    write_csv(reviews, args.out)
    text = json.dumps(description(reviews, args.cards, args.days, args.seed), indent=2)
    args.out.with_suffix(".json").write_text(text + "\n", encoding="utf-8")
    print(f"{len(reviews)} reviews of {args.cards} cards -> {args.out}")


if __name__ == "__main__":
    main()
