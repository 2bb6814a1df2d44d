"""`quizapp config`: saved settings such as the language."""

from __future__ import annotations

import click

from quizapp.cli.options import Options, pass_options
from quizapp.core.choices import CHOICES


@click.group()
def config() -> None:
    """Show or change saved settings."""


@config.command("set")
@click.argument("key", type=click.Choice(sorted(CHOICES)))
@click.argument("value")
@pass_options
def set_(opts: Options, key: str, value: str) -> None:
    """Save a setting, e.g. `quizapp config set lang zh`."""
    opts.services().preferences.set(key, value)
    click.echo(f"{key} = {value}")


@config.command("show")
@pass_options
def show(opts: Options) -> None:
    """Print every saved setting."""
    for key, value in opts.services().preferences.all().items():
        click.echo(f"{key} = {value}")
