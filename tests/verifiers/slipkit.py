"""Checks shared by the slip tests: a card's `slips` function, through the app's card runner.

A slips function lists tempting wrong answers (authoring.Slip: id, answer, en, zh). The app
(quizapp.core.grading.match_slip, called by the card runner) skips every candidate the
card's tolerance cannot tell from the right answer and names the first listed candidate the
typed answer matches, so the lists need no filtering. `through_the_app` types into the runner
the right answer (no slip may fire) and each candidate the tolerance can tell from it (graded
wrong, naming that candidate or an earlier listed one that matches the same typed value).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from deckkit import kit

from quizapp.authoring import Slip
from quizapp.core import grading
from quizapp.services.runner import CardRunner, Checked

CJK = re.compile(r"[\u4e00-\u9fff]")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def slips_of(deck: str, card_id: str, params: dict[str, Any]) -> list[Slip]:
    """The card's slips function (named in its YAML) called the way the app calls it."""
    k = kit(deck)
    name = k.card(card_id).slips
    assert name, f"{deck}/{card_id} names no slips function"
    found = getattr(k.module, name)(dict(params))
    assert all(isinstance(s, Slip) for s in found), found
    return found


def by_id(deck: str, card_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """The card's slips as {slip id: wrong answer}, for hand-worked expectations."""
    return {s.id: s.answer for s in slips_of(deck, card_id, params)}


def approx(got: dict[str, float], expected: dict[str, float],
           close: Callable[[float, float], bool]) -> bool:
    """The same ids, each wrong answer equal within `close` (the test file's tolerance)."""
    return got.keys() == expected.keys() and all(close(got[k], v) for k, v in expected.items())


def check_slip(slip: Slip) -> None:
    """A stable slug id, English words and natural Chinese, both non-empty."""
    assert SLUG.match(slip.id), slip
    assert slip.en and not CJK.search(slip.en), slip
    assert CJK.search(slip.zh), slip


def typed_text(answer_type: str, value: Any) -> str:
    """What a learner would type for a value of the card's answer type."""
    if answer_type == "shape":
        return "(" + ", ".join(str(int(v)) for v in value) + ",)" if len(value) == 1 else \
            "(" + ", ".join(str(int(v)) for v in value) + ")"
    if answer_type == "int":
        return str(int(value))
    if answer_type == "tensor":
        return repr(value)
    if answer_type in {"choice", "text"}:
        return str(value)
    if answer_type == "bool":
        return "yes" if value else "no"
    return repr(float(value))


def answer(runner: CardRunner, deck: str, card_id: str, params: dict[str, Any],
           typed: str) -> Checked:
    """Type an answer to the card with these params, as the study screen does."""
    return runner.check(kit(deck).card(card_id), params, typed)


def slip_shown(runner: CardRunner, deck: str, card_id: str, params: dict[str, Any],
               value: Any) -> str | None:
    """The id of the slip the app names when this value is typed (None: right, or no slip)."""
    card = kit(deck).card(card_id)
    checked = answer(runner, deck, card_id, params, typed_text(card.answer or "", value))
    assert checked.verdict is not None
    return checked.slip.id if checked.slip else None


def through_the_app(runner: CardRunner, deck: str, card_id: str,
                    params: dict[str, Any]) -> int:
    """(a) Typing the right answer is graded right and names no slip; (b) typing each listed
    candidate the card's tolerance can tell from the right answer is graded wrong and names
    that candidate, or an earlier listed one matching the same typed value; the app shows
    its message in both languages. Returns how many candidates were typed."""
    card = kit(deck).card(card_id)
    kind = card.answer or ""

    def apart(a: Any, b: Any) -> bool:
        return not grading.compare(kind, a, b, card.tolerance).correct

    right = runner.compute(card, params).value
    checked = answer(runner, deck, card_id, params, typed_text(kind, right))
    assert checked.verdict is not None and checked.verdict.correct, (params, right)
    assert checked.slip is None, (params, right, checked.slip)
    slips = slips_of(deck, card_id, params)
    typed_count = 0
    for i, slip in enumerate(slips):
        check_slip(slip)
        if not apart(slip.answer, right):
            continue  # the app skips it: with these params the mistake gives the right answer
        typed = typed_text(kind, slip.answer)
        value = grading.parse(kind, typed, card.choices)
        named = [s.id for s in slips[:i] if apart(s.answer, right) and not apart(value, s.answer)]
        named.append(slip.id)
        checked = answer(runner, deck, card_id, params, typed)
        assert checked.verdict is not None and not checked.verdict.correct, (params, typed)
        assert checked.slip is not None and checked.slip.id in named, (params, typed, named)
        assert checked.slip.why.get("en") and CJK.search(checked.slip.why.get("zh"))
        typed_count += 1
    return typed_count
