"""Optimizer cards: real torch.optim steps (SGD, Adam, AdamW, RMSprop, Adagrad) on a float64
scalar, each step traced from torch's own state (momentum_buffer, exp_avg, square_avg ...)."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Explain, Params, Result, bi, factor, join, num, require, same, term

from .loop import decayed, run_steps


def sample_sgd(p: Params, rng: random.Random) -> Params:
    """torch rejects nesterov=True unless momentum > 0 and dampening == 0."""
    return {**p, "dampening": 0.0} if p["nesterov"] else p


def sgd_momentum_step(p: Params, device: Any) -> Result:
    import torch

    lr, mu, d, nes, wd = p["lr"], p["momentum"], p["dampening"], p["nesterov"], p["weight_decay"]
    require(not nes or d == 0, "nesterov=True needs dampening=0 (torch raises ValueError)")
    prev: list[float] = []

    def trace(t: int, g: float, before: float, s: dict, after: float) -> Explain:
        g2, buf = g + wd * before, s["momentum_buffer"]
        if t == 1:
            how = bi(f"buf = g = {num(buf)} (the first step sets the buffer to g, no dampening)",
                     f"buf = g = {num(buf)}（第一步直接令缓冲等于 g，不做阻尼）")
        else:
            damp = f" + {num(1 - d)}·{factor(g2)}" if d else term(g2)
            how = same(f"buf = μ·buf + (1 - dampening)·g = {num(mu)}·{factor(prev[-1])}"
                       f"{damp} = {num(buf)}")
        prev.append(buf)
        if nes:
            look = g2 + mu * buf
            step = same(f"θ = θ - lr·(g + μ·buf) = {num(before)} - {num(lr)}·({num(g2)} + "
                        f"{num(mu)}·{factor(buf)}) = {num(before)} - {num(lr)}·{factor(look)} = "
                        f"{num(after)}")
        else:
            step = same(f"θ = θ - lr·buf = {num(before)} - {num(lr)}·{factor(buf)} = "
                        f"{num(after)}")
        return join([f"t={t}: {decayed(g, wd, before)}", how, step], "; ")

    theta, lines = run_steps(lambda ps: torch.optim.SGD(ps, lr=lr, momentum=mu, dampening=d,
                                                        nesterov=nes, weight_decay=wd),
                             p["theta"], p["grads"], device, trace)
    head = (bi("Nesterov: each step moves by lr·(g + μ·buf), a look-ahead past the buffer:",
               "Nesterov 动量：每一步按 lr·(g + μ·buf) 更新，即越过缓冲再往前看一步：") if nes
            else bi("Momentum: each step moves by lr·buf:", "动量：每一步按 lr·buf 更新："))
    return theta, join([head, lines])


def _adam_trace(p: Params, decoupled: bool):
    lr, b1, b2, eps, wd = p["lr"], p["beta1"], p["beta2"], p["eps"], p["weight_decay"]
    moments = [(0.0, 0.0)]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> Explain:
        m0, v0 = moments[-1]
        m, v = s["exp_avg"], s["exp_avg_sq"]
        moments.append((m, v))
        mh, vh = m / (1 - b1**t), v / (1 - b2**t)
        parts: list[Explain | str] = []
        if decoupled:
            start = before * (1 - lr * wd)
            parts.append(bi(f"decay first: θ·(1 - lr·wd) = {num(before)}·(1 - {num(lr)}·"
                            f"{num(wd)}) = {num(start)}",
                            f"先衰减：θ·(1 - lr·wd) = {num(before)}·(1 - {num(lr)}·{num(wd)}) "
                            f"= {num(start)}"))
            parts.append(f"g = {num(g)}")
            g2 = g
            parts[0] = join([f"t={t}: ", parts[0]], "")
        else:
            start, g2 = before, g + wd * before
            parts.append(f"t={t}: {decayed(g, wd, before)}")
        parts += [
            f"m = β1·m + (1 - β1)·g = {num(b1)}·{factor(m0)} + {num(1 - b1)}·{factor(g2)} = "
            f"{num(m)}",
            f"v = β2·v + (1 - β2)·g² = {num(b2)}·{factor(v0)} + {num(1 - b2)}·{factor(g2)}² = "
            f"{num(v)}",
            f"m̂ = m/(1 - β1^{t}) = {num(m)}/(1 - {num(b1)}^{t}) = {num(mh)}",
            f"v̂ = v/(1 - β2^{t}) = {num(v)}/(1 - {num(b2)}^{t}) = {num(vh)}",
            f"θ = θ - lr·m̂/(√v̂ + ε) = {num(start)} - {num(lr)}·{factor(mh)}/"
            f"(√{num(vh)} + {num(eps)}) = {num(after)}",
        ]
        return join(parts, "; ")

    return trace


def adam_step(p: Params, device: Any) -> Result:
    import torch

    theta, lines = run_steps(
        lambda ps: torch.optim.Adam(ps, lr=p["lr"], betas=(p["beta1"], p["beta2"]), eps=p["eps"],
                                    weight_decay=p["weight_decay"]),
        p["theta"], p["grads"], device, _adam_trace(p, decoupled=False))
    head = bi("Adam: the first moment m and the second moment v start at 0; bias correction "
              "divides them by 1 - β^t" + ("; weight_decay·θ is added to the gradient (L2):"
                                           if p["weight_decay"] else ":"),
              "Adam：一阶矩 m 和二阶矩 v 从 0 开始，偏差修正把它们除以 1 - β^t"
              + ("；weight_decay·θ 加在梯度上（L2 正则）：" if p["weight_decay"] else "："))
    return theta, join([head, lines])


def adamw_step(p: Params, device: Any) -> Result:
    import torch

    theta, lines = run_steps(
        lambda ps: torch.optim.AdamW(ps, lr=p["lr"], betas=(p["beta1"], p["beta2"]), eps=p["eps"],
                                     weight_decay=p["weight_decay"]),
        p["theta"], p["grads"], device, _adam_trace(p, decoupled=True))
    head = bi("AdamW decouples weight decay: each step first shrinks θ by 1 - lr·wd, then takes "
              "the Adam step on the raw gradient (the decay never enters m or v):",
              "AdamW 的权重衰减是解耦的：每一步先把 θ 乘以 1 - lr·wd，再用原始梯度做 Adam 更新"
              "（衰减项不进入一阶矩 m 和二阶矩 v）：")
    return theta, join([head, lines])


def adam_first_step_delta(p: Params, device: Any) -> Result:
    import torch

    lr, eps, g = p["lr"], p["eps"], p["grad"]
    theta, _ = run_steps(lambda ps: torch.optim.Adam(ps, lr=lr, eps=eps), 0.0, [g], device)
    chain = (f"θ = 0 - lr·g/(|g| + ε) = -{num(lr)}·{factor(g)}/({num(abs(g))} + {num(eps)}) = "
             f"{num(theta)}")
    return theta, bi(f"step 1, after bias correction: m̂ = g = {num(g)}, v̂ = g², so {chain}",
                     f"第 1 步经过偏差修正：m̂ = g = {num(g)}，v̂ = g²，所以 {chain}")


def decay_zero_grad_step(p: Params, device: Any) -> Result:
    import torch

    name, lr, wd, theta = p["optimizer"], p["lr"], p["weight_decay"], p["theta"]
    after, _ = run_steps(lambda ps: getattr(torch.optim, name)(ps, lr=lr, weight_decay=wd),
                         theta, [0.0], device)
    if name == "Adam":
        g = wd * theta
        chain = (f"θ - lr·g/(|g| + ε) = {num(theta)} - {num(lr)}·{factor(g)}/({num(abs(g))} + "
                 f"1e-08) = {num(after)}")
        return after, bi(
            f"Adam adds the decay to the gradient: g = 0 + {num(wd)}·{factor(theta)} = {num(g)}; "
            f"step 1 normalizes it (m̂ = g, v̂ = g²): {chain}, a step of about lr whatever wd is",
            f"Adam 把衰减加到梯度上：g = 0 + {num(wd)}·{factor(theta)} = {num(g)}；第 1 步把它"
            f"归一化（m̂ = g，v̂ = g²）：{chain}，不论 wd 多大，步长都约为 lr")
    chain = f"θ·(1 - lr·wd) = {num(theta)}·(1 - {num(lr)}·{num(wd)}) = {num(after)}"
    if name == "AdamW":
        return after, bi(f"AdamW decays θ directly: {chain}; the Adam part is 0/(0 + ε) = 0",
                         f"AdamW 直接衰减 θ：{chain}；Adam 部分为 0/(0 + ε) = 0")
    return after, bi(f"SGD adds wd·θ to the gradient: θ - lr·(0 + wd·θ) = {chain}",
                     f"SGD 把 wd·θ 加到梯度上：θ - lr·(0 + wd·θ) = {chain}")


def rmsprop_step(p: Params, device: Any) -> Result:
    import torch

    lr, alpha, eps, mu, centered = p["lr"], p["alpha"], p["eps"], p["momentum"], p["centered"]
    prev = [{"square_avg": 0.0, "grad_avg": 0.0, "momentum_buffer": 0.0}]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> str:
        old = prev[-1]
        prev.append(s)
        v = s["square_avg"]
        parts = [f"t={t}: g = {num(g)}",
                 f"v = α·v + (1 - α)·g² = {num(alpha)}·{factor(old['square_avg'])} + "
                 f"{num(1 - alpha)}·{factor(g)}² = {num(v)}"]
        if centered:
            ga = s["grad_avg"]
            parts.append(f"ḡ = α·ḡ + (1 - α)·g = {num(alpha)}·{factor(old['grad_avg'])} + "
                         f"{num(1 - alpha)}·{factor(g)} = {num(ga)}")
            parts.append(f"ṽ = v - ḡ² = {num(v)} - {factor(ga)}² = {num(v - ga**2)}")
            v -= ga**2
            name = "ṽ"
        else:
            name = "v"
        ratio = f"{factor(g)}/(√{num(v)} + {num(eps)})"
        if mu:
            buf = s["momentum_buffer"]
            parts.append(f"buf = μ·buf + g/(√{name} + ε) = {num(mu)}·"
                         f"{factor(old['momentum_buffer'])} + {ratio} = {num(buf)}")
            parts.append(f"θ = θ - lr·buf = {num(before)} - {num(lr)}·{factor(buf)} = "
                         f"{num(after)}")
        else:
            parts.append(f"θ = θ - lr·g/(√{name} + ε) = {num(before)} - {num(lr)}·{ratio} = "
                         f"{num(after)}")
        return "; ".join(parts)

    theta, lines = run_steps(lambda ps: torch.optim.RMSprop(ps, lr=lr, alpha=alpha, eps=eps,
                                                            momentum=mu, centered=centered),
                             p["theta"], p["grads"], device, trace)
    head = bi("RMSprop keeps a running average v of g² (v starts at 0) and has no bias "
              "correction:", "RMSprop 维护 g² 的滑动平均 v（从 0 开始），没有偏差修正：")
    return theta, join([head, lines])


def adagrad_step(p: Params, device: Any) -> Result:
    import torch

    lr, decay, acc0, eps = p["lr"], p["lr_decay"], p["initial_accumulator_value"], p["eps"]
    sums = [acc0]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> str:
        clr, total = lr / (1 + (t - 1) * decay), s["sum"]
        old = sums[-1]
        sums.append(total)
        return (f"t={t}: lr_t = lr/(1 + (t - 1)·lr_decay) = {num(lr)}/(1 + {t - 1}·{num(decay)})"
                f" = {num(clr)}; sum = sum + g² = {num(old)} + {factor(g)}² = {num(total)}; "
                f"θ = θ - lr_t·g/(√sum + ε) = {num(before)} - {num(clr)}·{factor(g)}/"
                f"(√{num(total)} + {num(eps)}) = {num(after)}")

    theta, lines = run_steps(lambda ps: torch.optim.Adagrad(ps, lr=lr, lr_decay=decay, eps=eps,
                                                            initial_accumulator_value=acc0),
                             p["theta"], p["grads"], device, trace)
    head = bi(f"Adagrad adds up every g² since the start (sum starts at "
              f"initial_accumulator_value = {num(acc0)}), so the step keeps shrinking:",
              f"Adagrad 累加从一开始的所有 g²（sum 的初值为 initial_accumulator_value = "
              f"{num(acc0)}），所以步长越来越小：")
    return theta, join([head, lines])
