"""Checks shared by the slip tests: a card's `slips` function, through the app.

A slips function lists tempting wrong answers with a hint each. The app (quizapp.slips.find_slip)
skips every candidate the card's tolerance cannot tell from the right answer and names the first
listed candidate the typed answer matches, so the lists need no filtering. `through_the_app`
opens a real app context (like tests/tui/conftest.py's `tui_ctx`) and, for one set of params,
types into StudySession.check the right answer (no slip may be named) and each candidate the
tolerance can tell from it (graded wrong, naming that candidate or an earlier listed one that
matches the same typed value), in English and 中文. "Can tell" is decided by
quizapp.core.grading.compare with the card's tolerance: the app's own function, not a copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from deckkit import kit

from quizapp.context import Settings, build_context
from quizapp.core import grading, sm2
from quizapp.questions import Feedback, Question
from quizapp.study import StudySession

CJK = re.compile(r"[\u4e00-\u9fff]")


def slips_of(deck: str, card_id: str, params: dict[str, Any]) -> list[tuple[Any, dict]]:
    """The card's slips function (named in its YAML) called the way the app calls it."""
    k = kit(deck)
    name = k.card(card_id).slips
    assert name, f"{deck}/{card_id} names no slips function"
    return getattr(k.module, name)(dict(params))


def by_hint(deck: str, card_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """The card's slips as {English hint: wrong answer}, for hand-worked expectations."""
    return {why["en"]: wrong for wrong, why in slips_of(deck, card_id, params)}


def approx(got: dict[str, float], expected: dict[str, float],
           close: Callable[[float, float], bool]) -> bool:
    """The same hints, each wrong answer equal within `close` (the test file's tolerance)."""
    return got.keys() == expected.keys() and all(close(got[k], v) for k, v in expected.items())


def check_why(why: Any) -> None:
    """Each hint is {en, zh}: English words and natural Chinese, both non-empty."""
    assert isinstance(why, dict) and set(why) == {"en", "zh"}, why
    assert why["en"] and not CJK.search(why["en"]), why
    assert CJK.search(why["zh"]), why


def typed_text(answer_type: str, value: Any) -> str:
    """What a learner would type for a value of the card's answer type."""
    if answer_type == "shape":
        return ", ".join(str(int(v)) for v in value)
    if answer_type == "int":
        return str(int(value))
    return repr(float(value))


@contextmanager
def study_session(tmp_path: Path) -> Iterator[StudySession]:
    """A real app context on a temporary SQLite file (as in the TUI tests), CPU, English."""
    settings = Settings(db=str(tmp_path / "q.db"), device="cpu", lang="en",
                        custom_dir=tmp_path / "decks", cache_dir=tmp_path / "cache")
    ctx = build_context(settings, clock=lambda: datetime(2026, 3, 18, 12, 0, 0))
    try:
        yield StudySession(ctx, seed=0)
    finally:
        ctx.close()


def answer(session: StudySession, deck: str, card_id: str, params: dict[str, Any],
           typed: str, lang: str = "en") -> Feedback:
    """Type an answer to the card with these params, as the study screen does."""
    card = session.ctx.collection.deck(deck).card(card_id)
    question = Question(card, 0, dict(params), sm2.SM2State(), False, True)
    session.ctx.lang = lang
    try:
        return session.check(question, typed)
    finally:
        session.ctx.lang = "en"


def right_answer(session: StudySession, deck: str, card_id: str, params: dict[str, Any]) -> Any:
    """The app's canonical answer (a placeholder answer is typed only to get it computed)."""
    fb = answer(session, deck, card_id, params, "0")
    assert fb.error is None and fb.computed is not None, fb.error
    return fb.computed.value


def told_apart(session: StudySession, deck: str, card_id: str, typed: Any, exact: Any) -> bool:
    """Whether the card's tolerance tells `typed` from `exact` (the app's grading.compare)."""
    card = session.ctx.collection.deck(deck).card(card_id)
    return not grading.compare(card.answer or "", typed, exact, card.tolerance).correct


def slip_shown(session: StudySession, deck: str, card_id: str, params: dict[str, Any],
               value: Any, lang: str = "en") -> str | None:
    """The hint the app shows when this value is typed (None when graded right or no slip)."""
    card = session.ctx.collection.deck(deck).card(card_id)
    fb = answer(session, deck, card_id, params, typed_text(card.answer or "", value), lang)
    assert fb.error is None and fb.verdict is not None, fb.error
    return fb.slip


def through_the_app(session: StudySession, deck: str, card_id: str,
                    params: dict[str, Any]) -> int:
    """(a) Typing the right answer is graded right and names no slip; (b) typing each listed
    candidate the card's tolerance can tell from the right answer is graded wrong and names
    that candidate, or an earlier listed one matching the same typed value, in English and
    中文. Every hint is well-formed. Returns how many candidates were typed."""
    card = session.ctx.collection.deck(deck).card(card_id)
    kind = card.answer or ""
    right = right_answer(session, deck, card_id, params)
    for lang in ("en", "zh"):
        fb = answer(session, deck, card_id, params, typed_text(kind, right), lang)
        assert fb.verdict is not None and fb.verdict.correct, (params, right, fb.verdict)
        assert fb.slip is None, (params, right, fb.slip)
    slips = slips_of(deck, card_id, params)
    typed_count = 0
    for i, (wrong, why) in enumerate(slips):
        check_why(why)
        if not told_apart(session, deck, card_id, wrong, right):
            continue  # the app skips it: with these params the mistake gives the right answer
        typed = typed_text(kind, wrong)
        value = grading.parse(kind, typed, card.choices)
        named = [(w["en"], w["zh"]) for other, w in slips[:i]
                 if told_apart(session, deck, card_id, other, right)
                 and not told_apart(session, deck, card_id, value, other)]
        named.append((why["en"], why["zh"]))
        en = answer(session, deck, card_id, params, typed)
        zh = answer(session, deck, card_id, params, typed, lang="zh")
        for fb in (en, zh):
            assert fb.error is None, fb.error
            assert fb.verdict is not None and not fb.verdict.correct, (params, typed, right)
        assert (en.slip, zh.slip) in named, (params, typed, en.slip, zh.slip, named)
        typed_count += 1
    return typed_count
