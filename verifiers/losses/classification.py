"""Classification losses: BCE (with logits), cross-entropy, NLL and focal loss."""

from __future__ import annotations

from typing import Any

from ._common import IGNORE, _f64, _n, _reduce_text, _vec

# ---------------------------------------------------------------- quiz verifiers


def bce_with_logits(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    x, y = _f64(p["logits"], device), _f64(p["targets"], device)
    pw = None if p["pos_weight"] is None else _f64(p["pos_weight"], device)
    loss = F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction=p["reduction"])
    each = F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction="none")
    w = "1" if pw is None else _n(pw)
    why = (f"σ(x) = {_vec(torch.sigmoid(x))}; l = -[{w}·y·log σ(x) + (1-y)·log(1-σ(x))]"
           f" = {_vec(each)}; {_reduce_text(each, p['reduction'])} = {_n(loss)}")
    return loss.item(), why


def _s(v: Any) -> str:
    """A number to be multiplied or subtracted: negatives in parentheses."""
    return f"({_n(v)})" if float(v) < 0 else _n(v)


def _ce_rows(x: Any, y: Any, eps: float) -> str:
    """Per-row worked cross entropy: logsumexp(x) - (1-ε)·x[y] - ε·mean(x)."""
    import torch
    import torch.nn.functional as F

    lse = torch.logsumexp(x, dim=1)
    each = F.cross_entropy(x, y, label_smoothing=eps, ignore_index=IGNORE, reduction="none")
    rows = []
    for i, yi in enumerate(y.tolist()):
        if yi == IGNORE:
            rows.append(f"l{i}: ignored")
            continue
        text = f"l{i} = {_n(lse[i])} - {_s(x[i, yi])}"
        if eps:
            text = f"l{i} = {_n(lse[i])} - {_n(1 - eps)}·{_s(x[i, yi])} - {eps}·{_s(x[i].mean())}"
        rows.append(f"{text} = {_n(each[i])}")
    return "; ".join(rows)


def cross_entropy(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    x = _f64(p["logits"], device)
    y = torch.tensor(p["targets"], device=device)
    eps = p["label_smoothing"]
    loss = F.cross_entropy(x, y, label_smoothing=eps, reduction=p["reduction"])
    each = F.cross_entropy(x, y, label_smoothing=eps, reduction="none")
    why = f"{_ce_rows(x, y, eps)}; {_reduce_text(each, p['reduction'])} = {_n(loss)}"
    return loss.item(), why


def cross_entropy_soft_targets(p: dict, device: Any) -> tuple[Any, Any]:
    import torch.nn.functional as F

    x, t = _f64(p["logits"], device), _f64(p["probs"], device)
    loss = F.cross_entropy(x, t)
    logp = F.log_softmax(x, dim=1)
    each = F.cross_entropy(x, t, reduction="none")
    rows = "; ".join(_vec(r) for r in logp)
    why = (f"log_softmax(x) = {rows}; l_i = -Σ_c t_ic·log p_ic = {_vec(each)}; "
           f"{_reduce_text(each, 'mean')} = {_n(loss)}")
    return loss.item(), why


def cross_entropy_weighted(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    x, w = _f64(p["logits"], device), _f64(p["weight"], device)
    y = torch.tensor(p["targets"], device=device)
    loss = F.cross_entropy(x, y, weight=w, ignore_index=IGNORE)
    each = F.cross_entropy(x, y, weight=w, ignore_index=IGNORE, reduction="none")
    kept = y != IGNORE
    wy = w[y[kept]]
    why = (f"{_ce_rows(x, y, 0.0)}; w[y_i]·l_i = {_vec(each[kept])}; "
           f"mean = Σ w[y_i]·l_i / Σ w[y_i] = {_n(each[kept].sum())} / "
           f"({' + '.join(_n(v) for v in wy.tolist())})"
           f" = {_n(loss)}")
    return loss.item(), why


def nll_loss(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    logp = torch.log(_f64(p["probs"], device))
    y = torch.tensor(p["targets"], device=device)
    loss = F.nll_loss(logp, y, reduction=p["reduction"])
    each = F.nll_loss(logp, y, reduction="none")
    return loss.item(), (f"l_i = -log(probs[i, y_i]) = {_vec(each)}; "
                         f"{_reduce_text(each, p['reduction'])} = {_n(loss)}")


def bce_loss(p: dict, device: Any) -> tuple[Any, Any]:
    import torch.nn.functional as F

    q, y = _f64(p["probs"], device), _f64(p["targets"], device)
    loss = F.binary_cross_entropy(q, y, reduction=p["reduction"])
    each = F.binary_cross_entropy(q, y, reduction="none")
    return loss.item(), (f"l = -[y·log p + (1-y)·log(1-p)] = {_vec(each)}; "
                         f"{_reduce_text(each, p['reduction'])} = {_n(loss)}")


def focal_loss(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    # torchvision.ops.sigmoid_focal_loss, written with torch ops (torchvision not required).
    x, y = _f64(p["logits"], device), _f64(p["targets"], device)
    alpha, gamma = p["alpha"], p["gamma"]
    prob = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    p_t = prob * y + (1 - prob) * (1 - y)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    each = alpha_t * ce * (1 - p_t) ** gamma
    loss = each.mean() if p["reduction"] == "mean" else each.sum()
    why = (f"p_t = {_vec(p_t)}; α_t = {_vec(alpha_t)}; -log p_t = {_vec(ce)}; "
           f"FL = α_t·(1-p_t)^{gamma}·(-log p_t) = {_vec(each)}; "
           f"{_reduce_text(each, p['reduction'])} = {_n(loss)}")
    return loss.item(), why


def loss_none_shape(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    extra = list(p["extra"])
    x = torch.zeros(p["N"], p["C"], *extra, dtype=torch.float64, device=device)
    y = torch.zeros(p["N"], *extra, dtype=torch.long, device=device)
    out = F.cross_entropy(x, y, reduction="none")
    return tuple(out.shape), "input (N, C, d1, ...) → one loss per target: (N, d1, ...) = " + str(
        tuple(out.shape))


_CE_CHOICES = {
    "F.nll_loss(F.log_softmax(x, dim=1), y)": lambda F, x, y: F.nll_loss(
        F.log_softmax(x, dim=1), y),
    "F.nll_loss(F.softmax(x, dim=1), y)": lambda F, x, y: F.nll_loss(F.softmax(x, dim=1), y),
    "F.nll_loss(x, y)": lambda F, x, y: F.nll_loss(x, y),
    "F.cross_entropy(F.softmax(x, dim=1), y)": lambda F, x, y: F.cross_entropy(
        F.softmax(x, dim=1), y),
}


def ce_equivalent(p: dict, device: Any) -> tuple[Any, Any]:
    import torch
    import torch.nn.functional as F

    g = torch.Generator().manual_seed(0)
    x = torch.randn(5, 4, generator=g, dtype=torch.float64).to(device)
    y = torch.randint(4, (5,), generator=g).to(device)
    ref = F.cross_entropy(x, y)
    hits = [c for c, fn in _CE_CHOICES.items() if torch.isclose(fn(F, x, y), ref)]
    assert len(hits) == 1, hits
    return hits[0], {
        "en": f"cross_entropy = nll_loss(log_softmax(x)); on random logits both give {_n(ref)}",
        "zh": f"cross_entropy = nll_loss(log_softmax(x))；随机 logits 上两者都等于 {_n(ref)}",
    }
