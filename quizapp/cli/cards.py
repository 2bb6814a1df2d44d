"""`quizapp card show`: one question, its parameters, canonical answer and worked explanation."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

import click

from quizapp.cli.options import Options, pass_options
from quizapp.cli.output import strict_json
from quizapp.core.errors import NotFound
from quizapp.core.grading import compare
from quizapp.core.i18n import _
from quizapp.core.overrides import ParamError
from quizapp.core.present import clean, format_answer

if TYPE_CHECKING:
    from quizapp.core.deck import Card
    from quizapp.services.runner import Computed


def _parse_overrides(pairs: tuple[str, ...]) -> dict[str, Any]:
    """NAME=VALUE pairs; each value read by YAML 1.2 rules (1e-8 is a number, yes is text)."""
    from quizapp.core import yamlsafe

    overrides = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise ParamError(_("--param {pair}: not NAME=VALUE").format(pair=f"{pair!r:.60}"))
        try:
            overrides[name.strip()] = yamlsafe.scalar(raw)
        except yamlsafe.YamlProblem as exc:
            raise ParamError(_("--param {name}: cannot read {raw}: {why}").format(
                name=name, raw=f"{raw!r:.60}", why=exc.message)) from None
    return overrides


@click.group()
def card() -> None:
    """Look at single cards."""


@card.command()
@click.argument("key", metavar="DECK/ID")
@click.option("--seed", type=int, help="Sampling seed (default: random).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Override a sampled parameter (YAML scalar or list). Repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), help="Overrides --device.")
@pass_options
def show(opts: Options, key: str, seed: int | None, params: tuple[str, ...], as_json: bool,
         device: str | None) -> None:
    """Render a card's question and print its canonical answer and explanation."""
    from quizapp.core import params as P

    if device:
        opts.device = device
    services = opts.services()
    deck_name, _sep, card_id = key.partition("/")
    if deck_name not in services.library.names:
        raise NotFound(_("no deck named '{name}' (see `quizapp deck list`)").format(
            name=deck_name))
    deck = services.library.deck(deck_name)
    try:
        c = deck.card(card_id)
    except KeyError:
        raise NotFound(_("deck '{deck}' has no card '{card}'").format(
            deck=deck_name, card=card_id)) from None
    runner = services.runner
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    overrides = _parse_overrides(params)
    if overrides and c.kind != "quiz":
        raise ParamError(_("--param: {key} is a flash card: it has no parameters").format(
            key=key))
    values = runner.params(c, seed, overrides) if c.kind == "quiz" else {}
    lang = services.lang
    computed = runner.compute(c, values, given=bool(overrides)) if c.verifier else None
    explanation = computed.explanation.get(lang) if computed else None
    if c.kind == "flash":
        explanation = "\n".join(filter(None, [c.back.get(lang) if c.back else "", explanation]))
    if as_json:
        click.echo(strict_json({
            "card": c.key, "seed": seed, "params": values,
            "question": P.render(c.prompt.get(lang), values)
            + (f"\n{P.render(c.code, values)}" if c.code else ""),
            "answer": list(computed.value) if computed and c.answer == "shape" else (
                computed.value if computed else None),
            "explanation": explanation,
            "slips": [{"id": slip.id, "answer": slip.answer, "why": slip.why.get(lang)}
                      for slip in (computed.slips if computed else ())],
            "device": computed.device if computed else None,
            "torch_version": computed.torch_version if computed else None,
        }))
        return
    click.echo(card_text(c, seed, values, computed, lang))


def card_text(c: Card, seed: int, values: dict[str, Any], computed: Computed | None,
              lang: str) -> str:
    """What `card show` prints: the question, its parameters, the answer, the working."""
    from quizapp.core import params as P

    lines = [clean(f"{c.key}  ({_('seed {seed}').format(seed=seed)})"), "",
             clean(P.render(c.prompt.get(lang), values))]
    lines += [f"  {i}. {clean(choice.get(lang))}" for i, choice in enumerate(c.choices, 1)]
    if c.code:
        lines += ["", clean(P.render(c.code, values).rstrip())]
    if values:
        lines += ["", _("params: ") + clean(", ".join(
            f"{k}={P.show(v)}" for k, v in values.items()))]
    if computed and c.kind == "quiz":
        lines.append(_("answer: ") + format_answer(c, computed.value, lang))
    if c.kind == "flash" and c.back:
        lines += ["", clean(c.back.get(lang))]
    if computed:
        lines += ["", clean(computed.explanation.get(lang))]
    if c.explain:
        lines += ["", clean(c.explain.get(lang))]
    slips = [slip for slip in (computed.slips if computed else ())
             if computed and not compare(c.answer or "", slip.answer, computed.value,
                                         c.tolerance).correct]
    if slips:
        lines += ["", _("known slips:")]
        lines += [f"  {slip.id}: {format_answer(c, slip.answer, lang)} — "
                  f"{clean(slip.why.get(lang))}" for slip in slips]
    if computed:
        lines += ["", _("(computed by torch {version} on {device} in {ms:.1f} ms)").format(
            version=computed.torch_version, device=computed.device, ms=computed.ms)]
    return "\n".join(lines)
