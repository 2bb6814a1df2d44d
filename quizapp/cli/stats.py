"""`quizapp stats`: progress at a glance, as JSON for scripts, or the whole log exported."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import pad, strict_json, width
from quizapp.core.i18n import _
from quizapp.core.present import share

if TYPE_CHECKING:
    from quizapp.services.progress import FsrsStats


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
    fsrs = progress.fsrs_stats(decks)
    if as_json:
        click.echo(strict_json({**f.as_dict(), "fsrs": fsrs.as_dict() if fsrs else None}))
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
    if fsrs is not None:
        rows += _fsrs_rows(fsrs)
    columns = max(9, *(width(label) for label, _value in rows))
    for label, value in rows:
        click.echo(f"{pad(label, columns)}  {value}")


def _fsrs_rows(f: FsrsStats) -> list[tuple[str, str]]:
    """True retention against the desired one, recall now, and FSRS's forecast."""
    weak = sum(f.recall_bins[:7])
    week = sum(f.forecast[:7])
    return [
        ("FSRS", _("{n} deck(s), desired retention {r}").format(
            n=len(f.decks), r=share(f.desired_retention))),
        (_("retention"), _("{month} of {n} in the last 30 days, {all} of {total} in all "
                          "(first review per card and day)").format(
            month=share(f.retention_month.share), n=f.retention_month.reviews,
            all=share(f.retention_all.share), total=f.retention_all.reviews)),
        (_("recall now"), _("{mean} on average over {n} card(s); {weak} below 70%").format(
            mean=share(f.mean_recall), n=f.cards, weak=weak)),
        (_("forecast"), _("{today} today, {tomorrow} tomorrow, {week} in 7 days").format(
            today=f.forecast[0] if f.forecast else 0,
            tomorrow=f.forecast[1] if len(f.forecast) > 1 else 0, week=week)),
    ]
