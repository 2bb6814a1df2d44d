"""LR scheduler cards: the real scheduler on a real SGD optimizer, stepped epoch by epoch (each
scheduler.step() after an optimizer.step()); the answer is what param_groups[i]['lr'] holds."""

from __future__ import annotations

import math
import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, num, plural, require, same

from .loop import final_lr, scheduled_lrs


def _calls(n: int) -> tuple[str, str]:
    return (f"after {plural(n, 'call', 'calls')} of sched.step()",
            f"调用 sched.step() {n} 次后")


def _after(n: int, en: str, zh: str) -> Any:
    a, b = _calls(n)
    return bi(f"{a}: {en}", f"{b}：{zh}")


# ---- samplers and derive hooks ----------------------------------------------------------

def sample_cosine(p: Params, rng: random.Random) -> Params:
    """eta_min below lr; mostly epochs within one half-period, sometimes past T_max."""
    p = dict(p)
    if p["eta_min"] >= p["lr"]:
        p["eta_min"] = 0.0
    t_max = p["T_max"]
    p["epoch"] = rng.randint(0, t_max) if rng.random() < 0.8 else rng.randint(t_max + 1, 2 * t_max)
    return p


def sample_multistep(p: Params, rng: random.Random) -> Params:
    """Milestones as the docs expect them: strictly increasing."""
    return {**p, "milestones": sorted(set(p["milestones"]))}


def sample_onecycle(p: Params, rng: random.Random) -> Params:
    """pct_start·total_steps a whole number (a human-friendly phase end); step in range."""
    p = dict(p)
    n = p["total_steps"]
    pcts = [x for x in (0.25, 0.3, 0.5) if abs(x * n - round(x * n)) < 1e-9]
    p["pct_start"] = rng.choice(pcts)
    p["step"] = rng.randint(0, p["total_steps"] - 1)
    return p


def derive_multiplicative(p: Params) -> Params:
    """The lambda as the question shows it: a constant factor, or factor ** e."""
    require(p["form"] in ("constant", "power"), f"unknown form {p['form']!r}")
    code = f"lambda e: {num(p['factor'])}" + (" ** e" if p["form"] == "power" else "")
    return {**p, "lambda_code": code}


# ---- schedulers -------------------------------------------------------------------------

def step_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import StepLR

    lr, size, gamma, n = p["lr"], p["step_size"], p["gamma"], p["epoch"]
    ans = final_lr(lambda o: StepLR(o, step_size=size, gamma=gamma), lr, n, device)
    chain = (f"lr = lr0·γ^⌊n/step_size⌋ = {num(lr)}·{num(gamma)}^⌊{n}/{size}⌋ = "
             f"{num(lr)}·{num(gamma)}^{n // size} = {num(ans)}")
    return ans, _after(n, chain, chain)


def multistep_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import MultiStepLR

    lr, ms, gamma, n = p["lr"], p["milestones"], p["gamma"], p["epoch"]
    ans = final_lr(lambda o: MultiStepLR(o, milestones=ms, gamma=gamma), lr, n, device)
    passed = [m for m in ms if m <= n]
    chain = f"lr = {num(lr)}·{num(gamma)}^{len(passed)} = {num(ans)}"
    return ans, _after(n, f"{plural(len(passed), 'milestone', 'milestones')} ≤ {n} "
                          f"({passed}), so {chain}",
                       f"不大于 {n} 的里程碑有 {len(passed)} 个（{passed}），所以 {chain}")


def exponential_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import ExponentialLR

    lr, gamma, n = p["lr"], p["gamma"], p["epoch"]
    ans = final_lr(lambda o: ExponentialLR(o, gamma=gamma), lr, n, device)
    chain = f"lr = lr0·γ^n = {num(lr)}·{num(gamma)}^{n} = {num(ans)}"
    return ans, _after(n, f"each call multiplies lr by γ once: {chain}",
                       f"每次调用都把 lr 乘以 γ：{chain}")


def cosine_annealing_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import CosineAnnealingLR

    lr, t_max, eta, n = p["lr"], p["T_max"], p["eta_min"], p["epoch"]
    ans = final_lr(lambda o: CosineAnnealingLR(o, T_max=t_max, eta_min=eta), lr, n, device)
    half = (1 + math.cos(math.pi * n / t_max)) / 2
    chain = (f"lr = η_min + (lr0 - η_min)·(1 + cos(π·n/T_max))/2 = {num(eta)} + "
             f"({num(lr)} - {num(eta)})·(1 + cos(π·{n}/{t_max}))/2 = {num(eta)} + "
             f"{num(lr - eta)}·{num(half)} = {num(ans)}")
    if n > t_max:
        return ans, _after(n, f"{chain} (past T_max the cosine climbs back up)",
                           f"{chain}（超过 T_max 后余弦会回升）")
    return ans, _after(n, chain, chain)


