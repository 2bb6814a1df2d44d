"""Verifiers for the losses deck: every answer comes from running torch.nn.functional losses."""

from __future__ import annotations

import random
from typing import Any

IGNORE = -100  # nn.CrossEntropyLoss's default ignore_index


# ---------------------------------------------------------------- helpers


def _n(v: Any) -> str:
    """A number as shown in explanations: 4 significant figures."""
    return f"{float(v):.4g}"


def _vec(t: Any) -> str:
    return "[" + ", ".join(_n(v) for v in t.reshape(-1).tolist()) + "]"


def _f64(x: Any, device: Any) -> Any:
    import torch

    return torch.tensor(x, dtype=torch.float64, device=device)


def _kl(inp: Any, target: Any, reduction: str) -> Any:
    """F.kl_div without the UserWarning that reduction='mean' raises (cards ask about it)."""
    import warnings

    import torch.nn.functional as F

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return F.kl_div(inp, target, reduction=reduction)


def _reduce_text(terms: Any, reduction: str) -> str:
    """'mean = (a + b) / n' or 'sum = a + b' for the per-element losses."""
    parts = " + ".join(_n(v) for v in terms.reshape(-1).tolist())
    if terms.numel() == 1:
        return f"{reduction} of one term"
    if reduction == "sum":
        return f"sum = {parts}"
    return f"mean = ({parts}) / {terms.numel()}"


def _prob_row(rng: random.Random, k: int) -> list[float]:
    """k strictly positive probabilities with one decimal that sum to 1."""
    cuts = sorted(rng.sample(range(1, 10), k - 1))
    return [round((b - a) / 10, 1) for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]


def _fit(values: list[Any], n: int, rng: random.Random, pool: list[Any]) -> list[Any]:
    """Truncate or extend a sampled list to length n, drawing new items from pool."""
    return (values + [rng.choice(pool) for _ in range(n)])[:n]


# ---------------------------------------------------------------- samplers


def sample_pairs(p: dict, rng: random.Random) -> dict:
    """Make the targets list as long as the predictions list."""
    if "input" in p:  # regression: targets are floats like the inputs
        p["target"] = [round(rng.uniform(-3, 3), 1) + 0.0 for _ in p["input"]]
    else:
        first = "logits" if "logits" in p else "probs"
        p["targets"] = _fit(p["targets"], len(p[first]), rng, [0, 1])
    return p


def sample_cross_entropy(p: dict, rng: random.Random) -> dict:
    """One valid class index per logits row."""
    C = len(p["logits"][0])
    p["targets"] = [rng.randrange(C) for _ in p["logits"]]
    return p


def sample_soft_targets(p: dict, rng: random.Random) -> dict:
    """Each target row is a probability vector over the C classes."""
    p["probs"] = [_prob_row(rng, len(row)) for row in p["logits"]]
    return p


def sample_weighted(p: dict, rng: random.Random) -> dict:
    """Targets with (often) one ignored entry, never all ignored: that would give nan."""
    C = len(p["logits"][0])
    targets = [rng.randrange(C) for _ in p["logits"]]
    if rng.random() < 0.6:
        targets[rng.randrange(len(targets))] = IGNORE
    p["targets"] = targets
    return p


def sample_nll(p: dict, rng: random.Random) -> dict:
    """Rows of probabilities and one class index per row."""
    p["probs"] = [_prob_row(rng, 3) for _ in p["probs"]]
    p["targets"] = [rng.randrange(3) for _ in p["probs"]]
    return p


def sample_kl(p: dict, rng: random.Random) -> dict:
    """Two batches of probability rows of the same shape."""
    k = rng.choice([2, 3])
    p["q"] = [_prob_row(rng, k) for _ in range(2)]
    p["p"] = [_prob_row(rng, k) for _ in range(2)]
    return p


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


# ---------------------------------------------------------------- flash verifiers


def check_ce_takes_logits(p: dict, device: Any) -> tuple[bool, Any]:
    import torch
    import torch.nn.functional as F

    x = _f64([[2.0, 0.5, -1.0]], device)
    y = torch.tensor([0], device=device)
    raw = F.cross_entropy(x, y)
    manual = -F.log_softmax(x, dim=1)[0, 0]
    double = F.cross_entropy(F.softmax(x, dim=1), y)
    ok = bool(torch.isclose(raw, manual)) and not bool(torch.isclose(raw, double))
    return ok, (f"cross_entropy(x) = {_n(raw)} = -log_softmax(x)[y]; "
                f"cross_entropy(softmax(x)) = {_n(double)} (softmax applied twice)")


def check_bce_logits_stable(p: dict, device: Any) -> tuple[bool, Any]:
    import torch
    import torch.nn.functional as F

    x, y = _f64([200.0], device), _f64([0.0], device)
    naive = F.binary_cross_entropy(torch.sigmoid(x), y)
    stable = F.binary_cross_entropy_with_logits(x, y)
    ok = naive.item() == 100.0 and stable.item() == 200.0
    return ok, (f"x = 200, y = 0: BCELoss(sigmoid(x)) = {_n(naive)} (log clamped at -100), "
                f"BCEWithLogitsLoss(x) = {_n(stable)} (exact: log(1+e^200) ≈ 200)")


