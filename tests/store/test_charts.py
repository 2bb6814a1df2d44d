"""The stats screen's SQL aggregates against a plain Python recount of the same rows."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from quizapp.core.clock import local_day
from quizapp.services.context import Services, Settings, build_services
from quizapp.store import charts as C
from quizapp.store.models import CardRow, ReviewRow
from quizapp.store.stats import streak

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 18, 12, 0, 0)  # noon UTC: the same local day in most time zones


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Services]:
    settings = Settings(db=str(tmp_path / "q.db"), custom_dir=tmp_path / "decks",
                        cache_dir=tmp_path / "cache",
                        builtin=(ROOT / "cards" / "conv.yaml", ROOT / "cards" / "tensors.yaml"))
    context = build_services(settings, clock=lambda: NOW)
    yield context
    context.close()


def random_history(ctx: Services, seed: int) -> None:
    """Cards in every state and 400 days of answers, drills, undos and undone answers."""
    rng = random.Random(seed)
    with ctx.sessions.begin() as s:
        cards = list(s.scalars(select(CardRow).order_by(CardRow.id)))
        for card in cards:
            if rng.random() < 0.2:
                continue  # stays new
            card.ease = rng.choice(range(130, 320, 2))
            card.lapses = rng.choice([0, 0, 0, 1, 2, 5])
            card.interval = rng.randint(1, 60)
            card.due = NOW + timedelta(hours=rng.randint(-24 * 10, 24 * 20))
            card.suspended = rng.random() < 0.1
            card.retired = rng.random() < 0.05
        rows = []
        for _ in range(3000):
            at = NOW - timedelta(days=rng.choice([rng.randint(0, 40), rng.randint(0, 400)]),
                                 minutes=rng.randint(0, 600))
            row = ReviewRow(
                card_id=rng.choice(cards).id, at=at, day=local_day(at),
                kind=rng.choice(["review", "review", "review", "drill"]),
                quality=rng.randint(0, 5), interval_before=rng.choice([0, 1, 6, 20, 21, 50]),
                reps_before=0, ease_before=250, reps_after=0, ease_after=250, interval_after=0,
            )
            s.add(row)
            rows.append(row)
        s.flush()
        for target in rng.sample(rows, 150):
            s.add(ReviewRow(card_id=target.card_id, at=NOW, day=target.day, kind="undo",
                            undoes=target.id, reps_before=0, ease_before=250,
                            interval_before=0, reps_after=0, ease_after=250, interval_after=0))


def recount(ctx: Services) -> tuple[list[ReviewRow], list[CardRow]]:
    """The answers still standing, and every card, read back as plain objects."""
    with ctx.sessions() as s:
        reviews = list(s.scalars(select(ReviewRow)))
        cards = list(s.scalars(select(CardRow)))
        s.expunge_all()
    undone = {r.undoes for r in reviews if r.undoes is not None}
    answers = [r for r in reviews if r.kind in ("review", "drill") and r.id not in undone]
    return answers, cards


@pytest.mark.parametrize("seed", [1, 2])
def test_aggregates_match_a_python_recount(ctx: Services, seed: int) -> None:
    random_history(ctx, seed)
    answers, cards = recount(ctx)
    today = local_day(NOW)
    with ctx.sessions() as s:
        got = C.gather(s, NOW)

    by_day = Counter(r.day for r in answers)
    assert got.per_day() == [by_day[d] for d in range(today - 29, today + 1)]
    assert got.calendar == {d: n for d, n in by_day.items() if d > today - C.CALENDAR_DAYS}
    assert sum(got.per_day()) > 0

    live = [c for c in cards if not c.retired and not c.suspended and c.due is not None]
    due_days = Counter(max(local_day(c.due), today) for c in live if c.due is not None)
    assert got.forecast == [due_days[today + i] for i in range(14)]
    assert got.forecast[0] > 0  # overdue cards land on today

    def share(rows: list[ReviewRow]) -> tuple[int, int]:
        return sum(r.quality is not None and r.quality >= 3 for r in rows), len(rows)

    young = [r for r in answers if r.interval_before < 21]
    mature = [r for r in answers if r.interval_before >= 21]
    assert got.retention == C.Retention(*share(young), *share(mature))
    month = [r for r in answers if r.day >= today - 29]
    assert got.retention_month == C.Retention(
        *share([r for r in month if r.interval_before < 21]),
        *share([r for r in month if r.interval_before >= 21]))

    deck_of = {c.id: c.deck for c in cards}
    decks = sorted({deck_of[r.card_id] for r in answers})
    assert got.decks == [
        C.DeckAccuracy(d, *reversed(share([r for r in answers if deck_of[r.card_id] == d])))
        for d in decks
    ]

    studied = [c for c in cards if not c.retired and c.due is not None]
    assert got.ease == dict(sorted(Counter(c.ease // 10 * 10 for c in studied).items()))

    hard = sorted((c for c in studied if c.lapses > 0 or c.ease < 250),
                  key=lambda c: (-c.lapses, c.ease, c.key))[:50]
    assert [h.key for h in got.hardest] == [c.key for c in hard]
    assert got.streak == streak({r.day for r in answers}, today)


def test_undone_answers_and_undo_rows_are_not_counted(ctx: Services) -> None:
    with ctx.sessions.begin() as s:
        card = s.scalars(select(CardRow)).first()
        assert card is not None
        kept = ReviewRow(card_id=card.id, at=NOW, day=local_day(NOW), kind="review", quality=4,
                         interval_before=0, reps_before=0, ease_before=250, reps_after=1,
                         ease_after=250, interval_after=1)
        taken_back = ReviewRow(card_id=card.id, at=NOW, day=local_day(NOW), kind="review",
                               quality=1, interval_before=30, reps_before=0, ease_before=250,
                               reps_after=0, ease_after=250, interval_after=1)
        s.add_all([kept, taken_back])
        s.flush()
        s.add(ReviewRow(card_id=card.id, at=NOW, day=local_day(NOW), kind="undo",
                        undoes=taken_back.id, quality=None, interval_before=30, reps_before=0,
                        ease_before=250, reps_after=0, ease_after=250, interval_after=30))
    with ctx.sessions() as s:
        got = C.gather(s, NOW)
    assert got.per_day()[-1] == 1
    assert got.retention == C.Retention(1, 1, 0, 0)
    assert got.streak == 1


def test_an_empty_log_gives_zeros(ctx: Services) -> None:
    with ctx.sessions() as s:
        got = C.gather(s, NOW)
    assert got.per_day() == [0] * 30
    assert got.forecast == [0] * 14
    assert got.retention.young is None and got.retention.mature is None
    assert (got.decks, got.ease, got.hardest, got.streak) == ([], {}, [], 0)


def test_a_streak_longer_than_the_calendar_is_counted_in_full(ctx: Services) -> None:
    with ctx.sessions.begin() as s:
        card = s.scalars(select(CardRow)).first()
        assert card is not None
        for days_ago in [*range(0, 400), 401]:  # 400 days in a row, a gap, one more day
            at = NOW - timedelta(days=days_ago)
            s.add(ReviewRow(card_id=card.id, at=at, day=local_day(at), kind="review",
                            quality=4, interval_before=1, reps_before=1, ease_before=250,
                            reps_after=2, ease_after=250, interval_after=6))
    with ctx.sessions() as s:
        got = C.gather(s, NOW)
    assert got.streak == 400 > C.CALENDAR_DAYS
