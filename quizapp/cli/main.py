"""The command group and its global options; subcommands import what they need lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

from quizapp import __version__

if TYPE_CHECKING:
    from quizapp.context import AppContext


@dataclass
class Options:
    """Global options; the app context (database, decks) is built only when a command needs it."""

    db: str | None
    device: str
    lang: str | None
    _context: AppContext | None = field(default=None, init=False)

    def context(self) -> AppContext:
        if self._context is None:
            from quizapp.context import Settings, build_context

            settings = Settings(device=self.device, lang=self.lang)
            if self.db:
                settings = Settings(db=self.db, device=self.device, lang=self.lang)
            self._context = build_context(settings)
        return self._context


pass_options = click.make_pass_decorator(Options)


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option("--db", envvar="QUIZAPP_DB", metavar="PATH|URL",
              help="Database file or URL (postgresql+psycopg://...). Env: QUIZAPP_DB.")
@click.option("--device", envvar="QUIZAPP_DEVICE", default="auto", show_default=True,
              type=click.Choice(["auto", "cpu", "cuda"]),
              help="Where verifiers run torch. Env: QUIZAPP_DEVICE.")
@click.option("--lang", envvar="QUIZAPP_LANG", type=click.Choice(["en", "zh"]),
              help="Card language (default: the saved setting, else en). Env: QUIZAPP_LANG.")
@click.version_option(__version__, prog_name="quizapp")
@click.pass_context
def cli(ctx: click.Context, db: str | None, device: str, lang: str | None) -> None:
    """Learn PyTorch by spaced repetition. Every answer is computed live by PyTorch.

    Run `quizapp study` to review what is due, or `quizapp` alone for the home screen.
    """
    ctx.obj = Options(db, device, lang)
    ctx.call_on_close(lambda: ctx.obj._context and ctx.obj._context.close())
    if ctx.invoked_subcommand is None:
        from quizapp.cli.study import open_tui

        open_tui(ctx.obj, home=True)


def _register() -> None:
    from quizapp.cli import cards, config, decks, doctor, stats, study

    for command in (decks.deck, cards.card, stats.stats, study.study, config.config,
                    doctor.doctor):
        cli.add_command(command)


_register()
