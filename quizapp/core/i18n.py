"""The interface's language: gettext over quizapp's catalog, English being the source text.

The active language is process-wide, as gettext's own `install` is: the learner switches it
for the whole app (ctrl+l, --lang), and every label, verdict and message follows.
"""

from __future__ import annotations

import gettext
from pathlib import Path

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
