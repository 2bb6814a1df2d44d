"""Flash-card checks for the losses deck: each proves its card's claim in torch, in words."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Result, bi, f64, num, short, value, vec

from ._common import IGNORE, flat, kl


def check_ce_takes_logits(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    x = f64([[2.0, 0.5, -1.0]], device)
    y = torch.tensor([0], device=device)
    raw = F.cross_entropy(x, y)
    manual = -F.log_softmax(x, dim=1)[0, 0]
    double = F.cross_entropy(F.softmax(x, dim=1), y)
    ok = bool(torch.isclose(raw, manual)) and not bool(torch.isclose(raw, double))
    return ok, bi(f"for logits [2, 0.5, -1] and class 0, cross_entropy(x) = {short(raw)} = "
                  f"-log_softmax(x)[0], while cross_entropy(softmax(x)) = {short(double)}, "
                  "a softmax applied twice",
                  f"logits 为 [2, 0.5, -1]、类别为 0 时，cross_entropy(x) = {short(raw)} = "
                  f"-log_softmax(x)[0]，而 cross_entropy(softmax(x)) = {short(double)}，"
                  "等于做了两次 softmax")


def check_bce_logits_stable(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    x, y = f64([200.0], device), f64([0.0], device)
    naive = F.binary_cross_entropy(torch.sigmoid(x), y)
    stable = F.binary_cross_entropy_with_logits(x, y)
    ok = value(naive) == 100.0 and value(stable) == 200.0
    return ok, bi(f"with x = 200 and y = 0, BCELoss(sigmoid(x)) = {num(naive)} (log 0 clamped "
                  f"at -100) and BCEWithLogitsLoss(x) = {num(stable)} (exact: log(1 + e^200))",
                  f"x = 200、y = 0 时，BCELoss(sigmoid(x)) = {num(naive)}（log 0 被截断在 -100），"
                  f"BCEWithLogitsLoss(x) = {num(stable)}（精确值 log(1 + e^200)）")


def check_kldiv_log_input(p: dict, device: Any) -> Result:
    import torch

    q, t = f64([[0.5, 0.3, 0.2]], device), f64([[0.2, 0.3, 0.5]], device)
    true_kl = (t * (t / q).log()).sum()
    right = kl(q.log(), t, "sum")
    wrong = kl(q, t, "sum")
    ok = bool(torch.isclose(right, true_kl)) and not bool(torch.isclose(wrong, true_kl))
    return ok, bi(f"Σ p·log(p/q) = {short(true_kl)} equals kl_div(q.log(), p) = {short(right)}; "
                  f"kl_div(q, p) with plain probabilities gives {short(wrong)}",
                  f"Σ p·log(p/q) = {short(true_kl)}，与 kl_div(q.log(), p) = {short(right)} 相等；"
                  f"直接传入概率的 kl_div(q, p) 得到 {short(wrong)}")


def check_kldiv_batchmean(p: dict, device: Any) -> Result:
    import torch

    q = f64([[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]], device)
    t = f64([[0.2, 0.3, 0.5], [0.3, 0.3, 0.4]], device)
    per_row = (t * (t / q).log()).sum(dim=1)
    batchmean = kl(q.log(), t, "batchmean")
    mean = kl(q.log(), t, "mean")
    default = torch.nn.KLDivLoss().reduction
    ok = bool(torch.isclose(batchmean, per_row.mean())) and bool(
        torch.isclose(mean * 3, batchmean)) and default == "mean"
    return ok, bi(f"KL per row = {vec(flat(per_row))}, average {short(per_row.mean())} = "
                  f"batchmean {short(batchmean)}; 'mean' gives {short(mean)} = batchmean / 3 "
                  f"(C = 3), and it is nn.KLDivLoss's default (reduction='{default}')",
                  f"每行的 KL = {vec(flat(per_row))}，平均 {short(per_row.mean())} = batchmean "
                  f"{short(batchmean)}；'mean' 得到 {short(mean)} = batchmean / 3（C = 3），"
                  f"而它正是 nn.KLDivLoss 的默认值（reduction='{default}'）")


def check_nll_picks(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    x = f64([[0.3, 2.0, -1.0], [5.0, 0.1, 0.2]], device)  # not log-probs on purpose
    y = torch.tensor([1, 2], device=device)
    loss = F.nll_loss(x, y)
    ok = bool(torch.isclose(loss, f64(-(2.0 + 0.2) / 2, device)))
    return ok, bi(f"nll_loss(x, y) = -(x[0, 1] + x[1, 2]) / 2 = -(2.0 + 0.2) / 2 = {short(loss)}: "
                  "no log, no softmax",
                  f"nll_loss(x, y) = -(x[0, 1] + x[1, 2]) / 2 = -(2.0 + 0.2) / 2 = {short(loss)}："
                  "既不取 log 也不做 softmax")


def check_label_smoothing(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    x, y, eps = f64([[1.0, 2.0, 0.5, -0.5]], device), torch.tensor([1], device=device), 0.2
    smooth = F.cross_entropy(x, y, label_smoothing=eps)
    logp = F.log_softmax(x, dim=1)
    mix = (1 - eps) * -logp[0, 1] + eps * -logp[0].mean()
    return bool(torch.isclose(smooth, mix)), bi(
        f"ε = 0.2, C = 4: (1-ε)·(-log p_y) + ε·mean_c(-log p_c) = {short(mix)}, and "
        f"cross_entropy(label_smoothing=0.2) = {short(smooth)}",
        f"ε = 0.2、C = 4 时，按公式 (1-ε)·(-log p_y) + ε·mean_c(-log p_c) 得 {short(mix)}，"
        f"与 cross_entropy(label_smoothing=0.2) = {short(smooth)} 相等")


def check_ignore_index(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    x = f64([[2.0, 0.0], [0.0, 2.0], [1.0, 1.0]], device)
    y = torch.tensor([0, IGNORE, 1], device=device)
    loss = F.cross_entropy(x, y)
    each = F.cross_entropy(x, y, reduction="none")
    all_ignored = F.cross_entropy(x, torch.full((3,), IGNORE, device=device))
    ok = bool(torch.isclose(loss, each.sum() / 2)) and bool(torch.isnan(all_ignored))
    return ok, bi(f"losses {vec(flat(each))}: mean = sum / 2 kept targets = {short(loss)}; "
                  f"with every target ignored the mean is 0/0 = {float(all_ignored)}",
                  f"各项损失 {vec(flat(each))}：均值 = 总和 / 2 个保留的目标 = {short(loss)}；"
                  f"所有目标都被忽略时均值为 0/0 = {float(all_ignored)}")


def check_huber_smooth_l1(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    x, t, d = f64([0.5, 3.0, -2.2], device), f64([0.0, 0.0, 0.0], device), 2.0
    huber = F.huber_loss(x, t, delta=d, reduction="none")
    smooth = F.smooth_l1_loss(x, t, beta=d, reduction="none")
    return bool(torch.allclose(huber, d * smooth)), bi(
        f"δ = 2: huber = {vec(flat(huber))} = 2 · smooth_l1(β=2) = 2 · {vec(flat(smooth))}",
        f"δ = 2 时 huber = {vec(flat(huber))}，正好是 2 · smooth_l1(β=2) = "
        f"2 · {vec(flat(smooth))}")


def check_pos_weight(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    x, y = f64([0.4, -1.0], device), f64([1.0, 0.0], device)
    plain = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    weighted = F.binary_cross_entropy_with_logits(x, y, pos_weight=f64(3.0, device),
                                                  reduction="none")
    ok = bool(torch.isclose(weighted[0], 3 * plain[0])) and bool(
        torch.isclose(weighted[1], plain[1]))
    return ok, bi(f"pos_weight = 3: the positive term {short(plain[0])} becomes "
                  f"{short(weighted[0])}; the negative term stays {short(plain[1])}",
                  f"pos_weight = 3：正样本项 {short(plain[0])} 变为 {short(weighted[0])}；"
                  f"负样本项保持 {short(plain[1])}")
