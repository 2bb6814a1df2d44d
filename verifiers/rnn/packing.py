"""Packed sequences: pack_padded_sequence's batch_sizes (with and without enforce_sorted),
and the shapes through pack -> RNN -> pad_packed_sequence."""

from __future__ import annotations

import random
from itertools import pairwise
from typing import Any

from quizapp.authoring import Params, Result, as_list, bi, join, require, shape_of, zeros

from .builders import (
    build_from,
    check_layer,
    check_run,
    dirs_of,
    fits,
    forward,
    rnn_code,
    shape_text,
    unpack_text,
)


def check_lengths(lengths: list[int], enforce_sorted: bool) -> None:
    require(len(lengths) >= 1, "the batch needs at least one sequence")
    require(all(n >= 1 for n in lengths),
            "every length must be at least 1: torch refuses empty sequences")
    require(not enforce_sorted or all(a >= b for a, b in pairwise(lengths)),
            "with enforce_sorted=True the lengths must be in decreasing order "
            "(torch raises RuntimeError)")


# ---- batch_sizes ----------------------------------------------------------------------------


def sample_sizes(p: Params, rng: random.Random) -> Params:
    lengths = sorted(p["lengths"], reverse=True) if p["enforce_sorted"] else p["lengths"]
    return {**p, "lengths": lengths}


def derive_sizes(p: Params) -> Params:
    check_lengths(p["lengths"], p["enforce_sorted"])
    fits(len(p["lengths"]) * max(p["lengths"]), "the padded batch")
    return {**p, "batch": len(p["lengths"]), "steps": max(p["lengths"])}


def packed_batch_sizes(p: Params, device: Any) -> Result:
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence

    p = derive_sizes(p)
    x = zeros((p["batch"], p["steps"], 1), device)
    packed = pack_padded_sequence(x, torch.tensor(p["lengths"]), batch_first=True,
                                  enforce_sorted=p["enforce_sorted"])
    got = [int(v) for v in as_list(packed.batch_sizes)]
    order = sorted(p["lengths"], reverse=True)
    steps = [f"t={t}: {sum(n > t for n in order)}" for t in range(min(len(got), 12))]
    more = " ..." if len(got) > 12 else ""
    sort_en = ("enforce_sorted=True: the lengths are already in decreasing order"
               if p["enforce_sorted"] else
               f"enforce_sorted=False: torch first sorts the batch by length, {order}, and "
               f"keeps sorted_indices {as_list(packed.sorted_indices)} to undo it")
    sort_zh = ("enforce_sorted=True：长度已经按降序排列"
               if p["enforce_sorted"] else
               f"enforce_sorted=False：torch 先按长度把批次排序为 {order}，并记下 "
               f"sorted_indices {as_list(packed.sorted_indices)} 以便还原")
    return got, join([
        bi("batch_sizes[t] is how many sequences are still running at time step t: the "
           "number of lengths greater than t. It has max(lengths) entries and sums to "
           "sum(lengths).",
           "batch_sizes[t] 是第 t 个时间步还没结束的序列个数，即长度大于 t 的序列数。"
           "它共有 max(lengths) 项，总和等于 sum(lengths)。"),
        bi(sort_en + ".", sort_zh + "。"),
        bi(", ".join(steps) + more, ", ".join(steps) + more),
        bi(f"batch_sizes = {got} (sum {sum(got)} = sum of the lengths)",
           f"batch_sizes = {got}（总和 {sum(got)} 等于长度之和）"),
    ])


# ---- shapes through pack -> RNN -> pad -------------------------------------------------------


def derive_packed(p: Params) -> Params:
    check_layer(p)
    check_lengths(p["lengths"], False)
    require(p["extra"] >= 0, "extra padding cannot be negative")
    steps = max(p["lengths"]) + p["extra"]
    check_run(p, steps, len(p["lengths"]))
    return {**p, "batch": len(p["lengths"]), "steps": steps,
            "rnn_code": rnn_code(p, batch_first=True), "unpack": unpack_text(p["mode"])
            .replace("output", "out")}


def packed_shapes(p: Params, device: Any) -> Result:
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    p = derive_packed(p)
    rnn = build_from(p, device, batch_first=True)
    x = zeros((p["batch"], p["steps"], p["input_size"]), device)
    packed = pack_padded_sequence(x, torch.tensor(p["lengths"]), batch_first=True,
                                  enforce_sorted=False)
    out, h_n, _ = forward(rnn, packed)
    padded, _lens = pad_packed_sequence(out, batch_first=True)
    values = {"packed.data": packed.data, "out.data": out.data, "padded": padded, "h_n": h_n}
    got = shape_of(values[p["ask"]])
    total, longest = sum(p["lengths"]), max(p["lengths"])
    d, h, batch, layers = dirs_of(rnn), int(rnn.hidden_size), p["batch"], p["num_layers"]
    rule = bi("A PackedSequence keeps only the real time steps: its .data stacks them into "
              "(sum(lengths), features), with no batch dimension and no padding.",
              "PackedSequence 只保留真实的时间步：它的 .data 把这些时间步堆成 "
              "(sum(lengths), 特征数)，没有批维度，也没有填充。")
    ask = p["ask"]
    if ask == "packed.data":
        step = bi(f"sum(lengths) = {total}, input_size = {p['input_size']}: {shape_text(got)}",
                  f"sum(lengths) = {total}，input_size = {p['input_size']}：{shape_text(got)}")
    elif ask == "out.data":
        step = bi(f"The RNN returns a PackedSequence too; each real step has D*hidden_size = "
                  f"{d}*{h} features: ({total}, {d * h}) = {shape_text(got)}",
                  f"RNN 返回的也是 PackedSequence；每个真实时间步有 D*hidden_size = {d}*{h} "
                  f"个特征：({total}, {d * h}) = {shape_text(got)}")
    elif ask == "padded":
        step = bi(f"pad_packed_sequence pads back to the longest length, max(lengths) = "
                  f"{longest}, not to the {p['steps']} steps of x (unless total_length is "
                  f"given): (batch, {longest}, D*hidden_size) = {shape_text(got)}",
                  f"pad_packed_sequence 只填充到最长序列的长度 max(lengths) = {longest}，"
                  f"而不是 x 的 {p['steps']} 个时间步（除非给了 total_length）："
                  f"(batch, {longest}, D*hidden_size) = {shape_text(got)}")
    else:
        step = bi(f"h_n holds each sequence's state at its own last real step; batch_first "
                  f"does not apply to it: (num_layers*D, batch, hidden_size) = "
                  f"({layers}*{d}, {batch}, {h}) = {shape_text(got)}",
                  f"h_n 保存每条序列在它自己最后一个真实时间步的状态；batch_first 对它不起作用："
                  f"(num_layers*D, batch, hidden_size) = ({layers}*{d}, {batch}, {h}) = "
                  f"{shape_text(got)}")
    return got, join([rule, step])
