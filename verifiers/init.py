"""Verifiers for the init deck: the exact bound or std that torch's initialisers draw from."""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable
from typing import Any

# How an answer is read off torch exactly, not estimated from noisy samples:
# every uniform initialiser in torch.nn.init ends in `tensor.uniform_(-b, b, generator=g)`,
# which turns the generator's stream u ~ U[0, 1) into w = -b + 2b*u, and every normal one in
# `tensor.normal_(0, s, generator=g)`, which turns the stream z ~ N(0, 1) into w = s*z.
# `torch.rand` / `torch.randn` of the same shape read the very same stream, so after
# rewinding the generator we know each element's r = 2u - 1 (or z) and w = scale * r holds
# element-wise. The least-squares fit scale = sum(w*r) / sum(r*r) is then exact to rounding,
# and a residual check proves the initialiser really was a scaled U(-1, 1) / N(0, 1) draw.
# Layer constructors (nn.Linear, ...) use the global generator, so they are replayed under
# torch.random.fork_rng with torch.manual_seed instead of a private generator.

SEED = 20240601
Fill = Callable[[Any, Any], Any]  # (tensor, generator) -> tensor


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _fit_scale(w: Any, ref: Any, what: str) -> float:
    """scale with w == scale * ref element-wise; raises if w is not such a draw."""
    scale = float((w * ref).sum() / (ref * ref).sum())
    if float((w - scale * ref).abs().max()) > 1e-12 * max(abs(scale), 1e-300):
        raise RuntimeError(f"{what} is not a scaled draw of the replayed random stream")
    return scale


def _reference(kind: str, shape: tuple[int, ...], device: Any, generator: Any = None) -> Any:
    import torch

    kw = dict(dtype=torch.float64, device=device, generator=generator)
    return torch.rand(shape, **kw) * 2 - 1 if kind == "uniform" else torch.randn(shape, **kw)


def recover_scale(fill: Fill, shape: tuple[int, ...], kind: str, device: Any) -> float:
    """Run `fill` on an empty float64 tensor and return its exact bound (uniform) or std."""
    import torch

    gen = torch.Generator(device=device).manual_seed(SEED)
    state = gen.get_state()
    w = fill(torch.empty(shape, dtype=torch.float64, device=device), gen)
    gen.set_state(state)
    return _fit_scale(w, _reference(kind, shape, device, gen), f"{kind} init of {shape}")


def replay_module(build: Callable[[], Any], draws: list[tuple[str, str]], device: Any) -> dict:
    """Build a layer under a fixed global seed; return the exact scale of each named draw.

    `draws` lists (parameter name, "uniform" | "normal") in the order the constructor
    draws them, so the replay reads the stream in the same order.
    """
    import torch

    if device.type == "cuda":
        devices = [device.index if device.index is not None else torch.cuda.current_device()]
    else:
        devices = []
    with torch.random.fork_rng(devices=devices, device_type=device.type):
        torch.manual_seed(SEED)
        module = build()
        torch.manual_seed(SEED)
        out = {}
        for name, kind in draws:
            w = getattr(module, name).detach()
            out[name] = _fit_scale(w, _reference(kind, tuple(w.shape), device), name)
    return out


def _gain(nonlinearity: str, a: float) -> float:
    import torch

    return torch.nn.init.calculate_gain(nonlinearity, a)


def sample_conv_groups(p: dict, rng: random.Random) -> dict:
    """Grouped convs need C_in and C_out divisible by groups (groups=1 always is)."""
    p = dict(p)
    while p["C_in"] % p["groups"] or p["C_out"] % p["groups"]:
        p["groups"] = rng.choice([1, 2, 4])
    return p


# ---- quiz verifiers ---------------------------------------------------------------------

def xavier_uniform_bound(p: dict, device: Any) -> tuple[float, str]:
    import torch

    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    b = recover_scale(lambda w, g: torch.nn.init.xavier_uniform_(w, gain=gain, generator=g),
                      (fo, fi), "uniform", device)
    return b, f"b = gain·√(6/(fan_in+fan_out)) = {gain}·√(6/({fi}+{fo})) = {_fmt(b)}"


def xavier_normal_std(p: dict, device: Any) -> tuple[float, str]:
    import torch

    fi, fo, gain = p["fan_in"], p["fan_out"], p["gain"]
    s = recover_scale(lambda w, g: torch.nn.init.xavier_normal_(w, gain=gain, generator=g),
                      (fo, fi), "normal", device)
    return s, f"std = gain·√(2/(fan_in+fan_out)) = {gain}·√(2/({fi}+{fo})) = {_fmt(s)}"


