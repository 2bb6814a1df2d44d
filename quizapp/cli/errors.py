"""Turns every failure into a one-line message and an exit status, never a traceback."""

from __future__ import annotations

import sys

import click

from quizapp.cli.options import TuiOpener
from quizapp.core.i18n import _

EXIT_ERROR = 1
EXIT_INVALID = 2  # a deck (or argument) that is not valid
EXIT_INTERNAL = 70


def _fail(message: str, status: int) -> int:
    click.echo(f"quizapp: {message}", err=True)
    return status


def run(command: click.Command, open_tui: TuiOpener | None = None) -> int:
    """Run the command group as the console script does; `open_tui` starts the TUI."""
    try:
        command.main(standalone_mode=False, obj=open_tui)
    except click.exceptions.Abort:
        return _fail(_("aborted"), EXIT_ERROR)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BaseException as exc:
        return _known(exc)
    return 0


def _known(exc: BaseException) -> int:
    from quizapp.core.deck import DeckError
    from quizapp.core.errors import QuizappError

    if isinstance(exc, SystemExit):
        return int(exc.code or 0) if not isinstance(exc.code, str) else _fail(exc.code, 1)
    if isinstance(exc, DeckError):
        for line in exc.errors:
            click.echo(line, err=True)
        return _fail(_("{n} problem(s); nothing was changed").format(n=len(exc.errors)),
                     exc.exit_code)
    if isinstance(exc, QuizappError):
        for line in exc.lines[:-1]:
            click.echo(line, err=True)
        return _fail(exc.lines[-1] if exc.lines else type(exc).__name__, exc.exit_code)
    from quizapp.services.failures import describe

    if (message := describe(exc)) is not None:
        return _fail(message, EXIT_ERROR)
    if isinstance(exc, BrokenPipeError):
        return 0
    return _internal(exc)


def _internal(exc: BaseException) -> int:
    """An unexpected failure: a short message here, the traceback in a log file."""
    from quizapp.crashlog import report

    print(report(exc), file=sys.stderr)
    return EXIT_INTERNAL
