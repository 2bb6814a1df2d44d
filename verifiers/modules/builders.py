"""The models this deck builds and shows: MLPs, Linear/BatchNorm blocks, Linear stacks, and
the code each question prints for them (torch is imported inside the builders only)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from quizapp.authoring import require
from quizapp.core.limits import MAX_ELEMENTS

INDENT = "    "


def fits(count: int, what: str) -> None:
    """Refuse a model or tensor larger than any verifier may build."""
    require(count <= MAX_ELEMENTS,
            f"{what} would hold {count} elements, beyond the limit of {MAX_ELEMENTS}")


def pairs(sizes: list[int]) -> list[tuple[int, int]]:
    """(in_features, out_features) of each Linear in an MLP with these widths."""
    return list(pairwise(sizes))


def check_sizes(sizes: list[int]) -> None:
    require(len(sizes) >= 2, "an MLP needs at least an input and an output width")
    require(all(s >= 1 for s in sizes), "every width must be at least 1")
    fits(sum(i * o + o for i, o in pairs(sizes)), "the model")


def mlp_code(sizes: list[int], bias: bool) -> str:
    """`nn.Sequential(nn.Linear(a, b, bias=...), nn.ReLU(), ...)`, one module a line."""
    lines = []
    for index, (i, o) in enumerate(pairs(sizes)):
        if index:
            lines.append("nn.ReLU(),")
        lines.append(f"nn.Linear({i}, {o}, bias={bias}),")
    body = "".join(f"\n{INDENT}{line}" for line in lines)
    return f"model = nn.Sequential({body}\n)"


def linear(i: int, o: int, device: Any, bias: bool = True) -> Any:
    """nn.Linear in float64 on `device`; its values are never read, so skip the init."""
    import torch
    from torch import nn

    return torch.nn.utils.skip_init(nn.Linear, i, o, bias=bias, device=device,
                                    dtype=torch.float64)


def build_mlp(sizes: list[int], bias: bool, device: Any) -> Any:
    from torch import nn

    layers: list[Any] = []
    for index, (i, o) in enumerate(pairs(sizes)):
        if index:
            layers.append(nn.ReLU())
        layers.append(linear(i, o, device, bias))
    return nn.Sequential(*layers)


def block_code(depth: int, width: int, bias: bool, bn: bool) -> str:
    """The blocks of the state-dict card, written as a learner would write them."""
    norm = f"nn.BatchNorm1d({width}), " if bn else ""
    return (f"def block():\n{INDENT}return [nn.Linear({width}, {width}, bias={bias}), "
            f"{norm}nn.ReLU()]\n\n"
            f"model = nn.Sequential(*[m for _ in range({depth}) for m in block()])")


def build_blocks(depth: int, width: int, bias: bool, bn: bool, device: Any) -> Any:
    import torch
    from torch import nn

    require(depth >= 0 and width >= 1, "depth must be at least 0 and width at least 1")
    fits(depth * (width * width + 5 * width), "the model")
    layers: list[Any] = []
    for _ in range(depth):
        layers.append(linear(width, width, device, bias))
        if bn:
            layers.append(nn.BatchNorm1d(width, device=device, dtype=torch.float64))
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def stack_code(depth: int, width: int, out: int) -> str:
    """`depth` Linear layers with ReLU between them: Linear i sits at index 2*i."""
    lines = []
    for index in range(depth):
        if index:
            lines.append("nn.ReLU(),")
        lines.append(f"nn.Linear({width}, {out if index == depth - 1 else width}),")
    body = "".join(f"\n{INDENT}{line}" for line in lines)
    return f"model = nn.Sequential({body}\n)"


def build_stack(depth: int, width: int, out: int, device: Any) -> Any:
    from torch import nn

    require(depth >= 1, "the model needs at least one Linear layer")
    fits(depth * (width * width + width), "the model")
    layers: list[Any] = []
    for index in range(depth):
        if index:
            layers.append(nn.ReLU())
        layers.append(linear(width, out if index == depth - 1 else width, device))
    model = nn.Sequential(*layers)
    for p in model.parameters():  # skip_init left them uninitialised: give them values
        nn.init.uniform_(p, -0.5, 0.5)
    return model


def linears(model: Any) -> list[Any]:
    """The Linear layers of a model, in order."""
    from torch import nn

    return [m for m in model if isinstance(m, nn.Linear)]

