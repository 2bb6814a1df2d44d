"""Every command through the real `quizapp` executable against a real PostgreSQL server."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.store.conftest import flash_deck_file

pytestmark = pytest.mark.postgres


def test_the_whole_cli_on_postgres(pg_url: str, tmp_path: Path, quizapp_process: Any) -> None:
    def run(*args: str, input: str | None = None) -> Any:
        done = quizapp_process("--db", pg_url, *args, input=input)
        assert done.code == 0, done.output
        assert "Traceback" not in done.output
        return done

    listed = run("deck", "list").stdout
    assert "conv" in listed and "tensors" in listed  # built-in decks synced into the server
    deck = flash_deck_file(tmp_path / "src", "pgdeck", 4, "{en: On the server, zh: 服务器上}")
    run("deck", "add", str(deck))
    assert "pgdeck" in run("deck", "list").stdout

    # Grades 4, 1 (comes back as a drill), 5, 4, then 4 for the drill; input then ends.
    studied = run("study", "--plain", "--deck", "pgdeck", input="\n4\n\n1\n\n5\n\n4\n\n4\n")
    assert re.search(r"^answered +5$", studied.stdout, re.M)

    figures = json.loads(run("stats", "--json", "--deck", "pgdeck").stdout)
    assert figures["reviews_total"] == 5 and figures["cards_new"] == 0
    assert "reviews    5 today, 5 in total" in run("stats", "--deck", "pgdeck").stdout

    rows = list(csv.DictReader(io.StringIO(run("stats", "--export", "-").stdout)))
    assert [(r["card"], r["kind"], r["quality"]) for r in rows] == [
        ("pgdeck/c0", "review", "4"), ("pgdeck/c1", "review", "1"),
        ("pgdeck/c2", "review", "5"), ("pgdeck/c3", "review", "4"),
        ("pgdeck/c1", "drill", "4"),
    ]
    exported = json.loads(run("stats", "--export", "-", "--format", "json",
                              "--deck", "pgdeck").stdout)
    assert len(exported["reviews"]) == 5 and len(exported["cards"]) == 4

    checked = run("doctor").stdout
    assert "integrity: ok" in checked and " 0 differ" in checked
    assert "fixed" not in run("doctor", "--fix").stdout

    run("deck", "remove", "pgdeck", "--yes")
    assert "pgdeck" not in run("deck", "list").stdout
