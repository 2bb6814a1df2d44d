"""Parse a deck file: hardened YAML, the pydantic schema, then checks across fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quizapp.core import deck_schema as schema
from quizapp.core import params as P
from quizapp.core import yamlsafe
from quizapp.core.deck import Card, CardTest, Deck, DeckError, Text, Tolerance, TypedCase
from quizapp.core.limits import MAX_LIST
from quizapp.core.overrides import ParamError, apply


def _text(raw: schema.Text | None) -> Text | None:
    if raw is None:
        return None
    return Text(raw) if isinstance(raw, str) else Text(raw.en, raw.zh)


def _tolerance(tol: schema.ToleranceModel | None) -> Tolerance | None:
    return Tolerance(tol.sig, tol.rel, tol.abs) if tol else None


def _tests(m: schema.QuizModel, specs: dict, problem: Any, at: tuple, lines: dict) -> tuple:
    """The card's stated tests; each must give every sampled parameter within its spec."""
    tests = []
    for index, t in enumerate(m.tests):
        where = (*at, "tests", index)
        missing = [name for name, spec in specs.items()
                   if not isinstance(spec, P.Const) and name not in t.params]
        if missing:
            problem((*where, "params"), f"the test must give {', '.join(missing)}")
        try:
            consts = {n: s.value for n, s in specs.items() if isinstance(s, P.Const)}
            params = apply(specs, consts, t.params, fixed_ok=True)
        except ParamError as exc:
            problem((*where, "params"), str(exc).removeprefix("--param "))
            continue
        typed = tuple(TypedCase(c.answer, c.verdict, c.slip, "slip" in c.model_fields_set)
                      for c in t.typed)
        tests.append(CardTest(params, t.answer, t.edge, t.note, typed, _tolerance(t.tolerance),
                              lines.get(where, (0, 0))[0]))
    return tuple(tests)


def _card(deck: str, m: schema.QuizModel | schema.FlashModel, specs: dict, line: int,
          tests: tuple = ()) -> Card:
    common: dict[str, Any] = dict(
        deck=deck, id=m.id, code=m.code, explain=_text(m.explain), tags=tuple(m.tags), line=line
    )
    if isinstance(m, schema.FlashModel):
        return Card(
            kind="flash", prompt=_text(m.front), back=_text(m.back),  # type: ignore[arg-type]
            verifier=m.verifier, **common,
        )
    tol = m.tolerance
    return Card(
        kind="quiz", prompt=_text(m.prompt), params=specs, answer=m.answer,  # type: ignore[arg-type]
        choices=tuple(_text(c) for c in m.choices or ()),  # type: ignore[misc]
        tolerance=_tolerance(tol) or Tolerance(),
        verifier=m.verifier or m.id.replace("-", "_"), sampler=m.sample, slips=m.slips,
        derive=m.derive, tests=tests, **common,
    )


def _check_card(m: Any, specs: dict, has_verifier: bool, problem: Any, at: tuple) -> None:
    if isinstance(m, schema.QuizModel):
        if not has_verifier:
            problem((*at, "kind"), "quiz cards need the deck's verifier module (`verifier:`)")
        if m.answer == "choice" and not m.choices:
            problem((*at, "choices"), "an answer of type choice needs choices")
        texts = [("prompt", t) for t in _langs(m.prompt)] + [("code", m.code or "")]
        for name, raw in m.params.items():
            try:
                specs[name] = spec = P.parse_spec(raw)
            except P.SpecError as exc:
                problem((*at, "params", name), str(exc))
                continue
            for ref in P.length_refs(spec):
                if ref not in specs:
                    message = f"length refers to '{ref}', not an earlier param"
                    problem((*at, "params", name), message)
                elif isinstance(specs[ref], P.IntRange) and specs[ref].hi > MAX_LIST:
                    message = f"length '{ref}' can exceed the limit of {MAX_LIST} items"
                    problem((*at, "params", name), message)
        for where, template in texts:
            try:
                unknown = [f for f in P.template_fields(template) if f not in m.params]
            except ValueError as exc:
                problem((*at, where), f"malformed template: {exc}")
                continue
            for name in unknown:
                problem((*at, where), f"template names unknown param '{name}'")
    elif m.verifier and not has_verifier:
        problem((*at, "verifier"), "names a verifier but the deck has no verifier module")


def _langs(text: schema.Text) -> list[str]:
    return [text] if isinstance(text, str) else [text.en, text.zh or ""]


def _line_of(error: str) -> int:
    # Errors read "file:line:col: ...": report them in file order.
    parts = error.rsplit(": ", 1)[0].split(":")
    return int(parts[-3]) if len(parts) >= 3 and parts[-3].isdigit() else 0


def load_deck(path: Path) -> Deck:
    """Read and validate a deck file; raises DeckError listing every problem at once."""
    path = Path(path)
    try:
        data, lines = yamlsafe.load(path)
    except yamlsafe.YamlProblem as exc:
        where = ":".join(str(p) for p in (path, exc.line, exc.column) if p is not None)
        raise DeckError([f"{where}: {exc.message}"]) from None
    errors: list[str] = []

    def problem(loc: tuple, message: str) -> None:
        line, column = next((lines[loc[:i]] for i in range(len(loc), -1, -1) if loc[:i] in lines),
                            (1, 1))
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        errors.append(f"{path}:{line}:{column}: {dotted or 'deck'}: {message}")

    model, card_models, schema_errors = schema.validate(data)
    for loc, message in schema_errors:
        problem(loc, message)
    if model is None:
        raise DeckError(sorted(errors, key=_line_of))
    verifier_path = (path.parent / model.verifier).resolve() if model.verifier else None
    is_package = verifier_path is not None and (verifier_path / "__init__.py").is_file()
    if verifier_path and not (verifier_path.is_file() or is_package):
        problem(("verifier",), f"verifier module {model.verifier} not found next to the deck")
    cards, seen = [], set()
    for index, m in enumerate(card_models):
        at = ("cards", index)
        if m is None:
            continue
        if m.id in seen:
            problem((*at, "id"), f"duplicate card id '{m.id}'")
        seen.add(m.id)
        specs: dict[str, P.Spec] = {}
        _check_card(m, specs, verifier_path is not None, problem, at)
        tests = _tests(m, specs, problem, at, lines) if isinstance(m, schema.QuizModel) else ()
        cards.append(_card(model.name, m, specs, lines.get(at, (0, 0))[0], tests))
    if errors:
        raise DeckError(sorted(errors, key=_line_of))
    return Deck(model.name, _text(model.title), tuple(cards), path, verifier_path)  # type: ignore[arg-type]
