"""`quizapp scheduler optimize`: fit FSRS-6's parameters on the learner's own reviews."""

from __future__ import annotations

import click

from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import strict_json
from quizapp.core.i18n import _


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_options
def optimize(opts: Options, as_json: bool) -> None:
    """Fit FSRS-6 on your scheduled reviews (torch) and use the fitted parameters."""
    services = opts.services()
    if not as_json:
        click.echo(_("fitting FSRS-6 on your review log (5 epochs)..."), err=True)
    done = services.scheduling.optimize(progress=not as_json)
    if as_json:
        click.echo(strict_json({"parameters": list(done.parameters), "reviews": done.reviews,
                                "defaults": done.fell_back, "states_replayed": done.states}))
        return
    if done.fell_back:
        click.echo(_("only {n} review(s) a day or more apart: FSRS-6 needs 512 to fit, so "
                     "the default parameters stay").format(n=done.reviews))
    else:
        click.echo(_("fitted FSRS-6 on {n} review(s); the parameters are saved").format(
            n=done.reviews))
    click.echo("w = " + ", ".join(f"{w:.4f}" for w in done.parameters))
    click.echo(_("{n} card(s) on FSRS got their memory state replayed; due dates are kept")
               .format(n=done.states))
