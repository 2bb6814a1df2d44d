"""`quizapp deck ...`: list, validate, add, remove and scaffold decks."""

from __future__ import annotations

from pathlib import Path

import click

from quizapp.cli.main import Options, pass_options


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


@deck.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--seeds", default=50, show_default=True, help="Samples per quiz card.")
@click.option("--trust", is_flag=True, help="Run the deck's own verifier code.")
@pass_options
def validate(opts: Options, file: Path, seeds: int, trust: bool) -> None:
    """Check a deck file without adding it: schema, then every template with many seeds."""
    from quizapp.core.deck import DeckError, load_deck
    from quizapp.validate import check_deck
    from quizapp.verify.engine import VerifierEngine
    from quizapp.verify.loader import load_module

    deck_ = load_deck(file)
    quiz = sum(c.kind == "quiz" for c in deck_.cards)
    summary = f"{file}: deck '{deck_.name}', {len(deck_.cards)} cards ({quiz} quiz)"
    if deck_.verifier_path is None:
        click.echo(f"{summary}: ok")
        return
    if not (trust or _is_builtin(file)):
        click.echo(f"{summary}: schema ok; verifier not run "
                   f"(it is custom Python code: read it, then pass --trust)")
        return
    problems = check_deck(deck_, load_module(deck_.verifier_path),
                          VerifierEngine(opts.device), seeds)
    if problems:
        raise DeckError(problems)
    click.echo(f"{summary}: ok, every quiz card verified with {seeds} seeds")


@deck.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--trust", is_flag=True, help="Consent to run the deck's own verifier code.")
@pass_options
def add(opts: Options, file: Path, trust: bool) -> None:
    """Add (or update) a deck; an invalid deck changes nothing, history is kept by card id."""
    from quizapp.validate import check_deck

    ctx = opts.context()
    deck_, (added, kept, retired) = ctx.collection.add(
        file, trust, lambda d, module: check_deck(d, module, ctx.engine, seeds=5)
    )
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
