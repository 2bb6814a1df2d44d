"""Answer -> feedback latency (verifier + grading + commit) after warm-up, as JSON."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from quizapp.services.context import Settings, build_services
from quizapp.services.session import StudyRequest, StudySession

ROUNDS = 5  # every quiz card of every built-in deck, this many times (fresh seeds each)
BUDGET_P99_MS = 30.0


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db=str(Path(folder) / "q.db"), device="cpu",
                            custom_dir=Path(folder) / "decks", cache_dir=None)
        ctx = build_services(settings, clock=lambda: datetime.now(UTC).replace(tzinfo=None))
        keys = [card.key for name in ctx.library.names
                for card in ctx.library.deck(name).cards if card.kind == "quiz"]
        ctx.engine.warm_up()
        warm = ctx.study(StudyRequest(keys=tuple(keys), seed=0))
        while warm.next() is not None:  # warm-up: each verifier runs once
            answer_once(warm)
        timings, per_card = [], {}
        for round_ in range(ROUNDS):
            session = ctx.study(StudyRequest(keys=tuple(keys), seed=round_ + 1))
            while (q := session.next()) is not None:
                ms = answer_once(session)
                timings.append(ms)
                per_card[q.card.key] = max(ms, per_card.get(q.card.key, 0.0))
        ctx.close()
    q = statistics.quantiles(timings, n=100)
    slowest = sorted(per_card.items(), key=lambda item: -item[1])[:5]
    print(json.dumps({
        "answers": len(timings), "cards": len(keys),
        "p50_ms": round(statistics.median(timings), 2), "p99_ms": round(q[98], 2),
        "max_ms": round(max(timings), 2),
        "slowest_cards_ms": {key: round(ms, 1) for key, ms in slowest},
        "budget_p99_ms": BUDGET_P99_MS, "p99_ok": q[98] <= BUDGET_P99_MS,
    }))


def answer_once(session: StudySession) -> float:
    """One learner answer ("don't know"): run the verifier, grade, commit the review."""
    started = time.perf_counter()
    feedback = session.submit("")
    if feedback.error is None:
        session.grade(4)  # 4 keeps the card out of same-day re-drills
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
