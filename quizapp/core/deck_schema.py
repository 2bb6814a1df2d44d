"""The deck file's schema as pydantic models; every problem is reported with its path."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
FuncName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
AnswerType = Literal["shape", "int", "number", "tensor", "choice", "bool", "text"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextModel(_Strict):
    en: str
    zh: str | None = None


Text = str | TextModel


class ToleranceModel(_Strict):
    sig: int | None = Field(default=None, ge=1, le=15)
    rel: float | None = Field(default=None, ge=0)
    abs: float | None = Field(default=None, ge=0)


class TypedModel(_Strict):
    answer: str
    verdict: Literal["correct", "close", "wrong", "unparsable"]
    slip: Slug | None = None


class TestModel(_Strict):
    params: dict[str, Any] = {}
    answer: Any
    edge: bool = False
    note: str | None = None
    typed: list[TypedModel] = []
    tolerance: ToleranceModel | None = None


class QuizModel(_Strict):
    id: Slug
    kind: Literal["quiz"]
    prompt: Text
    code: str | None = None
    params: dict[str, Any] = {}
    answer: AnswerType
    choices: list[Text] | None = None
    tolerance: ToleranceModel | None = None
    verifier: FuncName | None = None
    sample: FuncName | None = None
    slips: FuncName | None = None
    derive: FuncName | None = None
    explain: Text | None = None
    tags: list[str] = []
    tests: list[TestModel] = []


class FlashModel(_Strict):
    id: Slug
    kind: Literal["flash"]
    front: Text
    back: Text
    code: str | None = None
    verifier: FuncName | None = None
    explain: Text | None = None
    tags: list[str] = []


CardModel = Annotated[QuizModel | FlashModel, Field(discriminator="kind")]


class DeckModel(_Strict):
    name: Slug
    title: Text
    verifier: str | None = None
    description: Text | None = None
    cards: list[dict[str, Any]] = Field(min_length=1)


_card_adapter: TypeAdapter[QuizModel | FlashModel] = TypeAdapter(CardModel)


def _message(error: Any) -> str:
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "union_tag_invalid":
        return "kind must be 'quiz' or 'flash'"
    if error["type"] == "union_tag_not_found":
        return "every card needs kind: quiz or kind: flash"
    return str(error["msg"])


def _location(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # Drop pydantic's union branch names ("quiz", "str", "TextModel") from the path.
    branch = {"quiz", "flash", "str", "TextModel", "ToleranceModel"}
    return tuple(part for part in loc if not (isinstance(part, str) and part in branch))


Located = list[tuple[tuple[str | int, ...], str]]


def _errors(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> Located:
    seen: dict[tuple[str | int, ...], str] = {}
    for error in exc.errors():
        seen.setdefault((*prefix, *_location(error["loc"])), _message(error))
    return list(seen.items())


def validate(data: Any) -> tuple[DeckModel | None, list[QuizModel | FlashModel | None], Located]:
    """Validate raw YAML data card by card, so every error in the file is found at once."""
    if not isinstance(data, dict):
        return None, [], [((), "a deck is a mapping with name, title and cards")]
    try:
        deck = DeckModel.model_validate(data)
    except ValidationError as exc:
        return None, [], _errors(exc)
    cards: list[QuizModel | FlashModel | None] = []
    errors: Located = []
    for index, raw in enumerate(deck.cards):
        try:
            cards.append(_card_adapter.validate_python(raw))
        except ValidationError as exc:
            cards.append(None)
            errors += _errors(exc, ("cards", index))
    return deck, cards, errors
