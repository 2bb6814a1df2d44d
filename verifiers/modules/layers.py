"""Single layers: nn.Linear on inputs of any rank, weight and bias shapes, nn.Embedding's
padding_idx row and the gradient it never gets."""

from __future__ import annotations

import math
import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, num, plural, require, shape_of, zeros

from .builders import fits, linear


def shape_text(shape: list[int] | tuple[int, ...]) -> str:
    """A shape as Python prints a tuple: (4,) or (2, 3, 4)."""
    return f"({shape[0]},)" if len(shape) == 1 else "(" + ", ".join(map(str, shape)) + ")"


# ---- nn.Linear on an input of any rank ------------------------------------------------------


def derive_linear(p: Params) -> Params:
    shape, out = p["input_shape"], p["out_features"]
    require(len(shape) >= 1, "the input needs at least one dimension (in_features)")
    require(all(d >= 1 for d in shape) and out >= 1, "every size must be at least 1")
    fits(math.prod(shape), "the input")
    fits(shape[-1] * out + out, "the layer")
    fits(math.prod(shape[:-1]) * out, "the output")
    return {**p, "in_features": shape[-1], "input_text": shape_text(shape)}


def linear_output_shape(p: Params, device: Any) -> Result:
    p = derive_linear(p)
    shape, out = p["input_shape"], p["out_features"]
    layer = linear(shape[-1], out, device)
    y = layer(zeros(shape, device))
    got = shape_of(y)
    lead = shape_text(shape[:-1]) if len(shape) > 1 else None
    step = f"{shape_text(shape)} -> {shape_text(got)}"
    kept_en = (f"the leading {lead} stay as they are, {shape[-1]} -> {out}" if lead
               else f"a single vector: {shape[-1]} -> {out}")
    kept_zh = (f"前导维 {lead} 保持不变，{shape[-1]} -> {out}" if lead
               else f"单个向量：{shape[-1]} -> {out}")
    return got, join([
        bi("nn.Linear acts on the last dimension only: an input of shape (*, in_features) gives "
           "(*, out_features), whatever the number of leading dimensions.",
           "nn.Linear 只作用于最后一维：形状为 (*, in_features) 的输入得到 "
           "(*, out_features)，前面有多少维都一样。"),
        bi(f"{step}: {kept_en}.", f"{step}：{kept_zh}。"),
        bi("The notes say Linear combines a one-dimensional signal (a vector); torch applies "
           "it to the last dimension of an input of any rank.",
           "笔记说 Linear 是对一维信号（向量）做线性组合；实际上 torch 对任意维数输入的"
           "最后一维做变换。"),
    ])


# ---- weight and bias shapes -----------------------------------------------------------------


def sample_weight_shape(p: Params, rng: random.Random) -> Params:
    # nn.Embedding has no bias: ask for its weight.
    return {**p, "attr": "weight"} if p["layer"] == "nn.Embedding" else p


def derive_weight_shape(p: Params) -> Params:
    """Refuses what has no answer (nn.Embedding has no bias); shows nothing new."""
    require(p["a"] >= 1 and p["b"] >= 1, "both sizes must be at least 1")
    require(p["layer"] != "nn.Embedding" or p["attr"] == "weight", "nn.Embedding has no bias")
    fits(p["a"] * p["b"] + p["b"], "the layer")
    return p


