"""Classification losses: BCE (with logits, weighted), cross-entropy, NLL and focal loss."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Result, bi, f64, factor, num, require, same, short, value, vec

from ._common import IGNORE, classes, distributions, flat, matrix, reduced, same_length, say


def _bce_pair(p: dict, first: str) -> int:
    n = same_length(p, first, "targets")
    require(all(0 <= y <= 1 for y in p["targets"]), "BCE targets must lie in [0, 1]")
    return n


def bce_with_logits(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    _bce_pair(p, "logits")
    x, y = f64(p["logits"], device), f64(p["targets"], device)
    pw = None if p["pos_weight"] is None else f64(p["pos_weight"], device)
    red = p["reduction"]
    loss = F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction=red)
    each = F.binary_cross_entropy_with_logits(x, y, pos_weight=pw, reduction="none")
    w = num(p["pos_weight"]) if pw is not None else "1"
    w_zh = w if pw is not None else "1（pos_weight 为 None）"
    formula = "l = -[w·y·log σ(x) + (1-y)·log(1-σ(x))]"
    return value(loss), say(
        same(f"σ(x) = {vec(flat(torch.sigmoid(x)))}"),
        bi(f"{formula} with w = {w} gives {vec(flat(each))}",
           f"{formula}，其中 w = {w_zh}，逐元素得到 {vec(flat(each))}"),
        reduced(flat(each), red, loss))


def bce_loss(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    _bce_pair(p, "probs")
    require(all(0 <= q <= 1 for q in p["probs"]), "BCELoss takes probabilities in [0, 1]")
    q, y = f64(p["probs"], device), f64(p["targets"], device)
    loss = F.binary_cross_entropy(q, y, reduction=p["reduction"])
    each = F.binary_cross_entropy(q, y, reduction="none")
    clamped = any(v in (0.0, 1.0) for v in p["probs"])
    formula = "l = -[y·log p + (1-y)·log(1-p)]"
    parts = [bi(f"{formula}, natural log, gives {vec(flat(each))}",
                f"{formula}（自然对数），逐元素得到 {vec(flat(each))}")]
    if clamped:
        parts.append(bi("a probability of exactly 0 or 1 puts log 0 in a term: torch clamps "
                        "each log at -100, so that term is 100 (times its target)",
                        "概率恰好为 0 或 1 时某项会出现 log 0：torch 把每个 log 截断在 -100，"
                        "所以该项为 100（再乘以对应的目标）"))
    parts.append(reduced(flat(each), p["reduction"], loss))
    return value(loss), say(*parts)


def bce_weight(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    same_length(p, "probs", "targets", "weight")
    require(all(0 < q < 1 for q in p["probs"]), "the probabilities must lie in (0, 1)")
    require(all(0 <= y <= 1 for y in p["targets"]), "BCE targets must lie in [0, 1]")
    q, y, w = (f64(p[k], device) for k in ("probs", "targets", "weight"))
    red = p["reduction"]
    loss = F.binary_cross_entropy(q, y, weight=w, reduction=red)
    plain = F.binary_cross_entropy(q, y, reduction="none")
    each = F.binary_cross_entropy(q, y, weight=w, reduction="none")
    note = bi("weight multiplies each element's term (it is broadcast to the input's shape; it "
              "is not indexed by class), and 'mean' divides by the number of elements, not by "
              "Σ w", "weight 逐元素乘到每一项上（按输入形状广播，不按类别索引），"
              "'mean' 除以元素个数，而不是 Σ w")
    return value(loss), say(
        bi(f"-[y·log p + (1-y)·log(1-p)] = {vec(flat(plain))}",
           f"-[y·log p + (1-y)·log(1-p)] = {vec(flat(plain))}"),
        bi(f"times weight {vec(p['weight'])}: {vec(flat(each))}",
           f"乘以 weight {vec(p['weight'])}：{vec(flat(each))}"),
        note, reduced(flat(each), red, loss))


def _ce_rows(x: Any, y: Any, eps: float) -> list[str]:
    """Per-row worked cross entropy: logsumexp(x) - (1-ε)·x[y] - ε·mean(x)."""
    import torch
    import torch.nn.functional as F

    lse = torch.logsumexp(x, dim=1)
    each = F.cross_entropy(x, y, label_smoothing=eps, ignore_index=IGNORE, reduction="none")
    rows = []
    for i, yi in enumerate(y.tolist()):
        if yi == IGNORE:
            rows.append(f"l{i}: ignore")
            continue
        text = f"l{i} = {short(lse[i])} - {factor(float(x[i, yi]), 4)}"
        if eps:
            text = (f"l{i} = {short(lse[i])} - {num(1 - eps)}·{factor(float(x[i, yi]), 4)}"
                    f" - {num(eps)}·{factor(float(x[i].mean()), 4)}")
        rows.append(f"{text} = {short(each[i])}")
    return rows


def _rows_text(rows: list[str]) -> dict[str, str]:
    en = "; ".join(r.replace(": ignore", ": ignored (target -100)") for r in rows)
    zh = "；".join(r.replace(": ignore", "：被忽略（target 为 -100）") for r in rows)
    return bi(en, zh)


def _ce_params(p: dict, ignore: bool = False) -> int:
    N, C = matrix(p, "logits")
    require(len(p["targets"]) == N, f"one target per logits row: {N} rows, "
            f"{len(p['targets'])} targets")
    classes(p, "targets", C, ignore)
    return C


def cross_entropy(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    _ce_params(p)
    x = f64(p["logits"], device)
    y = torch.tensor(p["targets"], device=device)
    eps, red = p["label_smoothing"], p["reduction"]
    loss = F.cross_entropy(x, y, label_smoothing=eps, reduction=red)
    each = F.cross_entropy(x, y, label_smoothing=eps, reduction="none")
    parts = [bi("per row l = logsumexp(x) - x[y]", "每一行 l = logsumexp(x) - x[y]")]
    if eps:
        parts = [bi(f"label smoothing ε = {num(eps)}: the target is (1-ε)·onehot + ε/C, so "
                    "l = logsumexp(x) - (1-ε)·x[y] - ε·mean(x)",
                    f"标签平滑 ε = {num(eps)}：目标分布为 (1-ε)·onehot + ε/C，于是 "
                    "l = logsumexp(x) - (1-ε)·x[y] - ε·mean(x)")]
    parts += [_rows_text(_ce_rows(x, y, eps)), reduced(flat(each), red, loss)]
    return value(loss), say(*parts)


def cross_entropy_soft_targets(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    shape = matrix(p, "logits")
    require(matrix(p, "probs") == shape, f"probs must have the shape of logits, {shape}")
    distributions(p, "probs")
    x, t = f64(p["logits"], device), f64(p["probs"], device)
    loss = F.cross_entropy(x, t)
    each = F.cross_entropy(x, t, reduction="none")
    rows = "; ".join(vec(flat(r)) for r in F.log_softmax(x, dim=1))
    return value(loss), say(
        bi(f"log_softmax(x) = {rows}", f"log_softmax(x) = {rows.replace('; ', '；')}"),
        bi(f"l_i = -Σ_c t_ic·log_softmax(x_i)_c = {vec(flat(each))}",
           f"l_i = -Σ_c t_ic·log_softmax(x_i)_c = {vec(flat(each))}"),
        bi("'mean' averages over the N rows, not over N·C",
           "'mean' 对 N 行取平均，而不是除以 N·C"),
        reduced(flat(each), "mean", loss))


def cross_entropy_weighted(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    C = _ce_params(p, ignore=True)
    require(len(p["weight"]) == C, f"weight needs one value per class: C = {C}, "
            f"got {len(p['weight'])}")
    kept_w = [p["weight"][y] for y in p["targets"] if y != IGNORE]
    require(bool(kept_w), f"every target is the ignore_index {IGNORE}: the mean is 0/0 (nan)")
    require(sum(kept_w) > 0, "the kept targets' weights sum to 0: the mean is 0/0 (nan)")
    x, w = f64(p["logits"], device), f64(p["weight"], device)
    y = torch.tensor(p["targets"], device=device)
    loss = F.cross_entropy(x, y, weight=w, ignore_index=IGNORE)
    each = F.cross_entropy(x, y, weight=w, ignore_index=IGNORE, reduction="none")
    kept = flat(each[y != IGNORE])
    division = f"{short(sum(kept))} / ({' + '.join(num(v) for v in kept_w)}) = {short(loss)}"
    return value(loss), say(
        _rows_text(_ce_rows(x, y, 0.0)),
        bi(f"w[y_i]·l_i = {vec(kept)}", f"w[y_i]·l_i = {vec(kept)}"),
        bi(f"'mean' = Σ w[y_i]·l_i / Σ w[y_i] over the kept rows = {division}",
           f"'mean' = 保留样本的 Σ w[y_i]·l_i / Σ w[y_i] = {division}"))


def nll_loss(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    N, C = matrix(p, "probs")
    require(len(p["targets"]) == N, "one target per row of probs")
    classes(p, "targets", C)
    distributions(p, "probs")
    require(all(row[y] > 0 for row, y in zip(p["probs"], p["targets"], strict=True)),
            "the probability of a target class is 0: -log 0 is infinite")
    logp = torch.log(f64(p["probs"], device))
    y = torch.tensor(p["targets"], device=device)
    loss = F.nll_loss(logp, y, reduction=p["reduction"])
    each = F.nll_loss(logp, y, reduction="none")
    return value(loss), say(
        bi(f"NLLLoss picks -input[i, y_i] = -log(probs[i, y_i]) = {vec(flat(each))}",
           f"NLLLoss 取出 -input[i, y_i] = -log(probs[i, y_i]) = {vec(flat(each))}"),
        reduced(flat(each), p["reduction"], loss))


def focal_loss(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    # torchvision.ops.sigmoid_focal_loss, written with torch ops (torchvision not required).
    same_length(p, "logits", "targets")
    x, y = f64(p["logits"], device), f64(p["targets"], device)
    alpha, gamma = p["alpha"], p["gamma"]
    prob = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    p_t = prob * y + (1 - prob) * (1 - y)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    each = alpha_t * ce * (1 - p_t) ** gamma
    loss = each.mean() if p["reduction"] == "mean" else each.sum()
    g = num(gamma)
    return value(loss), say(
        bi(f"p_t = {vec(flat(p_t))}; α_t = {vec(flat(alpha_t))}; -log p_t = {vec(flat(ce))}",
           f"p_t = {vec(flat(p_t))}，α_t = {vec(flat(alpha_t))}，-log p_t = {vec(flat(ce))}"),
        bi(f"FL = α_t·(1-p_t)^{g}·(-log p_t) = {vec(flat(each))}",
           f"FL = α_t·(1-p_t)^{g}·(-log p_t) = {vec(flat(each))}"),
        reduced(flat(each), p["reduction"], loss))
