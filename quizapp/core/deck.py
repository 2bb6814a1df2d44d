"""Decks and cards as frozen dataclasses, loaded from YAML with file:line error reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from quizapp.core import params as P
from quizapp.core.errors import InvalidInput

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


@dataclass(frozen=True)
class Text:
    """A bilingual text; Chinese falls back to English where a deck gives only one."""

    en: str
    zh: str | None = None

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" and self.zh else self.en


@dataclass(frozen=True)
class Tolerance:
    sig: int | None = 3
    rel: float | None = None
    abs: float | None = None


@dataclass(frozen=True)
class TypedCase:
    """A typed answer in a card test and the verdict it must get."""

    typed: str
    verdict: Literal["correct", "close", "wrong", "unparsable"]
    slip: str | None = None  # the slip id that must fire (None: no slip must fire)
    check_slip: bool = False  # False: the test does not say which slip fires


@dataclass(frozen=True)
class CardTest:
    """A worked example an author states in the deck: fixed params and the expected answer,
    worked by hand or taken from PyTorch's documentation (never produced by the verifier)."""

    params: Mapping[str, P.Value]
    answer: P.Value
    edge: bool = False
    note: str | None = None
    typed: tuple[TypedCase, ...] = ()
    tolerance: Tolerance | None = None  # None: the card's own
    line: int = 0


@dataclass(frozen=True, eq=False)
class Card:
    """One card; `key` ("deck/id") is its identity forever."""

    deck: str
    id: str
    kind: Literal["quiz", "flash"]
    prompt: Text  # a flash card's front
    back: Text | None = None
    code: str | None = None
    params: Mapping[str, P.Spec] = field(default_factory=dict)
    answer: str | None = None
    choices: tuple[Text, ...] = ()
    tolerance: Tolerance = Tolerance()
    verifier: str | None = None
    sampler: str | None = None
    slips: str | None = None  # names known wrong answers (a missing floor, ...) to point out
    derive: str | None = None  # recomputes display-only params (shown code) from the others
    explain: Text | None = None
    tags: tuple[str, ...] = ()
    tests: tuple[CardTest, ...] = ()
    line: int = 0

    @property
    def key(self) -> str:
        return f"{self.deck}/{self.id}"


@dataclass(frozen=True, eq=False)
class Deck:
    name: str
    title: Text
    # A tuple from the loader; the parsed-deck cache hands out a sequence that builds each
    # card on first use and finds one by id without building the others.
    cards: Sequence[Card]
    source: Path
    verifier_path: Path | None = None

    def card(self, card_id: str) -> Card:
        find = getattr(self.cards, "by_id", None)
        if find is not None:
            card: Card | None = find(card_id)
            if card is not None:
                return card
        else:
            for card in self.cards:
                if card.id == card_id:
                    return card
        raise KeyError(f"{self.name}/{card_id}")


class DeckError(InvalidInput):
    """A deck that cannot be used; `errors` lists every problem as 'file:line:col: msg'."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors

    @property
    def lines(self) -> list[str]:
        return self.errors
