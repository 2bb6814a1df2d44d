"""quizapp's JSON export read as a stream: the "reviews" and "cards" lists one item at a time
(a million reviews never sit in memory as one document), every other key whole."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any, TextIO

from quizapp.core import fsrs_model
from quizapp.core.history_rows import (
    LATEST_DUE,
    SLUG,
    BadHistory,
    CardFlags,
    Imported,
    Problem,
    Source,
    answer,
    card_key,
    choice,
    instant,
)
from quizapp.core.i18n import _

SPACE = re.compile(r"[ \t\n\r]*")
CHUNK = 1 << 20
MODES = ("sm2", "fsrs")


class _Syntax(Exception):
    """Not JSON at all; the reader reports the line."""


class _Stream:
    """JSON values decoded one at a time from a buffer that is refilled as it runs out."""

    def __init__(self, handle: TextIO, head: str) -> None:
        self.handle, self.buf, self.pos, self.eof = handle, head, 0, False
        self.decoder = json.JSONDecoder()
        self.lines = 0  # newlines in the text already dropped from the buffer

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(CHUNK)
        self.lines += self.buf.count("\n", 0, self.pos)
        self.buf, self.pos = self.buf[self.pos:] + chunk, 0
        self.eof = not chunk
        return bool(chunk)

    def line(self) -> int:
        return self.lines + self.buf.count("\n", 0, self.pos) + 1

    def peek(self) -> str:
        """The next character that is not white space; '' at the end of the text."""
        while True:
            blank = SPACE.match(self.buf, self.pos)
            assert blank is not None  # the pattern matches the empty string
            self.pos = blank.end()
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            raise _Syntax(_("expected {char!r}").format(char=expected))
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
                # A number at the buffer's end may go on in the next chunk.
                if end < len(self.buf) or self.eof:
                    self.pos = end
                    return value
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise _Syntax(exc.msg) from None
            self._fill()

    def items(self) -> Iterator[Any]:
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() != ",":
                self.take("]")
                return
            self.pos += 1


def _flags(index: int, item: Any) -> CardFlags:
    if not isinstance(item, dict):
        raise Problem(_("not a JSON object"))
    for name in ("suspended", "leech"):
        if not isinstance(item.get(name, False), bool):
            raise Problem(_("{field} is not true or false").format(field=name))
    return CardFlags(
        position=index, card=card_key(item.get("card"), item.get("deck")),
        kind=choice(item.get("kind"), "kind", ("quiz", "flash")),
        suspended=item.get("suspended", False), leech=item.get("leech", False),
        buried_until=instant(item.get("buried_until"), "buried_until", LATEST_DUE, empty=True),
        due=instant(item.get("due"), "due", LATEST_DUE, empty=True),
        last_review=instant(item.get("last_review"), "last_review", empty=True),
    )


def _scheduler(data: Any) -> dict[str, Any]:
    """The exported scheduling choices, checked; the store restores them."""
    if not isinstance(data, dict) or not isinstance(data.get("decks", {}), dict):
        raise Problem(_("not a JSON object"))
    decks = {str(deck): str(choice(mode, "scheduler", MODES, empty=False))
             for deck, mode in data.get("decks", {}).items() if SLUG.fullmatch(str(deck))}
    retention = data.get("desired_retention", fsrs_model.DEFAULT_RETENTION)
    if isinstance(retention, bool) or not isinstance(retention, int | float) \
            or not 0 < retention < 1:
        raise Problem(_("desired_retention {value!r} is not between 0 and 1").format(
            value=str(retention)[:40]))
    parameters = data.get("parameters")
    if parameters is not None and not (
            isinstance(parameters, list)
            and len(parameters) == len(fsrs_model.default_parameters())
            and all(isinstance(w, int | float) and not isinstance(w, bool) and math.isfinite(w)
                    for w in parameters)):
        raise Problem(_("parameters are not FSRS-6's {n} numbers").format(
            n=len(fsrs_model.default_parameters())))
    fitted = data.get("fitted")
    return {"default": choice(data.get("default", "sm2"), "default", MODES, empty=False),
            "decks": decks, "desired_retention": float(retention),
            "parameters": [float(w) for w in parameters] if parameters else None,
            "fitted": fitted if isinstance(fitted, dict) else None}


class QuizappJson(Source):
    format = "quizapp-json"

    def __init__(self, name: str, handle: TextIO, head: str) -> None:
        super().__init__(name)
        self.stream = _Stream(handle, head)

    def bad(self, line: int, problem: str) -> BadHistory:
        return BadHistory(_("{file}, reviews[{index}]: {problem}").format(
            file=self.name, index=line, problem=problem))

    def reviews(self) -> Iterator[Imported]:
        stream, found = self.stream, False
        try:
            stream.take("{")
            while stream.peek() != "}":
                key = stream.value()
                stream.take(":")
                if key == "reviews":
                    found = True
                    yield from self._reviews()
                elif key == "cards":
                    for index, item in enumerate(stream.items()):
                        try:
                            self.cards.append(_flags(index, item))
                        except Problem as problem:
                            raise self.bad_card(index, str(problem)) from None
                else:
                    self._member(key, stream.value())
                if stream.peek() != ",":
                    break
                stream.pos += 1
            stream.take("}")
            if stream.peek():
                raise _Syntax(_("text after the JSON object"))
        except _Syntax as why:
            raise Source.bad(self, stream.line(), _("not valid JSON ({why})").format(
                why=why)) from None
        except UnicodeDecodeError:
            raise Source.bad(self, stream.line(), _("not UTF-8 text")) from None
        if not found:
            raise Source.bad(self, 1, _("unknown format: a JSON file without quizapp's "
                                        "\"reviews\" list"))

    def _reviews(self) -> Iterator[Imported]:
        for index, item in enumerate(self.stream.items()):
            try:
                if not isinstance(item, dict):
                    raise Problem(_("not a JSON object"))
                yield answer(index, item, "stability_after" in item)
            except Problem as problem:
                raise self.bad(index, str(problem)) from None

    def _member(self, key: Any, value: Any) -> None:
        where = _("the {key!r} value").format(key=str(key)[:40])
        try:
            if key == "scheduler" and value is not None:
                self.scheduler = _scheduler(value)
            elif key == "exported_at":
                self.exported_at = instant(value, "exported_at", empty=True)
        except Problem as problem:
            raise BadHistory(_("{file}, {place}: {problem}").format(
                file=self.name, place=where, problem=problem)) from None
