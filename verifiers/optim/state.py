"""Optimizer-state cards: what optimizer.state_dict()['state'] holds after real steps (the
keys, Adam's per-parameter `step` count, the raw momentum buffer and moments)."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    f64,
    factor,
    join,
    num,
    plural,
    require,
    same,
    steps,
    term,
    value,
    zeros,
)

from .loop import run_steps

# The optimizers of optim/optimizer-state-keys, as the question shows them.
KEY_OPTIMIZERS = {
    "SGD(params, lr=0.1)": ("SGD", {"lr": 0.1}),
    "SGD(params, lr=0.1, momentum=0.9)": ("SGD", {"lr": 0.1, "momentum": 0.9}),
    "Adam(params)": ("Adam", {}),
    "AdamW(params)": ("AdamW", {}),
    "Adam(params, amsgrad=True)": ("Adam", {"amsgrad": True}),
    "RMSprop(params)": ("RMSprop", {}),
    "RMSprop(params, momentum=0.9)": ("RMSprop", {"momentum": 0.9}),
    "Adagrad(params)": ("Adagrad", {}),
}


def keys_text(keys: list[str]) -> str:
    """How `print(sorted(...))` shows the keys; the text of one of the card's choices."""
    return "[" + ", ".join(f"'{k}'" for k in sorted(keys)) + "]"


def sgd_state_buffer(p: Params, device: Any) -> Result:
    import torch

    lr, mu, d, wd = p["lr"], p["momentum"], p["dampening"], p["weight_decay"]
    bufs = [0.0]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> Any:
        g2, buf = g + wd * before, s["momentum_buffer"]
        grad = (f"g = {num(g)} + wd·θ = {num(g)} + {num(wd)}·{factor(before)} = {num(g2)}"
                if wd else f"g = {num(g)}")
        if t == 1:
            how = bi(f"buf = g = {num(buf)} (the first step copies g, no dampening)",
                     f"buf = g = {num(buf)}（第一步直接复制 g，不做阻尼）")
        else:
            damp = f" + {num(1 - d)}·{factor(g2)}" if d else term(g2)
            how = same(f"buf = μ·buf + (1 - dampening)·g = {num(mu)}·{factor(bufs[-1])}"
                       f"{damp} = {num(buf)}")
        bufs.append(buf)
        parts: list[Any] = [f"t={t}: {grad}", how]
        if wd:
            parts.append(f"θ = θ - lr·buf = {num(before)} - {num(lr)}·{factor(buf)} = {num(after)}")
        return join(parts, "; ")

    _, lines = run_steps(lambda ps: torch.optim.SGD(ps, lr=lr, momentum=mu, dampening=d,
                                                    weight_decay=wd),
                         p["theta"], p["grads"], device, trace)
    head = bi("state[0]['momentum_buffer'] holds the raw buffer: lr is applied outside it "
              "(θ ← θ - lr·buf)" + (", and weight decay enters it through g" if wd else "") + ":",
              "state[0]['momentum_buffer'] 存的是原始缓冲：学习率乘在缓冲外面（θ ← θ - lr·buf）"
              + ("，权重衰减则通过 g 进入缓冲" if wd else "") + "：")
    return bufs[-1], join([head, lines])


