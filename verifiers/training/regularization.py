"""Regularization cards: L2 and L1 penalties in the loss versus SGD's weight_decay."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    Slip,
    bi,
    f64,
    factor,
    finite,
    join,
    num,
    randn,
    redraw,
)

from ._common import index_in

# ---- one SGD step with an L2 penalty in the loss -------------------------------------------


def sample_l2_step(p: Params, rng: random.Random) -> Params:
    """w != 0, so the penalty changes the step."""
    return redraw(dict(p), "w", rng, lambda r: round(r.uniform(-2, 2), 1) + 0.0,
                  lambda q: q["w"] != 0)


def l2_penalty_sgd_step(p: Params, device: Any) -> Result:
    import torch

    w0, c, lr, lam = p["w"], p["c"], p["lr"], p["lam"]
    w = f64(w0, device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=lr)
    loss = c * w + lam * w**2
    loss.backward()
    grad = float(w.grad.item())
    opt.step()
    new = float(w.item())
    return new, join([
        bi(f"d/dw [{num(c)}·w + {num(lam)}·w²] = {num(c)} + 2·{num(lam)}·{factor(w0)} = "
           f"{num(grad)}",
           f"对 loss 求导：d/dw [{num(c)}·w + {num(lam)}·w²] = {num(c)} + 2·{num(lam)}·"
           f"{factor(w0)} = {num(grad)}"),
        bi(f"SGD: w - lr·grad = {num(w0)} - {num(lr)}·{factor(grad)} = {num(new)}",
           f"SGD 更新：w - 学习率·梯度 = {num(w0)} - {num(lr)}·{factor(grad)} = {num(new)}"),
        bi(f"The penalty lam·w² contributes 2·lam·w, the same as weight_decay = 2·lam = "
           f"{num(2 * lam)}.",
           f"惩罚项 lam·w² 贡献的梯度是 2·lam·w，等价于 weight_decay = 2·lam = {num(2 * lam)}。"),
    ])


def l2_penalty_sgd_step_slips(p: Params) -> list[Slip]:
    w, c, lr, lam = p["w"], p["c"], p["lr"], p["lam"]
    return finite([
        Slip("penalty-grad-missing-2", w - lr * (c + lam * w),
             "took the penalty's gradient as lam·w: d/dw lam·w² = 2·lam·w",
             "把惩罚项的梯度当成 lam·w：d/dw lam·w² = 2·lam·w"),
        Slip("penalty-ignored", w - lr * c,
             "left out the penalty: it is part of the loss, so backward() includes 2·lam·w",
             "漏掉了惩罚项：它是 loss 的一部分，backward() 会算上 2·lam·w"),
        Slip("stepped-uphill", w + lr * (c + 2 * lam * w),
             "added the gradient: SGD subtracts lr·grad",
             "加上了梯度：SGD 是减去 学习率·梯度"),
    ])


# ---- which weight_decay equals a penalty -----------------------------------------------------

PENALTIES = {  # form -> (code shown, weight_decay per unit of lam)
    "sum-of-squares": ("{lam} * (w ** 2).sum()", 2.0),
    "half-sum-of-squares": ("{lam} / 2 * (w ** 2).sum()", 1.0),
    "norm-squared": ("{lam} * w.norm() ** 2", 2.0),
}


def derive_penalty(p: Params) -> Params:
    return {**p, "penalty": PENALTIES[p["form"]][0].format(lam=p["lam"])}


def _penalty(form: str, lam: float, w: Any) -> Any:
    if form == "sum-of-squares":
        return lam * (w**2).sum()
    if form == "half-sum-of-squares":
        return lam / 2 * (w**2).sum()
    return lam * w.norm() ** 2


def weight_decay_equivalent(p: Params, device: Any) -> Result:
    import torch

    form, lam = p["form"], p["lam"]
    w = randn(5, device=device, seed=3).requires_grad_(True)
    _penalty(form, lam, w).backward()
    ratio = w.grad / w.detach()  # the penalty's gradient is decay·w: read decay off it
    decay = float(ratio.mean().item())
    # Prove it: one SGD step with the penalty equals one with weight_decay=decay.
    start = randn(5, device=device, seed=4)
    a = start.clone().requires_grad_(True)
    b = start.clone().requires_grad_(True)
    opt_a = torch.optim.SGD([a], lr=0.1)
    opt_b = torch.optim.SGD([b], lr=0.1, weight_decay=decay)
    _penalty(form, lam, a).backward()
    b.grad = torch.zeros_like(b)
    opt_a.step()
    opt_b.step()
    same = bool(torch.allclose(a, b, rtol=1e-12, atol=0))
    half = "1/2·" if form == "half-sum-of-squares" else ""
    mult = PENALTIES[form][1]
    return decay, join([
        bi(f"the penalty's gradient is d/dw [{p['penalty']}] = {num(mult)}·{num(lam)}·w: "
           f"w.grad / w = {num(decay)} for every element",
           f"惩罚项的梯度 d/dw [{p['penalty']}] = {num(mult)}·{num(lam)}·w：每个元素的 "
           f"w.grad / w 都是 {num(decay)}"),
        bi(f"SGD(weight_decay=wd) adds wd·w to the gradient, so wd = {num(decay)}"
           f" ({half}lam·Σw² ↔ wd = {num(mult)}·lam); one step of each agrees: {same}",
           f"SGD(weight_decay=wd) 会把 wd·w 加到梯度上，所以 wd = {num(decay)}"
           f"（{half}lam·Σw² 对应 wd = {num(mult)}·lam）；两种写法各走一步，结果一致：{same}"),
    ])


def weight_decay_equivalent_slips(p: Params) -> list[Slip]:
    lam, form = p["lam"], p["form"]
    if form == "half-sum-of-squares":
        return [Slip("half-kept", lam / 2,
                     "kept the 1/2: d/dw (lam/2)·w² = lam·w, so weight_decay = lam",
                     "把 1/2 留下了：d/dw (lam/2)·w² = lam·w，所以 weight_decay = lam")]
    return [Slip("factor-2-missed", lam,
                 "took weight_decay = lam: d/dw lam·w² = 2·lam·w, so weight_decay = 2·lam",
                 "以为 weight_decay = lam：d/dw lam·w² = 2·lam·w，所以 weight_decay = 2·lam")]


# ---- the L1 penalty's gradient ------------------------------------------------------------------


def sample_l1(p: Params, rng: random.Random) -> Params:
    """A non-zero weight at `index`: |w| has no derivative at 0 (autograd uses sign(0) = 0)."""
    p = dict(p)
    i = rng.randrange(len(p["ws"]))
    while p["ws"][i] == 0:
        p["ws"][i] = round(rng.uniform(-2, 2), 1) + 0.0
    return {**p, "index": i}


def l1_penalty_grad(p: Params, device: Any) -> Result:
    ws, lam, i = p["ws"], p["lam"], p["index"]
    index_in(ws, i, "weights")
    w = f64(ws, device, requires_grad=True)
    (lam * w.abs().sum()).backward()
    g = float(w.grad[i].item())
    parts = [bi(f"d/dw_i [lam·Σ|w|] = lam·sign(w_i) = {num(lam)}·sign({num(ws[i])}) = {num(g)}",
                f"对 lam·Σ|w| 求导得 lam·sign(w_i) = {num(lam)}·sign({num(ws[i])}) = {num(g)}"),
             bi("Unlike L2 (2·lam·w, shrinking with w) the L1 push has the same size lam for "
                "every non-zero weight, which drives small weights to exactly 0.",
                "与 L2 的 2·lam·w（随 w 变小）不同，L1 对每个非零权重的推力都是 lam，"
                "因此会把小权重压到恰好为 0。")]
    if ws[i] == 0:
        parts.append(bi("|w| has no derivative at 0: autograd uses sign(0) = 0 there.",
                        "|w| 在 0 处不可导：autograd 取 sign(0) = 0。"))
    return g, join(parts)


def l1_penalty_grad_slips(p: Params) -> list[Slip]:
    w, lam = p["ws"][p["index"]], p["lam"]
    return [
        Slip("l2-gradient", 2 * lam * w,
             "used the L2 gradient 2·lam·w: the L1 penalty's gradient is lam·sign(w)",
             "用了 L2 的梯度 2·lam·w：L1 惩罚的梯度是 lam·sign(w)"),
        Slip("l1-value-for-grad", lam * abs(w),
             "gave the penalty's value lam·|w|: its gradient is lam·sign(w)",
             "给出的是惩罚值 lam·|w|：梯度是 lam·sign(w)"),
        Slip("sign-dropped", lam,
             "dropped the sign: a negative weight gets -lam",
             "漏了符号：负权重的梯度是 -lam"),
    ]
