"""`quizapp scheduler`: how well each scheduler predicts the learner's recall (`evaluate`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizapp.cli.optimize import optimize
from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import pad, strict_json, width
from quizapp.core.errors import NotFound
from quizapp.core.i18n import N_, _

if TYPE_CHECKING:
    from quizapp.services.evaluation import Evaluation

LABELS = {"sm2": N_("SM-2"), "fsrs_default": N_("FSRS-6, default parameters"),
          "fsrs_fitted": N_("FSRS-6, fitted on the past"),
          "fsrs_saved": N_("FSRS-6, saved parameters (in-sample)")}
FELL_BACK = N_("FSRS-6, too few reviews to fit: defaults")
PARTLY_FELL_BACK = N_("FSRS-6, fitted (defaults in some chunks)")
NUMBER = 11  # each metric's column; the model's column takes what is left of 80


@click.group()
def scheduler() -> None:
    """Fit and compare the schedulers on your own review log."""


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def table(report: Evaluation) -> list[str]:
    """The metrics of every model, then what was predicted and how: 80 columns at most."""
    labels = dict(LABELS)
    if report.fell_back:  # the fitted row is not what its name says: say so on it
        labels["fsrs_fitted"] = (FELL_BACK if report.fell_back == len(report.splits)
                                 else PARTLY_FELL_BACK)
    names = [(name, _(labels[name])) for name in report.models]
    label = max(width(_("model")), *(width(text) for _name, text in names))
    lines = [pad(_("model"), label) + "".join(
        heading.rjust(NUMBER) for heading in (_("log loss"), _("RMSE(bins)"), _("AUC")))]
    for name, text in names:
        m = report.models[name]
        lines.append(pad(text, label) + "".join(
            _show(v).rjust(NUMBER) for v in (m.log_loss, m.rmse_bins, m.auc)))
    lines.append("")
    notes = [
        (_("reviews"), _("{n} of {cards} cards; {p} a day or more after the card's last")
         .format(n=report.reviews, cards=report.cards, p=report.predictable)),
        (_("predicted"), _("{n}, in the last {k} of {chunks} time-ordered chunks").format(
            n=report.predicted, k=len(report.splits), chunks=len(report.splits) + 1)),
        (_("fitted on"), _("{first} to {last} reviews: all those before each chunk").format(
            first=report.splits[0].train_reviews, last=report.splits[-1].train_reviews)),
    ]
    if report.fell_back:
        notes.append((_("defaults"), _(
            "{n} of {k} fits had too few reviews (512 a day apart) to fit").format(
            n=report.fell_back, k=len(report.splits))))
    column = max(width(note) for note, _text in notes)
    lines += [f"{pad(note, column)}  {text}" for note, text in notes]
    lines.append(_("Lower log loss and RMSE(bins) are better, higher AUC is better."))
    return lines


def _progress(number: int, total: int, reviews: int) -> None:
    click.echo(_("fitting FSRS-6 {number}/{total} on {n} reviews...").format(
        number=number, total=total, n=reviews), err=True)


@scheduler.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--log", "log", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Evaluate this log instead of yours: `quizapp stats --export` output (CSV "
                   "or JSON), or the FSRS optimizer's CSV (card_id,review_time,review_rating).")
@click.option("--deck", "decks", multiple=True, help="Only these decks. Repeatable.")
@click.option("--splits", type=click.IntRange(2, 10), default=3, show_default=True,
              help="Time-ordered test chunks; each costs one fit.")
@pass_options
def evaluate(opts: Options, as_json: bool, log: Path | None, decks: tuple[str, ...],
             splits: int) -> None:
    """Score SM-2 and FSRS-6 on predicting your next reviews.

    The reviews are cut by time into SPLITS + 1 chunks; every chunk but the first is
    predicted, by FSRS-6 with its default parameters, by FSRS-6 fitted on all the reviews
    before that chunk, and by SM-2 (recall 0.9 ** (days / interval)). Only reviews a day
    or more after the card's previous one are scored. Fitting takes about 4 ms per review.
    """
    from quizapp.services import evaluation

    if log is not None:
        if decks:
            raise click.UsageError(_("--deck applies only to your own log, not to --log"))
        report = evaluation.evaluate_file(log.expanduser(), splits, _progress)
    else:
        services = opts.services()
        unknown = sorted(set(decks) - set(services.library.names))
        if unknown:
            raise NotFound(_("no deck named {names} (see `quizapp deck list`)").format(
                names=", ".join(unknown)))
        report = evaluation.evaluate_learner(services, splits, decks, _progress)
    if as_json:
        click.echo(strict_json(report.as_dict()))
        return
    for line in table(report):
        click.echo(line)


scheduler.add_command(optimize)
