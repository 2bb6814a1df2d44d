"""Losses that compare values or distributions: MSE, L1, Smooth L1, Huber, KLDiv."""

from __future__ import annotations

from typing import Any

from ._common import _f64, _kl, _n, _reduce_text, _vec


def _regression(p: dict, device: Any, name: str, **kw: Any) -> tuple[Any, Any]:
    """Run one elementwise regression loss; explain via the per-element terms."""
    import torch.nn.functional as F

    fn = getattr(F, name)
    x, t = _f64(p["input"], device), _f64(p["target"], device)
    reduction = p.get("reduction", "mean")
    loss = fn(x, t, reduction=reduction, **kw)
    each = fn(x, t, reduction="none", **kw)
    return loss.item(), (f"x - y = {_vec(x - t)}; per element {_vec(each)}; "
                         f"{_reduce_text(each, reduction)} = {_n(loss)}")


def mse_loss(p: dict, device: Any) -> tuple[Any, Any]:
    return _regression(p, device, "mse_loss")


def l1_loss(p: dict, device: Any) -> tuple[Any, Any]:
    return _regression(p, device, "l1_loss")


def smooth_l1_loss(p: dict, device: Any) -> tuple[Any, Any]:
    ans, why = _regression(p, device, "smooth_l1_loss", beta=p["beta"])
    rule = f"|d| < {p['beta']}: 0.5·d²/{p['beta']}, else |d| - 0.5·{p['beta']}"
    return ans, f"{rule}; {why}"


def huber_loss(p: dict, device: Any) -> tuple[Any, Any]:
    ans, why = _regression(p, device, "huber_loss", delta=p["delta"])
    rule = f"|d| ≤ {p['delta']}: 0.5·d², else {p['delta']}·(|d| - 0.5·{p['delta']})"
    return ans, f"{rule}; {why}"


def kl_div(p: dict, device: Any) -> tuple[Any, Any]:
    import torch

    q, t = _f64(p["q"], device), _f64(p["p"], device)
    loss = _kl(torch.log(q), t, p["reduction"])
    each = _kl(torch.log(q), t, "none")
    N, C = t.shape
    div = {"batchmean": f" / N = {_n(each.sum())} / {N}",
           "mean": f" / (N·C) = {_n(each.sum())} / {N * C}", "sum": ""}[p["reduction"]]
    return loss.item(), (f"p·(log p - log q) = {_vec(each)}; sum = {_n(each.sum())}{div}"
                         f" = {_n(loss)}")


_KL_CHOICES = {
    "F.kl_div(q.log(), p, reduction='batchmean')": lambda q, p: _kl(q.log(), p, "batchmean"),
    "F.kl_div(q.log(), p, reduction='mean')": lambda q, p: _kl(q.log(), p, "mean"),
    "F.kl_div(q, p, reduction='batchmean')": lambda q, p: _kl(q, p, "batchmean"),
    "F.kl_div(p.log(), q, reduction='batchmean')": lambda q, p: _kl(p.log(), q, "batchmean"),
}


def kl_div_true_kl(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    from torch.distributions import Categorical, kl_divergence

    g = torch.Generator().manual_seed(0)
    pt = torch.softmax(torch.randn(4, 3, generator=g, dtype=torch.float64), 1).to(device)
    qt = torch.softmax(torch.randn(4, 3, generator=g, dtype=torch.float64), 1).to(device)
    ref = kl_divergence(Categorical(probs=pt), Categorical(probs=qt)).mean()
    hits = [c for c, fn in _KL_CHOICES.items() if torch.isclose(fn(qt, pt), ref)]
    assert len(hits) == 1, hits
    return hits[0], {
        "en": f"mean over rows of KL(p_i‖q_i) = {_n(ref)}: input must be log q, target p, "
              "and 'batchmean' divides the sum by the batch size only",
        "zh": f"逐行 KL(p_i‖q_i) 的平均 = {_n(ref)}：input 必须是 log q，target 是 p，"
              "且 'batchmean' 只把总和除以批大小",
    }
