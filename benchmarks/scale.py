"""Storage at scale: 100,000 cards and 1,000,000 reviews in SQLite, timed against DESIGN.md;
the next-card + record path under SM-2 and under FSRS-6."""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.core.clock import local_day, local_day_start, utcnow
from quizapp.core.fsrs_model import FsrsConfig
from quizapp.store import export, repo
from quizapp.store import stats as S
from quizapp.store.migrate import open_sessions

BUDGET_MS = {"next_record_p50": 1.0, "next_record_p99": 5.0, "stats": 1000.0, "csv_export": 3000.0}
DECKS = 10
BATCH = 50_000
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite


def _card_rows(cards: int, now: datetime, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    for i in range(1, cards + 1):
        new = i % 10 == 0  # one card in ten never studied
        due = None if new else (now + timedelta(days=rng.randint(-30, 300))).strftime(STAMP)
        last = None if new else (now - timedelta(days=rng.randint(1, 200))).strftime(STAMP)
        # Every studied card has an FSRS memory state too, so the FSRS loop has one to move.
        yield (i, f"d{i % DECKS}/card-{i}", f"d{i % DECKS}", "quiz", 0, 0, 0, None,
               0 if new else rng.randint(1, 12), rng.choice(range(130, 300, 2)),
               0 if new else rng.randint(1, 200), due, rng.randint(0, 3), last,
               None if new else rng.uniform(1, 200), None if new else rng.uniform(1, 10))


def _review_rows(reviews: int, cards: int, now: datetime,
                 rng: random.Random) -> Iterator[tuple[Any, ...]]:
    studied = [i for i in range(1, cards + 1) if i % 10 != 0]
    start = now - timedelta(days=400)
    step = timedelta(days=400) / reviews
    for n in range(1, reviews + 1):
        at = start + step * n  # the log is written in time order
        q = rng.choice((1, 3, 4, 4, 5))
        yield (n, rng.choice(studied), at.strftime(STAMP), local_day(at), "review", q, q,
               q >= 3, n % 50 == 0, "3", "3", "{}", n, rng.randint(800, 9000), "cpu", "2.4",
               None, 2, 250, 6, None, 0, 3, 250, 15, None, None,  # ..., slip
               4 if q == 5 else max(1, q - 1), "sm2", None, None, None, None)  # FSRS (0004)
        # ... and the learner (0005), appended by the caller


def _bulk(conn: Any, table: str, rows: Iterator[tuple[Any, ...]], width: int) -> None:
    sql = f"INSERT INTO {table} VALUES ({', '.join('?' * width)})"
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.exec_driver_sql(sql, batch)
            batch = []
    if batch:
        conn.exec_driver_sql(sql, batch)


def build(db: Path, cards: int, reviews: int, now: datetime) -> float:
    """Create the schema through the migrations, then bulk-load through the raw driver."""
    started = time.perf_counter()
    sessions = open_sessions(str(db))
    rng = random.Random(7)
    with sessions.begin() as s:
        conn = s.connection()
        conn.exec_driver_sql(
            "INSERT INTO decks VALUES " + ", ".join(
                f"('d{d}', 'Deck {d}', NULL, 'x.yaml', 0, '{'0' * 64}', NULL, "
                f"'{now.strftime(STAMP)}', NULL)" for d in range(DECKS)))
        me = (sessions.learner_id,)  # the default learner, as `quizapp stats` below opens it
        _bulk(conn, "cards", (row + me for row in _card_rows(cards, now, rng)), 17)
        _bulk(conn, "reviews", (row + me for row in _review_rows(reviews, cards, now, rng)), 34)
    # No ANALYZE: a user's database never has planner statistics, so neither does this one.
    sessions.kw["bind"].dispose()
    return time.perf_counter() - started


def _ms(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def study_loop(sessions: Any, keys: list[str], clock: Callable[[], datetime],
               fsrs: FsrsConfig | None = None) -> list[float]:
    """Per answer: load the next card, then record the answer through the same repository
    call as StudySession.record (one read, then one committed write transaction); with
    `fsrs`, scheduled by FSRS-6 as on a deck switched to it."""
    timings = []
    for key in keys:
        started = time.perf_counter()
        with sessions() as s:
            repo.card(s, key)  # the next card, as the study screen reads it
        with sessions.begin() as s:
            row = repo.card(s, key)
            repo.record_answer(s, row, 4, clock(), rating=3, fsrs=fsrs, suggested=4,
                               correct=True, typed="3", canonical="3", params="{}", seed=1,
                               response_ms=2000)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def cli_seconds(db: Path, *args: str) -> float:
    """Wall time of a whole `quizapp` process (start-up included), as a user runs it."""
    command = [str(Path(sys.executable).with_name("quizapp")), "--db", str(db), *args]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True,
                   env={**os.environ, "QUIZAPP_HOME": str(db.parent / "home")})
    return time.perf_counter() - started


def measure(db: Path, now: datetime, answers: int) -> dict[str, Any]:
    sessions = open_sessions(str(db))
    decks = [f"d{d}" for d in range(DECKS)]
    queue: dict[str, Any] = {}

    def build_queue() -> None:
        with sessions() as s:
            queue["studied"] = repo.new_studied_since(s, local_day_start(now))
            queue["due"] = repo.due_keys(s, decks, now, 10_000)
            queue["new"] = repo.new_keys(s, decks, now, 20)

    queue_ms = [_ms(build_queue) for _ in range(5)]
    keys = (queue["due"] * (answers // max(1, len(queue["due"])) + 1))[:answers]
    loop = study_loop(sessions, keys, utcnow)
    fsrs_loop = study_loop(sessions, keys, utcnow, FsrsConfig.default())
    stats_ms = []
    for _ in range(3):
        with sessions() as s:
            stats_ms.append(_ms(lambda s=s: S.compute(s, now)))
    target = db.with_name("reviews.csv")
    with sessions() as s, target.open("w", encoding="utf-8", newline="") as sink:
        csv_ms = _ms(lambda: export.write_csv(s, sink, export.Filter()))
    with target.open(encoding="utf-8") as written:
        rows = sum(1 for _ in written) - 1
    sessions.kw["bind"].dispose()
    cli_seconds(db, "deck", "list")  # first run: syncs the built-in decks into this database
    cli_stats = min(cli_seconds(db, "stats", "--json") for _ in range(3))
    cli_csv = min(cli_seconds(db, "stats", "--export", str(target)) for _ in range(2))
    q = statistics.quantiles(loop, n=100)
    fq = statistics.quantiles(fsrs_loop, n=100)
    return {
        "due_queue_ms": round(statistics.median(queue_ms), 2), "due_cards": len(queue["due"]),
        "next_record_p50_ms": round(statistics.median(loop), 3),
        "next_record_p99_ms": round(q[98], 3), "answers_timed": len(loop),
        "fsrs_next_record_p50_ms": round(statistics.median(fsrs_loop), 3),
        "fsrs_next_record_p99_ms": round(fq[98], 3),
        "stats_ms": round(max(stats_ms), 1), "csv_export_ms": round(csv_ms, 1),
        "csv_rows": rows,
        "cli_stats_s": round(cli_stats, 2), "cli_csv_export_s": round(cli_csv, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--answers", type=int, default=1000)
    args = parser.parse_args()
    now = utcnow()
    with tempfile.TemporaryDirectory(prefix="quizapp-scale-") as folder:
        db = Path(folder) / "scale.db"
        build_s = build(db, args.cards, args.reviews, now)
        figures = measure(db, now, args.answers)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    checks = {
        "next_record_p50": figures["next_record_p50_ms"] <= BUDGET_MS["next_record_p50"],
        "next_record_p99": figures["next_record_p99_ms"] <= BUDGET_MS["next_record_p99"],
        "fsrs_next_record_p50": figures["fsrs_next_record_p50_ms"] <= BUDGET_MS["next_record_p50"],
        "fsrs_next_record_p99": figures["fsrs_next_record_p99_ms"] <= BUDGET_MS["next_record_p99"],
        "stats": figures["stats_ms"] <= BUDGET_MS["stats"],
        "csv_export": figures["csv_export_ms"] <= BUDGET_MS["csv_export"],
    }
    result = {"cards": args.cards, "reviews": args.reviews, "build_s": round(build_s, 1),
              **figures, "peak_rss_mb": round(peak_mb, 1), "budget_ms": BUDGET_MS,
              "within_budget": checks, "all_within_budget": all(checks.values())}
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["all_within_budget"] else 1)


if __name__ == "__main__":
    main()
