"""Known slips of the LR scheduler cards: each redoes the documented schedule in plain Python
with one classic mistake (no torch here)."""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip, finite

STEPLR_EARLY = ("steplr-off-by-one",
                "decayed one epoch early: the k-th decay comes after step_size·k calls of "
                "sched.step(), so lr = lr0·γ^⌊n/step_size⌋",
                "提前一个 epoch 衰减了：第 k 次衰减发生在 sched.step() 调用 step_size·k 次之后，"
                "lr = lr0·γ^⌊n/step_size⌋")


def step_lr_slips(p: Params) -> list[Slip]:
    lr, size, gamma, n = p["lr"], p["step_size"], p["gamma"], p["epoch"]
    return finite([
        Slip(STEPLR_EARLY[0], lr * gamma ** ((n + 1) // size), *STEPLR_EARLY[1:]),
        Slip("steplr-one-late", lr * gamma ** (max(n - 1, 0) // size),
             "decayed one epoch late: after n calls of sched.step(), lr = lr0·γ^⌊n/step_size⌋",
             "晚了一个 epoch 才衰减：调用 sched.step() n 次之后，lr = lr0·γ^⌊n/step_size⌋"),
        Slip("decayed-every-epoch", lr * gamma**n,
             "decayed every epoch (that is ExponentialLR): StepLR multiplies by γ once every "
             "step_size epochs",
             "每个 epoch 都衰减了（那是 ExponentialLR）：StepLR 每 step_size 个 epoch 才乘一次 γ"),
    ])


def multistep_lr_slips(p: Params) -> list[Slip]:
    lr, ms, gamma, n = p["lr"], p["milestones"], p["gamma"], p["epoch"]
    passed = sum(m <= n for m in ms)
    return finite([
        Slip("milestone-off-by-one", lr * gamma ** sum(m <= n + 1 for m in ms),
             "decayed one epoch early: milestone m takes effect after m calls of sched.step()",
             "提前一个 epoch 衰减了：里程碑 m 在 sched.step() 调用 m 次之后才生效"),
        Slip("milestone-one-late", lr * gamma ** sum(m < n for m in ms),
             "decayed one epoch late: a milestone equal to n already counts",
             "晚了一个 epoch 才衰减：等于 n 的里程碑已经生效"),
        Slip("gamma-once", lr * gamma ** min(passed, 1),
             "multiplied by γ only once: every milestone passed multiplies by γ again",
             "只乘了一次 γ：每经过一个里程碑都要再乘一次 γ"),
    ])


def exponential_lr_slips(p: Params) -> list[Slip]:
    lr, gamma, n = p["lr"], p["gamma"], p["epoch"]
    return finite([
        Slip("exponential-one-extra", lr * gamma ** (n + 1),
             "applied γ once too often: after n calls lr = lr0·γ^n (the constructor does not "
             "decay)",
             "多乘了一次 γ：调用 n 次后 lr = lr0·γ^n（构造时不衰减）"),
        Slip("linear-decay", lr * (1 - n * (1 - gamma)),
             "subtracted (1 - γ) each epoch: ExponentialLR multiplies by γ",
             "每个 epoch 减去了 (1 - γ)：ExponentialLR 是乘以 γ"),
    ])


def cosine_annealing_lr_slips(p: Params) -> list[Slip]:
    lr, t_max, eta, n = p["lr"], p["T_max"], p["eta_min"], p["epoch"]

    def cosine(top: float, low: float, period: float) -> float:
        return low + (top - low) * (1 + math.cos(2 * math.pi * n / period)) / 2

    out = []
    if n > t_max:
        out.append(Slip("clamped-at-eta-min", eta,
                        "assumed the lr stays at eta_min after T_max: CosineAnnealingLR keeps "
                        "following the cosine, which climbs back up",
                        "以为过了 T_max 学习率就停在 eta_min："
                        "CosineAnnealingLR 会继续沿余弦曲线回升"))
    out.append(Slip("eta-min-forgotten", cosine(lr, 0.0, 2 * t_max),
                    "left out eta_min: lr = eta_min + (lr0 - eta_min)·(1 + cos(π·n/T_max))/2",
                    "漏掉了 eta_min：lr = eta_min + (lr0 - eta_min)·(1 + cos(π·n/T_max))/2"))
    out.append(Slip("t-max-full-period", cosine(lr, eta, t_max),
                    "treated T_max as the full cosine period: T_max is half a period, the "
                    "epochs from lr down to eta_min",
                    "把 T_max 当成了完整的余弦周期：T_max 是半个周期，"
                    "即从 lr 降到 eta_min 的 epoch 数"))
    return finite(out)


def onecycle_rule(p: Params, start_at_max: bool = False, peak_shift: float = -1.0,
                  final_from_max: bool = False, swap_strategy: bool = False) -> float:
    """OneCycleLR's two phases (the docs, three_phase=False), with one piece changed."""
    top, total, step = p["max_lr"], p["total_steps"], p["step"]
    initial = top if start_at_max else top / p["div_factor"]
    low = (top if final_from_max else initial) / p["final_div_factor"]
    peak = p["pct_start"] * total + peak_shift
    how = p["anneal_strategy"]
    if swap_strategy:
        how = "linear" if how == "cos" else "cos"
    if step <= peak:
        a, b, frac = initial, top, step / peak if peak else 1.0
    else:
        a, b, frac = top, low, (step - peak) / (total - 1 - peak)
    if how == "linear":
        return a + (b - a) * frac
    return b + (a - b) * (1 + math.cos(math.pi * frac)) / 2


def onecycle_lr_slips(p: Params) -> list[Slip]:
    return finite([
        Slip("peak-at-pct-total", onecycle_rule(p, peak_shift=0.0),
             "put the peak at step pct_start·total_steps: it is at pct_start·total_steps - 1",
             "把峰值放在了第 pct_start·total_steps 步：峰值在第 pct_start·total_steps - 1 步"),
        Slip("final-from-max-lr", onecycle_rule(p, final_from_max=True),
             "ended at max_lr/final_div_factor: the last lr is the initial lr/final_div_factor",
             "终点算成了 max_lr/final_div_factor：最后的 lr 是 初始 lr/final_div_factor"),
        Slip("start-at-max-lr", onecycle_rule(p, start_at_max=True),
             "started at max_lr: OneCycleLR starts at max_lr/div_factor and warms up",
             "从 max_lr 开始了：OneCycleLR 从 max_lr/div_factor 开始预热"),
        Slip("anneal-strategy-swapped", onecycle_rule(p, swap_strategy=True),
             "used the other anneal_strategy: 'cos' follows a half cosine, 'linear' a "
             "straight line",
             "用错了 anneal_strategy：'cos' 沿半个余弦变化，'linear' 沿直线变化"),
    ])


def _power(base: float, exponent: int) -> float:
    """base ** exponent, inf where a float overflows (a slip that finite() then drops)."""
    try:
        return float(base) ** exponent
    except OverflowError:
        return math.inf


def lambda_lr_slips(p: Params) -> list[Slip]:
    lr, f, n = p["lr"], p["factor"], p["epoch"]
    return finite([
        Slip("lambda-is-the-lr", _power(f, n),
             "took λ(n) as the lr itself: LambdaLR sets lr = initial lr·λ(n)",
             "把 λ(n) 当成了学习率本身：LambdaLR 设 lr = 初始 lr·λ(n)"),
        Slip("lambda-compounded", lr * _power(f, n * (n + 1) // 2),
             "multiplied the current lr by λ every epoch (that is MultiplicativeLR): "
             "LambdaLR always starts from the initial lr",
             "每个 epoch 都在当前 lr 上乘 λ（那是 MultiplicativeLR）：LambdaLR 总是从初始 lr 算起"),
        Slip("lambda-one-ahead", lr * _power(f, n + 1),
             "evaluated λ one epoch ahead: after n calls of sched.step(), last_epoch = n",
             "λ 的自变量多算了一个 epoch：调用 sched.step() n 次后 last_epoch = n"),
    ])


def _lam(p: Params, e: int) -> float:
    return _power(p["factor"], e) if p["form"] == "power" else p["factor"]


def multiplicative_lr_slips(p: Params) -> list[Slip]:
    lr, n = p["lr"], p["epoch"]
    return finite([
        Slip("multiplicative-as-lambda", lr * _lam(p, n),
             "set lr = initial lr·λ(n) (that is LambdaLR): MultiplicativeLR multiplies the "
             "current lr by λ at every call",
             "算成了 lr = 初始 lr·λ(n)（那是 LambdaLR）：MultiplicativeLR 每次调用都在当前 lr "
             "上乘 λ"),
        Slip("multiplicative-from-zero", lr * math.prod(_lam(p, e) for e in range(n)),
             "multiplied by λ(0), ..., λ(n - 1): the calls pass last_epoch = 1, ..., n",
             "乘的是 λ(0), ..., λ(n - 1)：各次调用传入的 last_epoch 是 1, ..., n"),
        Slip("multiplicative-one-extra", lr * math.prod(_lam(p, e) for e in range(n + 1)),
             "also applied λ(0) at construction: the constructor leaves the lr as it is",
             "构造时也乘了 λ(0)：构造函数不改变 lr"),
    ])


def param_groups_lr_slips(p: Params) -> list[Slip]:
    lr, own, size, gamma, n = p["lr"], p["backbone_lr"], p["step_size"], p["gamma"], p["epoch"]
    k = gamma ** (n // size)
    early = gamma ** ((n + 1) // size)
    return finite([
        Slip("scheduler-first-group-only", [own * k, lr],
             "decayed only the first group: the scheduler changes every param group",
             "只衰减了第一个参数组：调度器会改变每一个参数组"),
        Slip("group-lr-ignored", [lr * k, lr * k],
             "gave every group the constructor's lr: a group's own 'lr' overrides it",
             "给所有参数组都用了构造函数的 lr：参数组自己的 'lr' 会覆盖它"),
        Slip(STEPLR_EARLY[0], [own * early, lr * early], *STEPLR_EARLY[1:]),
    ])
