"""Flash-card checks for the init deck: each proves its card's claim in the running torch."""

from __future__ import annotations

import math
from typing import Any

from .layers import _conv_fans, _embedding_scales, _linear_default
from .replay import SEED, _fmt, recover_scale

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
