"""`quizapp config`: saved settings such as the card language."""

from __future__ import annotations

import click

from quizapp.cli.main import Options, pass_options

CHOICES = {"lang": ("en", "zh")}


@click.group()
def config() -> None:
    """Show or change saved settings."""


@config.command("set")
@click.argument("key", type=click.Choice(sorted(CHOICES)))
@click.argument("value")
@pass_options
def set_(opts: Options, key: str, value: str) -> None:
    """Save a setting, e.g. `quizapp config set lang zh`."""
    from quizapp.store import settings_repo

    if value not in CHOICES[key]:
        raise click.BadParameter(f"{key} is one of {', '.join(CHOICES[key])}", param_hint="VALUE")
    with opts.context().sessions.begin() as s:
        settings_repo.put(s, key, value)
    click.echo(f"{key} = {value}")


@config.command("show")
@pass_options
def show(opts: Options) -> None:
    """Print every saved setting."""
    from quizapp.store import settings_repo

    with opts.context().sessions() as s:
        for key in sorted(CHOICES):
            click.echo(f"{key} = {settings_repo.get(s, key) or CHOICES[key][0]}")
