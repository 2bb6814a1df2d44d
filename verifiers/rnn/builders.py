"""The recurrent layers this deck builds and shows: nn.RNN / nn.LSTM / nn.GRU in float64, the
constructor line each question prints, and the size ceilings checked before building."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, require
from quizapp.core.limits import MAX_ELEMENTS

MODES = ("RNN", "LSTM", "GRU")
# Gate blocks per mode, used ONLY to refuse models beyond the size ceilings before torch is
# loaded (derive hooks run without torch); every answer reads the blocks from torch itself.
_LIMIT_BLOCKS = {"RNN": 1, "LSTM": 4, "GRU": 3}
MAX_WORK = 5 * 10**8  # time steps x batch x parameters: keeps one forward pass well under 1 s
MAX_CELL_STEPS = 20_000  # seq_len x num_layers x directions: each cell step costs ~20 us


def fits(count: int, what: str) -> None:
    """Refuse a model or tensor larger than any verifier may build."""
    require(count <= MAX_ELEMENTS,
            f"{what} would hold {count} elements, beyond the limit of {MAX_ELEMENTS}")


def shape_text(shape: Any) -> str:
    """A shape as Python prints a tuple: (4,) or (2, 3, 4)."""
    dims = [int(d) for d in shape]
    return f"({dims[0]},)" if len(dims) == 1 else "(" + ", ".join(map(str, dims)) + ")"


def directions_of(p: Params) -> int:
    return 2 if p.get("bidirectional") else 1


def size_bound(mode: str, input_size: int, hidden: int, layers: int, dirs: int,
               proj: int = 0) -> int:
    """An upper bound of the parameter count, for the ceilings only (never an answer)."""
    blocks, out = _LIMIT_BLOCKS[mode], proj or hidden
    first = blocks * hidden * (input_size + out + 2) + proj * hidden
    deeper = blocks * hidden * (dirs * out + out + 2) + proj * hidden
    return dirs * (first + (layers - 1) * deeper)


def check_layer(p: Params, proj: int = 0) -> None:
    """Refuse a layer torch would reject or that is beyond the ceilings."""
    require(p["mode"] in MODES, f"mode must be one of {', '.join(MODES)}, got {p['mode']}")
    require(p["input_size"] >= 1, "input_size must be at least 1")
    require(p["hidden_size"] >= 1, "hidden_size must be at least 1")
    require(p["num_layers"] >= 1, "num_layers must be at least 1")
    size = size_bound(p["mode"], p["input_size"], p["hidden_size"], p["num_layers"],
                      directions_of(p), proj)
    fits(size, "the layer's parameters")


def check_run(p: Params, seq_len: int, batch: int, proj: int = 0) -> None:
    """Refuse an input whose forward pass is beyond the ceilings (memory and time)."""
    require(seq_len >= 1, "seq_len must be at least 1 (an empty sequence has no output)")
    require(batch >= 1, "batch must be at least 1")
    fits(seq_len * batch * p["input_size"], "the input")
    blocks, dirs = _LIMIT_BLOCKS[p["mode"]], directions_of(p)
    fits(seq_len * batch * blocks * dirs * p["hidden_size"], "the gate pre-activations")
    cells = seq_len * p["num_layers"] * dirs
    require(cells <= MAX_CELL_STEPS,
            f"seq_len x num_layers x directions = {cells} cell steps is beyond the limit of "
            f"{MAX_CELL_STEPS}")
    size = size_bound(p["mode"], p["input_size"], p["hidden_size"], p["num_layers"], dirs, proj)
    require(seq_len * batch * size <= MAX_WORK,
            f"seq_len x batch x parameters = {seq_len * batch * size} is beyond the work "
            f"limit of {MAX_WORK}")


def rnn_code(p: Params, name: str = "rnn", input_size: Any = None, **extra: Any) -> str:
    """`rnn = nn.LSTM(10, 20, num_layers=2, bidirectional=True, batch_first=True)`: every
    argument the question turns on, in the order of the constructor."""
    args = [str(p["input_size"] if input_size is None else input_size), str(p["hidden_size"])]
    for key in ("num_layers", "bias", "batch_first", "bidirectional", "proj_size"):
        if key in extra:
            args.append(f"{key}={extra[key]}")
        elif key in p and key != "proj_size":
            args.append(f"{key}={p[key]}")
    return f"{name} = nn.{p['mode']}({', '.join(args)})"


def unpack_text(mode: str) -> str:
    """What the forward call returns, as the question writes it."""
    return "output, (h_n, c_n)" if mode == "LSTM" else "output, h_n"


def build(mode: str, input_size: int, hidden: int, device: Any, **kwargs: Any) -> Any:
    """nn.RNN / nn.LSTM / nn.GRU in float64 on `device`, with torch's default init."""
    import torch
    from torch import nn

    return getattr(nn, mode)(input_size, hidden, device=device, dtype=torch.float64, **kwargs)


def build_from(p: Params, device: Any, **extra: Any) -> Any:
    kwargs = {k: p[k] for k in ("num_layers", "bias", "batch_first", "bidirectional") if k in p}
    return build(p["mode"], p["input_size"], p["hidden_size"], device, **{**kwargs, **extra})


def forward(rnn: Any, x: Any) -> tuple[Any, Any, Any]:
    """(output, h_n, c_n) of any mode; c_n is None for nn.RNN and nn.GRU. No autograd graph:
    only the values are read, and recording it makes each step several times slower."""
    import torch

    with torch.no_grad():
        out, state = rnn(x)
    if isinstance(state, tuple):
        return out, state[0], state[1]
    return out, state, None


def blocks_of(rnn: Any) -> int:
    """How many gate blocks torch stacks in weight_ih_l0 (1 for RNN, 4 for LSTM, 3 for GRU)."""
    return int(rnn.weight_ih_l0.shape[0]) // int(rnn.hidden_size)


def dirs_of(rnn: Any) -> int:
    return 2 if rnn.bidirectional else 1

