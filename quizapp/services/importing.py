"""`quizapp import`: review history from a file into the log, all of it or none of it.

The format is found from the content: '{' opens quizapp's JSON export; a CSV header is
quizapp's own export or the FSRS optimizer's layout. The file is streamed inside one
write transaction (a bad row anywhere rolls everything back), then every touched card is
replayed from its log under the scheduler its deck uses.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any, TextIO

from quizapp.core.history_csv import open_csv
from quizapp.core.history_json import QuizappJson
from quizapp.core.history_rows import BadHistory, Source
from quizapp.core.i18n import _
from quizapp.services.scheduling import Scheduling
from quizapp.store import scheduling as scheduling_store
from quizapp.store.db import saving
from quizapp.store.importing import Importer
from quizapp.store.restoring import apply_cards, restore_scheduler

if TYPE_CHECKING:
    from quizapp.services.context import Services

HEAD = 64 * 1024  # enough to tell the format


@dataclass(frozen=True)
class Summary:
    file: str
    format: str  # quizapp-csv | quizapp-json | fsrs-csv
    imported: int  # review rows added to the log
    present: int  # rows the log already had
    cards: int  # cards that got reviews
    created: int  # cards made for rows whose card the collection lacked
    flags: int  # cards whose flags the JSON file restored
    rescheduled: int  # due dates from a reschedule, logged again
    scheduler: str | None  # 'restored' | 'kept' (the file's settings differ) | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@contextmanager
def _opened(path: str) -> Iterator[tuple[str, TextIO]]:
    """The file as text ('-': standard input); what cannot be read is a BadHistory."""
    if path == "-":
        yield _("standard input"), sys.stdin
        return
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise BadHistory(_("{path} is not a regular file").format(path=path))
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise BadHistory(_("cannot read {path}: {why}").format(
            path=path, why=exc.strerror or exc)) from None
    with handle:
        yield path, handle


def source(name: str, handle: TextIO) -> Source:
    """The reader for this file's format, from its first characters."""
    try:
        head = handle.read(HEAD)
        start = head.lstrip(" \t\r\n\ufeff")[:1]
        if start == "{":
            return QuizappJson(name, handle, head)
        if not start:
            raise BadHistory(_("{file} is empty: nothing to import").format(file=name))
        head += handle.readline()  # the CSV reader starts on a whole line
    except UnicodeDecodeError:
        raise BadHistory(_("{file} is not UTF-8 text").format(file=name)) from None
    return open_csv(name, chain(io.StringIO(head, newline=""), handle))


def import_file(services: Services, path: str) -> Summary:
    """Import the history in `path` ('-': standard input); BadHistory (exit 2) names the
    first bad row, and then nothing was written."""
    sessions, clock = services.sessions, services.clock
    with _opened(path) as (name, handle):
        file = source(name, handle)
        with saving(_("the imported history")), sessions.begin() as s:
            importer = Importer(s, clock())
            importer.add(file.reviews(), file.bad)
            settings = restore_scheduler(s, file.scheduler) if file.scheduler else None
            # This transaction's choices, restored ones included: the replay must use them.
            choices = Scheduling(sessions, clock, scheduling_store.choices(s))
            importer.finish(choices.fsrs_for)
            apply_cards(importer, file.cards, file.exported_at, file.bad_card)
    done = importer.outcome
    return Summary(name, file.format, done.added, done.present, done.cards, done.created,
                   done.flags, done.rescheduled, settings)
