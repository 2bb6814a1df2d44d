"""A deck as an Anki package (genanki): quiz cards as pre-rendered variants, flash cards as
basic notes, English and Chinese as fields, stable GUIDs so a re-export updates notes.

Anki cannot run a verifier, so each quiz card travels as N variants whose answers quizapp
computed with PyTorch at export time (seeds fixed per card and variant).
"""

from __future__ import annotations

import hashlib
import html
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.core import params as P
from quizapp.core.deck import Card, Deck
from quizapp.core.errors import InvalidInput, QuizappError
from quizapp.core.i18n import _
from quizapp.core.present import clean, format_answer

if TYPE_CHECKING:
    from quizapp.services.runner import CardRunner

MAX_VARIANTS = 50
CSS = (".card { font-family: sans-serif; font-size: 18px; text-align: left; }\n"
       "pre { background: #f4f4f4; padding: 6px; white-space: pre-wrap; }\n"
       ".zh { color: #555; margin-top: 1em; }\n")


def stable_id(*parts: str) -> int:
    """An Anki id (a positive 31-bit int) that is the same on every export."""
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:8], 16) & 0x7FFFFFFF


def variant_seed(card: Card, variant: int) -> int:
    return stable_id("quizapp", card.key, str(variant))


def _h(text: str) -> str:
    return html.escape(clean(text)).replace("\n", "<br>")


def _models() -> tuple[Any, Any]:
    import genanki

    quiz = genanki.Model(
        stable_id("quizapp", "quiz-model"), "quizapp quiz (computed by PyTorch)",
        fields=[{"name": n} for n in ("Key", "Question", "Code", "Answer", "Explanation",
                                      "QuestionZh", "AnswerZh", "ExplanationZh")],
        templates=[{
            "name": "Answer it",
            "qfmt": "{{Question}}{{#Code}}<pre>{{Code}}</pre>{{/Code}}<br>{{type:Answer}}"
                    "<div class=zh>{{QuestionZh}}</div>",
            "afmt": "{{Question}}{{#Code}}<pre>{{Code}}</pre>{{/Code}}<hr id=answer>"
                    "{{type:Answer}}<p>{{Explanation}}</p><div class=zh>{{AnswerZh}}<br>"
                    "{{ExplanationZh}}</div><p><small>{{Key}}</small></p>",
        }],
        css=CSS,
    )
    flash = genanki.Model(
        stable_id("quizapp", "flash-model"), "quizapp flash",
        fields=[{"name": n} for n in ("Key", "Front", "Back", "FrontZh", "BackZh")],
        templates=[{
            "name": "Recall",
            "qfmt": "{{Front}}<div class=zh>{{FrontZh}}</div>",
            "afmt": "{{FrontSide}}<hr id=answer>{{Back}}<div class=zh>{{BackZh}}</div>"
                    "<p><small>{{Key}}</small></p>",
        }],
        css=CSS,
    )
    return quiz, flash


@dataclass(frozen=True)
class Exported:
    path: Path
    quiz_notes: int
    flash_notes: int
    skipped: tuple[str, ...]  # cards whose answer could not be computed


def _quiz_fields(runner: CardRunner, card: Card, seed: int) -> list[str]:
    params = runner.params(card, seed)
    computed = runner.compute(card, params)
    code = P.render(card.code, params).rstrip() if card.code else ""
    fields = [card.key]
    for lang in ("en", "zh"):
        question = P.render(card.prompt.get(lang), params)
        choices = "".join(f"<br>{i}. {_h(c.get(lang))}" for i, c in enumerate(card.choices, 1))
        explanation = computed.explanation.get(lang)
        if card.explain:
            explanation += "\n" + card.explain.get(lang)
        answer = format_answer(card, computed.value, lang)
        if lang == "en":
            fields += [_h(question) + choices, html.escape(clean(code)), html.escape(answer),
                       _h(explanation)]
        else:
            fields += [_h(question) + choices, html.escape(answer), _h(explanation)]
    return fields


def export_deck(deck: Deck, runner: CardRunner, path: Path, variants: int = 3) -> Exported:
    """Write `path` (an .apkg); it appears only once complete."""
    import genanki

    if not 1 <= variants <= MAX_VARIANTS:
        raise InvalidInput(_("--variants must be 1 to {n}").format(n=MAX_VARIANTS))
    quiz_model, flash_model = _models()
    package_deck = genanki.Deck(stable_id("quizapp", "deck", deck.name),
                                f"quizapp::{clean(deck.title.en)}")
    quiz = flash = 0
    skipped = []
    for card in deck.cards:
        if card.kind == "flash":
            back = card.back
            package_deck.add_note(genanki.Note(
                model=flash_model, guid=genanki.guid_for("quizapp", card.key),
                fields=[card.key, _h(card.prompt.en), _h(back.en if back else ""),
                        _h(card.prompt.get("zh")), _h(back.get("zh") if back else "")],
                tags=list(card.tags)))
            flash += 1
            continue
        for variant in range(variants):
            try:
                fields = _quiz_fields(runner, card, variant_seed(card, variant))
            except QuizappError as exc:
                skipped.append(f"{card.key}: {exc}")
                break
            package_deck.add_note(genanki.Note(
                model=quiz_model, guid=genanki.guid_for("quizapp", card.key, variant),
                fields=fields, tags=[*card.tags, f"variant-{variant + 1}"]))
            quiz += 1
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".apkg", dir=folder)
    except OSError as exc:
        raise QuizappError(_("cannot write {path}: {why}").format(path=path, why=exc.strerror)) \
            from None
    os.close(fd)
    try:
        genanki.Package(package_deck).write_to_file(temp)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Exported(path, quiz, flash, tuple(skipped))
