"""`quizapp doctor`: check the database and every card's state against its review log."""

from __future__ import annotations

import click

from quizapp.cli.options import Options, pass_options
from quizapp.core.i18n import _

SHOWN = 20  # differences listed one by one; the rest are counted


@click.command()
@click.option("--fix", is_flag=True, help="Rewrite card states that disagree with the log.")
@pass_options
def doctor(opts: Options, fix: bool) -> None:
    """Check the database and each card's state against its review log.

    Runs the integrity check, rebuilds every card's SM-2 state by replaying its logged
    reviews, and lists the cards whose stored state differs. Exits 1 while a problem
    remains; --fix rewrites those card states from the log (the log is never changed).
    """
    report = opts.services().progress.doctor(fix=fix)
    if report.integrity:
        click.echo(_("integrity: FAILED"))
        for line in report.integrity[:SHOWN]:
            click.echo(f"  {line}")
    else:
        click.echo(_("integrity: ok"))
    diffs = report.differences
    click.echo(_("cards: {n} checked, {d} differ from the review log").format(
        n=report.cards_checked, d=len(diffs)))
    for diff in diffs[:SHOWN]:
        click.echo(f"  {diff.describe()}")
    if len(diffs) > SHOWN:
        click.echo("  " + _("... and {n} more").format(n=len(diffs) - SHOWN))
    if report.fixed:
        click.echo(_("fixed: {n} card(s) now match the review log").format(n=report.fixed))
    elif diffs:
        click.echo(_("run `quizapp doctor --fix` to rebuild them from the review log"))
    if not report.healthy:
        raise SystemExit(1)
