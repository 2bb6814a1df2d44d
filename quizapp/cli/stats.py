"""`quizapp stats`: progress at a glance, as JSON for scripts, or the whole log exported."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import pad, strict_json, width
from quizapp.core.i18n import _


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
    if export_to is None and since is not None:
        raise click.UsageError("--since applies only with --export")
    progress = opts.services().progress
    if export_to is not None:
        day = since.date() if since else None
        if export_to == "-":
            progress.write_export(sys.stdout, fmt, day, decks)
            sys.stdout.flush()
            return
        path = Path(export_to).expanduser()
        count = progress.export_file(path, fmt, day, decks)
        click.echo(_("exported {n} review(s) to {path}").format(n=count, path=path))
        return
    f = progress.stats(decks)
    if as_json:
        click.echo(strict_json(f.as_dict()))
        return
    accuracy = f"{f.accuracy:.0%}" if f.accuracy is not None else "-"
    rows = [
        (_("cards"), _("{total} total: {new} new, {learning} learning, {young} young, "
                       "{mature} mature").format(
            total=f.cards_total, new=f.cards_new, learning=f.cards_learning,
            young=f.cards_young, mature=f.cards_mature)),
        ("", _("{suspended} suspended, {leeches} leeches").format(
            suspended=f.cards_suspended, leeches=f.cards_leech)),
        (_("reviews"), _("{today} today, {total} in total").format(
            today=f.reviews_today, total=f.reviews_total)),
        (_("accuracy"), _("{share} of answers graded 3 or better").format(share=accuracy)),
        (_("streak"), _("{n} day(s)").format(n=f.streak_days)),
        (_("due"), _("{today} today, {tomorrow} tomorrow").format(
            today=f.cards_due, tomorrow=f.due_tomorrow)),
    ]
    columns = max(9, *(width(label) for label, _value in rows))
    for label, value in rows:
        click.echo(f"{pad(label, columns)}  {value}")