def xavier_normal_variance(p: dict, device: Any) -> tuple[float, str]:
    std, _ = xavier_normal_std({**p, "gain": 1.0}, device)
    fi, fo = p["fan_in"], p["fan_out"]
    return std**2, f"Var = std² = 2/(fan_in+fan_out) = 2/({fi}+{fo}) = {_fmt(std**2)}"


def _kaiming(fn: str, shape: tuple[int, ...], p: dict, device: Any) -> float:
    import torch

    init = getattr(torch.nn.init, fn)
    kind = "uniform" if fn == "kaiming_uniform_" else "normal"
    return recover_scale(lambda w, g: init(w, a=p["a"], mode=p["mode"],
                                           nonlinearity=p["nonlinearity"], generator=g),
                         shape, kind, device)


def kaiming_normal_std(p: dict, device: Any) -> tuple[float, str]:
    s = _kaiming("kaiming_normal_", (p["fan_out"], p["fan_in"]), p, device)
    gain, fan = _gain(p["nonlinearity"], p["a"]), p[p["mode"]]
    return s, (f"gain({p['nonlinearity']}, a={p['a']}) = {_fmt(gain)}; "
               f"std = gain/√{p['mode']} = {_fmt(gain)}/√{fan} = {_fmt(s)}")


def kaiming_uniform_bound(p: dict, device: Any) -> tuple[float, str]:
    k = p["kernel_size"]
    b = _kaiming("kaiming_uniform_", (p["C_out"], p["C_in"], k, k), p, device)
    fan = (p["C_in"] if p["mode"] == "fan_in" else p["C_out"]) * k * k
    gain = _gain(p["nonlinearity"], p["a"])
    return b, (f"{p['mode']} = {p['C_in'] if p['mode'] == 'fan_in' else p['C_out']}·{k}·{k}"
               f" = {fan}; gain = {_fmt(gain)}; b = gain·√(3/{fan}) = {_fmt(b)}")


def resnet_conv_init_std(p: dict, device: Any) -> tuple[float, str]:
    import torch

    k, c_out = p["kernel_size"], p["C_out"]
    conv = torch.nn.utils.skip_init(torch.nn.Conv2d, p["C_in"], c_out, k, bias=False,
                                    device=device, dtype=torch.float64)
    s = recover_scale(lambda w, g: torch.nn.init.kaiming_normal_(
        w, mode="fan_out", nonlinearity="relu", generator=g), tuple(conv.weight.shape),
        "normal", device)
    fan = c_out * k * k
    return s, f"fan_out = C_out·k·k = {c_out}·{k}·{k} = {fan}; std = √2/√{fan} = {_fmt(s)}"


def calculate_gain(p: dict, device: Any) -> tuple[float, str]:
    gain = float(_gain(p["nonlinearity"], p["param"]))
    table = ("linear/conv/sigmoid: 1, tanh: 5/3, relu: √2, "
             "leaky_relu: √(2/(1+slope²)), selu: 3/4")
    return gain, f"{table} → calculate_gain('{p['nonlinearity']}', {p['param']}) = {_fmt(gain)}"


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


# ---- flash verifiers: each checks its card's claim in the running torch --------------------

def check_embedding_normal(p: dict, device: Any) -> tuple[bool, dict]:
    scales = _embedding_scales(1000, 64, device)
    ok = "uniform" not in scales and math.isclose(scales.get("normal", 0.0), 1.0, rel_tol=1e-12)
    return ok, {"en": f"nn.Embedding(1000, 64).weight = {_fmt(scales.get('normal', 0))}·N(0, 1)",
                "zh": f"nn.Embedding(1000, 64).weight = {_fmt(scales.get('normal', 0))}·N(0, 1)"}


