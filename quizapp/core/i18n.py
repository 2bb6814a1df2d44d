"""The interface's language: gettext over quizapp's catalog, English being the source text.

The active language is process-wide, as gettext's own `install` is: the learner switches it
for the whole app (ctrl+l, --lang), and every label, verdict and message follows.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOMAIN = "quizapp"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("en", "zh")

_state: dict[str, gettext.NullTranslations | str] = {
    "lang": "en", "catalog": gettext.NullTranslations(),
}


def set_language(lang: str) -> None:
    """Make `lang` (en or zh) the language of every later message."""
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    _state["lang"] = lang
    _state["catalog"] = (
        gettext.NullTranslations() if lang == "en"
        else gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    )


def language() -> str:
    return str(_state["lang"])


def _catalog() -> gettext.NullTranslations:
    catalog = _state["catalog"]
    assert isinstance(catalog, gettext.NullTranslations)
    return catalog


def _(message: str) -> str:
    """The message in the active language (English when the catalog lacks it)."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` in the active language."""
    return _catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; `_()` translates it where shown."""
    return message


@dataclass(frozen=True)
class _Message:
    msgid: str
    plural: str
    n: int
    args: tuple[tuple[str, Any], ...]

    def render(self) -> str:
        text = ngettext(self.msgid, self.plural, self.n) if self.plural else _(self.msgid)
        return text.format(**dict(self.args))


@dataclass(frozen=True)
class Later:
    """Interface text translated each time it is shown, not once when it is made: a verdict
    graded in English reads in Chinese after the learner switches language (ctrl+l) on the
    feedback screen. `str()` renders it in the active language; `+` joins it with text."""

    parts: tuple[_Message | str, ...]

    def __str__(self) -> str:
        return "".join(p if isinstance(p, str) else p.render() for p in self.parts)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def __add__(self, other: str | Later) -> Later:
        return Later(self.parts + (other.parts if isinstance(other, Later) else (other,)))

    def __radd__(self, other: str) -> Later:
        return Later((other, *self.parts))


def later(msgid: str, /, **args: Any) -> Later:
    """`_(msgid).format(**args)`, rendered when shown (extracted like `_`)."""
    return Later((_Message(msgid, "", 1, tuple(args.items())),))


def later_n(singular: str, plural: str, n: int, /, **args: Any) -> Later:
    """`ngettext(singular, plural, n).format(**args)`, rendered when shown."""
    return Later((_Message(singular, plural, n, tuple(args.items())),))


def joined(items: Iterable[Later]) -> Later:
    """The items as a list ("a, b, c"; "a，b，c" in Chinese), each rendered when shown."""
    parts: list[_Message | str] = []
    for i, item in enumerate(items):
        parts += [*later(", ").parts] * bool(i) + list(item.parts)
    return Later(tuple(parts))
