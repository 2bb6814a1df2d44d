"""Known slips for the margin and embedding cards (pure Python): one named mistake each."""

from __future__ import annotations

import math

from quizapp.authoring import Slip, finite, num

from ._slipmath import hinge, log_base_2, other_reduction, reduce, softplus, unclamped

COS_EPS = 1e-12  # torch's cosine_embedding_loss adds it to each squared norm
DIST_EPS = 1e-6  # pairwise_distance adds it to each difference


def margin_ranking_slips(p: dict) -> list[Slip]:
    x1, x2, y, m, red = p["x1"], p["x2"], p["y"], p["margin"], p["reduction"]
    inside = [-yi * (a - b) + m for a, b, yi in zip(x1, x2, y, strict=True)]
    terms = [hinge(v) for v in inside]
    return finite([
        other_reduction(terms, red),
        Slip("y-sign-flipped",
             reduce([hinge(yi * (a - b) + m) for a, b, yi in zip(x1, x2, y, strict=True)], red),
             "dropped the minus sign: y = 1 means x1 should rank higher, so the loss is "
             "max(0, -y·(x1 - x2) + margin)",
             "丢了负号：y = 1 表示 x1 应排在前面，损失是 max(0, -y·(x1 - x2) + margin)"),
        Slip("margin-subtracted",
             reduce([hinge(-yi * (a - b) - m) for a, b, yi in zip(x1, x2, y, strict=True)],
                    red),
             "subtracted the margin: it is added inside the max",
             "把 margin 减掉了：它是在 max 里加上去的"),
        unclamped(inside, red, "MarginRankingLoss", "MarginRankingLoss ")])


def hinge_embedding_slips(p: dict) -> list[Slip]:
    x, y, m, red = p["x"], p["y"], p["margin"], p["reduction"]

    def terms(pos: str, neg: str) -> list[float]:
        rule = {"x": lambda v: v, "hinge": lambda v: hinge(m - v), "raw": lambda v: m - v}
        return [rule[pos](v) if yi == 1 else rule[neg](v) for v, yi in zip(x, y, strict=True)]

    right = terms("x", "hinge")
    return finite([
        other_reduction(right, red),
        Slip("labels-swapped", reduce(terms("hinge", "x"), red),
             "swapped the labels: y = 1 (similar) gives x itself, y = -1 gives "
             "max(0, margin - x)",
             "把标签弄反了：y = 1（相似）取 x 本身，y = -1 取 max(0, margin - x)"),
        Slip("positives-hinged", reduce(terms("hinge", "hinge"), red),
             "used max(0, margin - x) for y = 1 too: similar pairs just pay x",
             "y = 1 也用了 max(0, margin - x)：相似对的损失就是 x"),
        unclamped(terms("x", "raw"), red, "the y = -1 part", "y = -1 部分")])


def _cosines(p: dict) -> list[float]:
    out = []
    for a, b in zip(p["x1"], p["x2"], strict=True):
        dot = math.fsum(u * v for u, v in zip(a, b, strict=True))
        na = math.fsum(u * u for u in a) + COS_EPS
        nb = math.fsum(v * v for v in b) + COS_EPS
        out.append(dot / math.sqrt(na * nb))
    return out


def cosine_embedding_slips(p: dict) -> list[Slip]:
    y, m, red = p["y"], p["margin"], p["reduction"]
    cos = _cosines(p)

    def terms(pos: str, neg: str) -> list[float]:
        rule = {"1-cos": lambda c: 1 - c, "cos": lambda c: c, "hinge": lambda c: hinge(c - m),
                "hinge0": lambda c: hinge(c), "raw": lambda c: c - m}
        return [rule[pos](c) if yi == 1 else rule[neg](c) for c, yi in zip(cos, y, strict=True)]

    slips = [other_reduction(terms("1-cos", "hinge"), red),
             Slip("cos-for-one-minus-cos", reduce(terms("cos", "hinge"), red),
                  "used cos for y = 1: a similar pair pays 1 - cos(x1, x2)",
                  "y = 1 时用了 cos：相似对的损失是 1 - cos(x1, x2)")]
    if m:
        slips.append(Slip("margin-ignored", reduce(terms("1-cos", "hinge0"), red),
                          f"left out the margin: y = -1 gives max(0, cos - {num(m)})",
                          f"漏掉了 margin：y = -1 时是 max(0, cos - {num(m)})"))
    slips.append(unclamped(terms("1-cos", "raw"), red, "the y = -1 part", "y = -1 部分"))
    return finite(slips)


def _dist(a: list[float], b: list[float], norm: float, squared: bool = False) -> float:
    diffs = [abs(u - v + DIST_EPS) for u, v in zip(a, b, strict=True)]
    if squared:
        return math.fsum(d * d for d in diffs)
    return math.fsum(d**norm for d in diffs) ** (1 / norm)


