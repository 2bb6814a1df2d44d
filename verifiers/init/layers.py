"""Layer defaults: conv fans, nn.Linear/nn.Conv2d default bounds, nn.Embedding's init."""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable
from typing import Any

from quizapp.authoring import Params, Result, bi, layer, num, shape_of

from .checks import require_groups, require_sizes
from .replay import on_device, replay_module


def sample_conv_groups(p: Params, rng: random.Random) -> Params:
    """Grouped convs need C_in and C_out divisible by groups (groups=1 always is)."""
    p = dict(p)
    while p["C_in"] % p["groups"] or p["C_out"] % p["groups"]:
        p["groups"] = rng.choice([1, 2, 4])
    return p


def conv_fans(p: Params, device: Any) -> tuple[int, int, tuple[int, ...]]:
    """(fan_in, fan_out, weight shape) as torch.nn.init computes them for the conv in `p`."""
    import torch

    require_groups(p)
    conv = layer(torch.nn.utils.skip_init(torch.nn.Conv2d, p["C_in"], p["C_out"],
                                          (p["kh"], p["kw"]), groups=p["groups"]), device)
    fi, fo = torch.nn.init._calculate_fan_in_and_fan_out(conv.weight)
    return fi, fo, shape_of(conv.weight)


def conv_fan_in(p: Params, device: Any) -> Result:
    fi, _, shape = conv_fans(p, device)
    work = f"fan_in = size(1)·kh·kw = {shape[1]}·{p['kh']}·{p['kw']} = {fi}"
    return fi, bi(f"The weight has shape {shape} = (C_out, C_in/groups, kh, kw), so {work}.",
                  f"权重形状为 {shape}，即 (C_out, C_in/groups, kh, kw)，所以 {work}。")


def conv_fan_out(p: Params, device: Any) -> Result:
    _, fo, shape = conv_fans(p, device)
    work = f"fan_out = size(0)·kh·kw = {shape[0]}·{p['kh']}·{p['kw']} = {fo}"
    return fo, bi(f"The weight has shape {shape} = (C_out, C_in/groups, kh, kw), so {work}; "
                  f"groups={p['groups']} does not divide it.",
                  f"权重形状为 {shape}，即 (C_out, C_in/groups, kh, kw)，所以 {work}；"
                  f"groups={p['groups']} 不会让它变小。")


def linear_default(in_features: int, out_features: int, device: Any) -> dict[str, float]:
    """The exact bounds of a fresh nn.Linear's weight and bias draws."""
    import torch

    return replay_module(
        lambda: torch.nn.Linear(in_features, out_features, **on_device(device)),
        [("weight", "uniform"), ("bias", "uniform")], device)


def conv2d_default(c_in: int, c_out: int, k: int, groups: int, device: Any) -> dict[str, float]:
    """The exact bounds of a fresh nn.Conv2d's weight and bias draws."""
    import torch

    return replay_module(
        lambda: torch.nn.Conv2d(c_in, c_out, k, groups=groups, **on_device(device)),
        [("weight", "uniform"), ("bias", "uniform")], device)


def linear_default_weight_bound(p: Params, device: Any) -> Result:
    require_sizes(p, "in_features", "out_features")
    n = p["in_features"]
    b = linear_default(n, p["out_features"], device)["weight"]
    work = f"b = √(1/3)·√(3/fan_in) = 1/√fan_in = 1/√{n} = {num(b)}"
    return b, bi(f"nn.Linear calls kaiming_uniform_(weight, a=√5): the gain is "
                 f"√(2/(1 + 5)) = √(1/3), so {work}.",
                 f"nn.Linear 调用 kaiming_uniform_(weight, a=√5)：增益为 √(2/(1 + 5)) = √(1/3)，"
                 f"所以 {work}。")


def linear_default_bias_bound(p: Params, device: Any) -> Result:
    require_sizes(p, "in_features", "out_features")
    n = p["in_features"]
    b = linear_default(n, p["out_features"], device)["bias"]
    return b, bi(f"The bias is drawn from U(-1/√fan_in, 1/√fan_in) with fan_in = in_features "
                 f"= {n}: b = 1/√{n} = {num(b)}.",
                 f"偏置服从 U(-1/√fan_in, 1/√fan_in)，其中 fan_in = in_features = {n}："
                 f"b = 1/√{n} = {num(b)}。")


def conv2d_default_weight_bound(p: Params, device: Any) -> Result:
    c, k, g = p["C_in"], p["kernel_size"], p["groups"]
    require_groups(p)
    b = conv2d_default(c, p["C_out"], k, g, device)["weight"]
    fan = c // g * k * k
    fans = f"fan_in = (C_in/groups)·k·k = ({c}/{g})·{k}·{k} = {fan}"
    work = f"b = 1/√{fan} = {num(b)}"
    return b, bi(f"Like nn.Linear, nn.Conv2d calls kaiming_uniform_(weight, a=√5), which gives "
                 f"b = 1/√fan_in; {fans}, so {work}.",
                 f"与 nn.Linear 一样，nn.Conv2d 调用 kaiming_uniform_(weight, a=√5)，得到 "
                 f"b = 1/√fan_in；{fans}，所以 {work}。")


DRAW_NAMES = {"normal": ("a standard normal draw", "标准正态分布的采样"),
              "uniform": ("a U(-1, 1) draw", "U(-1, 1) 均匀分布的采样")}
# The card's choices (English text), as (distribution kind, scale as a function of dim).
EMBEDDING_CHOICES: list[tuple[str, str, Callable[[int], float]]] = [
    ("N(0, 1)", "normal", lambda dim: 1.0),
    ("U(-1, 1)", "uniform", lambda dim: 1.0),
    ("U(-1/√dim, 1/√dim)", "uniform", lambda dim: dim**-0.5),
    ("N(0, 1/dim)", "normal", lambda dim: dim**-0.5),
]


def embedding_scales(n: int, dim: int, device: Any) -> dict[str, float]:
    """The replayed scale of nn.Embedding's weight under each kind of draw that fits."""
    import torch

    def build() -> Any:
        return torch.nn.Embedding(n, dim, **on_device(device))

    scales = {}
    for kind in ("normal", "uniform"):
        with contextlib.suppress(RuntimeError):  # raised when the weight is no such draw
            scales[kind] = replay_module(build, [("weight", kind)], device)["weight"]
    return scales


def embedding_default_init(p: Params, device: Any) -> Result:
    n, dim = p["num_embeddings"], p["embedding_dim"]
    scales = embedding_scales(n, dim, device)
    for text, kind, scale in EMBEDDING_CHOICES:
        if kind in scales and math.isclose(scales[kind], scale(dim), rel_tol=1e-12):
            s = num(scales[kind])
            en, zh = DRAW_NAMES[kind]
            return text, bi(f"Replaying nn.Embedding({n}, {dim}) under the same seed shows "
                            f"weight = {s} × {en}, that is {text}, whatever the size.",
                            f"在同一随机种子下重放 nn.Embedding({n}, {dim}) 的构造：weight = "
                            f"{s} × {zh}，也就是 {text}，与表的大小无关。")
    raise RuntimeError(f"nn.Embedding's default init fits none of the choices: {scales}")
