"""What deck author code returned (ints, tensors, torch.Size, Slips) turned into plain values.

Everything leaving author code passes through here, so only checked plain data (numbers,
strings, lists, {en, zh} texts) reaches grading, the log and the screen.
"""

from __future__ import annotations

import math
from typing import Any

from quizapp.core.deck import Card, Text
from quizapp.core.grading import KnownSlip
from quizapp.core.limits import MAX_ELEMENTS, MAX_TEXT
from quizapp.core.parsing import dims

_SLIP_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


def _scalar(raw: Any) -> Any:
    # A 0-d or one-element tensor (or numpy scalar) becomes a Python number.
    if hasattr(raw, "item") and callable(raw.item):
        if getattr(raw, "numel", lambda: 1)() != 1:
            raise ValueError(f"expected one value, got a tensor of shape {tuple(raw.shape)}")
        return raw.item()
    return raw


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r:.60}")
    return float(value)


def _tensor(raw: Any) -> list[Any]:
    if hasattr(raw, "tolist") and callable(raw.tolist):
        if hasattr(raw, "numel") and raw.numel() > MAX_ELEMENTS:
            raise ValueError("the tensor answer is too large")
        raw = raw.tolist()
    if isinstance(raw, tuple):
        raw = list(raw)

    def plain(item: Any, depth: int = 0) -> Any:
        if depth > 32:
            raise ValueError("the tensor answer is nested too deeply")
        if isinstance(item, list | tuple):
            return [plain(x, depth + 1) for x in item]
        return _number(_scalar(item))

    if not isinstance(raw, list):
        raise TypeError(f"expected a list or tensor, got {raw!r:.60}")
    value = plain(raw)
    if dims(value) is None:
        raise ValueError("the tensor answer's rows have different lengths")
    return value


def normalize(card: Card, raw: Any) -> Any:
    """The canonical value for the card's answer type, or ValueError/TypeError."""
    kind = card.answer or "bool"
    if kind == "shape":
        dims_ = tuple(raw)
        if not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in dims_):
            raise ValueError(f"a shape must be non-negative ints, got {raw!r:.60}")
        return dims_
    if kind == "tensor":
        return _tensor(raw)
    value = _scalar(raw)
    if kind == "bool":
        if not isinstance(value, bool):
            raise TypeError(f"expected True/False, got {value!r:.60}")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not value.is_integer()) or value != int(value):
            raise ValueError(f"expected an integer, got {value!r:.60}")
        return int(value)
    if kind == "number":
        return _number(value)
    if kind == "choice":
        options = [c.en for c in card.choices]
        if value not in options:
            raise ValueError(f"{value!r:.60} is not one of the card's choices")
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {value!r:.60}")
    return value[:MAX_TEXT]


def text(explanation: Any) -> Text:
    """An explanation: a string, or {en, zh} (Chinese optional for custom decks)."""
    if isinstance(explanation, str):
        return Text(explanation[:MAX_TEXT * 4])
    if isinstance(explanation, dict) and isinstance(explanation.get("en"), str):
        zh = explanation.get("zh")
        return Text(explanation["en"][:MAX_TEXT * 4],
                    zh[:MAX_TEXT * 4] if isinstance(zh, str) else None)
    if isinstance(explanation, Text):
        return explanation
    raise TypeError(f"explanation must be a string or {{en, zh}}, not {explanation!r:.60}")


def slips(card: Card, raw: Any) -> tuple[KnownSlip, ...]:
    """A slips function's list: Slip objects (id, answer, en, zh), or (id, answer, why)."""
    if not isinstance(raw, list | tuple):
        raise TypeError("a slips function must return a list of Slip")
    found: list[KnownSlip] = []
    for item in raw[:100]:
        if all(hasattr(item, a) for a in ("id", "answer", "en", "zh")):
            slip_id, answer, why = item.id, item.answer, {"en": item.en, "zh": item.zh}
        elif isinstance(item, tuple | list) and len(item) == 3:
            slip_id, answer, why = item
        elif isinstance(item, tuple | list) and len(item) == 2:  # LEGACY until decks migrate
            slip_id, (answer, why) = f"slip-{len(found)}", item
        else:
            raise TypeError(f"not a Slip: {item!r:.60}")
        if not (isinstance(slip_id, str) and slip_id and set(slip_id) <= _SLIP_ID_CHARS
                and len(slip_id) <= 80):
            raise ValueError(f"slip id {slip_id!r:.40} must be a slug like 'missing-floor'")
        try:
            value = normalize(card, answer)
        except (TypeError, ValueError):
            continue  # a "mistake" that gives no answer of the card's type (a size below 0)
        if isinstance(value, float) and not math.isfinite(value):
            continue
        found.append(KnownSlip(slip_id, value, text(why)))
    return tuple(found)