def onecycle_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import OneCycleLR

    top, total, pct, step = p["max_lr"], p["total_steps"], p["pct_start"], p["step"]
    div, final, how = p["div_factor"], p["final_div_factor"], p["anneal_strategy"]
    require(0 <= step < total, "OneCycleLR cannot step past total_steps - 1")
    ans = final_lr(lambda o: OneCycleLR(o, max_lr=top, total_steps=total, pct_start=pct,
                                        anneal_strategy=how, div_factor=div,
                                        final_div_factor=final), top, step, device)
    start, peak = top / div, pct * total - 1
    first = f"max_lr/div_factor = {num(top)}/{num(div)} = {num(start)}"
    if step <= peak:
        a, b, fr = start, top, step / peak if peak else 1.0
        frac = f"frac = {step}/{num(peak)}"
        head = bi(f"initial lr = {first}; warm-up from a = {num(a)} to b = {num(b)} over "
                  f"steps 0..{num(peak)}: {frac}",
                  f"初始学习率 = {first}；预热阶段从 a = {num(a)} 升到 b = {num(b)}，"
                  f"共第 0..{num(peak)} 步：{frac}")
    else:
        a, b, fr = top, start / final, (step - peak) / (total - 1 - peak)
        frac = f"frac = ({step} - {num(peak)})/({total - 1} - {num(peak)})"
        head = bi(f"initial lr = {first}; annealing from a = {num(a)} to b = "
                  f"initial/final_div_factor = {num(b)} over steps {num(peak)}..{total - 1}: "
                  f"{frac}",
                  f"初始学习率 = {first}；退火阶段从 a = {num(a)} 降到 b = "
                  f"初始值/final_div_factor = {num(b)}，共第 {num(peak)}..{total - 1} 步："
                  f"{frac}")
    if how == "linear":
        shape = f"a + (b - a)·frac = {num(a)} + ({num(b)} - {num(a)})·{num(fr)}"
    else:
        shape = (f"b + (a - b)·(1 + cos(π·frac))/2 = {num(b)} + ({num(a)} - {num(b)})·"
                 f"(1 + cos(π·{num(fr)}))/2")
    return ans, join([head, same(f"lr = {shape} = {num(ans)}")], "; ")


def lambda_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import LambdaLR

    lr, f, n = p["lr"], p["factor"], p["epoch"]
    ans = final_lr(lambda o: LambdaLR(o, lr_lambda=lambda e: f ** e), lr, n, device)
    chain = f"lr = lr0·λ(n) = lr0·factor^n = {num(lr)}·{num(f)}^{n} = {num(ans)}"
    return ans, _after(n, f"LambdaLR sets lr to the initial lr times λ(last_epoch), it does not "
                          f"multiply the current lr: {chain}",
                       f"LambdaLR 把 lr 设为初始学习率乘以 λ(last_epoch)，而不是在当前 lr 上"
                       f"连乘：{chain}")


def multiplicative_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import MultiplicativeLR

    p = derive_multiplicative(p)
    lr, f, n, power = p["lr"], p["factor"], p["epoch"], p["form"] == "power"

    def lam(e: int) -> float:
        return f ** e if power else f

    ans = final_lr(lambda o: MultiplicativeLR(o, lr_lambda=lam), lr, n, device)
    if power:
        k = n * (n + 1) // 2
        terms = " + ".join(str(e) for e in range(1, n + 1)) if 1 < n <= 6 else f"1 + … + {n}"
        expo = f"{num(f)}^({terms}) = {num(lr)}·{num(f)}^{k}" if n > 1 else f"{num(f)}^{k}"
        chain = f"lr = lr0·λ(1)·λ(2)···λ(n) = {num(lr)}·{expo} = {num(ans)}"
    else:
        chain = f"lr = lr0·λ(1)···λ(n) = {num(lr)}·{num(f)}^{n} = {num(ans)}"
    if n == 0:
        chain = f"lr = lr0 = {num(ans)}"
    return ans, _after(n, f"each call multiplies the current lr by λ(last_epoch), with "
                          f"last_epoch = 1, 2, …, n (λ(0) is never applied): {chain}",
                       f"每次调用都把当前 lr 乘以 λ(last_epoch)，last_epoch 依次为 1, 2, …, n"
                       f"（λ(0) 从不使用）：{chain}")


def param_groups_lr(p: Params, device: Any) -> Result:
    from torch.optim.lr_scheduler import StepLR

    lr, own, size, gamma, n = p["lr"], p["backbone_lr"], p["step_size"], p["gamma"], p["epoch"]
    history = scheduled_lrs(lambda o: StepLR(o, step_size=size, gamma=gamma), lr, n, device,
                            groups=[{"lr": own}, {}])
    ans = history[-1]
    k = n // size
    g0 = f"{num(own)}·{num(gamma)}^{k} = {num(ans[0])}"
    g1 = f"{num(lr)}·{num(gamma)}^{k} = {num(ans[1])}"
    return ans, join([
        _after(n, f"the scheduler scales every group from its own initial_lr by "
                  f"γ^⌊n/step_size⌋ = {num(gamma)}^⌊{n}/{size}⌋ = {num(gamma)}^{k}",
               f"调度器让每个参数组都从自己的 initial_lr 出发乘以 γ^⌊n/step_size⌋ = "
               f"{num(gamma)}^⌊{n}/{size}⌋ = {num(gamma)}^{k}"),
        bi(f"group 0 (its own lr): {g0}; group 1 (the constructor's lr = {num(lr)}): {g1}",
           f"第 0 组（自己的 lr）：{g0}；第 1 组（构造函数的 lr = {num(lr)}）：{g1}"),
    ])
