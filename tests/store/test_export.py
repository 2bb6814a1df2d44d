"""`quizapp stats --export`: every answer once, matching the log, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from quizapp.core.clock import local_day
from quizapp.store import export, repo
from quizapp.store.models import CardRow, ReviewRow
from tests.store.conftest import START

HEADER = ["review_id", "time", "card", "deck", "kind", "quality", "suggested", "correct",
          "response_ms", "interval_after", "ease_after", "slip",
          "rating", "scheduler", "due_after", "stability_after", "difficulty_after", "day"]


def _iso(value: Any) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if value is not None else ""


def _float(text: str) -> float | None:
    return float(text) if text else None


def _log(sessions: Any) -> dict[int, tuple[ReviewRow, CardRow]]:
    with sessions() as s:
        rows = s.execute(select(ReviewRow, CardRow).join(CardRow, CardRow.id == ReviewRow.card_id))
        return {r.id: (r, c) for r, c in rows}


def test_csv_has_one_row_per_review_matching_the_log(db_url: str, history: Any, quizapp: Any,
                                                     tmp_path: Path) -> None:
    sessions, _, ids = history(db_url, reviews=40)
    target = tmp_path / "out" / "reviews.csv"
    target.parent.mkdir()
    done = quizapp("--db", db_url, "stats", "--export", str(target))
    assert done.code == 0, done.output
    assert "exported 40 review(s)" in done.stdout
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER
    assert len(rows) - 1 == len(ids) == 40
    log = _log(sessions)
    for line in rows[1:]:
        record = dict(zip(HEADER, line, strict=True))
        review, card = log[int(record["review_id"])]
        assert record["time"] == review.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        assert (record["card"], record["deck"], record["kind"]) == (card.key, card.deck,
                                                                    review.kind)
        assert int(record["quality"]) == review.quality
        assert int(record["suggested"]) == review.suggested
        assert record["correct"] == str(int(bool(review.correct)))
        assert int(record["response_ms"]) == review.response_ms
        assert int(record["interval_after"]) == review.interval_after
        assert record["ease_after"] == f"{review.ease_after / 100:.2f}"
        assert record["slip"] == (review.slip or "")
        assert record["rating"] == ("" if review.rating is None else str(review.rating))
        assert record["scheduler"] == (review.scheduler or "")
        assert record["due_after"] == _iso(review.due_after)
        # Floats are written as repr() writes them: they read back bit for bit.
        assert _float(record["stability_after"]) == review.stability_after
        assert _float(record["difficulty_after"]) == review.difficulty_after
        assert record["day"] == date.fromordinal(review.day).isoformat()
    assert [int(r[0]) for r in rows[1:]] == sorted(ids)  # the order they were written
    assert not [p for p in target.parent.iterdir() if p != target]  # no temp file left over


def test_undo_rows_and_undone_answers_are_left_out(db_url: str, history: Any) -> None:
    sessions, _, ids = history(db_url, reviews=10)
    with sessions.begin() as s:
        repo.undo_review(s, ids[-1], START)
    out = io.StringIO()
    with sessions() as s:
        count = export.write_csv(s, out, export.Filter())
    exported = [int(line.split(",")[0]) for line in out.getvalue().splitlines()[1:]]
    assert count == 9 and exported == ids[:-1]


def test_since_and_deck_filters(db_url: str, history: Any) -> None:
    sessions, _, _ = history(db_url, reviews=40)
    since = date(2025, 3, 5)
    out = io.StringIO()
    with sessions() as s:
        count = export.write_csv(s, out, export.Filter(since=since, decks=("beta",)))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    log = _log(sessions)
    expected = [rid for rid, (r, c) in log.items()
                if c.deck == "beta" and r.day >= since.toordinal()]
    assert count == len(rows) == len(expected) > 0
    assert sorted(int(r["review_id"]) for r in rows) == sorted(expected)


def test_json_has_reviews_card_states_and_daily_totals(db_url: str, history: Any,
                                                       quizapp: Any) -> None:
    sessions, keys, ids = history(db_url, reviews=20)
    done = quizapp("--db", db_url, "stats", "--export", "-", "--format", "json",
                   "--deck", "alpha", "--deck", "beta")  # not the built-in decks the CLI adds
    assert done.code == 0, done.output
    data = json.loads(done.stdout)
    assert [r["review_id"] for r in data["reviews"]] == ids
    assert {c["card"] for c in data["cards"]} == set(keys)
    with sessions() as s:
        stored = {c.key: c for c in s.scalars(select(CardRow))}
    for card in data["cards"]:
        row = stored[card["card"]]
        assert (card["repetitions"], card["interval"], round(card["ease"] * 100)) == (
            row.repetitions, row.interval, row.ease)
    log = _log(sessions)
    per_day: dict[str, int] = {}
    for review, _ in log.values():
        day = date.fromordinal(local_day(review.at)).isoformat()
        per_day[day] = per_day.get(day, 0) + 1
    assert {d["date"]: d["reviews"] for d in data["daily"]} == per_day
    assert sum(d["reviews"] for d in data["daily"]) == len(ids)
    first = data["reviews"][0]
    assert isinstance(first["correct"], bool) and isinstance(first["ease_after"], float)
    assert list(first) == HEADER  # the JSON review has the CSV's fields, in its order


def test_export_of_an_empty_log_is_just_the_header(db_url: str, quizapp: Any) -> None:
    done = quizapp("--db", db_url, "stats", "--export", "-")
    assert done.code == 0, done.output
    assert done.stdout == ",".join(HEADER) + "\n"


def test_bad_targets_and_options_are_one_line_errors(tmp_path: Path, quizapp: Any) -> None:
    db = str(tmp_path / "q.db")
    missing = tmp_path / "no" / "such" / "dir" / "x.csv"
    for args in (["--export", str(missing)], ["--export", "-", "--deck", "nope"],
                 ["--since", "2025-01-01"], ["--export", "-", "--since", "yesterday"]):
        done = quizapp("--db", db, "stats", *args)
        assert done.code != 0, args
        assert "Traceback" not in done.output and done.stderr.strip(), args
    assert not missing.parent.exists()


def test_a_slip_that_fired_is_in_the_exports_slip_column(quizapp: Any, home: Path) -> None:
    """Type a known slip's wrong answer in a real session; the CSV and JSON name its id."""
    import json
    import random

    seed = random.Random(5).randrange(2**31)  # the session's first question, with --seed 5
    shown = json.loads(quizapp("card", "show", "conv/conv2d-output-shape", "--seed",
                               str(seed), "--json").stdout)
    slip = next(s for s in shown["slips"] if s["answer"] != shown["answer"])
    typed = ",".join(map(str, slip["answer"]))
    studied = quizapp("study", "--plain", "--deck", "conv", "--limit", "1", "--seed", "5",
                      input=f"{typed}\n{typed}\n\n")
    assert studied.code == 0 and "Likely slip" in studied.stdout, studied.output
    rows = list(csv.DictReader(io.StringIO(quizapp("stats", "--export", "-").stdout)))
    assert [r["slip"] for r in rows] == [slip["id"]]
    data = json.loads(quizapp("stats", "--export", "-", "--format", "json").stdout)
    assert [r["slip"] for r in data["reviews"]] == [slip["id"]]


