"""Flash-card checks for the losses deck: each proves its card's claim in torch."""

from __future__ import annotations

from typing import Any

from ._common import IGNORE, _f64, _kl, _n, _vec

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
