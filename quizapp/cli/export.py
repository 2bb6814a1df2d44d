"""`quizapp stats --export`: the review log to a file or stdout, never half-written."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

import click

from quizapp.context import AppContext


def _write(ctx: AppContext, out: TextIO, fmt: str, since: date | None,
           decks: Sequence[str]) -> int:
    from quizapp.store import export as E

    where = E.Filter(since, tuple(decks))
    # One read transaction: the rows, card states and totals all describe the same moment.
    with ctx.sessions() as s:
        if fmt == "json":
            return E.write_json(s, out, where, ctx.clock())
        return E.write_csv(s, out, where)


def export(ctx: AppContext, target: str, fmt: str, since: date | None,
           decks: Sequence[str]) -> None:
    """Write to `target` ('-' is stdout); a file appears only once it is complete."""
    from quizapp.store import repo

    with ctx.sessions() as s:
        known = {row.name for row in repo.all_decks(s)}
    unknown = [d for d in decks if d not in known]
    if unknown:
        raise click.ClickException(f"no deck named {', '.join(unknown)} (see `quizapp deck list`)")
    if target == "-":
        _write(ctx, sys.stdout, fmt, since, decks)
        sys.stdout.flush()
        return
    path = Path(target).expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = _write(ctx, out, fmt, since, decks)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    click.echo(f"exported {count} review(s) to {path}")
