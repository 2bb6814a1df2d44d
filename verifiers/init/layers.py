"""Layer defaults: conv fans, nn.Linear/nn.Conv2d default bounds, nn.Embedding's init."""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable
from typing import Any

from .replay import _fmt, replay_module


def sample_conv_groups(p: dict, rng: random.Random) -> dict:
    """Grouped convs need C_in and C_out divisible by groups (groups=1 always is)."""
    p = dict(p)
    while p["C_in"] % p["groups"] or p["C_out"] % p["groups"]:
        p["groups"] = rng.choice([1, 2, 4])
    return p


def _conv_fans(p: dict, device: Any) -> tuple[int, int, Any]:
    import torch

    conv = torch.nn.utils.skip_init(torch.nn.Conv2d, p["C_in"], p["C_out"], (p["kh"], p["kw"]),
                                    groups=p["groups"], device=device, dtype=torch.float64)
    fi, fo = torch.nn.init._calculate_fan_in_and_fan_out(conv.weight)
    return fi, fo, tuple(conv.weight.shape)


def conv_fan_in(p: dict, device: Any) -> tuple[int, str]:
    fi, _, shape = _conv_fans(p, device)
    return fi, f"weight {shape}: fan_in = size(1)·kh·kw = {shape[1]}·{p['kh']}·{p['kw']} = {fi}"


def conv_fan_out(p: dict, device: Any) -> tuple[int, str]:
    _, fo, shape = _conv_fans(p, device)
    return fo, f"weight {shape}: fan_out = size(0)·kh·kw = {shape[0]}·{p['kh']}·{p['kw']} = {fo}"


def _linear_default(p: dict, device: Any) -> dict:
    import torch

    return replay_module(
        lambda: torch.nn.Linear(p["in_features"], p["out_features"], device=device,
                                dtype=torch.float64),
        [("weight", "uniform"), ("bias", "uniform")], device)


def linear_default_weight_bound(p: dict, device: Any) -> tuple[float, str]:
    b = _linear_default(p, device)["weight"]
    n = p["in_features"]
    return b, (f"kaiming_uniform_(a=√5): gain = √(2/(1+5)) = √(1/3); "
               f"b = gain·√(3/fan_in) = 1/√fan_in = 1/√{n} = {_fmt(b)}")


def linear_default_bias_bound(p: dict, device: Any) -> tuple[float, str]:
    b = _linear_default(p, device)["bias"]
    return b, f"bias ~ U(-1/√fan_in, 1/√fan_in): 1/√{p['in_features']} = {_fmt(b)}"


def conv2d_default_weight_bound(p: dict, device: Any) -> tuple[float, str]:
    import torch

    k, g = p["kernel_size"], p["groups"]
    scales = replay_module(
        lambda: torch.nn.Conv2d(p["C_in"], p["C_out"], k, groups=g, device=device,
                                dtype=torch.float64),
        [("weight", "uniform"), ("bias", "uniform")], device)
    fan = p["C_in"] // g * k * k
    return scales["weight"], (f"fan_in = (C_in/groups)·k·k = ({p['C_in']}/{g})·{k}·{k} = {fan}; "
                              f"b = 1/√{fan} = {_fmt(scales['weight'])}")


DRAW_NAMES = {"normal": ("a standard normal draw", "标准正态采样"),
              "uniform": ("a U(-1, 1) draw", "U(-1, 1) 均匀采样")}
# The card's choices (English text), as (distribution kind, scale as a function of dim).
EMBEDDING_CHOICES: list[tuple[str, str, Callable[[int], float]]] = [
    ("N(0, 1)", "normal", lambda dim: 1.0),
    ("U(-1, 1)", "uniform", lambda dim: 1.0),
    ("U(-1/√dim, 1/√dim)", "uniform", lambda dim: dim**-0.5),
    ("N(0, 1/dim)", "normal", lambda dim: dim**-0.5),
]


def _embedding_scales(n: int, dim: int, device: Any) -> dict[str, float]:
    """The replayed scale of nn.Embedding's weight under each kind of draw that fits."""
    import torch

    def build() -> Any:
        return torch.nn.Embedding(n, dim, device=device, dtype=torch.float64)

    scales = {}
    for kind in ("normal", "uniform"):
        with contextlib.suppress(RuntimeError):  # raised when the weight is no such draw
            scales[kind] = replay_module(build, [("weight", kind)], device)["weight"]
    return scales


def embedding_default_init(p: dict, device: Any) -> tuple[str, dict]:
    dim = p["embedding_dim"]
    scales = _embedding_scales(p["num_embeddings"], dim, device)
    for text, kind, scale in EMBEDDING_CHOICES:
        if kind in scales and math.isclose(scales[kind], scale(dim), rel_tol=1e-12):
            s = _fmt(scales[kind])
            en, zh = DRAW_NAMES[kind]
            return text, {"en": f"Replayed under the same seed: weight = {s} × {en} → {text}",
                          "zh": f"用同一随机种子重放：weight = {s} × {zh} → {text}"}
    raise RuntimeError(f"nn.Embedding's default init fits none of the choices: {scales}")
