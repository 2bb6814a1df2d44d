"""Margin and embedding losses: ranking, hinge, cosine, triplet, soft margin, multi-class and
multi-label margin."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Result, bi, f64, num, require, short, value, vec

from ._common import classes, flat, matrix, reduced, same_length, same_shape, say


def _labels(p: dict, key: str = "y") -> None:
    require(all(y in (1, -1) for y in p[key]), f"every {key} must be 1 or -1")


def margin_ranking(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    same_length(p, "x1", "x2", "y")
    _labels(p)
    x1, x2, y = (f64(p[k], device) for k in ("x1", "x2", "y"))
    m, red = p["margin"], p["reduction"]
    loss = F.margin_ranking_loss(x1, x2, y, margin=m, reduction=red)
    each = F.margin_ranking_loss(x1, x2, y, margin=m, reduction="none")
    inside = flat(-y * (x1 - x2) + m)
    return value(loss), say(
        bi(f"pair by pair (elementwise, not an N x N matrix): -y·(x1 - x2) + {num(m)} = "
           f"{vec(inside)}, so max(0, ·) = {vec(flat(each))}",
           f"逐对计算（逐元素，而不是 N x N 矩阵）：-y·(x1 - x2) + {num(m)} = {vec(inside)}，"
           f"于是 max(0, ·) = {vec(flat(each))}"),
        reduced(flat(each), red, loss))


def hinge_embedding(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    same_length(p, "x", "y")
    _labels(p)
    x, y = f64(p["x"], device), f64(p["y"], device)
    m, red = p["margin"], p["reduction"]
    loss = F.hinge_embedding_loss(x, y, margin=m, reduction=red)
    each = F.hinge_embedding_loss(x, y, margin=m, reduction="none")
    return value(loss), say(
        bi(f"l = x where y = 1, max(0, {num(m)} - x) where y = -1: {vec(flat(each))}",
           f"y = 1 时 l = x，y = -1 时 l = max(0, {num(m)} - x)：{vec(flat(each))}"),
        reduced(flat(each), red, loss))


def cosine_embedding(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    N, _D = same_shape(p, "x1", "x2")
    require(len(p["y"]) == N, f"one label per row: {N} rows, {len(p['y'])} labels")
    _labels(p)
    x1, x2, y = (f64(p[k], device) for k in ("x1", "x2", "y"))
    m, red = p["margin"], p["reduction"]
    loss = F.cosine_embedding_loss(x1, x2, y, margin=m, reduction=red)
    each = F.cosine_embedding_loss(x1, x2, y, margin=m, reduction="none")
    cos = flat(F.cosine_similarity(x1, x2, dim=1))
    parts = [bi(f"cos(x1_i, x2_i) = {vec(cos)}", f"cos(x1_i, x2_i) = {vec(cos)}"),
             bi(f"l = 1 - cos where y = 1, max(0, cos - {num(m)}) where y = -1: "
                f"{vec(flat(each))}",
                f"y = 1 时 l = 1 - cos，y = -1 时 l = max(0, cos - {num(m)})：{vec(flat(each))}")]
    if any(not any(row) for row in p["x1"] + p["x2"]):
        parts.insert(1, bi("a zero vector has no direction: torch adds ε = 1e-12 to the squared "
                           "norms, so its cosine is 0",
                           "零向量没有方向：torch 在平方范数上加 ε = 1e-12，所以它的余弦为 0"))
    return value(loss), say(*parts, reduced(flat(each), red, loss))


def triplet_margin(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    same_shape(p, "anchor", "positive", "negative")
    a, pos, neg = (f64(p[k], device) for k in ("anchor", "positive", "negative"))
    m, norm = p["margin"], p["p"]
    require(m > 0, f"TripletMarginLoss needs margin > 0: torch raises ValueError for {m:g}")
    loss = F.triplet_margin_loss(a, pos, neg, margin=m, p=norm)
    each = F.triplet_margin_loss(a, pos, neg, margin=m, p=norm, reduction="none")
    d_ap = flat(F.pairwise_distance(a, pos, p=norm))
    d_an = flat(F.pairwise_distance(a, neg, p=norm))
    return value(loss), say(
        bi(f"L{num(norm)} distances (not squared): d(a, p) = {vec(d_ap)}, d(a, n) = {vec(d_an)}",
           f"L{num(norm)} 距离（不平方）：d(a, p) = {vec(d_ap)}，d(a, n) = {vec(d_an)}"),
        bi(f"l = max(0, d(a, p) - d(a, n) + {num(m)}) = {vec(flat(each))} (pairwise_distance "
           "adds ε = 1e-6 to each difference, too small to show)",
           f"l = max(0, d(a, p) - d(a, n) + {num(m)}) = {vec(flat(each))}（pairwise_distance "
           "会在每个差值上加 ε = 1e-6，小到看不出来）"),
        reduced(flat(each), "mean", loss))


def soft_margin(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    same_length(p, "x", "y")
    _labels(p)
    x, y = f64(p["x"], device), f64(p["y"], device)
    red = p["reduction"]
    loss = F.soft_margin_loss(x, y, reduction=red)
    each = F.soft_margin_loss(x, y, reduction="none")
    return value(loss), say(
        bi(f"-y·x = {vec(flat(-y * x))}; l = log(1 + exp(-y·x)) = {vec(flat(each))}",
           f"-y·x = {vec(flat(-y * x))}；l = log(1 + exp(-y·x)) = {vec(flat(each))}"),
        reduced(flat(each), red, loss))


def multi_margin(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    N, C = matrix(p, "x")
    require(C >= 2, "a multi-class margin needs at least 2 classes")
    require(len(p["y"]) == N, "one target class per row")
    classes(p, "y", C)
    x, y = f64(p["x"], device), torch.tensor(p["y"], device=device)
    m, power = p["margin"], p["p"]
    loss = F.multi_margin_loss(x, y, p=power, margin=m)
    each = F.multi_margin_loss(x, y, p=power, margin=m, reduction="none")
    hinge = (m - x.gather(1, y[:, None]) + x).clamp(min=0) ** power
    rows = []
    for i, yi in enumerate(p["y"]):
        others = [v for c, v in enumerate(flat(hinge[i])) if c != yi]
        rows.append(f"({' + '.join(short(v) for v in others)}) / {C} = {short(each[i])}")
    sq = "" if power == 1 else "²"
    return value(loss), say(
        bi(f"per row, over the classes i ≠ y: Σ max(0, {num(m)} - x[y] + x[i]){sq} / C: "
           + "; ".join(rows),
           f"每一行对 i ≠ y 的类别求 Σ max(0, {num(m)} - x[y] + x[i]){sq} / C："
           + "；".join(rows)),
        bi("C counts every class, the target one too", "C 是全部类别数，包括目标类"),
        reduced(flat(each), "mean", loss))


def multilabel_margin(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    _N, C = same_shape(p, "x", "y")
    for i, row in enumerate(p["y"]):
        require(all(-1 <= v < C for v in row), f"y row {i}: labels are class indices in "
                f"[0, {C}) or -1")
    x, y = f64(p["x"], device), torch.tensor(p["y"], device=device)
    loss = F.multilabel_margin_loss(x, y)
    each = F.multilabel_margin_loss(x, y, reduction="none")
    rows = []
    for i, row in enumerate(p["y"]):
        labels = row[:row.index(-1)] if -1 in row else row
        rows.append(f"{i}: {labels} → {short(each[i])}")
    return value(loss), say(
        bi("labels are read up to the first -1; l = Σ_j Σ_(i not a label) max(0, 1 - "
           "(x[y_j] - x[i])) / C, margin fixed at 1",
           "标签读到第一个 -1 为止；l = Σ_j Σ_(i 不是标签) max(0, 1 - (x[y_j] - x[i])) / C，"
           "margin 固定为 1"),
        bi("rows " + "; ".join(rows), "各行 " + "；".join(rows)),
        reduced(flat(each), "mean", loss))
