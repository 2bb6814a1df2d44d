"""Flash-card checks for the init deck: each proves its card's claim in the running torch."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Params, Result, bi, layer, num, randn, short, vec, zeros

from .layers import conv2d_default, conv_fans, embedding_scales, linear_default
from .replay import SEED, recover_scale


def check_embedding_normal(p: Params, device: Any) -> Result:
    scales = embedding_scales(1000, 64, device)
    std = scales.get("normal", math.nan)
    ok = "uniform" not in scales and math.isclose(std, 1.0, rel_tol=1e-12)
    return ok, bi(f"nn.Embedding(1000, 64).weight is exactly {num(std)} × a standard normal "
                  f"draw, so its entries follow N(0, 1), not U(-1, 1).",
                  f"nn.Embedding(1000, 64).weight 恰好是 {num(std)} × 标准正态分布的采样，"
                  f"所以元素服从 N(0, 1)，而不是 U(-1, 1)。")


def check_linear_not_he(p: Params, device: Any) -> Result:
    import torch

    fan_in = 100
    default = linear_default(fan_in, 50, device)["weight"]
    he = recover_scale(lambda w, g: torch.nn.init.kaiming_uniform_(w, nonlinearity="relu",
                                                                   generator=g),
                       (50, fan_in), "uniform", device)
    ok = math.isclose(default, 1 / math.sqrt(fan_in), rel_tol=1e-12) and \
        math.isclose(he / default, math.sqrt(6), rel_tol=1e-12)
    return ok, bi(f"nn.Linear({fan_in}, 50) draws its weight with the bound {num(default)} "
                  f"= 1/√{fan_in}, while He-uniform for ReLU would use √(6/{fan_in}) = "
                  f"{short(he)}, {short(he / default)} times wider.",
                  f"nn.Linear({fan_in}, 50) 的权重边界为 {num(default)} = 1/√{fan_in}，"
                  f"而针对 ReLU 的 He 均匀初始化边界是 √(6/{fan_in}) = {short(he)}，"
                  f"宽了 {short(he / default)} 倍。")


def check_bias_default(p: Params, device: Any) -> Result:
    lin = linear_default(16, 200, device)["bias"]
    conv = conv2d_default(4, 8, 3, 1, device)["bias"]  # fan_in = 4·3·3 = 36
    ok = math.isclose(lin, 1 / 4, rel_tol=1e-12) and math.isclose(conv, 1 / 6, rel_tol=1e-12)
    return ok, bi(f"nn.Linear(16, 200).bias is drawn from U(-{num(lin)}, {num(lin)}) with "
                  f"1/√16 = 0.25, and nn.Conv2d(4, 8, 3).bias from U(-b, b) with "
                  f"b = {short(conv)} = 1/√(4·3·3): random, neither zeros nor U(-1, 1).",
                  f"nn.Linear(16, 200).bias 服从 U(-{num(lin)}, {num(lin)})，1/√16 = 0.25；"
                  f"nn.Conv2d(4, 8, 3).bias 服从 U(-b, b)，b = {short(conv)} = 1/√(4·3·3)："
                  f"是随机值，既不是全零，也不是 U(-1, 1)。")


def check_xavier_normal_is_std(p: Params, device: Any) -> Result:
    import torch

    fi, fo = 300, 200
    s = recover_scale(lambda w, g: torch.nn.init.xavier_normal_(w, generator=g),
                      (fo, fi), "normal", device)
    w = torch.nn.init.xavier_normal_(zeros((fo, fi), device),
                                     generator=torch.Generator(device=device).manual_seed(SEED))
    var = float(w.var())
    formula = math.sqrt(2 / (fi + fo))
    ok = math.isclose(s, formula, rel_tol=1e-12) and abs(var / formula**2 - 1) < 0.05
    return ok, bi(f"xavier_normal_ on a ({fo}, {fi}) weight draws with standard deviation "
                  f"{short(s)} = √(2/{fi + fo}); the sample variance is {short(var)}, close to "
                  f"2/{fi + fo} = {short(formula**2)}, not to √(2/{fi + fo}).",
                  f"对 ({fo}, {fi}) 的权重调用 xavier_normal_，标准差为 {short(s)} = "
                  f"√(2/{fi + fo})；样本方差为 {short(var)}，接近 2/{fi + fo} = "
                  f"{short(formula**2)}，而不是 √(2/{fi + fo})。")


def check_zero_init_symmetry(p: Params, device: Any) -> Result:
    import torch

    def linear(n_in: int, n_out: int) -> Any:  # skip_init: no draw from the global RNG
        return layer(torch.nn.utils.skip_init(torch.nn.Linear, n_in, n_out), device)

    net = torch.nn.Sequential(linear(3, 4), torch.nn.Tanh(), linear(4, 1))
    for param in net.parameters():
        torch.nn.init.constant_(param, 0.3)  # any constant: every hidden unit is the same
    opt = torch.optim.SGD(net.parameters(), lr=0.5)
    x, y = randn(8, 3, device=device, seed=SEED), randn(8, 1, device=device, seed=SEED + 1)
    for _ in range(5):
        opt.zero_grad()
        torch.nn.functional.mse_loss(net(x), y).backward()
        opt.step()
    w1 = net[0].weight.detach().clone()
    moved = not torch.allclose(w1, torch.full_like(w1, 0.3))
    ok = moved and bool((w1 == w1[0]).all())
    # All zeros: a zero next layer sends no gradient back to the hidden weights at all.
    for param in net.parameters():
        torch.nn.init.zeros_(param)
    opt.zero_grad()
    torch.nn.functional.mse_loss(net(x), y).backward()
    ok = ok and not bool(net[0].weight.grad.any())
    row = vec(w1[0].tolist())
    return ok, bi(f"A 3-4-1 tanh network started with every weight and bias at 0.3 still has "
                  f"4 identical hidden units after 5 SGD steps (each weight row is {row}); "
                  f"started at all zeros, its hidden weights get a gradient of exactly 0.",
                  f"一个 3-4-1 的 tanh 网络，所有权重和偏置都初始化为 0.3，训练 5 步 SGD 后"
                  f" 4 个隐藏单元仍完全相同（每一行权重都是 {row}）；全零初始化时，"
                  f"隐藏层权重的梯度恰好为 0。")


def check_relu_gain(p: Params, device: Any) -> Result:
    import torch

    gain = torch.nn.init.calculate_gain("relu")
    s = recover_scale(lambda w, g: torch.nn.init.kaiming_normal_(w, generator=g),
                      (10, 50), "normal", device)
    ok = math.isclose(gain, math.sqrt(2)) and math.isclose(s, math.sqrt(2 / 50), rel_tol=1e-12)
    return ok, bi(f"calculate_gain('relu') = {num(gain)} = √2, and kaiming_normal_ with its "
                  f"defaults (a=0, mode='fan_in', nonlinearity='leaky_relu') on a (10, 50) "
                  f"weight draws with standard deviation {num(s)} = √2/√50.",
                  f"calculate_gain('relu') = {num(gain)} = √2；kaiming_normal_ 使用默认参数"
                  f"（a=0、mode='fan_in'、nonlinearity='leaky_relu'）初始化 (10, 50) 的权重，"
                  f"标准差为 {num(s)} = √2/√50。")


def check_grouped_fan_out(p: Params, device: Any) -> Result:
    fi, fo, shape = conv_fans({"C_in": 32, "C_out": 32, "kh": 3, "kw": 3, "groups": 32}, device)
    return (fi, fo) == (9, 288), bi(
        f"The depthwise nn.Conv2d(32, 32, 3, groups=32) has a weight of shape {shape}, so "
        f"torch.nn.init uses fan_in = 1·3·3 = {fi} and fan_out = 32·3·3 = {fo}.",
        f"深度卷积 nn.Conv2d(32, 32, 3, groups=32) 的权重形状为 {shape}，所以 torch.nn.init "
        f"使用 fan_in = 1·3·3 = {fi}，fan_out = 32·3·3 = {fo}。")
