"""The study command's quick start (services/quick_start.py): the same session as a full
start, without SQLAlchemy until the first question is on screen, and a full start
wherever the look at the file cannot vouch for it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from quizapp.services.context import Services, Settings, build_services
from quizapp.services.quick_start import quick_services, study_services
from quizapp.services.session import StudyRequest

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 18, 12)


def clock() -> datetime:
    return NOW


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=str(tmp_path / "q.db"), device="cpu", custom_dir=tmp_path / "decks",
                    cache_dir=tmp_path / "cache")


def _full(settings: Settings) -> Services:
    services = build_services(settings, clock)
    assert services.start is None
    return services


def _quick(settings: Settings) -> Services:
    services = quick_services(settings, clock)
    assert services is not None and services.start is not None
    return services


def _answer_one(services: Services, request: StudyRequest) -> str:
    session = services.study(request)
    question = session.next()
    assert question is not None
    if question.card.kind == "quiz":
        session.submit("")  # "don't know": checked with the verifier
    else:
        session.reveal()
    session.grade(1)
    return question.key


def test_a_quick_start_plans_the_session_a_full_start_plans(settings: Settings) -> None:
    first = _full(settings)  # creates, migrates and syncs the collection
    request = StudyRequest(seed=11)
    _answer_one(first, StudyRequest(seed=3))
    first.preferences.set("new_per_day", "7")
    first.close()
    full, quick = _full(settings), _quick(settings)
    try:
        assert quick.library.names == full.library.names
        assert [quick.library.title(n, "zh") for n in quick.library.names] == \
            [full.library.title(n, "zh") for n in full.library.names]
        assert quick.preferences.all() == full.preferences.all()
        assert quick.settings == full.settings
        assert quick.scheduling.choices() == full.scheduling.choices()
        a, b = full.study(request), quick.study(request)
        assert list(b.queue.pending) == list(a.queue.pending)
        assert b.new_keys == a.new_keys and b.counts() == a.counts()
        qa, qb = a.next(), b.next()
        assert qa is not None and qb is not None
        assert (qb.key, qb.seed, qb.params, qb.state, qb.is_new) == \
            (qa.key, qa.seed, qa.params, qa.state, qa.is_new)
    finally:
        full.close()
        quick.close()


def test_answers_through_a_quick_start_are_recorded(settings: Settings) -> None:
    _full(settings).close()
    quick = _quick(settings)
    try:
        quick.preferences.set("theme", "light")  # the first write opens the store
        assert quick.preferences.get("theme") == "light"
        key = _answer_one(quick, StudyRequest(seed=5))
        quick.open_store()  # what the study screen does once its first question is shown
        assert quick.start is None and quick.preferences.primed is None
        assert quick.preferences.get("theme") == "light"
        assert quick.progress.stats().reviews_total == 1
        second = quick.study(StudyRequest(seed=5))
        assert key not in second.queue.pending  # graded 1: due again tomorrow, not today
    finally:
        quick.close()
    full = _full(settings)
    try:
        assert full.progress.stats().reviews_total == 1
    finally:
        full.close()


def test_whatever_a_full_start_would_change_gets_a_full_start(settings: Settings,
                                                               tmp_path: Path) -> None:
    assert quick_services(settings, clock) is None  # no database yet
    first = study_services(settings, clock)  # so the study command starts the full way
    assert first.start is None
    first.close()
    assert quick_services(replace(settings, learner="newcomer"), clock) is None
    # A built-in deck file that changed (an upgrade): the full start imports it.
    install = tmp_path / "install"
    shutil.copytree(ROOT / "verifiers", install / "verifiers")
    (install / "cards").mkdir()
    copies = []
    for path in settings.builtin:
        copy = install / "cards" / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    changed = replace(settings, builtin=tuple(copies))
    text = copies[0].read_text(encoding="utf-8")
    copies[0].write_text(text + "\n# a comment: another version of the file\n",
                         encoding="utf-8")
    assert quick_services(changed, clock) is None
    _full(changed).close()
    _quick(changed).close()  # synced: quick again


def test_a_deck_this_learner_has_no_cards_of_gets_a_full_start(settings: Settings) -> None:
    _full(settings).close()
    ann = replace(settings, learner="ann")
    _full(ann).close()  # adds ann and gives her the cards
    _quick(ann).close()
    conn = sqlite3.connect(settings.db)
    conn.execute("DELETE FROM cards WHERE deck = 'conv' AND learner_id = "
                 "(SELECT id FROM learners WHERE name = 'ann')")
    conn.commit()
    conn.close()
    assert quick_services(ann, clock) is None
    full = _full(ann)
    try:
        assert "conv" in full.library.names
    finally:
        full.close()
    _quick(ann).close()


PROBE = """
import json, sys
from pathlib import Path
from quizapp.services.context import Settings
from quizapp.services.quick_start import study_services
from quizapp.services.session import StudyRequest
import quizapp.tui.app, quizapp.tui.screens.study
settings = Settings(db=sys.argv[1], device="cpu", custom_dir=Path(sys.argv[2]),
                    cache_dir=None)
services = study_services(settings)
question = services.study(StudyRequest(seed=1)).next()
before, quick = "sqlalchemy" in sys.modules, services.start is not None
services.open_store()
print(json.dumps({"quick": quick, "key": question.key,
                  "before": before, "after": "sqlalchemy" in sys.modules}))
services.close()
"""


def test_the_first_question_needs_no_sqlalchemy(settings: Settings) -> None:
    _full(settings).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE, settings.db, str(settings.custom_dir)],
                         env=env, check=True, capture_output=True, text=True, timeout=120)
    seen = json.loads(out.stdout)
    assert seen["before"] is False and seen["after"] is True and seen["quick"]
    assert seen["key"].startswith("conv/")