def test_fsrs_columns_card_memory_and_scheduler_settings_are_exported_exactly(
        db_url: str, history: Any, quizapp: Any) -> None:
    """What an exact import needs: ratings, the scheduler, due dates, FSRS memory to the last
    bit (CSV and JSON), each card's kind, flags and memory, and the scheduler settings."""
    from datetime import datetime, timedelta

    from quizapp.services.scheduling import Scheduling

    sessions, _, _ = history(db_url, reviews=14)
    scheduling = Scheduling(sessions, lambda: datetime(2025, 4, 1))
    scheduling.switch("fsrs", deck="beta")
    with sessions.begin() as s:
        row = repo.card(s, "beta/c1")
        repo.record_answer(s, row, 4, START + timedelta(days=20), rating=3,
                           fsrs=scheduling.fsrs_for("beta"), suggested=4, correct=True)
        repo.set_flags(s, "beta/c2", buried_until=START + timedelta(days=21))
    log = _log(sessions)
    rows = list(csv.DictReader(io.StringIO(
        quizapp("--db", db_url, "stats", "--export", "-", "--deck", "beta").stdout)))
    fsrs = [r for r in rows if r["scheduler"] == "fsrs"]
    assert len(fsrs) == 1 and fsrs[0]["rating"] == "3"
    review = log[int(fsrs[0]["review_id"])][0]
    assert review.stability_after is not None
    assert float(fsrs[0]["stability_after"]) == review.stability_after
    assert float(fsrs[0]["difficulty_after"]) == review.difficulty_after
    assert fsrs[0]["due_after"] == _iso(review.due_after)

    data = json.loads(quizapp("--db", db_url, "stats", "--export", "-", "--format", "json",
                              "--deck", "beta").stdout)
    assert data["scheduler"] == {"default": "sm2", "decks": {"beta": "fsrs"},
                                 "desired_retention": 0.9, "parameters": None, "fitted": None}
    exported = next(r for r in data["reviews"] if r["review_id"] == review.id)
    assert (exported["rating"], exported["scheduler"], exported["stability_after"],
            exported["difficulty_after"]) == (3, "fsrs", review.stability_after,
                                              review.difficulty_after)
    with sessions() as s:
        stored = {c.key: c for c in s.scalars(select(CardRow).where(CardRow.deck == "beta"))}
    for card in data["cards"]:
        row = stored[card["card"]]
        assert (card["kind"], card["stability"], card["difficulty"]) == (
            row.kind, row.stability, row.difficulty)
        assert card["buried_until"] == (_iso(row.buried_until) or None)
    assert stored["beta/c1"].stability is not None and stored["beta/c2"].buried_until
