"""A class under load: 30 learners answering at once, 50 answers each, on one PostgreSQL
server on loopback (each learner on their own role, so row-level security is in every
query), or with --sqlite as 30 profiles in one SQLite file. Prints one JSON object: answers
lost and duplicated (counted in the database afterwards; both must be 0), throughput, and
the p50/p99 of next card + record, the same repository calls the study session makes."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from quizapp.core.clock import utcnow
from quizapp.store import deck_rows, repo
from quizapp.store.migrate import open_database, open_sessions
from quizapp.store.models import DeckRow

BUDGET_MS = {"next_record_p50": 1.0, "next_record_p99": 5.0}  # one learner's, DESIGN.md
DECK, CARDS = "load", 200


def _deck(everyone: Any, now: datetime) -> deck_rows.DeckInfo:
    info = deck_rows.DeckInfo({f"{DECK}/c{i}": "quiz" for i in range(CARDS)})
    with everyone.begin() as s:
        deck_rows.save_deck_row(s, DeckRow(name=DECK, title="Load", title_zh=None, source="x.yaml",
                                      builtin=False, content_sha256="0" * 64,
                                      verifier_sha256=None, added_at=now))
    return info


def _learner(url: str, name: str | None, info: deck_rows.DeckInfo, answers: int,
             start: threading.Barrier, out: dict[str, Any]) -> None:
    """One learner: their own connection; next card, then record, `answers` times."""
    sessions = open_sessions(url, name)
    with sessions.begin() as s:
        deck_rows.sync_cards(s, DECK, info)
    timings, acked = [], 0
    clock = utcnow()
    start.wait()
    for n in range(answers):
        began = time.perf_counter()
        at = clock + timedelta(seconds=n)
        with sessions() as s:
            keys = repo.new_keys(s, [DECK], at, 1) or repo.due_keys(s, [DECK], at, 1)
        with sessions.begin() as s:
            row = repo.card(s, keys[0])
            repo.record_answer(s, row, 4, at, suggested=4, correct=True, typed="1",
                               canonical="1", params="{}", seed=n, response_ms=2000)
        acked += 1  # committed: the app would now show the next card
        timings.append((time.perf_counter() - began) * 1000)
    out.update(timings=timings, acked=acked, learner_id=sessions.learner_id)
    sessions.engine.dispose()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(learners: int, answers: int, sqlite: bool) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="quizapp-class-load-"))
    server = None
    if sqlite:
        owner = str(folder / "class.db")
        urls: list[tuple[str, str | None]] = [(owner, f"learner-{i:02d}")
                                              for i in range(learners)]
        how = "profiles in one SQLite file (WAL)"
    else:
        from benchmarks.loopback_pg import LoopbackServer
        from quizapp.services.classroom import Classroom

        server = LoopbackServer()
        owner = server.create_database("classload")
        room = Classroom(owner, utcnow, builtin=[])
        room.init()
        urls = [(room.add_learner(f"learner-{i:02d}").url, None) for i in range(learners)]
        room.close()
        how = "PostgreSQL on 127.0.0.1, one role per learner (row-level security on)"
    try:
        everyone = open_database(owner)
        info = _deck(everyone, utcnow())
        results: list[dict[str, Any]] = [{} for _ in urls]
        barrier = threading.Barrier(len(urls) + 1)
        threads = [threading.Thread(target=_learner, args=(url, name, info, answers, barrier,
                                                           results[i]))
                   for i, (url, name) in enumerate(urls)]
        for t in threads:
            t.start()
        barrier.wait()
        began = time.perf_counter()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        with everyone() as s:  # the teacher's count, after everyone is done
            stored = dict(s.execute(text(
                "SELECT learner_id, count(*) FROM reviews WHERE kind = 'review' "
                "GROUP BY learner_id")).all())
        everyone.engine.dispose()
    finally:
        if server is not None:
            server.close()
    timings = [t for r in results for t in r.get("timings", [])]
    acked = {r["learner_id"]: r["acked"] for r in results if "acked" in r}
    lost = sum(max(0, n - stored.get(lid, 0)) for lid, n in acked.items())
    lost += answers * (len(urls) - len(acked))  # a learner whose thread failed
    duplicated = sum(max(0, stored.get(lid, 0) - n) for lid, n in acked.items())
    p50, p99 = statistics.median(timings), _percentile(timings, 0.99)
    return {
        "database": how, "learners": len(urls), "answers_each": answers,
        "answers_acknowledged": sum(acked.values()), "answers_lost": lost,
        "answers_duplicated": duplicated, "wall_s": round(wall, 2),
        "throughput_answers_per_s": round(sum(acked.values()) / wall, 1),
        "next_record_p50_ms": round(p50, 2), "next_record_p99_ms": round(p99, 2),
        "single_learner_budget_ms": BUDGET_MS,
        "note": "learners run as threads of one process, each with its own connection; on "
                f"{os.cpu_count()} core(s) their latencies include waiting for the others",
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
        "must_hold": {"answers_lost": lost == 0, "answers_duplicated": duplicated == 0},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--sqlite", action="store_true", help="profiles in one SQLite file")
    args = parser.parse_args()
    print(json.dumps(run(args.learners, args.answers, args.sqlite), indent=2))


if __name__ == "__main__":
    main()
