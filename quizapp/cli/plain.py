"""The study session as plain lines: for scripts, screen readers and dumb terminals.

The same session as the TUI (core.flow's phases): a second try after a wrong first answer,
the same grade labels, re-drills announced as such, and a checked answer is recorded with
its suggested grade if input ends before it is graded.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from quizapp import collector
from quizapp.core.errors import QuizappError
from quizapp.core.flow import Phase
from quizapp.core.i18n import _
from quizapp.core.parsing import ParseError
from quizapp.core.present import clean, format_answer, grade_names, interval_text, rating_names
from quizapp.services.context import Services
from quizapp.services.questions import Feedback, Question
from quizapp.services.session import StudyRequest, StudySession

SAVE_TRIES = 6  # a locked database is retried (each try waits out the busy timeout)


class _EndOfInput(Exception):
    pass


def _ask(prompt: str, source: TextIO, out: TextIO) -> str:
    out.write(prompt)
    out.flush()
    line = source.readline()
    if not line:
        raise _EndOfInput
    return line.rstrip("\n")


def _show_question(session: StudySession, q: Question, lang: str, out: TextIO) -> None:
    k, n = session.position
    tag = f"[{_('again')}]" if q.is_drill else f"[{k}/{n}]"
    out.write(f"\n{tag} {q.card.key}\n{clean(q.prompt(lang))}\n")
    if q.code():
        out.write("\n" + clean(q.code() or "").rstrip() + "\n")
    for number, choice in enumerate(q.card.choices, 1):
        out.write(f"  {number}. {clean(choice.get(lang))}\n")


def _show_feedback(fb: Feedback, lang: str, out: TextIO) -> None:
    card = fb.question.card
    if card.kind == "flash":
        out.write(f"{clean(card.back.get(lang) if card.back else '')}\n")
        if fb.computed:
            out.write(_("verified live: {text}").format(
                text=clean(fb.computed.explanation.get(lang))) + "\n")
        return
    assert fb.computed is not None
    if fb.verdict is None:
        verdict = _("not answered")
    else:
        verdict = _("correct") if fb.verdict.correct else _("wrong")
        if fb.verdict.detail:
            verdict = _("{verdict} ({detail})").format(verdict=verdict, detail=fb.verdict.detail)
    out.write(_("{verdict}. Answer: {answer}").format(
        verdict=verdict, answer=format_answer(card, fb.computed.value, lang)) + "\n")
    if fb.slip:
        out.write(_("Likely slip: {why}").format(why=clean(fb.slip.why.get(lang))) + "\n")
    out.write(f"{clean(fb.computed.explanation.get(lang))}\n")
    if card.explain:
        out.write(f"{clean(card.explain.get(lang))}\n")


def _grade(fb: Feedback, source: TextIO, out: TextIO) -> int:
    """The grade typed: SM-2's 0-5 (1/3/4/5 for flash cards), or on a deck scheduled by
    FSRS its rating 1-4 (Again, Hard, Good, Easy)."""
    steps = fb.intervals
    fsrs = fb.question.fsrs is not None
    names = rating_names() if fsrs else grade_names(flash=fb.question.card.kind == "flash")
    options = "  ".join(f"{q} {name} {interval_text(steps[q])}" for q, name in names.items())
    default = fb.suggested_rating if fsrs else fb.suggested
    hint = " " + _("[Enter = {q}]").format(q=default) if default is not None else ""
    while True:
        line = _ask(_("grade") + f"{hint}  {options}\n> ", source, out).strip()
        if not line and default is not None:
            return default
        if line.isdigit() and int(line) in names:
            return int(line)
        out.write(_("type one of: {grades}").format(grades=", ".join(map(str, names))) + "\n")


def _answer(session: StudySession, source: TextIO, out: TextIO) -> Feedback:
    if session.phase is Phase.FRONT:
        _ask(_("(Enter to reveal) "), source, out)
        return session.reveal()
    while True:
        prompt = _("answer (empty: don't know)> ") if session.phase is Phase.ANSWERING \
            else _("one more try (empty: show the answer)> ")
        typed = _ask(prompt, source, out)
        try:
            fb = session.submit(typed)
        except ParseError as exc:
            out.write(_("not graded: {why}").format(why=exc) + "\n")
            continue
        if not fb.retry:
            return fb
        hint = fb.verdict.hint if fb.verdict else ""
        out.write((_("not quite: {hint}").format(hint=hint) if hint else _("not quite")) + "\n")


def _save(record: object, out: TextIO) -> object:
    """Run a write; a locked database is retried before giving up on it."""
    for attempt in range(SAVE_TRIES):
        try:
            return record()  # type: ignore[operator]
        except QuizappError as exc:
            if not exc.retryable or attempt == SAVE_TRIES - 1:
                raise
            out.write(_("not saved yet: {why}; trying again").format(why=exc) + "\n")
            out.flush()
            time.sleep(min(2**attempt, 8))
    return None


def run_plain(services: Services, request: StudyRequest | None = None,
              source: TextIO | None = None, out: TextIO | None = None) -> StudySession:
    collector.resume()
    # Looked up per call, not bound at import: stdin/stdout may be replaced after import.
    source = source if source is not None else sys.stdin
    out = out if out is not None else sys.stdout
    lang = services.lang
    session = services.study(request)
    try:
        while (q := session.next()) is not None:
            _show_question(session, q, lang, out)
            if session.phase is Phase.BROKEN:
                out.write(_("error: cannot ask this card: {error}. Skipped; nothing recorded.")
                          .format(error=q.error) + "\n")
                continue
            fb = _answer(session, source, out)
            if session.phase is Phase.BROKEN:
                out.write(_("error: could not compute this card's answer: {error}. "
                            "Skipped; nothing recorded.").format(error=fb.error) + "\n")
                continue
            _show_feedback(fb, lang, out)
            grade = _grade(fb, source, out)
            rate = session.rate if fb.question.fsrs is not None else session.grade
            recorded = _save(lambda grade=grade, rate=rate: rate(grade), out)
            if getattr(recorded, "became_leech", False):
                out.write(_("this card is now a leech (8 lapses): consider suspending it")
                          + "\n")
    except _EndOfInput:
        out.write("\n" + _("(end of input)") + "\n")
        if session.pending is not None:
            recorded = _save(session.flush, out)
            out.write(_("{key}: recorded as {q}").format(
                key=recorded.key, q=recorded.label) + "\n")  # type: ignore[attr-defined]
    out.write("\n" + "\n".join(line for line in session.summary().lines() if line) + "\n")
    return session
