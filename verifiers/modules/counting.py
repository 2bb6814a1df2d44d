"""Counting what a model holds: MLP parameters, state_dict entries, a layer shared twice."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, count_params, join, require, same, shape_of

from .builders import (
    INDENT,
    block_code,
    build_blocks,
    build_mlp,
    check_sizes,
    fits,
    linear,
    linears,
    mlp_code,
)

# ---- nn.Sequential MLP: parameters ----------------------------------------------------------


def derive_mlp(p: Params) -> Params:
    check_sizes(p["sizes"])
    return {**p, "model_code": mlp_code(p["sizes"], p["bias"])}


def mlp_param_count(p: Params, device: Any) -> Result:
    check_sizes(p["sizes"])
    model = build_mlp(p["sizes"], p["bias"], device)
    lines_en, lines_zh, subtotals = [], [], []
    for layer in linears(model):
        out_f, in_f = shape_of(layer.weight)
        w = int(layer.weight.numel())
        head = f"Linear({in_f}, {out_f}): weight ({out_f}, {in_f}) = {out_f}*{in_f} = {w}"
        if layer.bias is None:
            subtotals.append(w)
            lines_en.append(head)
            lines_zh.append(head.replace("weight", "权重"))
        else:
            b = int(layer.bias.numel())
            subtotals.append(w + b)
            tail = f"{w} + {b} = {w + b}"
            lines_en.append(f"{head}, bias ({b},) = {b}; {tail}")
            lines_zh.append(f"{head.replace('weight', '权重')}，偏置 ({b},) = {b}；{tail}")
    total = count_params(model)
    rule = bi(
        "Each nn.Linear(i, o) owns a weight of shape (o, i)"
        + (" and a bias of o values" if p["bias"] else " and, with bias=False, no bias")
        + "; nn.ReLU owns no parameters.",
        "每个 nn.Linear(i, o) 有一个形状为 (o, i) 的权重"
        + ("，外加 o 个偏置" if p["bias"] else "；bias=False 时没有偏置")
        + "；nn.ReLU 没有参数。")
    sums = " + ".join(str(s) for s in subtotals)
    last = bi(f"total: {sums} = {total}", f"合计：{sums} = {total}")
    return total, join([rule, bi("\n".join(lines_en), "\n".join(lines_zh)), last])


# ---- blocks of Linear / BatchNorm1d / ReLU: state_dict entries -------------------------------


def derive_blocks(p: Params) -> Params:
    require(p["depth"] >= 0 and p["width"] >= 1, "depth must be >= 0 and width >= 1")
    fits(p["depth"] * (p["width"] ** 2 + 5 * p["width"]), "the model")
    return {**p, "model_code": block_code(p["depth"], p["width"], p["bias"], p["bn"])}


def state_dict_entries(p: Params, device: Any) -> Result:
    model = build_blocks(p["depth"], p["width"], p["bias"], p["bn"], device)
    keys = list(model.state_dict())
    total = len(keys)
    rule = bi("state_dict() has one entry per parameter and per persistent buffer, keyed "
              "'<index in the Sequential>.<name>'; nn.ReLU has neither.",
              "state_dict() 对每个参数和每个持久缓冲区各有一项，键名是“<在 Sequential 中的"
              "序号>.<名字>”；nn.ReLU 两者都没有。")
    if p["depth"] == 0:
        return total, join([rule, bi("An empty nn.Sequential has an empty state_dict: 0.",
                                     "空的 nn.Sequential 的 state_dict 为空：0。")])
    per_block = total // p["depth"]
    first = ", ".join(keys[:per_block])
    parts = [rule, bi(f"Block 1 gives {first}: {per_block} entries.",
                      f"第 1 个块给出 {first}：共 {per_block} 项。")]
    if p["bn"]:
        parts.append(bi("BatchNorm1d adds 2 parameters (weight, bias) and 3 buffers "
                        "(running_mean, running_var, num_batches_tracked).",
                        "BatchNorm1d 贡献 2 个参数（weight、bias）和 3 个缓冲区"
                        "（running_mean、running_var、num_batches_tracked）。"))
    parts.append(bi(f"{p['depth']} blocks x {per_block} = {total}",
                    f"{p['depth']} 个块 x {per_block} = {total}"))
    return total, join(parts)


# ---- one nn.Linear placed in the model several times ----------------------------------------

SHARED_ASK = {
    "numel": "sum(p.numel() for p in model.parameters())",
    "tensors": "len(list(model.parameters()))",
    "state_dict": "len(model.state_dict())",
}


def _shared_layers(repeat: int) -> list[str]:
    return [item for _ in range(repeat) for item in ("shared", "nn.ReLU()")]


def derive_shared(p: Params) -> Params:
    require(p["repeat"] >= 1 and p["width"] >= 1, "repeat and width must be at least 1")
    fits(p["width"] ** 2 + 2 * p["width"] + 1, "the model")
    items = [*_shared_layers(p["repeat"]), f"nn.Linear({p['width']}, 1)"]
    body = "".join(f"\n{INDENT}{item}," for item in items)
    code = (f"shared = nn.Linear({p['width']}, {p['width']})\n"
            f"model = nn.Sequential({body}\n)\n{SHARED_ASK[p['ask']]}")
    return {**p, "model_code": code}


def shared_layer_count(p: Params, device: Any) -> Result:
    from torch import nn

    derive_shared(p)
    w = p["width"]
    shared = linear(w, w, device)
    head = linear(w, 1, device)
    modules = [nn.ReLU() if name != "shared" else shared for name in _shared_layers(p["repeat"])]
    model = nn.Sequential(*modules, head)
    tensors = list(model.parameters())
    keys = list(model.state_dict())
    answer = {"numel": count_params(model), "tensors": len(tensors),
              "state_dict": len(keys)}[p["ask"]]
    places = ", ".join(str(i) for i, m in enumerate(model) if m is shared)
    per = int(shared.weight.numel() + shared.bias.numel())
    tail = int(head.weight.numel() + head.bias.numel())
    return answer, join([
        bi(f"The same nn.Linear object sits at indices {places}. parameters() yields each "
           f"Parameter once, skipping ones it has already seen: {len(tensors)} tensors, "
           f"{w}*{w} + {w} = {per} shared values plus the head's {w} + 1 = {tail}: "
           f"{per + tail} values.",
           f"同一个 nn.Linear 对象出现在序号 {places}。parameters() 对每个参数只给出一次，"
           f"已经见过的会跳过：共 {len(tensors)} 个张量，共享层 {w}*{w} + {w} = {per} 个值，"
           f"加上输出层 {w} + 1 = {tail} 个：共 {per + tail} 个。"),
        bi(f"state_dict() has an entry for every place a tensor is reached: "
           f"{', '.join(keys)} ({len(keys)} entries).",
           f"state_dict() 对张量出现的每个位置都记一项：{', '.join(keys)}（共 {len(keys)} 项）。"),
        same(f"{SHARED_ASK[p['ask']]} = {answer}"),
    ])
