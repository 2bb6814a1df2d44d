"""Knowledge distillation, Hinton-style: alpha·T²·KL(teacher_T ‖ student_T) + (1 - alpha)·CE."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Result, bi, f64, num, require, short, value

from ._common import classes, kl, same_shape, say


def _kd_terms(p: dict, device: Any) -> tuple[Any, Any, Any]:
    """(soft KL at temperature T, hard cross-entropy, the card's loss), exactly the card's code."""
    import torch
    import torch.nn.functional as F

    s, t = f64(p["student"], device), f64(p["teacher"], device)
    y = torch.tensor(p["labels"], device=device)
    T, alpha = p["T"], p["alpha"]
    soft = kl(F.log_softmax(s / T, dim=1), F.softmax(t / T, dim=1), "batchmean")
    hard = F.cross_entropy(s, y)
    return soft, hard, alpha * T**2 * soft + (1 - alpha) * hard


def knowledge_distillation(p: dict, device: Any) -> Result:
    N, C = same_shape(p, "student", "teacher")
    require(len(p["labels"]) == N, "one label per row of logits")
    classes(p, "labels", C)
    require(p["T"] > 0, "the temperature T must be > 0")
    soft, hard, loss = _kd_terms(p, device)
    T, a = num(p["T"]), num(p["alpha"])
    scale = num(p["T"] ** 2)
    return value(loss), say(
        bi(f"soft = KL(softmax(t/{T}) ‖ softmax(s/{T})), batchmean = {short(soft)}",
           f"软目标项 soft = KL(softmax(t/{T}) ‖ softmax(s/{T}))，batchmean = {short(soft)}"),
        bi(f"hard = cross_entropy(s, labels) at temperature 1 = {short(hard)}",
           f"硬目标项 hard = cross_entropy(s, labels)（温度为 1）= {short(hard)}"),
        bi(f"the soft term is scaled by T² = {scale} (its gradients shrink like 1/T²), not by "
           f"T: {a}·{scale}·{short(soft)} + (1 - {a})·{short(hard)} = {short(loss)}",
           f"软目标项乘的是 T² = {scale}（它的梯度按 1/T² 缩小），不是 T："
           f"{a}·{scale}·{short(soft)} + (1 - {a})·{short(hard)} = {short(loss)}"))
