"""`quizapp import` on files that are not what it reads: every one a one-line message, exit 2,
nothing written; and files that are, in every layout, from a path or standard input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

FSRS_HEADER = "card_id,review_time,review_rating,review_duration\n"


def _reviews(quizapp: Any) -> int:
    return int(json.loads(quizapp("stats", "--json").stdout)["reviews_total"])


def _refused(quizapp: Any, path: Path | str, *expected: str) -> str:
    before = _reviews(quizapp)
    done = quizapp("import", str(path))
    assert done.code == 2, done.output
    assert "Traceback" not in done.output and done.stdout == ""
    for text in expected:
        assert text in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert _reviews(quizapp) == before
    return done.stderr


@pytest.mark.parametrize(("content", "expected"), [
    ("name,score\nx,1\n", "line 1: unknown format"),
    ('[{"card": "conv/x"}]', "line 1: unknown format"),
    ('{"exported_at": null, "cards": []}', "unknown format: a JSON file without"),
    ("", "is empty"),
    ("  \n\n", "is empty"),
    ('{"reviews": [{"time": "2025-01-01T00:00:00Z"', "not valid JSON"),
    ('{"reviews": []}\n{"reviews": []}', "line 2: not valid JSON (text after the JSON object)"),
    ('{"reviews": [7]}', "reviews[0]: not a JSON object"),
    ("review_id,time,card\n", "line 1: this quizapp-csv header"),
    ("card_id,review_time,review_rating,review_grade\n", "unknown"),
])
def test_what_is_not_a_history_file_is_refused(tmp_path: Path, quizapp: Any, content: str,
                                               expected: str) -> None:
    path = tmp_path / "file.txt"
    path.write_text(content, encoding="utf-8")
    _refused(quizapp, path, expected)


def test_a_missing_file_a_folder_and_binary_data(tmp_path: Path, quizapp: Any) -> None:
    _refused(quizapp, tmp_path / "nope.csv", "cannot read", "No such file or directory")
    _refused(quizapp, tmp_path, "is not a regular file")
    binary = tmp_path / "quizapp.db"
    binary.write_bytes(b"SQLite format 3\0" + bytes(range(256)) * 64)
    _refused(quizapp, binary, "not UTF-8 text")


@pytest.mark.parametrize(("row", "line", "why"), [
    ("17,1700000000000,5,100", 3, "review_rating 5 is not within 1-4"),
    ("17,yesterday,3,100", 3, "review_time 'yesterday' is not a whole number"),
    ("17,1700000000000,3,-5", 3, "review_duration -5 is not within"),
    ("card 17,1700000000000,3,100", 3, "card_id 'card 17' is not an id"),
    ("17,1700000000000,3", 3, "3 fields where the header has 4"),
    ("17,99,3,100", 3, "review_time 99 is not within"),
])
def test_a_bad_fsrs_row_names_its_line(tmp_path: Path, quizapp: Any, row: str, line: int,
                                       why: str) -> None:
    path = tmp_path / "revlog.csv"
    path.write_text(FSRS_HEADER + "16,1700000000000,3,100\n" + row + "\n" + "18,1700000000000,"
                    "3,\n", encoding="utf-8")
    _refused(quizapp, path, f"{path}, line {line}: {why}")


@pytest.mark.parametrize(("field", "value", "why"), [
    ("time", "2025-13-01T00:00:00Z", "time '2025-13-01T00:00:00Z' is not an ISO 8601 time"),
    ("rating", 0, "rating 0 is not within 1-4"),
    ("correct", "yes", "correct 'yes' is not 1, 0 or empty"),
    ("card", "conv/Bad Id", "card 'conv/Bad Id' is not conv/ID"),
    ("day", "2020-01-01", "day '2020-01-01' is not the date of"),
    ("stability_after", -1, "stability_after '-1' is not a number"),
    ("scheduler", "anki", "scheduler 'anki' is not one of sm2, fsrs"),
])
def test_a_bad_json_review_names_its_index(tmp_path: Path, quizapp: Any, field: str,
                                           value: Any, why: str) -> None:
    good = {"time": "2025-03-01T09:00:00.000000Z", "card": "conv/conv2d-output-shape",
            "deck": "conv", "kind": "review", "quality": 4, "suggested": 4, "correct": True,
            "response_ms": 3000, "interval_after": 1, "ease_after": 2.5, "slip": None,
            "rating": 3, "scheduler": "sm2", "due_after": "2025-03-02T00:00:00.000000Z",
            "stability_after": None, "difficulty_after": None, "day": "2025-03-01"}
    later = dict(good, time="2025-03-02T09:00:00.000000Z", day="2025-03-02")
    path = tmp_path / "history.json"
    path.write_text(json.dumps({"reviews": [good, good | {"time": "2025-03-01T10:00:00Z",
                                                          "day": None},
                                            later | {field: value}]}), encoding="utf-8")
    _refused(quizapp, path, f"{path}, reviews[2]: {why}")


def test_an_export_with_only_its_header_imports_nothing(tmp_path: Path, quizapp: Any) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(quizapp("stats", "--export", "-").stdout, encoding="utf-8")
    done = quizapp("import", str(path))
    assert done.code == 0, done.output
    assert done.stdout == "imported 0 review(s) for 0 card(s) (0 already present)\n"


def test_standard_input_and_json_output(quizapp: Any) -> None:
    text = FSRS_HEADER + "a1,1700000000000,3,1200\na1,1700086400000,4,\nb2,1700000000000,1,900\n"
    done = quizapp("import", "-", "--json", input=text)
    assert done.code == 0, done.output
    assert json.loads(done.stdout) == {
        "file": "standard input", "format": "fsrs-csv", "imported": 3, "present": 0,
        "cards": 2, "created": 2, "flags": 0, "rescheduled": 0, "scheduler": None}
    assert json.loads(quizapp("import", "-", "--json", input=text).stdout)["present"] == 3


def test_a_large_json_file_streams_across_its_read_chunks(tmp_path: Path, quizapp: Any) -> None:
    """Some 6 MB of JSON, read 1 MB at a time: items cut at every chunk edge still parse."""
    cards = [c["card"] for c in json.loads(quizapp("stats", "--export", "-", "--format",
                                                   "json").stdout)["cards"]][:60]
    start, reviews = datetime(2025, 1, 1, 8), []
    for day in range(400):
        for n, card in enumerate(cards):
            at = start + timedelta(days=day, seconds=n)
            reviews.append({"time": at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "card": card,
                            "deck": card.split("/")[0], "kind": "review", "quality": (n + day) % 6,
                            "suggested": None, "correct": None, "response_ms": 1000 + day,
                            "interval_after": None, "ease_after": None, "slip": None})
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"exported_at": None, "reviews": reviews}, indent=1),
                    encoding="utf-8")
    assert path.stat().st_size > 6 * 2**20
    done = quizapp("import", str(path))
    assert done.code == 0, done.output
    assert f"imported {len(reviews)} review(s) for 60 card(s)" in done.stdout
    assert _reviews(quizapp) == len(reviews)
    assert quizapp("doctor").code == 0


def test_an_interval_too_long_to_store_saturates_and_changes_no_due_date(
        tmp_path: Path, quizapp: Any) -> None:
    """SM-2 sets no upper bound: 40 passes in a row give an interval of billions of days,
    more than a database column keeps. The stored interval saturates at the column's maximum;
    the due date is the 36500-day cap either way, and doctor's replay agrees."""
    lines = [FSRS_HEADER] + [f"c1,{1700000000000 + day * 86_400_000},3,\n" for day in range(40)]
    path = tmp_path / "revlog.csv"
    path.write_text("".join(lines), encoding="utf-8")
    done = quizapp("import", str(path))
    assert done.code == 0, done.output
    reviews = json.loads(quizapp("stats", "--export", "-", "--format", "json").stdout)["reviews"]
    assert [r["interval_after"] for r in reviews[-3:]] == [2**31 - 1] * 3
    assert reviews[-1]["due_after"][:10] == (
        datetime.fromisoformat(reviews[-1]["time"]).date() + timedelta(days=36500)).isoformat()
    assert quizapp("doctor").code == 0
