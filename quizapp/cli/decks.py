"""`quizapp deck ...`: list, validate, add, remove and scaffold decks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizapp.cli.main import Options, pass_options

if TYPE_CHECKING:
    from quizapp.core.deck import Deck
    from quizapp.services.runner import CardRunner


@click.group()
def deck() -> None:
    """List, check, add and remove decks."""


@deck.command("list")
@pass_options
def list_decks(opts: Options) -> None:
    """Every deck with its cards, what is due now and what is new."""
    from quizapp.store import repo

    ctx = opts.context()
    with ctx.sessions() as s:
        counts = repo.deck_counts(s, ctx.clock())
    lang = ctx.lang
    rows = []
    for name in ctx.collection.names:
        row = ctx.collection.row(name)
        title = (row.title_zh if lang == "zh" and row.title_zh else row.title)
        c = counts.get(name, repo.DeckCounts())
        rows.append((name, title, str(c.cards), str(c.due), str(c.new)))
    header = ("NAME", "TITLE", "CARDS", "DUE", "NEW")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for r in [header, *rows]:
        click.echo("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                             for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip())


def _is_builtin(path: Path) -> bool:
    from quizapp.locations import builtin_decks

    return path.resolve() in {p.resolve() for p in builtin_decks()}


def _file_runner(opts: Options, deck_: Deck, trust: bool) -> CardRunner | None:
    """A runner for a deck file that is not (necessarily) in the collection."""
    from quizapp.services.runner import CardRunner
    from quizapp.verify.engine import VerifierEngine

    if deck_.verifier_path is not None and not (trust or _is_builtin(deck_.source)):
        return None
    return CardRunner(VerifierEngine(opts.device), lambda _name: deck_.verifier_path)


@deck.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--seeds", default=50, show_default=True, help="Samples per quiz card.")
@click.option("--trust", is_flag=True, help="Run the deck's own verifier code.")
@pass_options
def validate(opts: Options, file: Path, seeds: int, trust: bool) -> None:
    """Check a deck file without adding it: schema, then every template with many seeds."""
    from quizapp.core.deck import DeckError
    from quizapp.core.deck_loader import load_deck
    from quizapp.services.validation import check_deck, problems

    deck_ = load_deck(file)
    quiz = sum(c.kind == "quiz" for c in deck_.cards)
    summary = f"{file}: deck '{deck_.name}', {len(deck_.cards)} cards ({quiz} quiz)"
    if deck_.verifier_path is None:
        click.echo(f"{summary}: ok")
        return
    runner = _file_runner(opts, deck_, trust)
    if runner is None:
        click.echo(f"{summary}: schema ok; verifier not run "
                   f"(it is custom Python code: read it, then pass --trust)")
        return
    found = problems(deck_, check_deck(deck_, runner, seeds, tests=False))
    if found:
        raise DeckError(found)
    click.echo(f"{summary}: ok, every quiz card verified with {seeds} seeds")


@deck.command("test")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--seeds", default=20, show_default=True, help="Sampled seeds per quiz card.")
@click.option("--trust", is_flag=True, help="Run the deck's own verifier code.")
@pass_options
def test_deck(opts: Options, file: Path, seeds: int, trust: bool) -> None:
    """Run a deck's stated tests (worked examples, typed answers) and its sampled seeds.

    Prints one row per card. Exit 0 when everything passes, 1 when a test fails, 2 when
    the deck is invalid.
    """
    from quizapp.core.deck_loader import load_deck
    from quizapp.core.errors import InvalidInput
    from quizapp.services.validation import check_deck

    deck_ = load_deck(file)
    runner = _file_runner(opts, deck_, trust)
    if runner is None:
        raise InvalidInput(f"{file}: this deck runs its own Python code "
                           f"({deck_.verifier_path.name if deck_.verifier_path else ''}); "
                           "read it, then pass --trust")
    reports = check_deck(deck_, runner, seeds)
    width = max(len(r.card.key) for r in reports)
    click.echo(f"{'CARD'.ljust(width)}  TESTS  SEEDS  RESULT")
    for r in reports:
        tests = f"{r.tests_passed}/{len(r.card.tests)}" if r.card.kind == "quiz" else "-"
        ran = f"{r.seeds_ok}/{r.seeds_run}" if r.seeds_run else "-"
        click.echo(f"{r.card.key.ljust(width)}  {tests:>5}  {ran:>5}  "
                   f"{'ok' if r.ok else 'FAIL'}")
        for failure in r.failures:
            click.echo(f"{' ' * width}    {failure}")
    failed = [r for r in reports if not r.ok]
    total = sum(len(r.card.tests) for r in reports)
    click.echo(f"{len(reports)} cards, {total} stated tests: "
               + (f"{len(failed)} card(s) FAILED" if failed else "all passed"))
    if failed:
        raise SystemExit(1)


@deck.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--trust", is_flag=True, help="Consent to run the deck's own verifier code.")
@pass_options
def add(opts: Options, file: Path, trust: bool) -> None:
    """Add (or update) a deck; an invalid deck changes nothing, history is kept by card id."""
    from quizapp.services.runner import CardRunner
    from quizapp.services.validation import check_deck, problems

    ctx = opts.context()

    def check(d: Deck) -> list[str]:
        runner = CardRunner(ctx.engine, lambda _name: d.verifier_path)
        return problems(d, check_deck(d, runner, seeds=5))

    deck_, (added, kept, retired) = ctx.collection.add(file, trust, check)
    click.echo(f"added deck '{deck_.name}': {added} new card(s), {kept} kept, {retired} retired")


@deck.command()
@click.argument("name")
@pass_options
def remove(opts: Options, name: str) -> None:
    """Stop studying a deck; its review history is kept (add it again to bring it back)."""
    if not opts.context().collection.remove(name):
        raise click.ClickException(f"no deck named '{name}'")
    click.echo(f"removed deck '{name}' (history kept)")


@deck.command()
@click.argument("name")
@click.option("--dir", "folder", type=click.Path(path_type=Path), default=Path("."),
              show_default=True, help="Where to create the NAME/ folder.")
def new(name: str, folder: Path) -> None:
    """Scaffold a custom deck: NAME/NAME.yaml and a verifier with one card of each kind."""
    import re
    from importlib.resources import files

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise click.BadParameter("use lowercase letters, digits and dashes", param_hint="NAME")
    target = folder / name
    if target.exists():
        raise click.ClickException(f"{target} already exists; nothing was written")
    templates = files("quizapp") / "templates"
    target.mkdir(parents=True)
    for template, out in (("deck.yaml.tmpl", f"{name}.yaml"), ("verifier.py.tmpl", f"{name}.py")):
        text = (templates / template).read_text(encoding="utf-8").format(name=name)
        (target / out).write_text(text, encoding="utf-8")
    click.echo(f"created {target / (name + '.yaml')} and {target / (name + '.py')}")
    click.echo(f"next: quizapp deck validate {target / (name + '.yaml')} --trust")
