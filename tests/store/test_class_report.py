"""The teacher's report against figures worked out by hand from the answers given, on SQLite
profiles and on PostgreSQL; the CLI's table, JSON and CSV (the screen: tests/tui)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest

from quizapp.core.class_stats import pearson
from quizapp.services.class_report import build_report
from quizapp.store import deck_rows, repo
from quizapp.store.migrate import open_database, open_sessions
from tests.store.conftest import START, make_collection

NOW = START + timedelta(days=1, hours=1)
K3, K5 = '{"k": 3}', '{"k": 5}'


def _answer(sessions: Any, key: str, quality: int, at: datetime, slip: str | None = None,
            params: str = "{}", drill: bool = False) -> int:
    with sessions.begin() as s:
        review = repo.record_answer(
            s, repo.card(s, key), quality, at, drill=drill, suggested=quality,
            correct=quality >= 3, typed="x", canonical="y", params=params, seed=1,
            response_ms=2000, slip=slip)
        return int(review.id)


def _class(db: str) -> None:
    """Four learners, two quiz cards in alpha and one in beta; the answers below."""
    people = {name: open_sessions(db, name) for name in "abcd"}
    keys = make_collection(people["a"], {"alpha": 2, "beta": 1})
    info = {"alpha": {k: "quiz" for k in keys if k.startswith("alpha")},
            "beta": {k: "quiz" for k in keys if k.startswith("beta")}}
    for name in "bcd":
        with people[name].begin() as s:
            for deck, cards in info.items():
                deck_rows.sync_cards(s, deck, deck_rows.DeckInfo(cards))
    c0, c1, beta = "alpha/c0", "alpha/c1", "beta/c0"
    t = START
    _answer(people["a"], c0, 5, t, params=K3)
    _answer(people["a"], c0, 4, t + timedelta(days=1), params=K3)  # a's second review
    _answer(people["a"], c1, 4, t)
    _answer(people["a"], beta, 5, t)
    _answer(people["b"], c0, 1, t, slip="padding-once", params=K3)
    _answer(people["b"], c0, 4, t + timedelta(minutes=1), params=K3, drill=True)
    _answer(people["b"], c1, 2, t, slip="missing-floor")
    _answer(people["c"], c0, 3, t, slip="padding-once", params=K3)  # right on the 2nd try
    _answer(people["c"], c1, 5, t)
    _answer(people["d"], c0, 4, t, params=K5)
    undone = _answer(people["d"], c1, 0, t, slip="undone-slip")
    with people["d"].begin() as s:
        repo.undo_review(s, undone, t + timedelta(minutes=2))
    _answer(people["d"], c1, 4, t + timedelta(minutes=3))
    for sessions in people.values():
        sessions.engine.dispose()


def _report(db: str, **filters: Any) -> Any:
    everyone = open_database(db)
    try:
        return build_report(everyone, lambda: NOW, **filters)
    finally:
        everyone.engine.dispose()


def test_figures_match_the_answers_given(db_url: str) -> None:
    _class(db_url)
    report = _report(db_url)
    by = {c.card: c for c in report.cards}
    assert [c.card for c in report.cards][:2] == ["alpha/c0", "alpha/c1"]  # hardest first
    c0, c1 = by["alpha/c0"], by["alpha/c1"]
    # First tries: c0 a right, b wrong, c only on the 2nd try, d right; c1: b wrong.
    assert (c0.first_try, c1.first_try) == (0.5, 0.75)
    assert c0.mean_quality == pytest.approx((5 + 4 + 1 + 3 + 4) / 5)  # the drill left out
    assert c1.mean_quality == pytest.approx((4 + 2 + 5 + 4) / 4)  # the undone 0 left out
    assert (c0.learners, c0.answers, c1.answers) == (4, 5, 4)
    assert c0.slips == [("padding-once", 2)] and c1.slips == [("missing-floor", 1)]
    # Variants of c0: k=3 answered 4 times, right twice; k=5 once (too few to rank).
    assert [(v.params, v.answers, v.right) for v in c0.hardest] == [(K3, 4, 0.5)]
    assert c1.hardest == []
    # Discrimination: first try at the card against first-try accuracy (a 3/3, b 0/2,
    # c 1/2, d 2/2), checked with numpy's correlation.
    accuracy = [1.0, 0.0, 0.5, 1.0]
    assert c0.discrimination == pytest.approx(np.corrcoef([1, 0, 0, 1], accuracy)[0, 1])
    assert c1.discrimination == pytest.approx(np.corrcoef([1, 0, 1, 1], accuracy)[0, 1])
    people = {p.name: p for p in report.learners}
    assert {n: p.reviews for n, p in people.items()} == {"a": 4, "b": 2, "c": 2, "d": 2}
    assert people["a"].retention == 1.0 and people["b"].retention is None  # only a re-reviewed
    # Due now (a day after): every card answered on the first day, so all but a's c0.
    assert {n: p.due for n, p in people.items()} == {"a": 2, "b": 2, "c": 2, "d": 2}
    assert people["a"].streak_days == 2 and people["b"].streak_days == 1
    assert people["a"].last_active == START + timedelta(days=1)


def test_filters_by_deck_and_day(db_url: str) -> None:
    _class(db_url)
    alpha = _report(db_url, decks=["alpha"])
    assert {c.card for c in alpha.cards} == {"alpha/c0", "alpha/c1"}
    assert {p.name: p.reviews for p in alpha.learners}["a"] == 3
    later = _report(db_url, since=(START + timedelta(days=1)).date())
    assert [(c.card, c.answers, c.first_try) for c in later.cards] == [("alpha/c0", 1, 1.0)]


def test_pearson_is_none_where_undefined() -> None:
    assert pearson([1, 1, 1], [0.2, 0.5, 0.9]) is None
    assert pearson([1.0], [1.0]) is None
    xs, ys = [0.0, 1.0, 1.0, 0.0, 1.0], [0.1, 0.9, 0.7, 0.3, 0.4]
    assert pearson(xs, ys) == pytest.approx(np.corrcoef(xs, ys)[0, 1])


def test_the_cli_prints_the_report_as_a_table_json_and_csv(
        tmp_path: Any, quizapp: Any) -> None:
    db = str(tmp_path / "class.db")
    _class(db)
    table = quizapp("--db", db, "class", "report")
    assert table.code == 0, table.output
    assert "alpha/c0" in table.stdout and "padding-once 2" in table.stdout
    assert max(len(line) for line in table.stdout.splitlines()) <= 80
    data = json.loads(quizapp("--db", db, "class", "report", "--json").stdout)
    first = data["cards"][0]
    assert first["card"] == "alpha/c0" and first["first_try"] == 0.5
    assert first["slips"] == [{"slip": "padding-once", "count": 2}]
    assert first["hardest"][0]["params"] == {"k": 3}
    rows = list(csv.DictReader(io.StringIO(
        quizapp("--db", db, "class", "report", "--export", "-").stdout)))
    assert rows[0]["card"] == "alpha/c0" and rows[0]["first_try"] == "0.500"
    assert quizapp("--db", db, "class", "report", "--deck", "nope").stdout.startswith("no answers")
    bad = quizapp("--db", db, "class", "report", "--since", "yesterday")
    assert bad.code == 2 and "YYYY-MM-DD" in bad.stderr
