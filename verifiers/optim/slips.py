"""Known slips for the optim deck: each redoes the update or schedule with one classic mistake.

Pure Python (no torch): a slips function gets the card's params and returns
[(wrong_answer, {"en": why, "zh": why})]; the app itself skips a candidate its tolerance
cannot tell from the right answer (with some params a mistake changes nothing).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

Slip = tuple[float, dict[str, str]]


# ---------------------------------------------------------------- helpers


def _slips(candidates: Iterable[tuple[float, str, str]]) -> list[Slip]:
    """The finite candidates as [(wrong, {en, zh})]; the app skips any its tolerance cannot
    tell from the right answer, and names the first listed match."""
    return [(w, {"en": en, "zh": zh}) for w, en, zh in candidates if math.isfinite(w)]


# ---------------------------------------------------------------- optimizers


def _sgd(p: dict, damp_first: bool = False, nesterov: bool | None = None,
         wd: float | None = None, momentum: float | None = None) -> float:
    """torch.optim.SGD on a scalar; keyword arguments override one piece of the rule."""
    theta, buf = p["theta"], None
    mu = p["momentum"] if momentum is None else momentum
    d = p["dampening"]
    wd = p["weight_decay"] if wd is None else wd
    nes = p["nesterov"] if nesterov is None else nesterov
    for g in p["grads"]:
        g = g + wd * theta
        if mu:
            first = (1 - d) * g if damp_first else g
            buf = first if buf is None else mu * buf + (1 - d) * g
            g = g + mu * buf if nes else buf
        theta -= p["lr"] * g
    return theta


def sgd_momentum_step_slips(p: dict) -> list[Slip]:
    cands = []
    if p["dampening"]:
        cands.append((_sgd(p, damp_first=True),
                      "applied dampening on the first step: torch sets buf = g at step 1 and "
                      "dampens only the later steps",
                      "第一步就用了 dampening：torch 在第 1 步令 buf = g，"
                      "之后的步骤才乘 (1 − dampening)"))
    if p["nesterov"]:
        cands.append((_sgd(p, nesterov=False),
                      "ignored nesterov=True: each step uses g + momentum·buf, not buf",
                      "忽略了 nesterov=True：每一步用 g + momentum·buf，而不是 buf"))
    if p["weight_decay"]:
        cands.append((_sgd(p, wd=0.0),
                      "left out weight_decay: it adds weight_decay·θ to the gradient first",
                      "漏掉了 weight_decay：要先把 weight_decay·θ 加到梯度上"))
    cands.append((_sgd(p, momentum=0.0),
                  "ignored the momentum buffer (plain SGD): later steps use "
                  "buf = momentum·buf + (1 − dampening)·g",
                  "忽略了动量缓冲（当成普通 SGD）：之后的步骤用 "
                  "buf = momentum·buf + (1 − dampening)·g"))
    return _slips(cands)


def _adam(p: dict, decoupled: bool, bias_correction: bool = True,
          wd: float | None = None) -> float:
    """torch.optim.Adam (decoupled=False) or AdamW (True) on a scalar."""
    theta, m, v = p["theta"], 0.0, 0.0
    lr, b1, b2, eps = p["lr"], p["beta1"], p["beta2"], p["eps"]
    wd = p["weight_decay"] if wd is None else wd
    for t, g in enumerate(p["grads"], start=1):
        if decoupled:
            theta *= 1 - lr * wd
        else:
            g = g + wd * theta
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        if bias_correction:
            theta -= lr * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
        else:
            theta -= lr * m / (math.sqrt(v) + eps)
    return theta


NO_BIAS_CORRECTION = ("skipped the bias correction: divide m by 1 − β1^t and v by 1 − β2^t "
                      "before the step",
                      "漏掉了偏差修正：更新前要把 m 除以 1 − β1^t、把 v 除以 1 − β2^t")
NO_DECAY = ("left out weight_decay", "漏掉了 weight_decay")


def adam_step_slips(p: dict) -> list[Slip]:
    cands = [(_adam(p, False, bias_correction=False), *NO_BIAS_CORRECTION)]
    if p["weight_decay"]:
        cands.append((_adam(p, True),
                      "decayed θ directly (that is AdamW): Adam adds weight_decay·θ to the "
                      "gradient",
                      "直接衰减了 θ（那是 AdamW）：Adam 是把 weight_decay·θ 加到梯度上"))
        cands.append((_adam(p, False, wd=0.0), *NO_DECAY))
    return _slips(cands)


def adamw_step_slips(p: dict) -> list[Slip]:
    return _slips([
        (_adam(p, True, bias_correction=False), *NO_BIAS_CORRECTION),
        (_adam(p, False),
         "added weight_decay·θ to the gradient (that is Adam): AdamW multiplies θ by "
         "1 − lr·weight_decay",
         "把 weight_decay·θ 加到了梯度上（那是 Adam）：AdamW 直接把 θ 乘以 1 − lr·weight_decay"),
        (_adam(p, True, wd=0.0), *NO_DECAY),
    ])


def adam_first_step_delta_slips(p: dict) -> list[Slip]:
    lr, eps, g = p["lr"], p["eps"], p["grad"]
    m, v = 0.1 * g, 0.001 * g * g  # after one step with betas (0.9, 0.999)
    return _slips([
        (-lr * g, "took an SGD step −lr·g: Adam divides by √v̂, so its first step is about "
         "−lr·sign(g)",
         "按 SGD 算了 −lr·g：Adam 要除以 √v̂，所以第一步约为 −lr·sign(g)"),
        (-lr * m / (math.sqrt(v) + eps),
         "skipped the bias correction: at t = 1, m̂ = m/(1 − 0.9) = g and "
         "v̂ = v/(1 − 0.999) = g²",
         "漏掉了偏差修正：t = 1 时 m̂ = m/(1 − 0.9) = g，v̂ = v/(1 − 0.999) = g²"),
        (-lr * math.copysign(1.0, g),
         "ignored ε: when |g| is not much larger than ε the step −lr·g/(|g| + ε) is smaller "
         "than lr",
         "忽略了 ε：当 |g| 并不远大于 ε 时，步长 −lr·g/(|g| + ε) 小于 lr"),
    ])


# ---------------------------------------------------------------- schedulers


def step_lr_slips(p: dict) -> list[Slip]:
    lr, size, gamma, epoch = p["lr"], p["step_size"], p["gamma"], p["epoch"]
    return _slips([
        (lr * gamma ** ((epoch + 1) // size),
         "decayed one epoch early: the k-th decay comes after step_size·k calls of "
         "sched.step(), so lr = lr₀·γ^⌊epoch/step_size⌋",
         "提前一个 epoch 衰减了：第 k 次衰减发生在 sched.step() 调用 step_size·k 次之后，"
         "lr = lr₀·γ^⌊epoch/step_size⌋"),
        (lr * gamma ** (max(epoch - 1, 0) // size),
         "decayed one epoch late: after epoch calls of sched.step(), lr = "
         "lr₀·γ^⌊epoch/step_size⌋",
         "晚了一个 epoch 才衰减：调用 sched.step() epoch 次之后，lr = lr₀·γ^⌊epoch/step_size⌋"),
        (lr * gamma**epoch,
         "decayed every epoch (that is ExponentialLR): StepLR multiplies by γ once every "
         "step_size epochs",
         "每个 epoch 都衰减了（那是 ExponentialLR）：StepLR 每 step_size 个 epoch 才乘一次 γ"),
    ])


def cosine_annealing_lr_slips(p: dict) -> list[Slip]:
    lr, t_max, eta, epoch = p["lr"], p["T_max"], p["eta_min"], p["epoch"]

    def cosine(top: float, low: float, period: float) -> float:
        return low + (top - low) * (1 + math.cos(2 * math.pi * epoch / period)) / 2

    cands = [(cosine(lr, 0.0, 2 * t_max),
              "left out eta_min: lr = eta_min + (lr₀ − eta_min)·(1 + cos(π·epoch/T_max))/2",
              "漏掉了 eta_min：lr = eta_min + (lr₀ − eta_min)·(1 + cos(π·epoch/T_max))/2"),
             (cosine(lr, eta, t_max),
              "treated T_max as the full cosine period: T_max is half a period, the epochs "
              "from lr down to eta_min",
              "把 T_max 当成了完整的余弦周期：T_max 是半个周期，即从 lr 降到 eta_min 的 epoch 数")]
    if epoch > t_max:
        cands.append((eta,
                      "assumed the LR stays at eta_min after T_max: CosineAnnealingLR keeps "
                      "following the cosine, which climbs back up",
                      "以为过了 T_max 学习率就停在 eta_min："
                      "CosineAnnealingLR 会继续沿余弦曲线回升"))
    return _slips(cands)
