"""The command group and its global options; subcommands import what they need lazily."""

from __future__ import annotations

import click

from quizapp import __version__, collector
from quizapp.cli import (
    cards,
    class_report,  # noqa: F401  (registers `class report` on the group)
    class_roles,  # noqa: F401  (registers `class init`, `add-learner`... on the group)
    classroom,
    config,
    decks,
    doctor,
    importing,
    scheduler,
    stats,
    study,
)
from quizapp.cli.options import Options


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option("--db", envvar="QUIZAPP_DB", metavar="PATH|URL",
              help="Database file or URL (postgresql+psycopg://...). Env: QUIZAPP_DB.")
@click.option("--learner", envvar="QUIZAPP_LEARNER", metavar="NAME",
              help="Who is studying: their own schedule, history and settings (default: the "
                   "OS user name). Env: QUIZAPP_LEARNER.")
@click.option("--device", envvar="QUIZAPP_DEVICE", default="auto", show_default=True,
              type=click.Choice(["auto", "cpu", "cuda"]),
              help="Where verifiers run torch. Env: QUIZAPP_DEVICE.")
@click.option("--lang", envvar="QUIZAPP_LANG", type=click.Choice(["en", "zh"]),
              help="Language of cards and interface (default: the saved setting, else en). "
                   "Env: QUIZAPP_LANG.")
@click.version_option(__version__, prog_name="quizapp")
@click.pass_context
def cli(ctx: click.Context, db: str | None, learner: str | None, device: str,
        lang: str | None) -> None:
    """Learn PyTorch by spaced repetition. Every answer is computed live by PyTorch.

    Run `quizapp study` to review what is due, or `quizapp` alone for the home screen.
    """
    ctx.obj = Options(db, device, lang, tui=ctx.obj, learner=learner)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand not in (None, "study"):  # the TUI and plain study resume it
        collector.resume()
    if ctx.invoked_subcommand is None:
        study.open_tui(ctx.obj, home=True)


for command in (decks.deck, cards.card, stats.stats, study.study, config.config, doctor.doctor,
                scheduler.scheduler, importing.import_history, classroom.classroom):
    cli.add_command(command)
