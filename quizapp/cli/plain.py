"""The study session as plain lines: for scripts, screen readers and dumb terminals."""

from __future__ import annotations

import sys
from typing import TextIO

from quizapp.context import AppContext
from quizapp.core.grading import ParseError
from quizapp.core.present import GRADE_NAMES, format_answer, interval_text
from quizapp.questions import Feedback, Question
from quizapp.study import StudySession


class _EndOfInput(Exception):
    pass


def _ask(prompt: str, source: TextIO, out: TextIO) -> str:
    out.write(prompt)
    out.flush()
    line = source.readline()
    if not line:
        raise _EndOfInput
    return line.rstrip("\n")


def _show_question(q: Question, lang: str, index: int, total: int, out: TextIO) -> None:
    tag = " (again)" if q.is_drill else ""
    out.write(f"\n[{index}/{total}] {q.card.key}{tag}\n{q.prompt(lang)}\n")
    if q.code():
        out.write("\n" + (q.code() or "").rstrip() + "\n")
    for number, choice in enumerate(q.card.choices, 1):
        out.write(f"  {number}. {choice.get(lang)}\n")


def _show_feedback(fb: Feedback, lang: str, out: TextIO) -> None:
    card = fb.question.card
    if card.kind == "flash":
        out.write(f"{card.back.get(lang) if card.back else ''}\n")
        if fb.computed:
            out.write(f"verified live: {fb.computed.explanation.get(lang)}\n")
        return
    assert fb.computed is not None
    if fb.verdict is None:
        verdict = "not answered"
    else:
        verdict = "correct" if fb.verdict.correct else "wrong"
        if fb.verdict.detail:
            verdict += f" ({fb.verdict.detail})"
        if fb.slip:
            verdict += f"; likely slip: {fb.slip}"
    out.write(f"{verdict}. answer: {format_answer(card, fb.computed.value)}\n")
    out.write(f"{fb.computed.explanation.get(lang)}\n")
    if card.explain:
        out.write(f"{card.explain.get(lang)}\n")


def _grade(fb: Feedback, source: TextIO, out: TextIO) -> int:
    steps = fb.intervals
    options = "  ".join(f"{q}:{GRADE_NAMES[q]}({interval_text(steps[q])})" for q in range(6))
    hint = f" [Enter = {fb.suggested}]" if fb.suggested is not None else ""
    while True:
        line = _ask(f"grade 0-5{hint}  {options}\n> ", source, out).strip()
        if not line and fb.suggested is not None:
            return fb.suggested
        if line in {"0", "1", "2", "3", "4", "5"}:
            return int(line)
        out.write("type a grade from 0 to 5\n")


def _answer(session: StudySession, q: Question, source: TextIO, out: TextIO) -> Feedback:
    if q.card.kind == "flash":
        _ask("(Enter to reveal) ", source, out)
        return session.reveal(q)
    while True:
        typed = _ask("answer (empty: don't know)> ", source, out)
        try:
            return session.check(q, typed)
        except ParseError as exc:
            out.write(f"not graded: {exc}\n")


def run_plain(ctx: AppContext, source: TextIO | None = None, out: TextIO | None = None,
              **study_args: object) -> StudySession:
    # Looked up per call, not bound at import: stdin/stdout may be replaced after import.
    source = source if source is not None else sys.stdin
    out = out if out is not None else sys.stdout
    lang = ctx.lang
    session = StudySession(ctx, **study_args)  # type: ignore[arg-type]
    index = 0
    try:
        while (q := session.next_question()) is not None:
            index += 1
            _show_question(q, lang, index, index + session.queue.remaining, out)
            if q.error:
                out.write(f"error: cannot ask this card: {q.error}. Skipped; nothing recorded.\n")
                continue
            fb = _answer(session, q, source, out)
            if fb.error:
                out.write(f"error: could not compute this card's answer: {fb.error}. "
                          "Skipped; nothing recorded.\n")
                continue
            _show_feedback(fb, lang, out)
            if session.record(fb, _grade(fb, source, out)).became_leech:
                out.write("this card is now a leech (8 lapses): consider suspending it\n")
    except _EndOfInput:
        out.write("\n(end of input)\n")
    t = session.tally
    accuracy = f", {t.correct / t.answered:.0%} graded 3+" if t.answered else ""
    out.write(f"\nsession over: {t.answered} answered{accuracy}.\n")
    for problem in sorted(set(session.unavailable)):
        out.write(f"skipped: {problem}\n")
    return session
