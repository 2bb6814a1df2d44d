"""`quizapp class`: a class on one PostgreSQL server (roles, row-level security, the report).

The group alone; its commands live in modules of their own (class_roles, class_report),
which register on it when cli/main imports them."""

from __future__ import annotations

import click


@click.group("class")
def classroom() -> None:
    """A class on one PostgreSQL server: learners, their roles, the teacher's report."""
