"""Flash-card checks for the claims the source notes get wrong, and CTC's 'mean'."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Result, bi, f64, num, randn, short, vec

from ._common import flat, kl


def _refuses(make: Any, **kw: Any) -> bool:
    """True when the constructor rejects the keyword argument."""
    try:
        make(**kw)
    except TypeError:
        return True
    return False


def check_bce_no_ignore_index(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    nn = torch.nn
    no_ignore = _refuses(nn.BCELoss, ignore_index=-100) and _refuses(
        nn.BCEWithLogitsLoss, ignore_index=-100)
    q = f64([[0.2, 0.9], [0.6, 0.3], [0.7, 0.4]], device)
    y = f64([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], device)
    w = f64([1.0, 3.0], device)  # shape (2,): broadcast over the rows, one per column
    plain = F.binary_cross_entropy(q, y, reduction="none")
    weighted = F.binary_cross_entropy(q, y, weight=w, reduction="none")
    broadcast = bool(torch.allclose(weighted, plain * w))
    mean = F.binary_cross_entropy(q, y, weight=w)
    by_count = bool(torch.isclose(mean, (plain * w).sum() / 6))
    ok = no_ignore and broadcast and by_count
    return ok, bi(f"BCELoss(ignore_index=...) and BCEWithLogitsLoss(ignore_index=...) raise "
                  f"TypeError; a weight [1, 3] on a (3, 2) input multiplies column by column "
                  f"after broadcasting, and 'mean' = Σ w·l / 6 elements = {short(mean)}",
                  f"BCELoss(ignore_index=...) 与 BCEWithLogitsLoss(ignore_index=...) 都抛出 "
                  f"TypeError；形状为 (3, 2) 的输入配 weight [1, 3] 时，weight 广播后逐列相乘，"
                  f"'mean' = Σ w·l / 6 个元素 = {short(mean)}")


def check_multilabel_margin_no_margin(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    nn = torch.nn
    refused = _refuses(nn.MultiLabelMarginLoss, margin=0.0)
    # The notes also head MultiMarginLoss's entry nn.MultiLabelSoftMarginLoss(...): that loss
    # takes neither p nor margin; MultiMarginLoss takes both.
    headings = _refuses(nn.MultiLabelSoftMarginLoss, margin=1.0) and _refuses(
        nn.MultiLabelSoftMarginLoss, p=1) and not _refuses(nn.MultiMarginLoss, p=2, margin=0.5)
    x = f64([[0.1, 0.2, 0.4, 0.8]], device)
    y = torch.tensor([[3, 0, -1, 1]], device=device)
    loss = F.multilabel_margin_loss(x, y)
    # labels 3 and 0 (the 1 after -1 is not read); non-labels 1 and 2; margin 1:
    by_hand = (max(0, 1 - 0.8 + 0.2) + max(0, 1 - 0.8 + 0.4)
               + max(0, 1 - 0.1 + 0.2) + max(0, 1 - 0.1 + 0.4)) / 4
    ok = refused and headings and bool(torch.isclose(loss, f64(by_hand, device)))
    return ok, bi(f"MultiLabelMarginLoss(margin=0.0) raises TypeError; for x = [0.1, 0.2, 0.4, "
                  f"0.8] and y = [3, 0, -1, 1] the loss {short(loss)} is Σ max(0, 1 - (x[label] - "
                  "x[other])) / 4 with the margin fixed at 1; MultiLabelSoftMarginLoss refuses "
                  "p and margin too, which MultiMarginLoss takes",
                  f"MultiLabelMarginLoss(margin=0.0) 抛出 TypeError；x = [0.1, 0.2, 0.4, 0.8]、"
                  f"y = [3, 0, -1, 1] 时损失 {short(loss)} 等于 "
                  "Σ max(0, 1 - (x[标签] - x[其他])) / 4，"
                  "margin 固定为 1；MultiLabelSoftMarginLoss 同样不接受 p 和 margin，"
                  "它们属于 MultiMarginLoss")


def _focal(x: Any, y: Any, alpha: float, gamma: float) -> Any:
    """torchvision.ops.sigmoid_focal_loss when torchvision is installed, else its formula."""
    import torch.nn.functional as F

    try:
        from torchvision.ops import sigmoid_focal_loss  # type: ignore[import-not-found]
    except ImportError:
        prob = x.sigmoid()
        p_t = prob * y + (1 - prob) * (1 - y)
        alpha_t = alpha * y + (1 - alpha) * (1 - y)
        ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
        return alpha_t * ce * (1 - p_t) ** gamma
    return sigmoid_focal_loss(x, y, alpha=alpha, gamma=gamma, reduction="none")


def check_focal_alpha(p: dict, device: Any) -> Result:
    import torch

    # A positive and a negative equally hard: p_t = σ(0.5) for both.
    x, y = f64([0.5, -0.5], device), f64([1.0, 0.0], device)
    each = _focal(x, y, 0.25, 2.0)
    ratio = each[1] / each[0]
    ok = bool(torch.isclose(ratio, f64(3.0, device)))
    return ok, bi(f"α = 0.25, γ = 2, a positive and a negative with the same p_t: losses "
                  f"{vec(flat(each))}, the negative weighs {num(ratio, 4)} times the positive "
                  "(0.75 / 0.25)",
                  f"α = 0.25、γ = 2，p_t 相同的一个正样本和一个负样本：损失为 {vec(flat(each))}，"
                  f"负样本是正样本的 {num(ratio, 4)} 倍（0.75 / 0.25）")


def check_kd_t_squared(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    t = randn(4, 5, device=device, seed=3)
    norms = {}
    for T in (4.0, 8.0):
        s = randn(4, 5, device=device, seed=4).requires_grad_(True)
        soft = kl(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), "batchmean")
        (grad,) = torch.autograd.grad(soft, s)
        norms[T] = float(grad.norm())
    ratio = norms[4.0] / norms[8.0]
    ok = 3.6 < ratio < 4.4 and abs(16 * norms[4.0] / (64 * norms[8.0]) - 1) < 0.1
    return ok, bi(f"the soft term's gradient on the student logits has norm {short(norms[4.0])} at "
                  f"T = 4 and {short(norms[8.0])} at T = 8: doubling T divides it by "
                  f"{short(ratio)} ≈ 2², so T²·KL keeps it the same size",
                  f"软目标项对学生 logits 的梯度范数在 T = 4 时为 {short(norms[4.0])}，T = 8 时为 "
                  f"{short(norms[8.0])}：T 翻倍，梯度缩小到 1/{short(ratio)} ≈ 1/2²，"
                  "所以乘上 T² 后大小不变")


def check_ctc_mean(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    T, N, C = 8, 3, 5
    log_probs = randn(T, N, C, device=device, seed=5).log_softmax(2)
    targets = torch.tensor([[1, 2, 3, 4], [2, 2, 0, 0], [4, 1, 3, 0]], device=device)
    lengths = torch.tensor([T, T, T], device=device), torch.tensor([4, 2, 3], device=device)
    each = F.ctc_loss(log_probs, targets, *lengths, reduction="none")
    mean = F.ctc_loss(log_probs, targets, *lengths)
    total = F.ctc_loss(log_probs, targets, *lengths, reduction="sum")
    per_label = each / lengths[1]
    ok = bool(torch.isclose(mean, per_label.mean())) and bool(torch.isclose(total, each.sum()))
    return ok, bi(f"per-sequence losses {vec(flat(each))} with target lengths [4, 2, 3]: "
                  f"'mean' = mean({vec(flat(per_label))}) = {short(mean)}, while 'sum' adds the "
                  f"raw losses: {short(total)}",
                  f"各序列损失 {vec(flat(each))}，目标长度 [4, 2, 3]："
                  f"'mean' = mean({vec(flat(per_label))}) = {short(mean)}，"
                  f"而 'sum' 直接把原始损失相加：{short(total)}")
