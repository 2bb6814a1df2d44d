"""Known slips of the optimizer-state cards: the momentum buffer, Adam's moments and step
count, and the keys each optimizer stores, redone in plain Python with one mistake each."""

from __future__ import annotations

from quizapp.authoring import Params, Slip, finite

from .state import KEY_OPTIMIZERS, keys_text

DAMP_FIRST = ("dampening-on-first-step",
              "applied dampening on the first step: torch sets buf = g at step 1 and dampens "
              "only the later steps",
              "第一步就用了阻尼：torch 在第 1 步令 buf = g，之后的步骤才乘 (1 - dampening)")


def _buffer(p: Params, damp_first: bool = False, ema: bool = False,
            decay_inside: bool = True) -> float:
    """SGD's momentum buffer after the steps; θ follows the same (mistaken) rule."""
    theta, buf = p["theta"], None
    mu, d, wd, lr = p["momentum"], p["dampening"], p["weight_decay"], p["lr"]
    for g in p["grads"]:
        g2 = g + wd * theta if decay_inside else g
        if ema:
            buf = mu * (buf or 0.0) + (1 - mu) * g2
        elif buf is None:
            buf = (1 - d) * g2 if damp_first else g2
        else:
            buf = mu * buf + (1 - d) * g2
        theta -= lr * (buf if decay_inside else buf + wd * theta)
    return float(buf or 0.0)


def sgd_state_buffer_slips(p: Params) -> list[Slip]:
    out = []
    if p["dampening"]:
        out.append(Slip(DAMP_FIRST[0], _buffer(p, damp_first=True), *DAMP_FIRST[1:]))
    out.append(Slip("lr-inside-buffer", p["lr"] * _buffer(p),
                    "multiplied lr into the buffer (v ← μ·v + lr·g): torch keeps lr outside, "
                    "θ ← θ - lr·buf",
                    "把学习率乘进了缓冲（v ← μ·v + lr·g）：torch 把学习率放在缓冲外面，"
                    "θ ← θ - lr·buf"))
    out.append(Slip("buffer-is-ema", _buffer(p, ema=True),
                    "averaged like an EMA (buf ← μ·buf + (1 - μ)·g): torch adds the whole "
                    "gradient, buf ← μ·buf + (1 - dampening)·g",
                    "按指数滑动平均算了（buf ← μ·buf + (1 - μ)·g）：torch 加的是整个梯度，"
                    "buf ← μ·buf + (1 - dampening)·g"))
    if p["weight_decay"]:
        out.append(Slip("decay-outside-buffer", _buffer(p, decay_inside=False),
                        "kept weight decay out of the buffer: SGD adds wd·θ to g before the "
                        "momentum update",
                        "没把权重衰减放进缓冲：SGD 在动量更新之前就把 wd·θ 加到 g 上"))
    return finite(out)


def adam_state_step_slips(p: Params) -> list[Slip]:
    n, every, to_none, which = p["n"], p["every"], p["set_to_none"], p["index"]
    with_grad = len(range(0, n, every))
    right = n if which == 0 or not to_none else with_grad
    out = [Slip("step-from-zero", right - 1,
                "counted from 0: the first step() sets step to 1",
                "从 0 开始计数了：第一次 step() 就把 step 设为 1")]
    if which == 1 and to_none:
        out.append(Slip("step-counts-calls", n,
                        "counted every optimizer.step() call: a parameter whose grad is None is "
                        "skipped, and its step count does not move",
                        "把每次 optimizer.step() 调用都算上了：grad 为 None 的参数会被跳过，"
                        "它的 step 不会增加"))
    if which == 1 and not to_none:
        out.append(Slip("zero-grad-skipped", with_grad,
                        "skipped the steps where b.grad is zero: only a grad of None is "
                        "skipped, a zero tensor is a gradient",
                        "把 b.grad 为零的步骤也跳过了：只有 grad 为 None 才会被跳过，"
                        "零张量也是梯度"))
    return out


def _moments(p: Params, start_at_g: bool = False, swapped: bool = False) -> tuple[float, float]:
    b1, b2 = (p["beta2"], p["beta1"]) if swapped else (p["beta1"], p["beta2"])
    m = v = 0.0
    for t, g in enumerate(p["grads"], start=1):
        if start_at_g and t == 1:
            m, v = g, g * g
        else:
            m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
    return m, v