def adam_state_step(p: Params, device: Any) -> Result:
    import torch

    n, every, to_none, which = p["n"], p["every"], p["set_to_none"], p["index"]
    require(n >= 1, "with no step at all the state is empty (state_dict()['state'] is {})")
    a, b = zeros([3], device).requires_grad_(), zeros([3], device).requires_grad_()
    opt = torch.optim.Adam([a, b], lr=0.01)
    for i in steps(n):
        opt.zero_grad(set_to_none=to_none)
        loss = (a + b).sum() if i % every == 0 else a.sum()
        loss.backward()
        opt.step()
    state = opt.state_dict()["state"]
    counts = [int(value(state[k]["step"])) for k in (0, 1)]
    with_b = [i for i in range(n) if i % every == 0]
    require(which in (0, 1), "the state has keys 0 (a) and 1 (b)")
    ans = counts[which]
    about_b = (bi(f"b is in the loss only when i % {every} == 0 (i = {_few(with_b)}): "
                  f"{plural(len(with_b), 'step', 'steps')} with a gradient; on the others "
                  "zero_grad() left b.grad = None and Adam skipped b, so state[1]['step'] = "
                  f"{counts[1]}",
                  f"b 只在 i % {every} == 0 时进入损失（i = {_few(with_b)}）：共 {len(with_b)} 步"
                  "有梯度；其余各步 zero_grad() 让 b.grad 为 None，Adam 跳过 b，所以 "
                  f"state[1]['step'] = {counts[1]}")
               if to_none else
               bi("zero_grad(set_to_none=False) fills b.grad with zeros instead of None, so Adam "
                  f"steps b every time: state[1]['step'] = {counts[1]} (its exp_avg decays)",
                  "zero_grad(set_to_none=False) 把 b.grad 填零而不是设为 None，所以 Adam 每一步都"
                  f"更新 b：state[1]['step'] = {counts[1]}（它的 exp_avg 随之衰减）"))
    return ans, join([
        bi("Adam counts steps per parameter, in state[i]['step']: a has a gradient in "
           + ("the only step" if n == 1 else f"all {n} steps")
           + f", so state[0]['step'] = {counts[0]}",
           "Adam 按参数分别计数，存在 state[i]['step'] 中：a "
           + ("在这唯一的一步中有梯度" if n == 1 else f"在全部 {n} 步中都有梯度")
           + f"，所以 state[0]['step'] = {counts[0]}"),
        about_b,
    ])


def _few(items: list[int]) -> str:
    return ", ".join(map(str, items)) if len(items) <= 6 else \
        ", ".join(map(str, items[:4])) + f", …, {items[-1]}"


def adam_state_moments(p: Params, device: Any) -> Result:
    import torch

    b1, b2 = p["beta1"], p["beta2"]
    ms = [(0.0, 0.0)]

    def trace(t: int, g: float, before: float, s: dict, after: float) -> str:
        m0, v0 = ms[-1]
        m, v = s["exp_avg"], s["exp_avg_sq"]
        ms.append((m, v))
        return (f"t={t}: exp_avg = β1·m + (1 - β1)·g = {num(b1)}·{factor(m0)} + {num(1 - b1)}·"
                f"{factor(g)} = {num(m)}; exp_avg_sq = β2·v + (1 - β2)·g² = {num(b2)}·"
                f"{factor(v0)} + {num(1 - b2)}·{factor(g)}² = {num(v)}")

    _, lines = run_steps(lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(b1, b2)), 1.0,
                         p["grads"], device, trace)
    m, v = ms[-1]
    return [m, v], join([
        bi("The state holds the raw moments, both starting at 0; m̂ and v̂ (bias-corrected) are "
           "computed inside step() and never stored:",
           "state 里存的是原始的一阶矩和二阶矩，都从 0 开始；偏差修正后的 m̂ 和 v̂ 只在 step() "
           "内部计算，不会保存："),
        lines,
    ])


def optimizer_state_keys(p: Params, device: Any) -> Result:
    import torch

    require(p["optimizer"] in KEY_OPTIMIZERS, f"unknown optimizer {p['optimizer']!r}")
    name, kwargs = KEY_OPTIMIZERS[p["optimizer"]]
    n = p["steps"]
    w = f64([1.0, -2.0], device, requires_grad=True)
    opt = getattr(torch.optim, name)([w], **kwargs)
    for _ in steps(n):
        opt.zero_grad()
        (w * w).sum().backward()
        opt.step()
    state = opt.state_dict()["state"]
    ans = keys_text(list(state.get(0, {})))
    when = (bi(f"after {plural(n, 'step', 'steps')}", f"{n} 步之后") if n
            else bi("before any step", "还没有调用 step() 时"))
    if not state:
        why = bi("the state is empty: " + ("plain SGD keeps no buffer at all"
                                           if name == "SGD" else "it is filled on the first "
                                           "step()"),
                 "state 为空：" + ("不带动量的 SGD 根本不保存缓冲" if name == "SGD"
                                  else "它在第一次 step() 时才被填充"))
    else:
        why = bi(f"torch.optim.{p['optimizer']} keeps {ans} for each parameter"
                 + (" (Adagrad fills its state already in the constructor)"
                    if name == "Adagrad" and not n else ""),
                 f"torch.optim.{p['optimizer']} 为每个参数保存 {ans}"
                 + ("（Adagrad 在构造函数里就填好了 state）" if name == "Adagrad" and not n
                    else ""))
    return ans, join([when, why], ": ")
