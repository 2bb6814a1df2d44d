"""What a recurrent layer holds: its parameter count, the shape of one weight or bias, and
the order of named_parameters()."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import (
    Explain,
    Params,
    Result,
    bi,
    count_params,
    join,
    require,
    shape_of,
)

from .builders import blocks_of, build_from, check_layer, dirs_of, rnn_code, shape_text

GATES = {
    "RNN": bi("has a single block, h' = tanh(W_ih x + b_ih + W_hh h + b_hh)",
              "只有一块，h' = tanh(W_ih x + b_ih + W_hh h + b_hh)"),
    "LSTM": bi("stacks 4 gate blocks, in the order input gate i, forget gate f, cell "
               "candidate g, output gate o",
               "按行堆叠 4 个门块，依次是输入门 i、遗忘门 f、候选细胞状态 g、输出门 o"),
    "GRU": bi("stacks 3 gate blocks, in the order reset gate r, update gate z, new state n",
              "按行堆叠 3 个门块，依次是重置门 r、更新门 z、候选状态 n"),
}


def blocks_text(mode: str, blocks: int, hidden: int) -> Explain:
    """'nn.LSTM stacks 4 blocks ...: 4*hidden_size = 4*20 = 80 rows' in both languages."""
    g = GATES[mode]
    return bi(f"nn.{mode} {g['en']}; each weight_ih / weight_hh / bias has "
              f"{blocks}*hidden_size = {blocks}*{hidden} = {blocks * hidden} rows.",
              f"nn.{mode} {g['zh']}；每个 weight_ih / weight_hh / 偏置都有 "
              f"{blocks}*hidden_size = {blocks}*{hidden} = {blocks * hidden} 行。")


def _suffix(name: str) -> str:
    return name[name.index("_l") + 1:]  # 'weight_ih_l1_reverse' -> 'l1_reverse'


# ---- the parameter count --------------------------------------------------------------------


def derive_count(p: Params) -> Params:
    check_layer(p)
    return {**p, "rnn_code": rnn_code(p)}


def param_count(p: Params, device: Any) -> Result:
    p = derive_count(p)
    rnn = build_from(p, device)
    total, g, h = count_params(rnn), blocks_of(rnn), int(rnn.hidden_size)
    groups: dict[str, list[tuple[str, Any]]] = {}
    for name, t in rnn.named_parameters():
        groups.setdefault(_suffix(name), []).append((name, t))
    lines, sums = [], []
    for suffix, items in groups.items():
        sizes = [int(t.numel()) for _, t in items]
        pieces = ", ".join(f"{name.split('_l')[0]} {shape_text(shape_of(t))}"
                           for name, t in items)
        lines.append(f"{suffix}: {pieces} -> {' + '.join(map(str, sizes))} = {sum(sizes)}")
        sums.append(sum(sizes))
    first_in = shape_of(rnn.weight_ih_l0)[1]
    parts = [
        blocks_text(p["mode"], g, h),
        bi(f"Per layer and direction: weight_ih ({g}*{h}, in), weight_hh ({g}*{h}, {h})"
           + (f" and two bias vectors bias_ih, bias_hh of {g}*{h} each." if p["bias"]
              else "; bias=False drops both bias vectors."),
           f"每层每个方向：weight_ih ({g}*{h}, in)、weight_hh ({g}*{h}, {h})"
           + (f"，以及两个偏置向量 bias_ih、bias_hh，各 {g}*{h} 个。" if p["bias"]
              else "；bias=False 时两个偏置向量都没有。")),
        bi(f"in = input_size = {first_in} for layer 0"
           + (f", hidden_size*D = {h}*{dirs_of(rnn)} = {h * dirs_of(rnn)} for deeper layers"
              if p["num_layers"] > 1 else "") + ".",
           f"第 0 层的 in = input_size = {first_in}"
           + (f"，更深的层 in = hidden_size*D = {h}*{dirs_of(rnn)} = {h * dirs_of(rnn)}"
              if p["num_layers"] > 1 else "") + "。"),
        bi("\n".join(lines), "\n".join(lines)),
        bi(f"total: {' + '.join(map(str, sums))} = {total}",
           f"合计：{' + '.join(map(str, sums))} = {total}"),
    ]
    return total, join(parts)


# ---- the shape of one weight or bias --------------------------------------------------------


def sample_weight(p: Params, rng: random.Random) -> Params:
    return {**p, "layer": p["layer"] % p["num_layers"],
            "reverse": p["reverse"] and p["bidirectional"]}


def derive_weight(p: Params) -> Params:
    check_layer(p)
    require(0 <= p["layer"] < p["num_layers"],
            f"layer {p['layer']} does not exist: num_layers={p['num_layers']} has layers "
            f"0 to {p['num_layers'] - 1}")
    require(not p["reverse"] or p["bidirectional"],
            "only a bidirectional layer has _reverse weights")
    name = f"{p['attr']}_l{p['layer']}" + ("_reverse" if p["reverse"] else "")
    return {**p, "rnn_code": rnn_code(p), "name": name}


def weight_shape(p: Params, device: Any) -> Result:
    p = derive_weight(p)
    rnn = build_from(p, device)
    got = shape_of(getattr(rnn, p["name"]))
    g, h, d = blocks_of(rnn), int(rnn.hidden_size), dirs_of(rnn)
    parts = [blocks_text(p["mode"], g, h)]
    if p["attr"].startswith("bias"):
        parts.append(bi(f"{p['name']} has one value per row: ({g}*{h},) = {shape_text(got)}.",
                        f"{p['name']} 每行一个值：({g}*{h},) = {shape_text(got)}。"))
    elif p["attr"] == "weight_hh":
        parts.append(bi(f"weight_hh multiplies the previous hidden state (hidden_size = {h}): "
                        f"({g}*{h}, {h}) = {shape_text(got)}.",
                        f"weight_hh 乘的是上一时刻的隐藏状态（hidden_size = {h}）："
                        f"({g}*{h}, {h}) = {shape_text(got)}。"))
    elif p["layer"] == 0:
        parts.append(bi(f"weight_ih of layer 0 multiplies the input x_t (input_size = "
                        f"{p['input_size']}): ({g}*{h}, {p['input_size']}) = {shape_text(got)}.",
                        f"第 0 层的 weight_ih 乘的是输入 x_t（input_size = {p['input_size']}）："
                        f"({g}*{h}, {p['input_size']}) = {shape_text(got)}。"))
    else:
        parts.append(bi(f"weight_ih of layer {p['layer']} multiplies the output of layer "
                        f"{p['layer'] - 1}, hidden_size*D = {h}*{d} wide: ({g}*{h}, {h * d}) = "
                        f"{shape_text(got)}.",
                        f"第 {p['layer']} 层的 weight_ih 乘的是第 {p['layer'] - 1} 层的输出，"
                        f"宽度为 hidden_size*D = {h}*{d}：({g}*{h}, {h * d}) = "
                        f"{shape_text(got)}。"))
    if p["reverse"]:
        parts.append(bi("The _reverse copy belongs to the backward direction and has the same "
                        "shape as the forward one.",
                        "带 _reverse 后缀的是反向方向的参数，形状与正向的相同。"))
    return got, join(parts)


# ---- the order of named_parameters() --------------------------------------------------------


def sample_name(p: Params, rng: random.Random) -> Params:
    per = 4 if p["bias"] else 2
    count = p["num_layers"] * (2 if p["bidirectional"] else 1) * per
    return {**p, "index": rng.randrange(count)}


def derive_name(p: Params) -> Params:
    check_layer(p)
    per = 4 if p["bias"] else 2
    count = p["num_layers"] * (2 if p["bidirectional"] else 1) * per
    require(0 <= p["index"] < count,
            f"index {p['index']} is out of range: the layer has {count} parameter tensors")
    return {**p, "rnn_code": rnn_code(p)}


def param_name(p: Params, device: Any) -> Result:
    p = derive_name(p)
    rnn = build_from(p, device)
    names = [name for name, _ in rnn.named_parameters()]
    got = names[p["index"]]
    per = len(names) // (p["num_layers"] * dirs_of(rnn))
    order = ", ".join(names[:per])
    parts = [
        bi(f"named_parameters() walks layer by layer, and within a layer the forward direction "
           f"before its _reverse copy; each group lists {order}.",
           f"named_parameters() 逐层列出，每层内先正向、后反向（_reverse）；每组的顺序是 "
           f"{order}。"),
        bi(f"{len(names)} tensors in all: " + ", ".join(
            f"[{i}] {n}" for i, n in enumerate(names)),
           f"一共 {len(names)} 个张量：" + ", ".join(f"[{i}] {n}" for i, n in enumerate(names))),
        bi(f"names[{p['index']}] = {got}", f"names[{p['index']}] = {got}"),
    ]
    return got, join(parts)