def adam_state_moments_slips(p: Params) -> list[Slip]:
    m, v = _moments(p)
    t = len(p["grads"])
    b1, b2 = p["beta1"], p["beta2"]
    return finite([
        Slip("bias-correction-in-state", [m / (1 - b1**t), v / (1 - b2**t)] if t else [m, v],
             "gave the bias-corrected m̂ and v̂: the state keeps the raw moments",
             "给出了偏差修正后的 m̂ 和 v̂：state 里存的是未修正的原始矩"),
        Slip("moments-start-at-g", list(_moments(p, start_at_g=True)),
             "started the moments at g and g²: they start at 0",
             "让一阶矩和二阶矩从 g 和 g² 开始：它们从 0 开始"),
        Slip("betas-swapped", list(_moments(p, swapped=True)),
             "swapped the betas: β1 averages g (exp_avg), β2 averages g² (exp_avg_sq)",
             "把两个 beta 用反了：β1 用于 g 的平均（exp_avg），β2 用于 g² 的平均（exp_avg_sq）"),
    ])


# The keys each optimizer of the card keeps per parameter once it has stepped (the algorithm
# boxes of torch.optim's documentation), and whether its constructor already fills them.
DOCUMENTED_KEYS = {
    "SGD(params, lr=0.1)": [],
    "SGD(params, lr=0.1, momentum=0.9)": ["momentum_buffer"],
    "Adam(params)": ["step", "exp_avg", "exp_avg_sq"],
    "AdamW(params)": ["step", "exp_avg", "exp_avg_sq"],
    "Adam(params, amsgrad=True)": ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"],
    "RMSprop(params)": ["step", "square_avg"],
    "RMSprop(params, momentum=0.9)": ["step", "square_avg", "momentum_buffer"],
    "Adagrad(params)": ["step", "sum"],
}
FILLED_AT_CONSTRUCTION = {"Adagrad(params)"}


def optimizer_state_keys_slips(p: Params) -> list[Slip]:
    name, n = p["optimizer"], p["steps"]
    assert set(DOCUMENTED_KEYS) == set(KEY_OPTIMIZERS)
    stepped = DOCUMENTED_KEYS[name]
    out = []
    if n == 0 and name not in FILLED_AT_CONSTRUCTION and stepped:
        out.append(Slip("state-before-step", keys_text(stepped),
                        "filled the state before any step: it is created by the first step()",
                        "以为还没 step() 时 state 就有内容：它在第一次 step() 时才创建"))
    if n == 0 and name in FILLED_AT_CONSTRUCTION:
        out.append(Slip("adagrad-state-empty", keys_text([]),
                        "said the state is empty before the first step: Adagrad fills step and "
                        "sum in its constructor",
                        "以为第一次 step() 之前 state 为空："
                        "Adagrad 在构造函数里就填好了 step 和 sum"))
    if name == "SGD(params, lr=0.1)":
        out.append(Slip("buffer-without-momentum", keys_text(["momentum_buffer"]),
                        "gave plain SGD a momentum buffer: with momentum=0 it keeps no state",
                        "给不带动量的 SGD 加了动量缓冲：momentum=0 时它不保存任何状态"))
    if name == "SGD(params, lr=0.1, momentum=0.9)" and n:
        out.append(Slip("sgd-counts-steps", keys_text(["momentum_buffer", "step"]),
                        "gave SGD a step counter: SGD keeps only momentum_buffer",
                        "给 SGD 加了 step 计数：SGD 只保存 momentum_buffer"))
    if name in ("Adam(params)", "AdamW(params)") and n:
        out.append(Slip("adam-without-step", keys_text(["exp_avg", "exp_avg_sq"]),
                        "left out step: Adam counts its steps per parameter for the bias "
                        "correction",
                        "漏掉了 step：Adam 为偏差修正按参数记录步数"))
    if name == "Adam(params, amsgrad=True)" and n:
        out.append(Slip("amsgrad-forgotten", keys_text(["step", "exp_avg", "exp_avg_sq"]),
                        "forgot amsgrad=True: it also keeps max_exp_avg_sq, the running "
                        "maximum of v",
                        "忘了 amsgrad=True：它还保存 max_exp_avg_sq，即 v 的历史最大值"))
    if name == "RMSprop(params, momentum=0.9)" and n:
        out.append(Slip("rmsprop-momentum-forgotten", keys_text(["step", "square_avg"]),
                        "forgot RMSprop's momentum: with momentum > 0 it keeps a "
                        "momentum_buffer too",
                        "忘了 RMSprop 的动量：momentum > 0 时它还保存 momentum_buffer"))
    return out

