"""`quizapp class report`: per card and per learner, what the class gets wrong."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import click

from quizapp.cli.classroom import classroom
from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import pad, strict_json, width
from quizapp.core.i18n import N_, _
from quizapp.core.present import decimal, share

if TYPE_CHECKING:
    from quizapp.services.class_report import ClassReport


CARD, SLIPS = 30, 16  # column widths that keep a row within 80 columns


# Right-aligned over the numbers, by display width (a Chinese header is two columns a sign).
CARD_HEADS = ((N_("learners"), 8), (N_("1st try"), 7), (N_("mean q"), 6), (N_("discr."), 6))
LEARNER_HEADS = ((N_("reviews"), 7), (N_("retention"), 9), (N_("due"), 5), (N_("leeches"), 7),
                 (N_("streak"), 6))


def _heads(heads: tuple[tuple[str, int], ...]) -> str:
    return " ".join(pad(_(name), n, left=False) for name, n in heads)


def _print(report: ClassReport) -> None:
    click.echo(_("cards, hardest first (first try: learners right at once, graded 4-5)"))
    click.echo(f"{pad(_('card'), CARD)} {_heads(CARD_HEADS)}  {_('slips')}")
    for c in report.cards:
        slips = ", ".join(f"{s} {n}" for s, n in c.slips[:2])[:SLIPS]
        name = c.card
        if width(name) > CARD:  # a long id on a line of its own, the figures below it
            click.echo(name)
            name = ""
        click.echo(f"{pad(name, CARD)} {c.learners:>8} {share(c.first_try):>7} "
                   f"{decimal(c.mean_quality):>6} {decimal(c.discrimination, 2):>6}  "
                   f"{slips}".rstrip())
        for v in c.hardest[:1]:
            click.echo("   " + _("hardest variant: {params} ({right} of {n} right)").format(
                params=v.params, right=round(v.right * v.answers), n=v.answers))
    click.echo("")
    click.echo(f"{pad(_('learner'), 20)} {_heads(LEARNER_HEADS)}  {_('last active')}")
    for p in report.learners:
        last = p.last_active.strftime("%Y-%m-%d %H:%M") if p.last_active else "-"
        click.echo(f"{pad(p.name, 20)} {p.reviews:>7} {share(p.retention):>9} {p.due:>5} "
                   f"{p.leeches:>7} {p.streak_days:>6}  {last}")


@classroom.command("report")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--export", "export", metavar="FILE",
              help="Write the per-card figures as CSV to FILE ('-' for stdout).")
@click.option("--deck", "decks", multiple=True, metavar="NAME", help="Only this deck. Repeatable.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only answers from this local day on.")
@click.option("--tui", is_flag=True, help="Open the report as a screen.")
@pass_options
def report(opts: Options, as_json: bool, export: str | None, decks: tuple[str, ...],
           since: str | None, tui: bool) -> None:
    """What the class gets wrong. Per card: learners who studied it, first-try correctness
    (a learner's first scheduled answer to a quiz card, right when graded 4 or 5), mean
    quality, discrimination (the correlation between a learner's first try at the card and
    their first-try accuracy overall), the commonest slips and the hardest parameter
    variants. Per learner: reviews, retention, cards due, leeches, streak, last active.

    Reads every learner's rows: run it with the teacher's connection on a class server, or
    on one machine's profiles."""
    from quizapp.core.errors import InvalidInput
    from quizapp.services.class_report import build_report

    day: date | None = None
    if since is not None:
        try:
            day = datetime.strptime(since, "%Y-%m-%d").date()
        except ValueError:
            raise InvalidInput(_("--since takes a date as YYYY-MM-DD, not '{value}'")
                               .format(value=since[:40])) from None
    services = opts.services()
    done = build_report(services.sessions, services.clock, list(decks) or None, day)
    if tui:
        opts.open_tui(home=False, report=done)
        return
    if export is not None:
        if export == "-":
            click.echo(done.csv(), nl=False)
        else:
            with open(export, "w", encoding="utf-8", newline="") as out:
                out.write(done.csv())
            click.echo(_("wrote {n} card(s) to {path}").format(n=len(done.cards), path=export))
        return
    if as_json:
        click.echo(strict_json(done.as_dict()))
        return
    if done.empty:
        click.echo(_("no answers yet in this class (or for these decks and dates)"))
        return
    _print(done)
