"""`quizapp class init | add-learner | remove-learner | learners`: the teacher sets up a class.

Each runs with the teacher's (the database owner's) URL: `class init URL`, or `--db` /
QUIZAPP_DB for the others. `add-learner` prints the learner's URL alone, so it can be piped.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from quizapp.cli.classroom import classroom
from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import pad, strict_json
from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _

if TYPE_CHECKING:
    from quizapp.services.classroom import Classroom


@contextmanager
def _opened(opts: Options, url: str | None = None) -> Iterator[Classroom]:
    from quizapp.core.clock import utcnow
    from quizapp.services.classroom import Classroom

    db = url or opts.db
    if not db:
        raise InvalidInput(_("name the class's PostgreSQL server: `quizapp class init URL`, "
                             "or --db URL / QUIZAPP_DB"))
    room = Classroom(db, utcnow)
    try:
        yield room
    finally:
        room.close()


@classroom.command("init")
@click.argument("url", required=False, metavar="URL")
@pass_options
def init(opts: Options, url: str | None) -> None:
    """Set up a class on a PostgreSQL database you own (URL, or --db): the schema, the
    built-in decks, a learners' and a teacher's group role, and row-level security so that
    each learner's connection reads and writes only their own rows. Safe to run again."""
    with _opened(opts, url) as room:
        done = room.init()
    click.echo(_("class ready on {db}: {decks} deck(s); learners' role {learners}, teacher's "
                 "role {teacher}").format(db=done.database, decks=done.decks,
                                          learners=done.learners_role,
                                          teacher=done.teacher_role))
    click.echo(_("next: `quizapp class add-learner NAME` for each learner"))


@classroom.command("add-learner")
@click.argument("name")
@pass_options
def add_learner(opts: Options, name: str) -> None:
    """Give learner NAME a database role of their own and print the URL to hand them:
    `quizapp --db URL study` then studies as NAME, and only NAME's rows are reachable."""
    with _opened(opts) as room:
        new = room.add_learner(name)
    click.echo(new.url)


@classroom.command("remove-learner")
@click.argument("name")
@pass_options
def remove_learner(opts: Options, name: str) -> None:
    """Revoke learner NAME's role (their connections end); their history stays."""
    with _opened(opts) as room:
        role = room.remove_learner(name)
    click.echo(_("removed role {role}: {name} can no longer connect; their history is kept")
               .format(role=role, name=name))


@classroom.command("learners")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@pass_options
def list_learners(opts: Options, as_json: bool) -> None:
    """Everyone who studies on this database: reviews, last answer, and whether they have
    a role of their own."""
    with _opened(opts) as room:
        people = room.learners()
    if as_json:
        click.echo(strict_json({"learners": [
            {"name": p.name, "reviews": p.reviews, "has_role": p.has_role,
             "last_active": p.last_active.isoformat() if p.last_active else None}
            for p in people]}))
        return
    for p in people:
        last = p.last_active.strftime("%Y-%m-%d %H:%M") if p.last_active else "-"
        role = _("role") if p.has_role else ""
        click.echo(f"{pad(p.name, 20)} {p.reviews:>8}  {pad(last, 16)}  {role}".rstrip())
