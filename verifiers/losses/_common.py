"""What the losses deck's verifiers share: a loss's terms and its reduction in both languages,
the parameter checks every loss needs, and KLDiv without its warning."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Explain, as_list, bi, quiet, require, short, total

IGNORE = -100  # nn.CrossEntropyLoss's default ignore_index


def flat(t: Any) -> list[float]:
    """A tensor's values as one flat list of floats."""
    return [float(v) for v in as_list(t.reshape(-1))]


def say(*parts: Explain) -> Explain:
    """Bilingual clauses joined: '; ' in English, '；' in Chinese."""
    return {"en": "; ".join(p["en"] for p in parts), "zh": "；".join(p["zh"] for p in parts)}


def reduced(terms: list[float], reduction: str, result: Any) -> Explain:
    """'mean = (a + b) / 2 = r' for the per-element losses, in both languages."""
    n, r = len(terms), short(result)
    if n == 1:
        word = {"sum": ("sum", "总和"), "mean": ("mean", "均值")}[reduction]
        return bi(f"one term, so the {word[0]} is that term: {r}",
                  f"只有一项，{word[1]}就是这一项：{r}")
    added = total(terms, 4)
    if reduction == "sum":
        return bi(f"sum = {added} = {r}", f"求和 = {added} = {r}")
    return bi(f"mean over the {n} terms = ({added}) / {n} = {r}",
              f"对 {n} 项取均值 = ({added}) / {n} = {r}")


def same_length(p: dict, *names: str) -> int:
    """The common length of the named list params (at least 1), else refuse."""
    lengths = {name: len(p[name]) for name in names}
    n = lengths[names[0]]
    require(n >= 1, f"{names[0]} is empty: a loss needs at least one element")
    require(all(v == n for v in lengths.values()),
            "the lists must have the same length (one per element), got "
            + ", ".join(f"{k}: {v}" for k, v in lengths.items()))
    return n


def matrix(p: dict, name: str) -> tuple[int, int]:
    """(rows, columns) of a list-of-rows param whose rows all have one length, else refuse."""
    rows = p[name]
    require(len(rows) >= 1, f"{name} has no rows: a loss needs at least one sample")
    widths = {len(r) for r in rows}
    require(len(widths) == 1, f"the rows of {name} have different lengths {sorted(widths)}")
    width = widths.pop()
    require(width >= 1, f"the rows of {name} are empty")
    return len(rows), width


def same_shape(p: dict, first: str, *others: str) -> tuple[int, int]:
    shape = matrix(p, first)
    for name in others:
        require(matrix(p, name) == shape,
                f"{name} must have the shape of {first}, {shape[0]} x {shape[1]}")
    return shape


def classes(p: dict, key: str, C: int, ignore: bool = False) -> None:
    """Every target a class index in [0, C) (or the ignore_index, where the card uses it)."""
    for i, y in enumerate(p[key]):
        ok = 0 <= y < C or (ignore and y == IGNORE)
        require(ok, f"{key}[{i}] = {y} is not a class index in [0, {C})"
                + (f" nor the ignore_index {IGNORE}" if ignore else ""))


def distributions(p: dict, key: str, positive: bool = False) -> None:
    """Every row of p[key] a probability distribution (non-negative, sums to 1)."""
    for i, row in enumerate(p[key]):
        require(all(v >= 0 for v in row), f"{key} row {i} has a negative probability")
        require(abs(sum(row) - 1) < 1e-9, f"{key} row {i} sums to {sum(row):g}, not 1")
        if positive:
            require(all(v > 0 for v in row),
                    f"{key} row {i} has a 0: log 0 = -inf, the loss would not be finite")


def kl(inp: Any, target: Any, reduction: str) -> Any:
    """F.kl_div without the UserWarning that reduction='mean' raises (cards ask about it)."""
    import torch.nn.functional as F

    with quiet():
        return F.kl_div(inp, target, reduction=reduction)
