"""Checks shared by the slip tests: a card's `slips` function, alone and through the app.

`never_right` samples many params and checks that no listed slip could be graded right (the
canonical answer comes from the card's verifier via DeckKit.run); `through_the_app` opens a
real app context (like tests/tui/conftest.py's `tui_ctx`) and types each slip's wrong answer
into StudySession.check, which must grade it wrong and name that slip, in English and 中文.
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


def check_why(why: Any) -> None:
    """Each hint is {en, zh}: English words and natural Chinese, both non-empty."""
    assert isinstance(why, dict) and set(why) == {"en", "zh"}, why
    assert why["en"] and not CJK.search(why["en"]), why
    assert CJK.search(why["zh"]), why


def matches(deck: str, card_id: str, typed: Any, exact: Any) -> bool:
    card = kit(deck).card(card_id)
    return grading.compare(card.answer or "", typed, exact, card.tolerance).correct


def never_right(deck: str, card_id: str, seeds: range, device: Any,
                reference: Callable[[dict], Any] | None = None) -> int:
    """Over many sampled params, no slip is graded right either way (against the deck's
    independent reference where given, else the verifier), and no two slips could be confused
    with each other. Returns how many slips were listed (so a test can insist on some)."""
    k, listed = kit(deck), 0
    for seed in seeds:
        p = k.sample(card_id, seed)
        right = k.run(card_id, p, device) if reference is None else reference(p)
        slips = slips_of(deck, card_id, p)
        for i, (wrong, why) in enumerate(slips):
            check_why(why)
            assert not matches(deck, card_id, wrong, right), (seed, p, wrong, right, why)
            assert not matches(deck, card_id, right, wrong), (seed, p, wrong, right, why)
            for other, _ in slips[:i]:
                assert not matches(deck, card_id, wrong, other), (seed, p, slips)
        listed += len(slips)
    return listed


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


def through_the_app(session: StudySession, deck: str, card_id: str,
                    params: dict[str, Any]) -> int:
    """Typing each listed slip is graded wrong and names that slip; the right answer names none.
    Returns how many slips were typed."""
    card = kit(deck).card(card_id)
    slips = slips_of(deck, card_id, params)
    for wrong, why in slips:
        typed = typed_text(card.answer or "", wrong)
        fb = answer(session, deck, card_id, params, typed)
        assert fb.error is None, fb.error
        assert fb.verdict is not None and not fb.verdict.correct, (params, typed)
        assert fb.slip == why["en"], (params, typed, fb.slip, why)
        assert answer(session, deck, card_id, params, typed, lang="zh").slip == why["zh"]
    right = answer(session, deck, card_id, params, "0")  # parse a placeholder to get the answer
    assert right.computed is not None
    typed = typed_text(card.answer or "", right.computed.value)
    fb = answer(session, deck, card_id, params, typed)
    assert fb.verdict is not None and fb.verdict.correct and fb.slip is None
    return len(slips)
