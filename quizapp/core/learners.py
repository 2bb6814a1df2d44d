"""Who is studying: learner names, and the default one (QUIZAPP_LEARNER, else the OS user).

A learner owns every card state and review. On SQLite learners are profiles on one machine,
as in Anki; on a class's PostgreSQL server each learner also has a database role of their
own, so a name must be usable in a role name as well as readable.
"""

from __future__ import annotations

import getpass
import os
import re

from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _

NAME = re.compile(r"[a-z0-9_][a-z0-9_.-]{0,39}")
FALLBACK = "learner"  # when the OS reports no usable user name (a container's bare uid)


def check_name(name: str) -> str:
    """The name as stored, or InvalidInput saying what a name may hold."""
    if not NAME.fullmatch(name):
        raise InvalidInput(_("'{name}' is not a learner name: use 1-40 lower-case letters, "
                             "digits, '_', '.' or '-', starting with a letter, digit or "
                             "'_'").format(name=name[:60]))
    return name


def os_user() -> str:
    """The OS user's name made into a learner name (lower case, other characters as '_')."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry for this uid
        return FALLBACK
    name = re.sub(r"[^a-z0-9_.-]", "_", user.lower())[:40].lstrip(".-")
    return name if NAME.fullmatch(name) else FALLBACK


def default_name() -> str:
    """QUIZAPP_LEARNER if set, else the OS user name."""
    return os.environ.get("QUIZAPP_LEARNER") or os_user()