def weight_shape(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    derive_weight_shape(p)
    a, b = p["a"], p["b"]
    if p["layer"] == "nn.Embedding":
        layer = torch.nn.utils.skip_init(nn.Embedding, a, b, device=device, dtype=torch.float64)
        got = shape_of(layer.weight)
        return got, bi(
            f"nn.Embedding(num_embeddings={a}, embedding_dim={b}) keeps one row per index: "
            f"weight is (num_embeddings, embedding_dim) = {shape_text(got)}, and it has no bias.",
            f"nn.Embedding(num_embeddings={a}, embedding_dim={b}) 每个索引占一行："
            f"weight 的形状是 (num_embeddings, embedding_dim) = {shape_text(got)}，没有偏置。")
    layer = linear(a, b, device)
    got = shape_of(getattr(layer, p["attr"]))
    if p["attr"] == "bias":
        return got, bi(
            f"nn.Linear({a}, {b}) adds one bias per output feature: bias is "
            f"(out_features,) = {shape_text(got)}.",
            f"nn.Linear({a}, {b}) 每个输出特征一个偏置：bias 的形状是 "
            f"(out_features,) = {shape_text(got)}。")
    return got, bi(
        f"nn.Linear(in_features={a}, out_features={b}) stores weight as (out_features, "
        f"in_features) = {shape_text(got)}, because it computes y = x @ weight.T + bias.",
        f"nn.Linear(in_features={a}, out_features={b}) 把 weight 存成 (out_features, "
        f"in_features) = {shape_text(got)}，因为它计算的是 y = x @ weight.T + bias。")


# ---- nn.Embedding with padding_idx ----------------------------------------------------------


def sample_embedding(p: Params, rng: random.Random) -> Params:
    n = p["num_embeddings"]
    indices = [i % n for i in p["indices"]]
    # Usually a padding token the batch really contains.
    pad = rng.choice(indices) if rng.random() < 0.75 else rng.randrange(n)
    if rng.random() < 0.25:
        pad -= n  # padding_idx=-1 names the last row
    return {**p, "indices": indices, "padding_idx": pad}


def derive_embedding(p: Params) -> Params:
    """Refuses indices or a padding_idx outside the table; shows nothing new."""
    check_embedding(p)
    return p


def check_embedding(p: Params) -> int:
    """The padding row, as torch stores it (a negative padding_idx counts from the end)."""
    n, pad = p["num_embeddings"], p["padding_idx"]
    require(n >= 1 and p["dim"] >= 1, "num_embeddings and dim must be at least 1")
    require(-n <= pad < n, f"padding_idx must be in [-{n}, {n - 1}], got {pad}")
    require(len(p["indices"]) >= 1, "the batch needs at least one index")
    bad = [i for i in p["indices"] if not 0 <= i < n]
    require(not bad, f"index {bad[0] if bad else 0} is out of range for {n} embeddings")
    fits(n * p["dim"], "the embedding table")
    return pad % n


def embedding_grad_rows(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    check_embedding(p)
    emb = nn.Embedding(p["num_embeddings"], p["dim"], padding_idx=p["padding_idx"],
                       device=device, dtype=torch.float64)
    idx = torch.tensor(p["indices"], dtype=torch.long, device=device)
    emb(idx).sum().backward()
    grad = emb.weight.grad
    nonzero = (grad.abs().sum(dim=1) > 0).tolist()
    answer = sum(nonzero)
    row = int(emb.padding_idx)
    start_zero = bool((emb.weight[row] == 0).all())
    lines_en, lines_zh = [], []
    for i in sorted(set(p["indices"])):
        times = p["indices"].count(i)
        g = num(float(grad[i, 0]))
        if i == row:
            lines_en.append(f"row {i} = padding_idx: {plural(times, 'use', 'uses')}, gradient 0")
            lines_zh.append(f"第 {i} 行是 padding_idx：出现 {times} 次，梯度为 0")
        else:
            lines_en.append(f"row {i}: {plural(times, 'use', 'uses')}, gradient {g} per column")
            lines_zh.append(f"第 {i} 行：出现 {times} 次，每列梯度为 {g}")
    where = (f"padding_idx={p['padding_idx']} is row {row}" if p["padding_idx"] < 0
             else f"padding_idx is row {row}")
    where_zh = (f"padding_idx={p['padding_idx']} 即第 {row} 行" if p["padding_idx"] < 0
                else f"padding_idx 是第 {row} 行")
    init_en = "it starts as zeros" if start_zero else "it does not start as zeros"
    init_zh = "初始化为全零" if start_zero else "初始化不是全零"
    return answer, join([
        bi(f"Each use of an index adds 1 to every column of its row's gradient (the loss is a "
           f"sum); {where}: {init_en}, and torch never gives it a gradient.",
           f"损失是求和，所以某个索引每出现一次，它那一行的梯度每列加 1；{where_zh}："
           f"{init_zh}，而且 torch 永远不给它梯度。"),
        bi("\n".join(lines_en), "\n".join(lines_zh)),
        bi(f"rows with a non-zero gradient: {answer}", f"梯度非零的行数：{answer}"),
    ])
