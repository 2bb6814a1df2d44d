"""`quizapp config`: saved settings such as the language, the scheduler and its retention."""

from __future__ import annotations

import click

from quizapp.cli.options import Options, pass_options
from quizapp.core.choices import CHOICES
from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _

SCHEDULING_KEYS = ("scheduler", "desired_retention")


@click.group()
def config() -> None:
    """Show or change saved settings."""


@config.command("set")
@click.argument("key", type=click.Choice(sorted((*CHOICES, *SCHEDULING_KEYS))))
@click.argument("value")
@click.option("--deck", metavar="NAME", help="scheduler: only this deck (default: every deck).")
@click.option("--reschedule", is_flag=True,
              help="scheduler: move due dates to what the new scheduler says (default: keep).")
@click.option("--force", is_flag=True, help="desired_retention: allow a value above 0.97.")
@pass_options
def set_(opts: Options, key: str, value: str, deck: str | None, reschedule: bool,
         force: bool) -> None:
    """Save a setting, e.g. `quizapp config set lang zh` or `config set scheduler fsrs`."""
    if key != "scheduler" and (deck or reschedule):
        raise InvalidInput(_("--deck and --reschedule apply only to the scheduler"))
    if key != "desired_retention" and force:
        raise InvalidInput(_("--force applies only to desired_retention"))
    services = opts.services()
    if key == "scheduler":
        done = services.scheduling.switch(value, deck, reschedule)
        where = deck if deck else _("every deck")
        click.echo(f"scheduler = {value} ({where})")
        click.echo(_("{n} card(s) replayed from the review log; {moved} due date(s) moved")
                   .format(n=done.cards, moved=done.rescheduled))
        if done.from_sm2:
            click.echo(_("{n} card(s) without a usable log started from their SM-2 state")
                       .format(n=done.from_sm2))
        return
    if key == "desired_retention":
        click.echo(f"desired_retention = {services.scheduling.set_retention(value, force)}")
        return
    services.preferences.set(key, value)
    click.echo(f"{key} = {value}")


@config.command("show")
@pass_options
def show(opts: Options) -> None:
    """Print every saved setting."""
    services = opts.services()
    for key, value in services.preferences.all().items():
        click.echo(f"{key} = {value}")
    choices = services.scheduling.choices()
    click.echo(f"scheduler = {choices.default}")
    for deck, mode in choices.by_deck:
        click.echo(f"scheduler --deck {deck} = {mode}")
    click.echo(f"desired_retention = {choices.retention}")
    if choices.fitted:
        click.echo(_("fsrs parameters = fitted on {date} from {n} review(s)").format(
            date=choices.fitted.get("date"), n=choices.fitted.get("reviews")))