def check_linear_not_he(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    fan_in = 100
    default = _linear_default({"in_features": fan_in, "out_features": 50}, device)["weight"]
    he = recover_scale(lambda w, g: torch.nn.init.kaiming_uniform_(w, nonlinearity="relu",
                                                                   generator=g),
                       (50, fan_in), "uniform", device)
    ok = math.isclose(default, 1 / math.sqrt(fan_in), rel_tol=1e-12) and he > 2 * default
    return ok, (f"nn.Linear({fan_in}, 50): b = {_fmt(default)} = 1/√{fan_in}; "
                f"He-uniform: b = √(6/{fan_in}) = {_fmt(he)} (×√6 larger)")


def check_bias_default(p: dict, device: Any) -> tuple[bool, str]:
    fan_in = 16
    b = _linear_default({"in_features": fan_in, "out_features": 200}, device)["bias"]
    ok = math.isclose(b, 1 / math.sqrt(fan_in), rel_tol=1e-12)
    return ok, f"nn.Linear({fan_in}, 200).bias ~ U(-{_fmt(b)}, {_fmt(b)}); 1/√{fan_in} = 0.25"


def check_xavier_normal_is_std(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    fi, fo = 300, 200
    s = recover_scale(lambda w, g: torch.nn.init.xavier_normal_(w, generator=g),
                      (fo, fi), "normal", device)
    gen = torch.Generator(device=device).manual_seed(SEED + 1)
    w = torch.nn.init.xavier_normal_(torch.empty(fo, fi, dtype=torch.float64, device=device),
                                     generator=gen)
    var = float(w.var())
    formula = math.sqrt(2 / (fi + fo))
    ok = math.isclose(s, formula, rel_tol=1e-12) and abs(var / formula**2 - 1) < 0.05
    return ok, (f"xavier_normal_ on ({fo}, {fi}): std = {_fmt(s)} = √(2/{fi + fo}); "
                f"sample variance {_fmt(var)} ≈ 2/{fi + fo} = {_fmt(formula**2)}")


def check_zero_init_symmetry(p: dict, device: Any) -> tuple[bool, dict]:
    import torch

    gen = torch.Generator(device=device).manual_seed(SEED)

    def layer(n_in: int, n_out: int) -> Any:  # skip_init: no draw from the global RNG
        return torch.nn.utils.skip_init(torch.nn.Linear, n_in, n_out, device=device,
                                        dtype=torch.float64)

    net = torch.nn.Sequential(layer(3, 4), torch.nn.Tanh(), layer(4, 1))
    for param in net.parameters():
        torch.nn.init.constant_(param, 0.3)  # any constant: every hidden unit is the same
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    x = torch.randn(8, 3, dtype=torch.float64, device=device, generator=gen)
    y = torch.randn(8, 1, dtype=torch.float64, device=device, generator=gen)
    for _ in range(5):
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(x), y).backward()
        opt.step()
    w1 = net[0].weight.detach()
    moved = not torch.allclose(w1, torch.full_like(w1, 0.3))
    ok = moved and bool((w1 == w1[0]).all())
    # All zeros: a zero next layer sends no gradient back to the hidden weights at all.
    for param in net.parameters():
        torch.nn.init.zeros_(param)
    opt.zero_grad()
    torch.nn.functional.mse_loss(net(x), y).backward()
    ok = ok and not bool(net[0].weight.grad.any())
    return ok, {"en": f"after 5 SGD steps from a constant init all 4 rows of W1 are still "
                      f"equal: {[_fmt(v) for v in w1[0].tolist()]}; from all zeros W1.grad = 0",
                "zh": f"常数初始化后训练 5 步，W1 的 4 行仍完全相同："
                      f"{[_fmt(v) for v in w1[0].tolist()]}；全零初始化时 W1.grad = 0"}


def check_relu_gain(p: dict, device: Any) -> tuple[bool, str]:
    import torch

    gain = torch.nn.init.calculate_gain("relu")
    s = recover_scale(lambda w, g: torch.nn.init.kaiming_normal_(w, generator=g),
                      (10, 50), "normal", device)
    ok = math.isclose(gain, math.sqrt(2)) and math.isclose(s, math.sqrt(2 / 50), rel_tol=1e-12)
    return ok, (f"calculate_gain('relu') = {_fmt(gain)} = √2; kaiming_normal_ defaults "
                f"(a=0, leaky_relu, fan_in=50): std = √2/√50 = {_fmt(s)}")


def check_grouped_fan_out(p: dict, device: Any) -> tuple[bool, str]:
    fi, fo, shape = _conv_fans({"C_in": 32, "C_out": 32, "kh": 3, "kw": 3, "groups": 32}, device)
    return (fi, fo) == (9, 288), (f"depthwise Conv2d(32, 32, 3, groups=32): weight {shape}, "
                                  f"fan_in = 1·3·3 = {fi}, fan_out = 32·3·3 = {fo}")
