"""Known slips of the optimizer cards: each redoes the documented update rule in plain Python
with one classic mistake (no torch here)."""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip, finite

WD_FORGOTTEN = ("weight-decay-forgotten", "left out weight_decay", "漏掉了 weight_decay")
BIAS_FORGOTTEN = ("bias-correction-forgotten",
                  "skipped the bias correction: divide m by 1 - β1^t and v by 1 - β2^t before "
                  "the step",
                  "漏掉了偏差修正：更新前要把 m 除以 1 - β1^t、把 v 除以 1 - β2^t")
MOMENTUM_IGNORED = ("momentum-ignored",
                    "ignored the momentum buffer: later steps reuse the buffer "
                    "buf = momentum·buf + ...",
                    "忽略了动量缓冲：之后的每一步都要用缓冲 buf = momentum·buf + ...")


def _slip(spec: tuple[str, str, str], answer: float) -> Slip:
    return Slip(spec[0], answer, spec[1], spec[2])


def sgd_rule(p: Params, damp_first: bool = False, nesterov: bool | None = None,
             wd: float | None = None, momentum: float | None = None) -> float:
    """torch.optim.SGD on a scalar; a keyword changes one piece of the rule."""
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


def sgd_momentum_step_slips(p: Params) -> list[Slip]:
    out = []
    if p["dampening"]:
        out.append(Slip("dampening-on-first-step", sgd_rule(p, damp_first=True),
                        "applied dampening on the first step: torch sets buf = g at step 1 and "
                        "dampens only the later steps",
                        "第一步就用了阻尼：torch 在第 1 步令 buf = g，"
                        "之后的步骤才乘 (1 - dampening)"))
    if p["nesterov"]:
        out.append(Slip("nesterov-ignored", sgd_rule(p, nesterov=False),
                        "ignored nesterov=True: each step uses g + momentum·buf, not buf",
                        "忽略了 nesterov=True：每一步用 g + momentum·buf，而不是 buf"))
    if p["weight_decay"]:
        out.append(_slip(WD_FORGOTTEN, sgd_rule(p, wd=0.0)))
    out.append(_slip(MOMENTUM_IGNORED, sgd_rule(p, momentum=0.0)))
    return finite(out)