def check_kldiv_log_input(p: dict, device: Any) -> tuple[bool, Any]:
    import torch

    q, t = _f64([[0.5, 0.3, 0.2]], device), _f64([[0.2, 0.3, 0.5]], device)
    true_kl = (t * (t / q).log()).sum()
    right = _kl(q.log(), t, "sum")
    wrong = _kl(q, t, "sum")
    ok = bool(torch.isclose(right, true_kl)) and not bool(torch.isclose(wrong, true_kl))
    return ok, (f"Σ p·log(p/q) = {_n(true_kl)}; kl_div(q.log(), p) = {_n(right)}; "
                f"kl_div(q, p) = {_n(wrong)}")


def check_kldiv_batchmean(p: dict, device: Any) -> tuple[bool, Any]:
    import torch

    q = _f64([[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]], device)
    t = _f64([[0.2, 0.3, 0.5], [0.3, 0.3, 0.4]], device)
    per_row = (t * (t / q).log()).sum(dim=1)
    batchmean = _kl(q.log(), t, "batchmean")
    mean = _kl(q.log(), t, "mean")
    ok = bool(torch.isclose(batchmean, per_row.mean())) and bool(
        torch.isclose(mean * 3, batchmean))
    return ok, (f"KL per row = {_vec(per_row)}, average {_n(per_row.mean())}; "
                f"batchmean = {_n(batchmean)}; mean = {_n(mean)} = batchmean / C (C = 3)")


def check_nll_picks(p: dict, device: Any) -> tuple[bool, Any]:
    import torch
    import torch.nn.functional as F

    x = _f64([[0.3, 2.0, -1.0], [5.0, 0.1, 0.2]], device)  # not log-probs on purpose
    y = torch.tensor([1, 2], device=device)
    loss = F.nll_loss(x, y)
    ok = bool(torch.isclose(loss, _f64(-(2.0 + 0.2) / 2, device)))
    return ok, f"nll_loss(x, y) = -(x[0,1] + x[1,2]) / 2 = -(2.0 + 0.2) / 2 = {_n(loss)}"


def check_label_smoothing(p: dict, device: Any) -> tuple[bool, Any]:
    import torch
    import torch.nn.functional as F

    x, y, eps = _f64([[1.0, 2.0, 0.5, -0.5]], device), torch.tensor([1], device=device), 0.2
    smooth = F.cross_entropy(x, y, label_smoothing=eps)
    logp = F.log_softmax(x, dim=1)
    mix = (1 - eps) * -logp[0, 1] + eps * -logp[0].mean()
    return bool(torch.isclose(smooth, mix)), (
        f"ε = 0.2, C = 4: (1-ε)·(-log p_y) + ε·mean_c(-log p_c) = {_n(mix)} = {_n(smooth)}")


def check_ignore_index(p: dict, device: Any) -> tuple[bool, Any]:
    import torch
    import torch.nn.functional as F

    x = _f64([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]], device)
    y = torch.tensor([0, IGNORE, 1], device=device)
    loss = F.cross_entropy(x, y)
    each = F.cross_entropy(x, y, reduction="none")
    all_ignored = F.cross_entropy(x, torch.full((3,), IGNORE, device=device))
    ok = bool(torch.isclose(loss, each.sum() / 2)) and bool(torch.isnan(all_ignored))
    return ok, (f"losses {_vec(each)}: mean = sum / 2 kept targets = {_n(loss)}; "
                f"all targets ignored → {_n(all_ignored)}")


def check_huber_smooth_l1(p: dict, device: Any) -> tuple[bool, Any]:
    import torch
    import torch.nn.functional as F

    x, t, d = _f64([0.5, 3.0, -2.2], device), _f64([0.0, 0.0, 0.0], device), 2.0
    huber = F.huber_loss(x, t, delta=d, reduction="none")
    smooth = F.smooth_l1_loss(x, t, beta=d, reduction="none")
    return bool(torch.allclose(huber, d * smooth)), (
        f"δ = 2: huber = {_vec(huber)} = 2 · smooth_l1(β=2) = 2 · {_vec(smooth)}")


def check_pos_weight(p: dict, device: Any) -> tuple[bool, Any]:
    import torch
    import torch.nn.functional as F

    x, y = _f64([0.4, -1.0], device), _f64([1.0, 0.0], device)
    plain = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    weighted = F.binary_cross_entropy_with_logits(x, y, pos_weight=_f64(3.0, device),
                                                  reduction="none")
    ok = bool(torch.isclose(weighted[0], 3 * plain[0])) and bool(
        torch.isclose(weighted[1], plain[1]))
    return ok, (f"pos_weight = 3: positive term {_n(plain[0])} → {_n(weighted[0])}; "
                f"negative term stays {_n(plain[1])}")
