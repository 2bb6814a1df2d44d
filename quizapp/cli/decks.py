"""`quizapp deck ...`: list, validate, add, remove and scaffold decks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import pad, width
from quizapp.core.errors import NotFound
from quizapp.core.i18n import _

if TYPE_CHECKING:
    from quizapp.core.deck import Deck


@click.group()
def deck() -> None:
    """List, check, add and remove decks."""


@deck.command("list")
@click.option("--removed", is_flag=True, help="List the removed decks (see `deck restore`).")
@pass_options
def list_decks(opts: Options, removed: bool) -> None:
    """Every deck with its cards, what is due now and what is new."""
    library = opts.services().library
    if removed:
        for name in library.removed():
            click.echo(name)
        return
    rows = [(d.name, d.title, str(d.counts.cards), str(d.counts.due), str(d.counts.new))
            for d in library.summaries(opts.services().lang)]
    header = (_("NAME"), _("TITLE"), _("CARDS"), _("DUE"), _("NEW"))
    widths = [max(width(r[i]) for r in [header, *rows]) for i in range(5)]
    for r in [header, *rows]:
        cells = [pad(c, w, left=i < 2) for i, (c, w) in enumerate(zip(r, widths, strict=True))]
        click.echo("  ".join(cells).rstrip())


@deck.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--seeds", default=50, show_default=True, help="Samples per quiz card.")
@click.option("--trust", is_flag=True, help="Run the deck's own verifier code.")
@pass_options
def validate(opts: Options, file: Path, seeds: int, trust: bool) -> None:
    """Check a deck file without adding it: schema, then every template with many seeds."""
    from quizapp.core.deck import DeckError
    from quizapp.core.deck_loader import load_deck
    from quizapp.services.validation import check_deck, problems, runner_for_file

    deck_ = load_deck(file)
    quiz = sum(c.kind == "quiz" for c in deck_.cards)
    summary = _("{file}: deck '{name}', {n} cards ({quiz} quiz)").format(
        file=file, name=deck_.name, n=len(deck_.cards), quiz=quiz)
    if deck_.verifier_path is None:
        click.echo(summary + ": " + _("ok"))
        return
    runner = runner_for_file(deck_, opts.device, trust)
    if runner is None:
        click.echo(summary + ": " + _("schema ok; verifier not run (it is custom Python code: "
                                      "read it, then pass --trust)"))
        return
    found = problems(deck_, check_deck(deck_, runner, seeds, tests=False))
    if found:
        raise DeckError(found)
    click.echo(summary + ": " + _("ok, every quiz card verified with {n} seeds").format(n=seeds))


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
    from quizapp.services.validation import check_deck, runner_for_file

    deck_ = load_deck(file)
    runner = runner_for_file(deck_, opts.device, trust)
    if runner is None:
        raise InvalidInput(f"{file}: this deck runs its own Python code "
                           f"({deck_.verifier_path.name if deck_.verifier_path else ''}); "
                           "read it, then pass --trust")
    reports = check_deck(deck_, runner, seeds)
    columns = max(len(r.card.key) for r in reports)
    click.echo(f"{pad(_('CARD'), columns)}  {pad(_('TESTS'), 5, False)}  "
               f"{pad(_('SEEDS'), 5, False)}  {_('RESULT')}")
    for r in reports:
        tests = f"{r.tests_passed}/{len(r.card.tests)}" if r.card.kind == "quiz" else "-"
        ran = f"{r.seeds_ok}/{r.seeds_run}" if r.seeds_run else "-"
        click.echo(f"{r.card.key.ljust(columns)}  {tests:>5}  {ran:>5}  "
                   f"{_('ok') if r.ok else _('FAIL')}")
        for failure in r.failures:
            click.echo(f"{' ' * columns}    {failure}")
    failed = [r for r in reports if not r.ok]
    total = sum(len(r.card.tests) for r in reports)
    click.echo(_("{n} cards, {total} stated tests: ").format(n=len(reports), total=total)
               + (_("{n} card(s) FAILED").format(n=len(failed)) if failed else _("all passed")))
    if failed:
        raise SystemExit(1)


@deck.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--trust", is_flag=True, help="Consent to run the deck's own verifier code.")
@pass_options
def add(opts: Options, file: Path, trust: bool) -> None:
    """Add (or update) a deck; an invalid deck changes nothing, history is kept by card id."""
    from quizapp.services.validation import check_deck, problems

    services = opts.services()

    def check(d: Deck) -> list[str]:
        runner = services.runner.for_deck(d)
        return problems(d, check_deck(d, runner, seeds=5))

    deck_, (added, kept, retired) = services.library.add(file, trust, check)
    click.echo(_("added deck '{name}': {added} new card(s), {kept} kept, {retired} retired")
               .format(name=deck_.name, added=added, kept=kept, retired=retired))


@deck.command()
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@pass_options
def remove(opts: Options, name: str, yes: bool) -> None:
    """Stop studying a deck; its history is kept, and `deck restore NAME` brings it back."""
    library = opts.services().library
    if name not in library.names:
        raise NotFound(_("no deck named '{name}' (see `quizapp deck list`)").format(name=name))
    if not yes:
        click.confirm(_("Remove deck '{name}'? Its history is kept; `quizapp deck restore "
                        "{name}` brings it back.").format(name=name), abort=True, err=True)
    library.remove(name)
    click.echo(_("removed deck '{name}' (history kept; `quizapp deck restore {name}` "
                 "brings it back)").format(name=name))


@deck.command("trust")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@pass_options
def trust_deck(opts: Options, name: str, yes: bool) -> None:
    """Consent to run deck NAME's own verifier code on this machine, as it is now (by its
    SHA-256): for a deck added on another machine sharing the database, such as a class's.
    Read the code first; a later change to it needs consent again."""
    library = opts.services().library
    path, digest = library.verifier_of(name)
    click.echo(_("verifier of '{name}': {path}\nSHA-256 {digest}").format(
        name=name, path=path, digest=digest))
    if not yes:
        click.confirm(_("Run this code when you study '{name}'?").format(name=name),
                      abort=True, err=True)
    library.trust_deck(name)
    click.echo(_("trusted deck '{name}' on this machine").format(name=name))


@deck.command()
@click.argument("name")
@pass_options
def restore(opts: Options, name: str) -> None:
    """Bring back a removed deck, built-in or custom, with all its history."""
    opts.services().library.restore(name)
    click.echo(_("restored deck '{name}'").format(name=name))


@deck.command("export")
@click.argument("name")
@click.option("--apkg", "target", required=True, type=click.Path(path_type=Path),
              metavar="FILE", help="The Anki package to write (.apkg).")
@click.option("--variants", default=3, show_default=True, type=click.IntRange(1, 50),
              help="Pre-computed variants of each quiz card.")
@pass_options
def export_deck(opts: Options, name: str, target: Path, variants: int) -> None:
    """Write a deck as an Anki package: quiz cards as variants whose answers PyTorch
    computed now, flash cards as basic notes, both languages. Re-exporting updates the
    notes Anki already has instead of adding copies."""
    from quizapp.services.anki import export_deck as write

    services = opts.services()
    if name not in services.library.names:
        raise NotFound(_("no deck named '{name}' (see `quizapp deck list`)").format(name=name))
    done = write(services.library.deck(name), services.runner, target, variants)
    for problem in done.skipped:
        click.echo(_("skipped: {problem}").format(problem=problem), err=True)
    click.echo(_("wrote {path}: {quiz} quiz notes ({n} variants of each quiz card) and "
                 "{flash} flash notes").format(path=done.path, quiz=done.quiz_notes,
                                               n=variants, flash=done.flash_notes))


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
    click.echo(_("created {deck} and {verifier}").format(deck=target / f"{name}.yaml",
                                                         verifier=target / f"{name}.py"))
    click.echo(_("next: quizapp deck test {deck} --trust").format(deck=target / f"{name}.yaml"))
