"""`quizapp stats`: progress at a glance, or as JSON for scripts."""

from __future__ import annotations

import json

import click

from quizapp.cli.main import Options, pass_options


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--deck", "decks", multiple=True, help="Only these decks. Repeatable.")
@pass_options
def stats(opts: Options, as_json: bool, decks: tuple[str, ...]) -> None:
    """Cards by state, reviews, accuracy, streak, and what is due."""
    from quizapp.store import stats as S

    ctx = opts.context()
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