def triplet_margin_slips(p: dict) -> list[Slip]:
    A, P, N, m, norm = p["anchor"], p["positive"], p["negative"], p["margin"], p["p"]
    rows = list(zip(A, P, N, strict=True))

    def loss(norm_: float, squared: bool = False, swap: bool = False, clamp: bool = True
             ) -> float:
        terms = []
        for a, pos, neg in rows:
            d_ap, d_an = _dist(a, pos, norm_, squared), _dist(a, neg, norm_, squared)
            v = (d_an - d_ap if swap else d_ap - d_an) + m
            terms.append(hinge(v) if clamp else v)
        return reduce(terms, "mean")

    other = 1 if norm == 2 else 2
    return finite([
        Slip("squared-distances", loss(norm, squared=True),
             "squared the distances: TripletMarginLoss uses the plain p-norm distance",
             "把距离平方了：TripletMarginLoss 用的是不平方的 p-范数距离"),
        Slip("positive-negative-swapped", loss(norm, swap=True),
             "swapped the pairs: the loss is max(0, d(a, p) - d(a, n) + margin)",
             "把正负样本弄反了：损失是 max(0, d(a, p) - d(a, n) + margin)"),
        Slip(f"l{other}-for-l{num(norm)}", loss(other),
             f"used the L{other} distance: p = {num(norm)} here",
             f"用了 L{other} 距离：这里 p = {num(norm)}"),
        Slip("hinge-not-clamped", loss(norm, clamp=False),
             "left out the max(0, ·): no triplet's loss goes below 0",
             "漏掉了 max(0, ·)：每个三元组的损失都不会小于 0")])


def soft_margin_slips(p: dict) -> list[Slip]:
    x, y, red = p["x"], p["y"], p["reduction"]
    terms = [softplus(-yi * xi) for xi, yi in zip(x, y, strict=True)]
    return finite([
        other_reduction(terms, red),
        Slip("sign-flipped", reduce([softplus(yi * xi) for xi, yi in zip(x, y, strict=True)],
                                    red),
             "dropped the minus sign: the loss is log(1 + exp(-y·x))",
             "丢了负号：损失是 log(1 + exp(-y·x))"),
        log_base_2(reduce(terms, red))])


def multi_margin_slips(p: dict) -> list[Slip]:
    x, y, m, power = p["x"], p["y"], p["margin"], p["p"]
    C = len(x[0])

    def loss(pw: int, divisor: int, with_target: bool = False) -> float:
        rows = []
        for row, t in zip(x, y, strict=True):
            hinges = [hinge(m - row[t] + v) ** pw for c, v in enumerate(row)
                      if c != t or with_target]
            rows.append(math.fsum(hinges) / divisor)
        return reduce(rows, "mean")

    other = 2 if power == 1 else 1
    slips = [Slip("divided-by-c-minus-1", loss(power, C - 1),
                  f"divided by C - 1 = {C - 1}: MultiMarginLoss divides by C = {C}",
                  f"除以了 C - 1 = {C - 1}：MultiMarginLoss 除以 C = {C}"),
             Slip("target-class-counted", loss(power, C, with_target=True),
                  "added the target class's own term max(0, margin)^p: the sum skips i = y",
                  "把目标类自身的项 max(0, margin)^p 也加上了：求和要跳过 i = y"),
             Slip(f"p{other}-for-p{power}", loss(other, C),
                  f"used p = {other}: here p = {power}", f"用了 p = {other}：这里 p = {power}")]
    if len(x) > 1:
        per_row = [math.fsum(hinge(m - r[t] + v) ** power for c, v in enumerate(r) if c != t) / C
                   for r, t in zip(x, y, strict=True)]
        slips.append(other_reduction(per_row, "mean"))
    return finite(slips)


def multilabel_margin_slips(p: dict) -> list[Slip]:
    x, y = p["x"], p["y"]
    C = len(x[0])

    def loss(margin: float, past_minus_one: bool = False, by_pairs: bool = False) -> float:
        rows = []
        for row, labels_row in zip(x, y, strict=True):
            if past_minus_one:
                labels = [v for v in labels_row if v >= 0]
            else:
                labels = labels_row[:labels_row.index(-1)] if -1 in labels_row else labels_row
            others = [c for c in range(C) if c not in labels]
            total = math.fsum(hinge(margin - (row[j] - row[i])) for j in labels for i in others)
            pairs = len(labels) * len(others)
            rows.append((total / pairs if pairs else 0.0) if by_pairs else total / C)
        return reduce(rows, "mean")

    return finite([
        Slip("read-past-minus-one", loss(1.0, past_minus_one=True),
             "kept reading labels after the first -1: torch stops at it",
             "在第一个 -1 之后还继续读标签：torch 读到 -1 就停止"),
        Slip("notes-margin-zero", loss(0.0),
             "used margin 0 (the notes' MultiLabelMarginLoss(margin=0.0)): the class has no "
             "margin argument, the margin is always 1",
             "用了 margin 0（笔记里写的 MultiLabelMarginLoss(margin=0.0)）：该类没有 margin 参数，"
             "margin 恒为 1"),
        Slip("divided-by-pairs", loss(1.0, by_pairs=True),
             "averaged over the (label, non-label) pairs: the sum is divided by C",
             "对（标签, 非标签）对取了平均：总和应除以 C")])
