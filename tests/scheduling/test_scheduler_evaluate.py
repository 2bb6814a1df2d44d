"""`quizapp scheduler evaluate` on small logs: the learner's own, a file, and bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.conftest import Outcome

Run = Callable[..., Outcome]
START = datetime(2025, 3, 1, 9, 0)


def optimizer_csv(simulator: ModuleType, path: Path, cards: int, days: int = 120) -> Path:
    """A simulated learner's log in the FSRS optimizer's convention."""
    rows = ["card_id,review_time,review_rating,review_duration"]
    for r in simulator.simulate(cards=cards, days=days, seed=7):
        millis = int((r.at - datetime(1970, 1, 1)).total_seconds() * 1000)
        rows.append(f"{r.card},{millis},{r.rating},{r.response_ms}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_small_log_falls_back_to_the_defaults_and_says_so(
        quizapp: Run, simulator: ModuleType, tmp_path: Path) -> None:
    log = optimizer_csv(simulator, tmp_path / "revlog.csv", cards=12)
    shown = quizapp("scheduler", "evaluate", "--log", str(log))
    assert shown.code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].split() == ["model", "log", "loss", "RMSE(bins)", "AUC"]
    assert [line.split("  ")[0] for line in lines[1:4]] == [
        "SM-2", "FSRS-6, default parameters", "FSRS-6, too few reviews to fit: defaults"]
    assert any(line.startswith("defaults") and "3 of 3 fits" in line for line in lines)
    assert "fitting FSRS-6 1/3" in shown.stderr

    data = json.loads(quizapp("scheduler", "evaluate", "--json", "--log", str(log)).stdout)
    assert set(data["models"]) == {"sm2", "fsrs_default", "fsrs_fitted"}
    assert data["models"]["fsrs_fitted"]["fell_back_fits"] == 3
    # the fall-back is FSRS-6's defaults, so the two FSRS rows agree exactly
    assert data["models"]["fsrs_fitted"]["log_loss"] == data["models"]["fsrs_default"][
        "log_loss"]
    split = data["split"]
    assert split["kind"] == "time-series" and split["splits"] == 3
    assert sum(f["predicted"] for f in split["fits"]) == data["predicted"]
    assert data["predicted"] == 3 * (data["predictable"] // 4)
    assert all(m["predicted"] == data["predicted"] for m in data["models"].values())


def test_splits_is_a_parameter(quizapp: Run, simulator: ModuleType, tmp_path: Path) -> None:
    log = optimizer_csv(simulator, tmp_path / "revlog.csv", cards=10)
    data = json.loads(quizapp("scheduler", "evaluate", "--json", "--splits", "5",
                              "--log", str(log)).stdout)
    assert data["split"]["splits"] == 5 and len(data["split"]["fits"]) == 5
    assert quizapp("scheduler", "evaluate", "--splits", "1", "--log", str(log)).code == 2


def test_a_bad_log_file_is_refused_with_its_line(quizapp: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("card_id,review_time,review_rating\n1,1735725600000,3\n1,1735899000000,9\n",
                   encoding="utf-8")
    shown = quizapp("scheduler", "evaluate", "--log", str(bad))
    assert shown.code == 2
    # the message is `quizapp import`'s own: the file, the line, the field
    assert f"{bad}, line 3: review_rating" in shown.stderr
    assert "Traceback" not in shown.output
    missing = quizapp("scheduler", "evaluate", "--log", str(tmp_path / "absent.csv"))
    assert missing.code == 2 and "cannot read" in missing.stderr
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage\n")
    shown = quizapp("scheduler", "evaluate", "--log", str(binary))
    assert shown.code == 2 and "not UTF-8" in shown.stderr
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    shown = quizapp("scheduler", "evaluate", "--log", str(unknown))
    assert shown.code == 2 and "line 1: unknown format" in shown.stderr


def test_too_few_reviews_to_evaluate(quizapp: Run, tmp_path: Path) -> None:
    log = tmp_path / "tiny.csv"
    log.write_text("card_id,review_time,review_rating\n1,1735725600000,3\n"
                   "1,1735898400000,3\n", encoding="utf-8")
    shown = quizapp("scheduler", "evaluate", "--log", str(log))
    assert shown.code == 1
    assert "too few reviews to evaluate: 1 can be predicted" in shown.stderr


def record_history(home: Path) -> int:
    """Ten reviews two days apart on each of the three cards of deck `mine`, with a
    same-day re-drill after each failure; the number of scheduled reviews."""
    from quizapp.services.context import Settings, build_services
    from quizapp.store import repo

    services = build_services(Settings())
    count = 0
    try:
        for n in range(30):
            key = ("mine/alpha", "mine/beta", "mine/gamma")[n % 3]
            at = START + timedelta(days=2 * (n // 3), minutes=n)
            quality = (4, 1, 5, 3, 4)[n % 5]
            with services.sessions.begin() as s:
                row = repo.card(s, key)
                assert row is not None
                details: dict[str, Any] = {"suggested": quality, "correct": quality >= 3,
                                           "response_ms": 2000}
                repo.record_answer(s, row, quality, at, **details)
                count += 1
                if quality < 4:
                    repo.record_answer(s, row, 4, at + timedelta(minutes=1), drill=True,
                                       **details)
    finally:
        services.close()
    return count


def test_the_learners_own_log_and_its_export_agree(
        quizapp: Run, home: Path, flash_deck: Path, tmp_path: Path) -> None:
    assert quizapp("deck", "add", str(flash_deck)).code == 0
    scheduled = record_history(home)
    own = json.loads(quizapp("scheduler", "evaluate", "--json").stdout)
    assert (own["source"], own["reviews"], own["cards"]) == ("database", scheduled, 3)
    assert own["predictable"] == scheduled - 3  # all but each card's first review
    assert "fsrs_saved" not in own["models"]  # nothing was ever optimised

    export = tmp_path / "mine.csv"
    assert quizapp("stats", "--export", str(export)).code == 0
    from_file = json.loads(quizapp("scheduler", "evaluate", "--json", "--log",
                                   str(export)).stdout)
    assert from_file["models"] == own["models"]
    as_json = tmp_path / "mine.json"
    assert quizapp("stats", "--export", str(as_json), "--format", "json").code == 0
    assert json.loads(quizapp("scheduler", "evaluate", "--json", "--log", str(as_json))
                      .stdout)["models"] == own["models"]
    assert json.loads(quizapp("scheduler", "evaluate", "--json", "--deck", "mine")
                      .stdout)["models"] == own["models"]

    save_parameters(home, SAVED)
    shown = quizapp("scheduler", "evaluate")
    assert "FSRS-6, saved parameters (in-sample)" in shown.stdout
    saved = json.loads(quizapp("scheduler", "evaluate", "--json").stdout)["models"]
    assert saved["fsrs_saved"]["in_sample"] is True
    assert saved["fsrs_saved"]["log_loss"] != saved["fsrs_default"]["log_loss"]


SAVED = (0.5, 1.5, 3.0, 9.0, 6.0, 0.8, 3.0, 0.01, 1.6, 0.15, 0.8, 1.5, 0.06, 0.26, 1.6,
         0.6, 1.8, 0.5, 0.1, 0.06, 0.2)


def save_parameters(home: Path, parameters: tuple[float, ...]) -> None:
    """What `scheduler optimize` leaves behind: fitted parameters in the settings."""
    from quizapp.store.migrate import open_sessions
    from quizapp.store.scheduling import save_parameters as save

    sessions = open_sessions(str(home / "quizapp.db"))
    with sessions.begin() as s:
        save(s, list(parameters), {"date": "2025-04-01", "reviews": 0})
    sessions.kw["bind"].dispose()


def test_deck_filters_are_checked(quizapp: Run, home: Path, tmp_path: Path) -> None:
    unknown = quizapp("scheduler", "evaluate", "--deck", "nope")
    assert unknown.code == 1 and "no deck named nope" in unknown.stderr
    both = quizapp("scheduler", "evaluate", "--deck", "conv", "--log", str(tmp_path / "x.csv"))
    assert both.code == 2 and "--deck applies only to your own log" in both.stderr


def test_the_group_lists_evaluate(quizapp: Run) -> None:
    shown = quizapp("scheduler", "--help")
    assert shown.code == 0 and "evaluate" in shown.stdout
