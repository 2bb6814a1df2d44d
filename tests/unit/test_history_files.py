"""Reading history files: the JSON stream gives the same records whatever the read sizes
(a number cut at a buffer's end must not be read short), and the CSV layouts are told apart."""

from __future__ import annotations

import io
import json
from datetime import datetime

import pytest

from quizapp.core.history_csv import FsrsCsv, QuizappCsv, open_csv
from quizapp.core.history_json import QuizappJson
from quizapp.core.history_rows import BadHistory, Imported


class Trickle(io.TextIOBase):
    """A text stream that gives at most `size` characters per read, as a slow pipe does."""

    def __init__(self, text: str, size: int) -> None:
        self.text, self.pos, self.size = text, 0, size

    def read(self, n: int | None = -1) -> str:
        limit = self.size if n is None or n < 0 else min(n, self.size)
        piece = self.text[self.pos:self.pos + limit]
        self.pos += len(piece)
        return piece


EXPORT = {
    "exported_at": "2025-03-09T00:00:00.000000Z", "since": None, "decks": None,
    "a_later_key": 20250309123,  # unknown keys are read past; a bare number can be cut short
    "scheduler": {"default": "sm2", "decks": {"conv": "fsrs"}, "desired_retention": 0.875,
                  "parameters": None, "fitted": None},
    "reviews": [{"review_id": 10 + i, "time": f"2025-03-0{1 + i}T09:00:00.000000Z",
                 "card": "conv/a", "deck": "conv", "kind": "review", "quality": 4,
                 "suggested": 4, "correct": True, "response_ms": 123456789, "interval_after": 1,
                 "ease_after": 2.5, "slip": None, "rating": 3, "scheduler": "fsrs",
                 "due_after": f"2025-03-0{2 + i}T00:00:00.000000Z",
                 "stability_after": 3.1729032185, "difficulty_after": 5.2802599999999995,
                 "day": f"2025-03-0{1 + i}"} for i in range(3)],
    "cards": [{"card": "conv/a", "deck": "conv", "suspended": True, "leech": False,
               "due": "2025-03-04T00:00:00.000000Z", "last_review": None, "kind": "quiz",
               "buried_until": None}],
    "daily": [{"date": "2025-03-01", "reviews": 1}],
}


def _read(text: str, size: int) -> tuple[list[Imported], QuizappJson]:
    handle = Trickle(text, size)
    source = QuizappJson("f.json", handle, handle.read(size))
    return list(source.reviews()), source


@pytest.mark.parametrize("indent", [None, 2])
def test_json_read_in_any_pieces_gives_the_same_records(indent: int | None) -> None:
    text = json.dumps(EXPORT, indent=indent)
    whole, source = _read(text, len(text) + 1)
    assert len(whole) == 3 and whole[0].response_ms == 123456789
    assert whole[2].memory == (3.1729032185, 5.2802599999999995)
    assert whole[1].at == datetime(2025, 3, 2, 9)
    assert whole[1].day == datetime(2025, 3, 2).toordinal()
    assert source.scheduler is not None and source.scheduler["decks"] == {"conv": "fsrs"}
    assert source.cards[0].suspended and source.exported_at == datetime(2025, 3, 9)
    for size in (1, 2, 3, 7, 64):
        pieces, again = _read(text, size)
        assert pieces == whole, size
        assert again.cards == source.cards and again.scheduler == source.scheduler


def test_json_errors_name_the_line_and_the_item() -> None:
    broken = json.dumps(EXPORT, indent=2).replace('"quality": 4', '"quality": 9', 2)
    with pytest.raises(BadHistory, match=r"f\.json, reviews\[0\]: quality 9 is not within 0-5"):
        _read(broken, 5)
    cut = json.dumps(EXPORT, indent=2)[:400]
    with pytest.raises(BadHistory, match=r"f\.json, line \d+: not valid JSON"):
        _read(cut, 5)


def test_the_two_csv_layouts_and_others() -> None:
    app = open_csv("a.csv", io.StringIO("review_id,time,card,deck,kind,quality,suggested,"
                                        "correct,response_ms,interval_after,ease_after,slip\n"))
    assert isinstance(app, QuizappCsv)  # an export made before the later columns existed
    fsrs = open_csv("b.csv", io.StringIO("review_time,card_id,review_rating\n"))
    assert isinstance(fsrs, FsrsCsv)  # columns in any order
    with pytest.raises(BadHistory, match="unknown format"):
        open_csv("c.csv", io.StringIO("id,date,grade\n"))