def adam_rule(p: Params, decoupled: bool, bias_correction: bool = True,
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


ADAMW_FOR_ADAM = ("adamw-decay-for-adam",
                  "decayed θ directly (that is AdamW): Adam adds weight_decay·θ to the gradient",
                  "直接衰减了 θ（那是 AdamW 的做法）：Adam 是把 weight_decay·θ 加到梯度上")
ADAM_FOR_ADAMW = ("adam-decay-for-adamw",
                  "added weight_decay·θ to the gradient (that is Adam): AdamW multiplies θ by "
                  "1 - lr·weight_decay",
                  "把 weight_decay·θ 加到了梯度上（那是 Adam 的做法）：AdamW 直接把 θ 乘以 "
                  "1 - lr·weight_decay")


def adam_step_slips(p: Params) -> list[Slip]:
    out = [_slip(BIAS_FORGOTTEN, adam_rule(p, False, bias_correction=False))]
    if p["weight_decay"]:
        out.append(_slip(ADAMW_FOR_ADAM, adam_rule(p, True)))
        out.append(_slip(WD_FORGOTTEN, adam_rule(p, False, wd=0.0)))
    return finite(out)


def adamw_step_slips(p: Params) -> list[Slip]:
    return finite([
        _slip(BIAS_FORGOTTEN, adam_rule(p, True, bias_correction=False)),
        _slip(ADAM_FOR_ADAMW, adam_rule(p, False)),
        _slip(WD_FORGOTTEN, adam_rule(p, True, wd=0.0)),
    ])


def adam_first_step_delta_slips(p: Params) -> list[Slip]:
    lr, eps, g = p["lr"], p["eps"], p["grad"]
    m, v = 0.1 * g, 0.001 * g * g  # after one step with betas (0.9, 0.999)
    return finite([
        Slip("sgd-step-for-adam", -lr * g,
             "took an SGD step -lr·g: Adam divides by √v̂, so its first step is about "
             "-lr·sign(g)",
             "按 SGD 算了 -lr·g：Adam 要除以 √v̂，所以第一步约为 -lr·sign(g)"),
        _slip(BIAS_FORGOTTEN, -lr * m / (math.sqrt(v) + eps)),
        Slip("eps-ignored", -lr * math.copysign(1.0, g),
             "ignored ε: when |g| is not much larger than ε the step -lr·g/(|g| + ε) is "
             "smaller than lr",
             "忽略了 ε：当 |g| 并不远大于 ε 时，步长 -lr·g/(|g| + ε) 小于 lr"),
    ])


def decay_zero_grad_step_slips(p: Params) -> list[Slip]:
    name, lr, wd, theta = p["optimizer"], p["lr"], p["weight_decay"], p["theta"]
    shrunk = theta * (1 - lr * wd)
    g = wd * theta
    normalized = theta - lr * g / (abs(g) + 1e-8)
    out = []
    if name == "Adam":
        out.append(_slip(ADAMW_FOR_ADAM, shrunk))
    if name == "AdamW":
        out.append(_slip(ADAM_FOR_ADAMW, normalized))
    out.append(Slip("decay-without-lr", theta * (1 - wd),
                    "left lr out of the decay: the step is lr·wd·θ, not wd·θ",
                    "衰减时漏乘了学习率：衰减量是 lr·wd·θ，而不是 wd·θ"))
    out.append(Slip("nothing-moves", theta,
                    "assumed a zero gradient means no step: weight decay still moves θ",
                    "以为梯度为零就不会更新：权重衰减仍然会让 θ 变化"))
    return finite(out)


def rmsprop_rule(p: Params, bias_correction: bool = False, momentum: float | None = None,
                 centered: bool | None = None) -> float:
    theta, v, g_avg, buf = p["theta"], 0.0, 0.0, 0.0
    alpha, eps = p["alpha"], p["eps"]
    mu = p["momentum"] if momentum is None else momentum
    cen = p["centered"] if centered is None else centered
    for t, g in enumerate(p["grads"], start=1):
        v = alpha * v + (1 - alpha) * g * g
        g_avg = alpha * g_avg + (1 - alpha) * g
        vt = v - g_avg**2 if cen else v
        if bias_correction:
            vt = vt / (1 - alpha**t)
        step = g / (math.sqrt(max(vt, 0.0)) + eps)
        if mu:
            buf = mu * buf + step
            step = buf
        theta -= p["lr"] * step
    return theta


def rmsprop_step_slips(p: Params) -> list[Slip]:
    out = [Slip("rmsprop-bias-corrected", rmsprop_rule(p, bias_correction=True),
                "applied Adam's bias correction v/(1 - α^t): RMSprop has none, so its first "
                "steps are large",
                "套用了 Adam 的偏差修正 v/(1 - α^t)：RMSprop 没有偏差修正，所以最初几步很大")]
    if p["momentum"]:
        out.append(_slip(MOMENTUM_IGNORED, rmsprop_rule(p, momentum=0.0)))
    if p["centered"]:
        out.append(Slip("centered-ignored", rmsprop_rule(p, centered=False),
                        "ignored centered=True: divide by √(v - ḡ²), the running variance",
                        "忽略了 centered=True：要除以 √(v - ḡ²)，即滑动方差的平方根"))
    return finite(out)


def adagrad_rule(p: Params, lr_decay: float | None = None, acc0: float | None = None,
                 accumulate: bool = True) -> float:
    theta = p["theta"]
    start = p["initial_accumulator_value"] if acc0 is None else acc0
    decay = p["lr_decay"] if lr_decay is None else lr_decay
    total = start
    for t, g in enumerate(p["grads"], start=1):
        lr_t = p["lr"] / (1 + (t - 1) * decay)
        total = (total if accumulate else start) + g * g
        theta -= lr_t * g / (math.sqrt(total) + p["eps"])
    return theta


def adagrad_step_slips(p: Params) -> list[Slip]:
    out = []
    if p["lr_decay"]:
        out.append(Slip("lr-decay-ignored", adagrad_rule(p, lr_decay=0.0),
                        "ignored lr_decay: step t uses lr/(1 + (t - 1)·lr_decay)",
                        "忽略了 lr_decay：第 t 步的学习率是 lr/(1 + (t - 1)·lr_decay)"))
    if p["initial_accumulator_value"]:
        out.append(Slip("initial-accumulator-ignored", adagrad_rule(p, acc0=0.0),
                        "started the sum at 0: it starts at initial_accumulator_value",
                        "把 sum 从 0 开始累加：它的初值是 initial_accumulator_value"))
    out.append(Slip("accumulator-not-summed", adagrad_rule(p, accumulate=False),
                    "used only the current g²: Adagrad's sum keeps every past g²",
                    "只用了当前的 g²：Adagrad 的 sum 保留所有过去的 g²"))
    return finite(out)
