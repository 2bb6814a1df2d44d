"""The one error base class: a message for the user and the exit status a command returns."""

from __future__ import annotations

EXIT_ERROR = 1  # something failed: a database, a verifier, a missing deck
EXIT_INVALID = 2  # the input is not valid: a deck file, a parameter, an argument


class QuizappError(Exception):
    """A failure the user can act on: shown as one line (`lines` for several), never a
    traceback. Every domain error derives from it and says which exit status it means."""

    exit_code = EXIT_ERROR
    retryable = False  # True: trying the same thing again later may work (a locked database)

    @property
    def lines(self) -> list[str]:
        return [str(self)]


class InvalidInput(QuizappError):
    """Input the user (or a deck author) gave that cannot be used as it is."""

    exit_code = EXIT_INVALID


class NotFound(QuizappError):
    """A deck, card or file named on the command line that does not exist."""
