"""The interface catalog: every message in the code has a Chinese translation, with the same
placeholders, and the compiled .mo the app loads says what the .po says."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "quizapp" / "locale"
PO = LOCALE / "zh" / "LC_MESSAGES" / "quizapp.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "later": None, "later_n": (1, 2)}
FIELD = re.compile(r"\{([a-z_]*)[^{}]*\}")


def code_messages() -> set[str | tuple[str, ...]]:
    found = extract_from_dir(str(ROOT / "quizapp"), keywords=KEYWORDS,
                             method_map=[("**.py", "python")], comment_tags=())
    return {message for _file, _line, message, _comments, _context in found}


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_in_the_code_is_translated(catalog) -> None:  # type: ignore[no-untyped-def]
    # A fuzzy entry (a guess `make catalog` made from a similar message) is not compiled.
    translated = {m.id: m.string for m in catalog if m.id and not m.fuzzy}
    missing = sorted(str(m) for m in code_messages()
                     if not translated.get(m))
    assert not missing, f"run `make catalog` and translate: {missing[:20]}"


def test_translations_keep_the_placeholders(catalog) -> None:  # type: ignore[no-untyped-def]
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(FIELD.findall(ids[-1]))
        for text in strings:
            assert set(FIELD.findall(text)) == wanted, (message.id, text)


def test_the_compiled_catalog_matches_the_po_file(catalog) -> None:  # type: ignore[no-untyped-def]
    compiled = gettext.translation("quizapp", LOCALE, languages=["zh"])
    for message in catalog:
        if not message.id or isinstance(message.id, tuple):
            continue
        assert compiled.gettext(message.id) == message.string, (
            f"{message.id!r}: the .mo is out of date; run `make catalog`")
