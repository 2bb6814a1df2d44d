"""Clipping cards: clip_grad_norm_ (the total norm, a clipped gradient), clip_grad_value_."""

from __future__ import annotations

import math
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
    require,
    vec,
)

from ._common import index_in

EPS = 1e-6  # clip_grad_norm_ divides max_norm by (total_norm + 1e-6)


def derive_norm_arg(p: Params) -> Params:
    """norm_type as the code passes it: 1.0, 2.0 or "inf" (torch takes the string too)."""
    nt = p["norm_type"]
    return {**p, "norm_arg": '"inf"' if nt == "inf" else f"{float(nt)}"}


def _scalar_params(grads: list[float], device: Any) -> list[Any]:
    """One scalar parameter per gradient, its .grad set by hand."""
    params = []
    for g in grads:
        q = f64(0.0, device, requires_grad=True)
        q.grad = f64(g, device)
        params.append(q)
    return params


def _clip(p: Params, device: Any) -> tuple[float, list[float]]:
    """(the total norm clip_grad_norm_ returns, every gradient after clipping)."""
    import torch

    grads, max_norm = p["grads"], p["max_norm"]
    require(len(grads) >= 1, "clip_grad_norm_ needs at least one gradient")
    require(max_norm >= 0, "max_norm must be >= 0")
    params = _scalar_params(grads, device)
    norm = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=float(p["norm_type"]))
    return float(norm.item()), [float(q.grad.item()) for q in params]


def _norm_text(grads: list[float], nt: Any, norm: float) -> tuple[str, str]:
    if nt == "inf":
        body = f"max(|g|) = max({', '.join(num(abs(g)) for g in grads)}) = {num(norm)}"
        return f"‖g‖∞ = {body}", f"无穷范数 ‖g‖∞ = {body}"
    if float(nt) == 1:
        body = " + ".join(num(abs(g)) for g in grads)
        return f"‖g‖₁ = {body} = {num(norm)}", f"1 范数 ‖g‖₁ = {body} = {num(norm)}"
    body = " + ".join(f"{factor(g)}²" for g in grads)
    return f"‖g‖₂ = √({body}) = {num(norm)}", f"2 范数 ‖g‖₂ = √({body}) = {num(norm)}"


def _coef_text(max_norm: float, norm: float) -> tuple[str, str]:
    coef = max_norm / (norm + EPS)
    if coef >= 1:
        return (f"max_norm/(total + 1e-6) = {num(max_norm)}/({num(norm)} + 1e-6) = {num(coef)} "
                ">= 1: clamped to 1, the gradients stay as they are",
                f"max_norm/(total + 1e-6) = {num(max_norm)}/({num(norm)} + 1e-6) = {num(coef)} "
                ">= 1：截断为 1，梯度保持不变")
    return (f"every gradient is multiplied by max_norm/(total + 1e-6) = {num(max_norm)}/"
            f"({num(norm)} + 1e-6) = {num(coef)}",
            f"每个梯度都乘以 max_norm/(total + 1e-6) = {num(max_norm)}/({num(norm)} + 1e-6) "
            f"= {num(coef)}")


def clip_grad_norm(p: Params, device: Any) -> Result:
    norm, after = _clip(p, device)
    en, zh = _norm_text(p["grads"], p["norm_type"], norm)
    cen, czh = _coef_text(p["max_norm"], norm)
    return norm, join([
        bi(f"the total norm over all gradients (as one vector): {en}",
           f"把所有梯度看成一个向量求总范数：{zh}"),
        bi(f"clip_grad_norm_ returns this norm as it was before clipping; {cen}: {vec(after)}",
           f"clip_grad_norm_ 返回的是裁剪之前的总范数；{czh}：{vec(after)}"),
    ])


def clip_grad_norm_after(p: Params, device: Any) -> Result:
    index_in(p["grads"], p["index"], "gradients")
    norm, after = _clip(p, device)
    i, g = p["index"], p["grads"][p["index"]]
    en, zh = _norm_text(p["grads"], p["norm_type"], norm)
    cen, czh = _coef_text(p["max_norm"], norm)
    coef = min(p["max_norm"] / (norm + EPS), 1.0)
    return after[i], join([
        bi(f"total norm {en}; {cen}", f"总范数 {zh}；{czh}"),
        bi(f"gradient {i}: {num(g)}·{num(coef)} = {num(after[i])}",
           f"第 {i} 个梯度：{num(g)}·{num(coef)} = {num(after[i])}"),
    ])


