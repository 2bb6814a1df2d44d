"""`quizapp deck export NAME --apkg FILE`, checked by opening the package with Anki's own
library (the `anki` wheel): the notes arrive, their answers are the ones quizapp computes
for the same seed, and a second export updates the notes instead of adding copies."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from quizapp.services.anki import variant_seed

pytest.importorskip("anki")

from anki.collection import (  # after the skip: anki is a test extra
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

ROOT = Path(__file__).resolve().parents[2]


def _import(collection: Collection, package: Path) -> None:
    collection.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(package),
        options=ImportAnkiPackageOptions(update_notes=1, update_notetypes=1)))


def _notes(collection: Collection) -> dict[str, list[dict[str, str]]]:
    by_key: dict[str, list[dict[str, str]]] = {}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        fields = dict(zip(note.keys(), note.values(), strict=True))
        by_key.setdefault(fields["Key"], []).append(fields)
    return by_key


def _text(field: str) -> str:
    return html.unescape(field.replace("<br>", "\n"))


def test_export_opens_in_anki_with_the_computed_answers(
    quizapp: Any, tmp_path: Path,
) -> None:
    deck = yaml.safe_load((ROOT / "cards" / "conv.yaml").read_text(encoding="utf-8"))
    quiz = [c["id"] for c in deck["cards"] if c["kind"] == "quiz"]
    flash = [c for c in deck["cards"] if c["kind"] == "flash"]
    package = tmp_path / "conv.apkg"

    done = quizapp("deck", "export", "conv", "--apkg", str(package), "--variants", "2")
    assert done.code == 0, done.output
    assert f"{2 * len(quiz)} quiz notes" in done.stdout
    assert f"{len(flash)} flash notes" in done.stdout

    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        _import(collection, package)
        notes = _notes(collection)
        assert len(notes) == len(quiz) + len(flash)
        assert all(len(notes[f"conv/{key}"]) == 2 for key in quiz)

        # A variant's question and answer are what `card show` computes for its seed.
        key = f"conv/{quiz[0]}"
        from quizapp.core.deck_loader import load_deck

        card = next(c for c in load_deck(ROOT / "cards" / "conv.yaml").cards if c.key == key)
        shown = quizapp("card", "show", key, "--seed", str(variant_seed(card, 0)), "--json")
        assert shown.code == 0, shown.output
        expected = json.loads(shown.stdout)
        [variant] = [n for n in notes[key] if expected["question"].splitlines()[0]
                     in _text(n["Question"])]
        answer = expected["answer"]
        answer_text = ", ".join(map(str, answer)) if isinstance(answer, list) else str(answer)
        assert _text(variant["Answer"]).replace("(", "").replace(")", "") \
            .replace(" ", "") == answer_text.replace(" ", "")
        assert variant["QuestionZh"] and variant["ExplanationZh"]

        first_flash = notes[f"conv/{flash[0]['id']}"][0]
        assert flash[0]["front"]["en"].split()[0] in _text(first_flash["Front"])

        # Re-export: Anki updates the same notes (stable GUIDs), it never duplicates them.
        again = quizapp("deck", "export", "conv", "--apkg", str(package), "--variants", "2")
        assert again.code == 0, again.output
        _import(collection, package)
        assert sum(map(len, _notes(collection).values())) == 2 * len(quiz) + len(flash)
    finally:
        collection.close()


def test_bad_export_requests_fail_cleanly(quizapp: Any, tmp_path: Path) -> None:
    target = tmp_path / "out.apkg"
    zero = quizapp("deck", "export", "conv", "--apkg", str(target), "--variants", "0")
    assert zero.code == 2 and "--variants" in zero.output
    missing = quizapp("deck", "export", "nope", "--apkg", str(target))
    assert missing.code != 0 and "nope" in missing.output
    nowhere = quizapp("deck", "export", "conv", "--apkg", str(tmp_path / "no" / "x.apkg"))
    assert nowhere.code != 0 and "cannot write" in nowhere.output
    for outcome in (zero, missing, nowhere):
        assert "Traceback" not in outcome.output
    assert not target.exists()
