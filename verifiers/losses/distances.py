"""Losses that compare values or distributions: MSE, L1, Smooth L1, Huber, KLDiv."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Explain, Result, bi, f64, num, require, short, value, vec

from ._common import distributions, flat, kl, reduced, same_length, same_shape, say


def _regression(p: dict, device: Any, name: str, rule: Explain, **kw: Any) -> Result:
    """Run one elementwise regression loss; explain via the per-element terms."""
    import torch.nn.functional as F

    same_length(p, "input", "target")
    fn = getattr(F, name)
    x, t = f64(p["input"], device), f64(p["target"], device)
    red = p["reduction"]
    loss = fn(x, t, reduction=red, **kw)
    each = fn(x, t, reduction="none", **kw)
    return value(loss), say(
        bi(f"d = x - y = {vec(flat(x - t))}", f"d = x - y = {vec(flat(x - t))}"),
        rule,
        bi(f"per element {vec(flat(each))}", f"逐元素得到 {vec(flat(each))}"),
        reduced(flat(each), red, loss))


def mse_loss(p: dict, device: Any) -> Result:
    return _regression(p, device, "mse_loss", bi("MSE: l = d², no ½", "均方误差：l = d²，没有 ½"))


def l1_loss(p: dict, device: Any) -> Result:
    return _regression(p, device, "l1_loss", bi("L1: l = |d|", "L1：l = |d|"))


def smooth_l1_loss(p: dict, device: Any) -> Result:
    b = num(p["beta"])
    if p["beta"] == 0:
        rule = bi("β = 0: Smooth L1 is exactly L1, l = |d|", "β = 0 时平滑 L1 就是 L1，l = |d|")
    else:
        rule = bi(f"Smooth L1 with β = {b}: 0.5·d²/{b} where |d| < {b}, else |d| - 0.5·{b}",
                  f"平滑 L1，β = {b}：|d| < {b} 时为 0.5·d²/{b}，否则为 |d| - 0.5·{b}")
    return _regression(p, device, "smooth_l1_loss", rule, beta=p["beta"])


def huber_loss(p: dict, device: Any) -> Result:
    require(p["delta"] > 0, "HuberLoss needs delta > 0")
    k = num(p["delta"])
    rule = bi(f"Huber with δ = {k}: 0.5·d² where |d| ≤ {k}, else {k}·(|d| - 0.5·{k})",
              f"Huber，δ = {k}：|d| ≤ {k} 时为 0.5·d²，否则为 {k}·(|d| - 0.5·{k})")
    return _regression(p, device, "huber_loss", rule, delta=p["delta"])


def kl_div(p: dict, device: Any) -> Result:
    import torch

    N, C = same_shape(p, "q", "p")
    distributions(p, "q", positive=True)
    distributions(p, "p")
    q, t = f64(p["q"], device), f64(p["p"], device)
    red = p["reduction"]
    loss = kl(torch.log(q), t, red)
    each = kl(torch.log(q), t, "none")
    s = short(each.sum())
    div = {"batchmean": bi(f"'batchmean' divides by N: {s} / {N}",
                           f"'batchmean' 除以 N：{s} / {N}"),
           "mean": bi(f"'mean' divides by all N·C elements: {s} / {N * C}",
                      f"'mean' 除以全部 N·C 个元素：{s} / {N * C}"),
           "sum": bi("'sum' adds every term", "'sum' 把所有项相加")}[red]
    return value(loss), say(
        bi(f"p·(log p - log q) = {vec(flat(each))}, sum {s}",
           f"p·(log p - log q) = {vec(flat(each))}，总和 {s}"),
        {k: f"{v} = {short(loss)}" for k, v in div.items()})