def _norm(grads: list[float], nt: Any) -> float:
    if nt == "inf":
        return max(abs(g) for g in grads)
    q = float(nt)
    return sum(abs(g) ** q for g in grads) ** (1 / q)


def clip_grad_norm_slips(p: Params) -> list[Slip]:
    grads, nt, max_norm = p["grads"], p["norm_type"], p["max_norm"]
    norm = _norm(grads, nt)
    found = [Slip("clipped-norm-returned", min(norm, max_norm),
                  "gave the norm after clipping: clip_grad_norm_ returns the total norm from "
                  "before it clipped",
                  "给出的是裁剪后的范数：clip_grad_norm_ 返回裁剪之前的总范数")]
    if nt != 2:
        found.append(Slip("l2-norm-used", _norm(grads, 2),
                          f"used the 2-norm: norm_type={nt} asks for another norm",
                          f"用了 2 范数：norm_type={nt} 要的是另一种范数"))
    else:
        found.append(Slip("no-square-root", sum(g * g for g in grads),
                          "forgot the square root: ‖g‖₂ = √(Σ g²)",
                          "漏了开方：‖g‖₂ = √(Σ g²)"))
    return finite(found)


def clip_grad_norm_after_slips(p: Params) -> list[Slip]:
    grads, nt, max_norm, i = p["grads"], p["norm_type"], p["max_norm"], p["index"]
    g, norm = grads[i], _norm(grads, nt)
    found = [Slip("clipped-each-value", max(-max_norm, min(max_norm, g)),
                  "clamped the gradient to ±max_norm (that is clip_grad_value_): "
                  "clip_grad_norm_ rescales all gradients together",
                  "把梯度截断到 ±max_norm（那是 clip_grad_value_）：clip_grad_norm_ 是把所有梯度"
                  "一起按比例缩放")]
    if norm:
        found.append(Slip("rescaled-up", g * max_norm / norm,
                          "rescaled to max_norm although the norm was smaller: the factor is "
                          "clamped to at most 1",
                          "范数本来就小于 max_norm 还去放大：缩放系数最大只取 1"))
        if nt != 2 and _norm(grads, 2):
            found.append(Slip("l2-norm-used", g * min(1.0, max_norm / _norm(grads, 2)),
                              f"scaled with the 2-norm: norm_type={nt} sets the norm",
                              f"用 2 范数算了缩放系数：范数类型由 norm_type={nt} 决定"))
    return finite(found)


# ---- clip_grad_value_ -----------------------------------------------------------------------


def clip_grad_value(p: Params, device: Any) -> Result:
    import torch

    grads, c, i = p["grads"], p["clip_value"], p["index"]
    index_in(grads, i, "gradients")
    require(c >= 0, "clip_value must be >= 0")
    params = _scalar_params(grads, device)
    torch.nn.utils.clip_grad_value_(params, c)
    after = [float(q.grad.item()) for q in params]
    return after[i], join([
        bi(f"clip_grad_value_ clamps each gradient on its own to [-{num(c)}, {num(c)}]: "
           f"{vec(grads)} → {vec(after)}",
           f"clip_grad_value_ 把每个梯度单独截断到 [-{num(c)}, {num(c)}]：{vec(grads)} → "
           f"{vec(after)}"),
        bi(f"gradient {i}: clamp({num(grads[i])}, -{num(c)}, {num(c)}) = {num(after[i])}",
           f"第 {i} 个梯度：clamp({num(grads[i])}, -{num(c)}, {num(c)}) = {num(after[i])}"),
    ])


def clip_grad_value_slips(p: Params) -> list[Slip]:
    grads, c, i = p["grads"], p["clip_value"], p["index"]
    g, norm = grads[i], math.sqrt(sum(x * x for x in grads))
    found = [Slip("one-sided-clamp", min(g, c),
                  "clamped only from above: clip_grad_value_ clamps to [-clip_value, clip_value]",
                  "只截断了上界：clip_grad_value_ 截断到 [-clip_value, clip_value]")]
    if norm:
        found.append(Slip("norm-clipping-used", g * min(1.0, c / norm),
                          "rescaled by the total norm (that is clip_grad_norm_): "
                          "clip_grad_value_ clamps each gradient separately",
                          "按总范数缩放了（那是 clip_grad_norm_）：clip_grad_value_ 逐个截断"))
    return finite(found)
