"""`quizapp card show`: one question, its parameters, canonical answer and worked explanation."""

from __future__ import annotations

import json
import random
from typing import Any

import click

from quizapp.cli.main import Options, pass_options


def _parse_overrides(pairs: tuple[str, ...]) -> dict[str, Any]:
    """NAME=VALUE pairs; each value read by YAML 1.2 rules (1e-8 is a number, yes is text)."""
    from quizapp.core import yamlsafe
    from quizapp.core.overrides import ParamError

    overrides = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise ParamError(f"--param {pair!r:.60}: not NAME=VALUE")
        try:
            overrides[name.strip()] = yamlsafe.scalar(raw)
        except yamlsafe.YamlProblem as exc:
            raise ParamError(f"--param {name}: cannot read {raw!r:.60}: {exc.message}") from None
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
    ctx = opts.context()
    deck_name, _, card_id = key.partition("/")
    if deck_name not in ctx.collection.names:
        raise click.ClickException(f"no deck named '{deck_name}' (see `quizapp deck list`)")
    deck = ctx.collection.deck(deck_name)
    try:
        c = deck.card(card_id)
    except KeyError:
        raise click.ClickException(f"deck '{deck_name}' has no card '{card_id}'") from None
    runner = ctx.runner
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    overrides = _parse_overrides(params)
    if overrides and c.kind != "quiz":
        raise click.BadParameter(f"{key} is a flash card: it has no parameters",
                                 param_hint="--param")
    values = runner.params(c, seed, overrides) if c.kind == "quiz" else {}
    lang = ctx.lang
    question = P.render(c.prompt.get(lang), values)
    code = P.render(c.code, values) if c.code else None
    computed = runner.compute(c, values, given=bool(overrides)) if c.verifier else None
    explanation = computed.explanation.get(lang) if computed else None
    if c.kind == "flash":
        explanation = "\n".join(filter(None, [c.back.get(lang) if c.back else "", explanation]))
    if as_json:
        click.echo(json.dumps({
            "card": c.key, "seed": seed, "params": values,
            "question": question + (f"\n{code}" if code else ""),
            "answer": list(computed.value) if computed and c.answer == "shape" else (
                computed.value if computed else None),
            "explanation": explanation,
            "device": computed.device if computed else None,
            "torch_version": computed.torch_version if computed else None,
        }, ensure_ascii=False))
        return
    click.echo(f"{c.key}  (seed {seed})\n")
    click.echo(question)
    if code:
        click.echo("\n" + code.rstrip())
    if values:
        click.echo("\nparams: " + ", ".join(f"{k}={P.show(v)}" for k, v in values.items()))
    if computed:
        from quizapp.core.present import format_answer

        click.echo(f"answer: {format_answer(c, computed.value)}")
    if explanation:
        click.echo(f"\n{explanation}")
    if c.explain:
        click.echo(f"\n{c.explain.get(lang)}")
    if computed:
        click.echo(f"\n(computed by torch {computed.torch_version} on {computed.device} "
                   f"in {computed.ms:.1f} ms)")
