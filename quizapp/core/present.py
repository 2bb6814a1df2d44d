"""How answers and grades read on screen; shared by the TUI and the plain CLI."""

from __future__ import annotations

import math
import re
from typing import Any

from quizapp.core.deck import Card
from quizapp.core.fsrs_model import RATING_NAMES
from quizapp.core.i18n import N_, _

# SM-2 qualities as quiz cards name them, and the four a self-graded flash card offers.
GRADE_NAMES = {0: N_("blank"), 1: N_("wrong"), 2: N_("close"), 3: N_("hard"), 4: N_("good"),
               5: N_("easy")}
FLASH_GRADES = {1: N_("again"), 3: N_("hard"), 4: N_("good"), 5: N_("easy")}


def grade_names(flash: bool) -> dict[int, str]:
    """The grades offered (and their names, translated): 0-5, or 1/3/4/5 for flash cards."""
    return {q: _(name) for q, name in (FLASH_GRADES if flash else GRADE_NAMES).items()}


def rating_names() -> dict[int, str]:
    """An FSRS deck's four ratings, translated: 1 Again, 2 Hard, 3 Good, 4 Easy."""
    return {r: _(name) for r, name in RATING_NAMES.items()}


def format_number(value: float) -> str:
    """A computed number as the feedback shows it: 6 significant figures."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.6e}"


def format_tensor(value: Any) -> str:
    """Nested lists as typed: [3, 2, 1, 2], [[1, 0.5], [2, 3]]."""
    if isinstance(value, list):
        return "[" + ", ".join(format_tensor(item) for item in value) + "]"
    return format_number(float(value))


def format_answer(card: Card, value: Any, lang: str = "en") -> str:
    if card.answer == "tensor":
        return format_tensor(value)
    if card.answer == "shape":
        return "(" + ", ".join(str(d) for d in value) + ("," if len(value) == 1 else "") + ")"
    if card.answer == "number":
        if not math.isfinite(value):
            return str(value)
        return f"{value:.6g}" if abs(value) < 1e6 else f"{value:.6e}"
    if card.answer == "bool":
        return _("yes") if value else _("no")
    if card.answer == "choice":
        return next((c.get(lang) for c in card.choices if c.en == value), str(value))
    return str(value)


def interval_text(days: int) -> str:
    """An interval as the grade buttons show it: 6d, 1.5mo, 2.1y."""
    if days < 30:
        return _("{n}d").format(n=days)
    if days < 365:
        return _("{n:.1f}mo").format(n=days / 30)
    return _("{n:.1f}y").format(n=days / 365)


_BREAK = re.compile(r"(?<=[,(\[{])\s*|\s+")


def wrap_code(code: str, width: int) -> str:
    """Code lines longer than `width` broken after a comma, bracket or space, each
    continuation indented under the line it continues (4 more spaces), never back at the
    left margin, so the wrapped snippet still reads as Python."""
    width = max(width, 20)
    out = []
    for line in code.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        hang = " " * min(indent + 4, width // 2)
        while len(line) > width:
            cuts = [m for m in _BREAK.finditer(line, 0, width + 1)
                    if len(hang) < m.start() <= width]
            if not cuts:
                break  # one unbreakable token: let it run on (the view crops it)
            # After a comma where one is far enough along, else at any break.
            commas = [m for m in cuts if line[m.start() - 1] == "," and m.start() > width // 2]
            cut = (commas or cuts)[-1].end()
            out.append(line[:cut].rstrip())
            line = hang + line[cut:].lstrip()
        out.append(line)
    return "\n".join(out)


# C0 controls but tab and newline, DEL, and C1 controls (the one-byte CSI among them).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Deck text safe for a terminal: control characters (escape sequences begin with one)
    are shown as visible escapes instead of acted on."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def width(text: str) -> int:
    """Columns a text takes in a terminal: CJK characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def share(value: float | None) -> str:
    """A proportion as a whole percentage, "-" where there is none."""
    return "-" if value is None else f"{value:.0%}"


def decimal(value: float | None, digits: int = 1) -> str:
    """A figure to `digits` places, "-" where there is none."""
    return "-" if value is None else f"{value:.{digits}f}"


def pad(text: str, columns: int, left: bool = True) -> str:
    """`text` padded to `columns` terminal columns (on the right when `left`-aligned)."""
    gap = " " * max(0, columns - width(text))
    return text + gap if left else gap + text


def cells(text: str) -> list[str]:
    """One entry per terminal column: a wide character, then "" for the column it spills into."""
    return [part for ch in text for part in ((ch, "") if width(ch) == 2 else (ch,))]
