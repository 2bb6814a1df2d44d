"""`quizapp study`: the Textual study screen, or plain lines with --plain."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from quizapp.cli.options import Options, pass_options
from quizapp.core.errors import NotFound
from quizapp.core.i18n import _

if TYPE_CHECKING:
    from quizapp.services.session import StudyRequest


def open_tui(opts: Options, home: bool = False, request: StudyRequest | None = None) -> None:
    code, notes, summary = opts.open_tui(home, request)
    # After the TUI has closed: what happened as it closed, and the session's summary.
    for note in notes:
        click.echo(f"quizapp: {note}", err=True)
    if summary is not None and not home:
        click.echo("\n".join(line for line in summary.lines() if line))
    if code:
        raise SystemExit(code)


@click.command()
@click.option("--deck", "decks", multiple=True, metavar="NAME",
              help="Study only this deck. Repeatable.")
@click.option("--new", type=click.IntRange(0, 10_000),
              help="New cards this session (within the daily limit of 20).")
@click.option("--limit", type=click.IntRange(1, 100_000), help="At most this many cards.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1),
              help="Seed the question sampler (reproducible sessions).")
@click.option("--plain", is_flag=True, help="Plain lines on stdin/stdout instead of the TUI.")
@pass_options
def study(opts: Options, decks: tuple[str, ...], new: int | None, limit: int | None,
          seed: int | None, plain: bool) -> None:
    """Review due cards and learn new ones."""
    services = opts.services(study=not plain)
    unknown = [d for d in decks if d not in services.library.names]
    if unknown:
        raise NotFound(_("no deck named {names} (see `quizapp deck list`)").format(
            names=", ".join(unknown)))
    from quizapp.services.session import StudyRequest

    request = StudyRequest(decks=decks or None, new=new, limit=limit, seed=seed)
    if plain:
        from quizapp.cli.plain import run_plain

        run_plain(services, request)
    else:
        open_tui(opts, request=request)
