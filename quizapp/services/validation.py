"""Checking a deck end to end: the verifier's functions, every template over many seeds, the
live checks of flash cards, slips functions, and the worked examples the author stated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quizapp.core import params as P
from quizapp.core.deck import Card, CardTest, Deck, DeckError
from quizapp.core.errors import QuizappError
from quizapp.core.parsing import ParseError
from quizapp.core.present import format_answer
from quizapp.services.runner import CardRunner
from quizapp.verify.answers import normalize
from quizapp.verify.engine import VerifierError

DEFAULT_SEEDS = 50


def is_builtin_file(path: Path) -> bool:
    from quizapp.locations import builtin_decks

    return path.resolve() in {p.resolve() for p in builtin_decks()}


def runner_for_file(deck: Deck, device: str, trusted: bool) -> CardRunner | None:
    """A runner for a deck file checked without adding it; None when its code may not run
    (custom Python code the user has not consented to with --trust)."""
    if deck.verifier_path is not None and not (trusted or is_builtin_file(deck.source)):
        return None
    from quizapp.verify.engine import VerifierEngine

    return CardRunner(VerifierEngine(device), lambda _name: deck.verifier_path)


@dataclass
class CardReport:
    """How one card did: its stated tests, its sampled seeds, and what failed."""

    card: Card
    tests_passed: int = 0
    seeds_ok: int = 0
    seeds_run: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _seed_problem(runner: CardRunner, card: Card, seed: int) -> str | None:
    try:
        params = runner.params(card, seed)
        for lang in ("en", "zh"):
            P.render(card.prompt.get(lang), params)
        if card.code:
            P.render(card.code, params)
        computed = runner.compute(card, params)
        if card.slips:
            verifier = runner.verifier_of(card.deck)
            assert verifier is not None
            runner.engine.slips(verifier, card, params, strict=True)
        format_answer(card, computed.value)
    except (QuizappError, KeyError, ValueError) as exc:
        return f"seed {seed}: {exc}"
    return None


def _verdict(runner: CardRunner, card: Card, typed: str, computed: object
             ) -> tuple[str, str | None]:
    try:
        _value, verdict, slip = runner.grade(card, typed, computed)  # type: ignore[arg-type]
    except ParseError:
        return "unparsable", None
    if verdict is None:
        return "unparsable", None
    name = "correct" if verdict.correct else "close" if verdict.close else "wrong"
    return name, slip.id if slip else None


def _test_problems(runner: CardRunner, card: Card, number: int, test: CardTest) -> list[str]:
    where = f"test {number}" + (f" (line {test.line})" if test.line else "")
    try:
        params = runner.derived(card, test.params)
        computed = runner.compute(card, params, given=True)
        expected = normalize(card, test.answer)
    except (QuizappError, TypeError, ValueError) as exc:
        return [f"{where}: {exc}"]
    problems = []
    from quizapp.core.grading import compare

    tolerance = test.tolerance or card.tolerance
    if not compare(card.answer or "", computed.value, expected, tolerance).correct:
        problems.append(f"{where}: expected {format_answer(card, expected)}, "
                        f"the verifier computed {format_answer(card, computed.value)}")
    for case in test.typed:
        verdict, slip = _verdict(runner, card, case.typed, computed)
        if verdict != case.verdict:
            problems.append(f"{where}: typed {case.typed!r}: expected {case.verdict}, "
                            f"got {verdict}")
        elif case.check_slip and slip != case.slip:
            problems.append(f"{where}: typed {case.typed!r}: expected slip "
                            f"{case.slip or 'none'}, got {slip or 'none'}")
    return problems


def check_card(runner: CardRunner, card: Card, seeds: int) -> CardReport:
    report = CardReport(card)
    if card.kind == "flash":
        if card.verifier:
            report.seeds_run = 1
            try:
                result = runner.compute(card, {})
                if result.value is True:
                    report.seeds_ok = 1
                else:
                    report.failures.append("the live check of this card's claim failed")
            except VerifierError as exc:
                report.failures.append(str(exc))
        return report
    for number, test in enumerate(card.tests, 1):
        problems = _test_problems(runner, card, number, test)
        report.failures += problems
        report.tests_passed += not problems
    for seed in range(seeds):
        report.seeds_run += 1
        problem = _seed_problem(runner, card, seed)
        if problem:
            report.failures.append(problem)
            break  # one failing seed says enough; the rest would repeat it
        report.seeds_ok += 1
    return report


def check_deck(deck: Deck, runner: CardRunner, seeds: int = DEFAULT_SEEDS,
               tests: bool = True) -> list[CardReport]:
    """A report per card; `tests=False` skips the stated tests (`deck validate`)."""
    verifier = runner.verifier_of(deck.name) if deck.verifier_path else None
    missing = runner.engine.missing(verifier, deck) if verifier else []
    if missing:
        raise DeckError(missing)
    reports = []
    for card in deck.cards:
        if not tests and card.tests:
            card = _without_tests(card)
        reports.append(check_card(runner, card, seeds))
    return reports


def _without_tests(card: Card) -> Card:
    from dataclasses import replace

    return replace(card, tests=())


def problems(deck: Deck, reports: list[CardReport]) -> list[str]:
    """Every failure as 'file:line: deck/id: message'."""
    return [f"{deck.source}:{r.card.line}: {r.card.key}: {failure}"
            for r in reports for failure in r.failures]
