"""The study command's quick start: its first question on screen before SQLAlchemy loads.

`quizapp study` is measured against a bare Textual app (benchmarks/startup.py), and
importing SQLAlchemy alone takes about as long as that app's whole start. So the command
first looks at the SQLite file with the stdlib (store/glance.py). Where the look shows that
a full start would change nothing (the file exists at the current schema, the learner is
known, every built-in deck file is the version the database holds, and the learner has
cards of every deck), the services are built on it. Their sessions open the database the
full way on first use (store/lazy.py), which the TUI does in the background once the first
question is painted. Anything else, or a database other than a SQLite file, starts the
full way (context.build_services), which creates, migrates, adds and syncs.

One thing a full start does is left to the next one: removing a custom deck's copies of
versions no longer in use (installing.clean_leftovers), which is tidying, not state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, cast

from quizapp.core import i18n
from quizapp.core.clock import utcnow
from quizapp.core.scheduler_choices import from_settings
from quizapp.services.context import Services, Settings, assemble, build_services, learner_name
from quizapp.services.library import Library
from quizapp.services.preferences import Preferences
from quizapp.services.scheduling import Scheduling
from quizapp.store.glance import Glance
from quizapp.store.lazy import LazySessions

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


def study_services(settings: Settings, clock: Callable[[], datetime] = utcnow) -> Services:
    """The services for the study screen: a quick start where it is safe, else a full one."""
    return quick_services(settings, clock) or build_services(settings, clock)


def quick_services(settings: Settings, clock: Callable[[], datetime] = utcnow
                   ) -> Services | None:
    """Services built on a look at the SQLite file; None where a full start is needed."""
    name = learner_name(settings)
    if settings.lang:  # as build_services does: the language of any message from here on
        i18n.set_language(settings.lang)
    look = Glance.open(settings.db, name)
    if look is None:
        return None
    try:
        services = _built_on(look, settings, name, clock)
    except sqlite3.Error:  # a file that turned out unreadable: the full start says why
        services = None
    if services is None:
        look.close()
    return services


def _built_on(look: Glance, settings: Settings, name: str, clock: Callable[[], datetime]
              ) -> Services | None:
    # LazySessions stands in for the sessionmaker every service takes (store/lazy.py).
    sessions = cast("sessionmaker[Session]",
                    LazySessions(settings.db, name if settings.learner else None))
    settings = replace(settings, learner=name)
    library = Library(sessions, list(settings.builtin), settings.custom_dir, clock,
                      settings.cache_dir)
    decks = look.decks()
    known = {deck.content_sha256 for deck in decks}
    if not set(library.sources.scan()) <= known or look.decks_without_cards():
        return None  # a built-in deck to import, or cards to give: the full start syncs
    library.prime(decks)
    values = look.settings()
    return assemble(settings, sessions, library, Preferences(sessions, primed=values),
                    Scheduling(sessions, clock, from_settings(values)), clock, start=look)
