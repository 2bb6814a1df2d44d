"""`quizapp stats`: progress at a glance, as JSON for scripts, or the whole log exported."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from quizapp.cli.main import Options, pass_options

if TYPE_CHECKING:
    from quizapp.context import AppContext


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--deck", "decks", multiple=True, help="Only these decks. Repeatable.")
@click.option("--export", "export_to", metavar="FILE",
              help="Write every review to FILE ('-' for stdout) instead of the summary.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="Export format; JSON adds card states and daily totals.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Export only reviews from this local day on.")
@pass_options
def stats(opts: Options, as_json: bool, decks: tuple[str, ...], export_to: str | None,
          fmt: str, since: datetime | None) -> None:
    """Cards by state, reviews, accuracy, streak, and what is due."""
    from quizapp.store import stats as S

    if export_to is None and since is not None:
        raise click.UsageError("--since applies only with --export")
    ctx = opts.context()
    if export_to is not None:
        export(ctx, export_to, fmt, since.date() if since else None, decks)
        return
    with ctx.sessions() as s:
        figures = S.compute(s, ctx.clock(), list(decks) or None)
    if as_json:
        click.echo(json.dumps(figures.as_dict()))
        return
    f = figures
    accuracy = f"{f.accuracy:.0%}" if f.accuracy is not None else "-"
    click.echo(f"cards      {f.cards_total} total: {f.cards_new} new, {f.cards_learning} learning, "
               f"{f.cards_young} young, {f.cards_mature} mature")
    click.echo(f"           {f.cards_suspended} suspended, {f.cards_leech} leeches")
    click.echo(f"reviews    {f.reviews_today} today, {f.reviews_total} in total")
    click.echo(f"accuracy   {accuracy} of answers graded 3 or better")
    click.echo(f"streak     {f.streak_days} day(s)")
    click.echo(f"due        {f.cards_due} today, {f.due_tomorrow} tomorrow")


def _write(ctx: AppContext, out: TextIO, fmt: str, since: date | None,
           decks: Sequence[str]) -> int:
    from quizapp.store import export as E

    where = E.Filter(since, tuple(decks))
    # One read transaction: the rows, card states and totals all describe the same moment.
    with ctx.sessions() as s:
        if fmt == "json":
            return E.write_json(s, out, where, ctx.clock())
        return E.write_csv(s, out, where)


def export(ctx: AppContext, target: str, fmt: str, since: date | None,
           decks: Sequence[str]) -> None:
    """Write to `target` ('-' is stdout); a file appears only once it is complete."""
    import tempfile

    from quizapp.store import repo

    with ctx.sessions() as s:
        known = {row.name for row in repo.all_decks(s)}
    unknown = [d for d in decks if d not in known]
    if unknown:
        raise click.ClickException(f"no deck named {', '.join(unknown)} (see `quizapp deck list`)")
    if target == "-":
        _write(ctx, sys.stdout, fmt, since, decks)
        sys.stdout.flush()
        return
    path = Path(target).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = _write(ctx, out, fmt, since, decks)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    click.echo(f"exported {count} review(s) to {path}")
