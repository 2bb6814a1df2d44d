"""`quizapp study`: the Textual study screen, or plain lines with --plain."""

from __future__ import annotations

from typing import Any

import click

from quizapp.cli.main import Options, pass_options


def open_tui(opts: Options, home: bool = False, **study_args: Any) -> None:
    from quizapp.tui.app import build_app

    app = build_app(opts.context(), home=home, **study_args)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


@click.command()
@click.option("--deck", "decks", multiple=True, metavar="NAME",
              help="Study only this deck. Repeatable.")
@click.option("--new", type=int, help="New cards this session (within the daily limit of 20).")
@click.option("--limit", type=int, help="At most this many cards.")
@click.option("--seed", type=int, help="Seed the question sampler (reproducible sessions).")
@click.option("--plain", is_flag=True, help="Plain lines on stdin/stdout instead of the TUI.")
@pass_options
def study(opts: Options, decks: tuple[str, ...], new: int | None, limit: int | None,
          seed: int | None, plain: bool) -> None:
    """Review due cards and learn new ones."""
    ctx = opts.context()
    unknown = [d for d in decks if d not in ctx.collection.names]
    if unknown:
        raise click.ClickException(f"no deck named {', '.join(unknown)} (see `quizapp deck list`)")
    args: dict[str, Any] = {"decks": list(decks) or None, "new": new, "limit": limit, "seed": seed}
    if plain:
        from quizapp.cli.plain import run_plain

        run_plain(ctx, **args)
    else:
        open_tui(opts, **args)
