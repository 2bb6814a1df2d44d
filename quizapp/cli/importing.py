"""`quizapp import FILE`: review history from quizapp's export or the FSRS optimizer's CSV."""

from __future__ import annotations

import click

from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import strict_json
from quizapp.core.i18n import _


@click.command("import")
@click.argument("file", metavar="FILE")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_options
def import_history(opts: Options, file: str, as_json: bool) -> None:
    """Add the review history in FILE ('-' for standard input) to the log.

    FILE is an export of quizapp's own (`quizapp stats --export`, CSV or JSON; the JSON
    also restores suspended and buried cards and the scheduler settings), or a CSV in the
    FSRS optimizer's layout (card_id, review_time in epoch ms, review_rating 1-4,
    review_duration in ms), kept for `quizapp scheduler evaluate` and never studied.

    All or nothing: a bad row is reported with its line and nothing is written (exit 2).
    Importing the same file again adds nothing. Each card's state is then replayed from
    its whole log, so `quizapp doctor` finds nothing to fix.
    """
    from quizapp.services.importing import import_file

    done = import_file(opts.services(), file)
    if as_json:
        click.echo(strict_json(done.as_dict()))
        return
    click.echo(_("imported {n} review(s) for {cards} card(s) ({present} already present)")
               .format(n=done.imported, cards=done.cards, present=done.present))
    if done.created:
        click.echo(_("{n} card(s) not in their deck (or another app's) kept as retired cards, "
                     "with their history").format(n=done.created))
    if done.flags or done.rescheduled:
        click.echo(_("restored from the file: flags of {flags} card(s), {due} rescheduled due "
                     "date(s)").format(flags=done.flags, due=done.rescheduled))
    if done.scheduler == "restored":
        click.echo(_("restored the file's scheduler settings"))
    elif done.scheduler == "kept":
        click.echo(_("kept this database's scheduler settings (the file's differ); card "
                     "states follow this database's"))
