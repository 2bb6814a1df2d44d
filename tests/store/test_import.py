"""`quizapp import`: an export restored into a fresh database (SQLite and PostgreSQL) gives the
same card states, stats and export; a re-import adds nothing; a bad row writes nothing; the
FSRS optimizer's CSV lands where `scheduler evaluate` reads the log."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import astuple
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from quizapp.core import sm2
from quizapp.services.scheduling import Scheduling
from quizapp.store import deck_rows, repo
from quizapp.store.migrate import open_sessions
from quizapp.store.models import CardRow, DeckRow, ReviewRow
from quizapp.store.scheduling import training_reviews
from tests.store.conftest import START, make_collection, record

CARD_COLUMNS = ("deck", "kind", "retired", "suspended", "leech", "buried_until", "repetitions",
                "ease", "interval", "due", "lapses", "last_review", "stability", "difficulty")
LATER = START + timedelta(days=60)


def _clock() -> datetime:
    return LATER


def _answer(sessions: Any, key: str, quality: int, at: datetime, rating: int) -> None:
    """An answer on an FSRS deck, recorded the way the study session records one."""
    scheduling = Scheduling(sessions, _clock)
    with sessions.begin() as s:
        row = repo.card(s, key)
        repo.record_answer(s, row, quality, at, rating=rating,
                           fsrs=scheduling.fsrs_for(row.deck), suggested=quality,
                           correct=quality >= 3, response_ms=2000 + quality)


def realistic(db: str) -> Any:
    """Answers and drills, an undo, a leech, a card gone from its deck, a suspended and a
    buried card, and a deck switched to FSRS with FSRS answers and a reschedule."""
    sessions = open_sessions(db)
    keys = make_collection(sessions, {"alpha": 4, "beta": 3})
    ids = [record(sessions, keys[n % 7], (n * 3) % 6, START + timedelta(days=n // 3, minutes=n),
                  "drill" if n % 5 == 4 else "review") for n in range(36)]
    with sessions.begin() as s:
        repo.undo_review(s, ids[-3], START + timedelta(days=13))
    for n in range(16):  # learned, then forgotten, eight times: a leech
        record(sessions, "alpha/c1", 4 if n % 2 == 0 else 1, START + timedelta(days=14 + n))
    with sessions.begin() as s:  # the deck file lost alpha/c3: retired, its history kept
        row = s.get(DeckRow, "alpha")
        deck_rows.save_deck(s, DeckRow(name="alpha", title=row.title, title_zh=None,
                                  source=row.source, builtin=False, content_sha256="1" * 64,
                                  verifier_sha256=None, added_at=START),
                       deck_rows.DeckInfo({f"alpha/c{i}": "quiz" for i in range(3)}), START)
    scheduling = Scheduling(sessions, _clock)
    scheduling.switch("fsrs", deck="beta")
    for n in range(6):
        _answer(sessions, f"beta/c{n % 3}", (3, 4, 5, 1, 4, 4)[n], START + timedelta(days=31 + n),
                rating=(2, 3, 4, 1, 3, 3)[n])
    # alpha was scheduled by SM-2 so far: FSRS moves its cards' due dates (schedule rows).
    assert Scheduling(sessions, _clock).switch("fsrs", deck="alpha", reschedule=True).rescheduled
    _answer(sessions, "alpha/c0", 4, LATER + timedelta(hours=1), rating=3)
    _answer(sessions, "beta/c1", 4, LATER + timedelta(hours=2), rating=3)
    with sessions.begin() as s:
        repo.set_flags(s, "alpha/c2", suspended=True)
        repo.set_flags(s, "beta/c0", buried_until=LATER + timedelta(days=1))
    return sessions


def cards(sessions: Any) -> dict[str, dict[str, Any]]:
    with sessions() as s:
        return {c.key: {name: getattr(c, name) for name in CARD_COLUMNS}
                for c in s.scalars(select(CardRow))}


def review_count(sessions: Any) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(ReviewRow)) or 0)


def without_ids(text: str) -> dict[str, Any]:
    """A JSON export less what names this database's rows: review ids, and the card list's
    order (by card id, and a new database numbers its cards in another order)."""
    data = json.loads(text)
    data.pop("exported_at")
    for review in data["reviews"]:
        review.pop("review_id")
    data["cards"].sort(key=lambda c: c["card"])
    return dict(data)


def fresh(db: str) -> Any:
    """The collection as a new install has it: the decks at their current version."""
    sessions = open_sessions(db)
    make_collection(sessions, {"alpha": 3, "beta": 3})
    return sessions


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_a_fresh_database_is_exact(
        db_url: str, tmp_path: Path, quizapp: Any, fmt: str) -> None:
    source_db = str(tmp_path / "source.db")
    source = realistic(source_db)
    exported = tmp_path / f"history.{fmt}"
    assert quizapp("--db", source_db, "stats", "--export", str(exported),
                   "--format", fmt).code == 0
    assert quizapp("--db", source_db, "doctor").code == 0
    target = fresh(db_url)
    if fmt == "csv":  # CSV carries the log only: choose the scheduler first (or switch after)
        for deck in ("alpha", "beta"):
            Scheduling(target, _clock).switch("fsrs", deck=deck)

    done = quizapp("--db", db_url, "import", str(exported))
    assert done.code == 0, done.output
    answers = len(json.loads(quizapp("--db", source_db, "stats", "--export", "-",
                                     "--format", "json").stdout)["reviews"])
    assert f"imported {answers} review(s) for 7 card(s) (0 already present)" in done.stdout
    assert "1 card(s) not in their deck" in done.stdout  # alpha/c3, kept as retired

    doctor = quizapp("--db", db_url, "doctor")
    assert doctor.code == 0 and " 0 differ" in doctor.stdout, doctor.output
    stats = [json.loads(quizapp("--db", db, "stats", "--json").stdout)
             for db in (source_db, db_url)]
    want, got = cards(source), cards(target)
    if fmt == "csv":  # what only the JSON carries: flags, and due dates moved by a reschedule
        assert "restored" not in done.stdout
        for name in ("reviews_total", "reviews_today", "accuracy", "streak_days",
                     "cards_total", "cards_leech", "cards_mature"):
            assert stats[0][name] == stats[1][name], name
        moved = {k for k in want if want[k]["due"] != got[k]["due"]}
        assert moved == {"alpha/c3"}  # the card the reschedule moved, not reviewed since
        for key in want:
            for name in ("suspended", "buried_until", "due"):
                want[key].pop(name), got[key].pop(name)
        assert got == want
        return
    assert "restored the file's scheduler settings" in done.stdout
    assert "flags of 2 card(s), 1 rescheduled due date(s)" in done.stdout
    assert stats[0] == stats[1]
    assert got == want
    assert want["alpha/c1"]["leech"] and want["alpha/c2"]["suspended"]
    assert want["alpha/c3"]["retired"] and want["beta/c1"]["stability"] is not None
    again = [without_ids(quizapp("--db", db, "stats", "--export", "-", "--format", "json").stdout)
             for db in (source_db, db_url)]
    assert again[0] == again[1]


def test_a_second_import_adds_nothing_and_a_newer_export_adds_what_follows(
        db_url: str, tmp_path: Path, quizapp: Any) -> None:
    source_db = str(tmp_path / "source.db")
    source = open_sessions(source_db)
    keys = make_collection(source, {"alpha": 4, "beta": 3})
    for n in range(20):
        record(source, keys[n % 7], (n * 2) % 6, START + timedelta(days=n // 2, minutes=n))
    first = tmp_path / "first.csv"
    assert quizapp("--db", source_db, "stats", "--export", str(first)).code == 0
    for n in range(20, 30):
        record(source, keys[n % 7], (n * 2) % 6, START + timedelta(days=n // 2, minutes=n))
    second = tmp_path / "second.json"
    assert quizapp("--db", source_db, "stats", "--export", str(second),
                   "--format", "json").code == 0
    target = fresh(db_url)
    make_collection(target, {"alpha": 4})  # the same deck version as the source

    assert "imported 20 review(s)" in quizapp("--db", db_url, "import", str(first)).stdout
    before = (review_count(target), cards(target))
    again = quizapp("--db", db_url, "import", str(first), "--json")
    assert again.code == 0, again.output
    summary = json.loads(again.stdout)
    assert (summary["imported"], summary["present"], summary["format"]) == (0, 20, "quizapp-csv")
    assert (review_count(target), cards(target)) == before

    newer = quizapp("--db", db_url, "import", str(second))
    assert "imported 10 review(s) for 7 card(s) (20 already present)" in newer.stdout
    assert cards(target) == cards(source)
    assert quizapp("--db", db_url, "import", str(second)).stdout.startswith(
        "imported 0 review(s) for 0 card(s) (30 already present)")


def _rewrite_csv(path: Path, line: int, column: str, value: str) -> None:
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(("column", "value", "why"), [
    ("quality", "7", "quality 7 is not within 0-5"),
    ("time", "2025-03-02 10:00:00", "has no time zone"),
    ("deck", "nosuch", "is not nosuch/ID"),
    ("kind", "undo", "kind 'undo' is not one of review, drill"),
])
def test_a_bad_row_is_reported_with_its_line_and_nothing_is_written(
        db_url: str, tmp_path: Path, quizapp: Any, history: Any, column: str, value: str,
        why: str) -> None:
    source_db = str(tmp_path / "source.db")
    history(source_db, reviews=30)
    exported = tmp_path / "history.csv"
    assert quizapp("--db", source_db, "stats", "--export", str(exported)).code == 0
    _rewrite_csv(exported, 25, column, value)
    target = fresh(db_url)
    make_collection(target, {"alpha": 4})
    assert quizapp("--db", db_url, "stats").code == 0  # the built-in decks are in now
    before = cards(target)
    done = quizapp("--db", db_url, "import", str(exported))
    assert done.code == 2, done.output
    assert f"{exported}, line 25: " in done.stderr and why in done.stderr, done.stderr
    assert "Traceback" not in done.output
    assert review_count(target) == 0 and cards(target) == before


def test_a_card_of_a_deck_this_collection_lacks_is_a_bad_row(
        db_url: str, tmp_path: Path, quizapp: Any, history: Any) -> None:
    source_db = str(tmp_path / "source.db")
    history(source_db, reviews=12)
    exported = tmp_path / "history.json"
    assert quizapp("--db", source_db, "stats", "--export", str(exported),
                   "--format", "json").code == 0
    target = open_sessions(db_url)
    make_collection(target, {"alpha": 4})  # no beta deck here
    done = quizapp("--db", db_url, "import", str(exported))
    assert done.code == 2
    first_beta = next(i for i, r in enumerate(json.loads(exported.read_text())["reviews"])
                      if r["deck"] == "beta")
    assert f"reviews[{first_beta}]: no deck named beta" in done.stderr, done.stderr
    assert review_count(target) == 0


def test_history_older_than_a_cards_own_is_refused(db_url: str, tmp_path: Path,
                                                   quizapp: Any, history: Any) -> None:
    source_db = str(tmp_path / "source.db")
    history(source_db, reviews=10)
    exported = tmp_path / "history.csv"
    assert quizapp("--db", source_db, "stats", "--export", str(exported)).code == 0
    target = fresh(db_url)
    make_collection(target, {"alpha": 4})
    record(target, "alpha/c0", 4, START + timedelta(days=90))  # studied here, later
    assert quizapp("--db", db_url, "stats").code == 0  # the built-in decks are in now
    before = cards(target)
    done = quizapp("--db", db_url, "import", str(exported))
    assert done.code == 2
    assert "line 2: alpha/c0 has history up to 2025-05-30 09:00:00" in done.stderr, done.stderr
    assert review_count(target) == 1 and cards(target) == before


FSRS_CSV = """card_id,review_time,review_rating,review_state,review_duration
1700000000001,1700000100000,3,0,5000
1700000000002,1700000200000,1,0,
1700000000001,1700086500000,3,2,4100
1700000000003,1700000300000,4,0,2500
1700000000002,1700000800000,3,1,3000
1700000000001,1700605000000,2,2,8000
1700000000002,1700086600000,3,2,
"""


def test_an_fsrs_optimizer_csv_is_kept_for_evaluation_and_never_studied(
        db_url: str, tmp_path: Path, quizapp: Any) -> None:
    path = tmp_path / "revlog.csv"
    path.write_text(FSRS_CSV, encoding="utf-8")
    sessions = open_sessions(db_url)
    stats_before = json.loads(quizapp("--db", db_url, "stats", "--json").stdout)
    done = quizapp("--db", db_url, "import", str(path))
    assert done.code == 0, done.output
    assert "imported 7 review(s) for 3 card(s) (0 already present)" in done.stdout

    with sessions() as s:
        deck = s.get(DeckRow, "_imported")
        assert deck is not None and deck.removed_at is not None
        rows = {c.key: c for c in s.scalars(select(CardRow).where(CardRow.deck == "_imported"))}
        trained = training_reviews(s)
    assert set(rows) == {f"_imported/170000000000{i}" for i in (1, 2, 3)}
    assert all(c.retired for c in rows.values())
    by_card: dict[int, list[tuple[datetime, int, int | None]]] = {}
    for t in trained:
        by_card.setdefault(t.card, []).append((t.at, t.rating, t.quality))
    first = by_card[rows["_imported/1700000000001"].id]
    epoch = datetime(1970, 1, 1)
    assert first == [(epoch + timedelta(milliseconds=ms), r, r + 1)
                     for ms, r in ((1700000100000, 3), (1700086500000, 3), (1700605000000, 2))]
    assert (rows["_imported/1700000000001"].repetitions, rows["_imported/1700000000001"].ease,
            rows["_imported/1700000000001"].interval) == astuple(sm2.replay([4, 4, 3]))
    assert sum(len(v) for v in by_card.values()) == 7

    stats_after = json.loads(quizapp("--db", db_url, "stats", "--json").stdout)
    assert stats_after["cards_total"] == stats_before["cards_total"]  # never studied
    assert "_imported" not in quizapp("--db", db_url, "deck", "list", "--removed").stdout
    assert quizapp("--db", db_url, "deck", "restore", "_imported").code == 1
    assert quizapp("--db", db_url, "doctor").code == 0
    assert "(7 already present)" in quizapp("--db", db_url, "import", str(path)).stdout

    # The app's own export carries them, and restores them into a fresh database.
    exported = quizapp("--db", db_url, "stats", "--export", "-").stdout
    rows_out = list(csv.DictReader(io.StringIO(exported)))
    assert {r["deck"] for r in rows_out} == {"_imported"} and len(rows_out) == 7
    copy = tmp_path / "copy.csv"
    copy.write_text(exported, encoding="utf-8")
    other = str(tmp_path / "other.db")
    assert "imported 7 review(s) for 3 card(s)" in quizapp("--db", other, "import",
                                                           str(copy)).stdout
    assert cards(open_sessions(other)) == cards(sessions)
