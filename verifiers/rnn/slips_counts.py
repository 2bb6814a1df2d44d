"""Known slips of the counting cards: parameter counts, weight shapes, parameter names, the
LSTM projection and the notes' output layer (pure Python, no torch)."""

from __future__ import annotations

from quizapp.authoring import Params, Slip

_BLOCKS = {"RNN": 1, "LSTM": 4, "GRU": 3}  # what a slip redoes the count with


def _d(p: Params) -> int:
    return 2 if p["bidirectional"] else 1


def _count(p: Params, blocks: int | None = None, biases: int | None = None,
           deep_in: int | None = None, dirs: int | None = None, layers: int | None = None) -> int:
    """The documented count, with one piece swapped for the mistaken one."""
    g = _BLOCKS[p["mode"]] if blocks is None else blocks
    h, d = p["hidden_size"], _d(p) if dirs is None else dirs
    nb = (2 if p["bias"] else 0) if biases is None else biases
    deeper = d * h if deep_in is None else deep_in
    total = 0
    for layer in range(p["num_layers"] if layers is None else layers):
        size_in = p["input_size"] if layer == 0 else deeper
        total += d * (g * h * (size_in + h) + nb * g * h)
    return total


def count_slips(p: Params) -> list[Slip]:
    found = []
    mode, layers, d = p["mode"], p["num_layers"], _d(p)
    if mode == "LSTM":
        found.append(Slip("lstm-three-gates", _count(p, blocks=3),
                          "counted 3 gate blocks for LSTM, forgetting the cell candidate g",
                          "LSTM 只算了 3 个门块，漏了候选细胞状态 g"))
    if mode == "GRU":
        found.append(Slip("gru-two-gates", _count(p, blocks=2),
                          "counted 2 gate blocks for GRU, forgetting the new state n",
                          "GRU 只算了 2 个门块，漏了候选状态 n"))
    if mode != "RNN":
        found.append(Slip("gates-forgotten", _count(p, blocks=1),
                          "counted one block, as for nn.RNN, instead of one per gate",
                          "像 nn.RNN 那样只算了一块，没有按门的个数翻倍"))
    if p["bias"]:
        found.append(Slip("one-bias", _count(p, biases=1),
                          "counted one bias vector per layer instead of two (bias_ih and bias_hh)",
                          "每层只算了一个偏置向量，实际有 bias_ih 和 bias_hh 两个"))
    else:
        found.append(Slip("bias-counted", _count(p, biases=2),
                          "counted biases although bias=False", "bias=False 却仍把偏置算了进去"))
    if layers > 1 and d == 2:
        found.append(Slip("deep-input-hidden", _count(p, deep_in=p["hidden_size"]),
                          "gave deeper layers hidden_size inputs instead of hidden_size*2",
                          "更深的层的输入按 hidden_size 算，而不是 hidden_size*2"))
    if layers > 1:
        found.append(Slip("deep-input-size", _count(p, deep_in=p["input_size"]),
                          "gave every layer input_size inputs", "每一层的输入都按 input_size 算了"))
        found.append(Slip("layers-ignored", _count(p, layers=1), "counted only the first layer",
                          "只算了第一层"))
    if d == 2:
        found.append(Slip("directions-ignored", _count(p, dirs=1),
                          "counted one direction only", "只算了一个方向"))
    return found


def weight_slips(p: Params) -> list[Slip]:
    g, h, d = _BLOCKS[p["mode"]], p["hidden_size"], _d(p)
    attr, layer = p["attr"], p["layer"]
    width = {"weight_hh": h, "weight_ih": p["input_size"] if layer == 0 else d * h}.get(attr)
    found = []
    if p["mode"] == "LSTM":
        found.append(Slip("lstm-three-gates", [3 * h] + ([width] if width else []),
                          "counted 3 gate blocks for LSTM, forgetting the cell candidate g",
                          "LSTM 只算了 3 个门块，漏了候选细胞状态 g"))
    if p["mode"] == "GRU":
        found.append(Slip("gru-two-gates", [2 * h] + ([width] if width else []),
                          "counted 2 gate blocks for GRU, forgetting the new state n",
                          "GRU 只算了 2 个门块，漏了候选状态 n"))
    if g > 1:
        found.append(Slip("gates-forgotten", [h] + ([width] if width else []),
                          "gave it hidden_size rows instead of one block per gate",
                          "只给了 hidden_size 行，没有按门的个数堆叠"))
    if width is not None:
        found.append(Slip("transposed", [width, g * h], "swapped the two dimensions",
                          "把两个维度写反了"))
    if attr == "weight_ih" and layer > 0:
        if d == 2:
            found.append(Slip("deep-input-hidden", [g * h, h],
                              "gave a deeper layer hidden_size inputs instead of hidden_size*2",
                              "更深的层的输入按 hidden_size 算，而不是 hidden_size*2"))
        found.append(Slip("deep-input-size", [g * h, p["input_size"]],
                          "gave a deeper layer input_size inputs",
                          "更深的层的输入也按 input_size 算了"))
    return found


GROUP = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")  # torch's order, per the docs
PAIRED = ("weight_ih", "bias_ih", "weight_hh", "bias_hh")  # the slip's order


def _names(p: Params, directions_outer: bool = False, bias: bool | None = None,
           order: tuple[str, ...] = GROUP) -> list[str]:
    has_bias = p["bias"] if bias is None else bias
    group = [name for name in order if has_bias or name.startswith("weight")]
    suffixes = ["", "_reverse"] if p["bidirectional"] else [""]
    pairs = ([(s, layer) for s in suffixes for layer in range(p["num_layers"])]
             if directions_outer else
             [(s, layer) for layer in range(p["num_layers"]) for s in suffixes])
    return [f"{g}_l{layer}{s}" for s, layer in pairs for g in group]


def name_slips(p: Params) -> list[Slip]:
    i, found = p["index"], []
    outer = _names(p, directions_outer=True)
    found.append(Slip("directions-outer", outer[i],
                      "listed all forward layers first, then all _reverse ones",
                      "先列出所有层的正向参数，再列出所有 _reverse 参数"))
    if p["bias"]:
        found.append(Slip("paired-by-input", _names(p, order=PAIRED)[i],
                          "paired each weight with its bias (weight_ih, bias_ih, weight_hh, ...)",
                          "把每个权重和它的偏置放在一起（weight_ih、bias_ih、weight_hh……）"))
    else:
        found.append(Slip("bias-counted", _names(p, bias=True)[i],
                          "listed biases although bias=False", "bias=False 却仍列出了偏置"))
    return found


def proj_slips(p: Params) -> list[Slip]:
    h, r, d, ask = p["hidden_size"], p["proj_size"], _d(p), p["ask"]
    seq, n, layers = p["seq_len"], p["batch"], p["num_layers"]
    if ask == "output":
        return [Slip("proj-ignored", [seq, n, d * h], "ignored proj_size", "忽略了 proj_size"),
                Slip("directions-ignored", [seq, n, r], "forgot the bidirectional doubling",
                     "忘了双向带来的翻倍")]
    if ask == "h_n":
        return [Slip("proj-ignored", [layers * d, n, h], "ignored proj_size", "忽略了 proj_size")]
    if ask == "c_n":
        return [Slip("proj-on-c-n", [layers * d, n, r],
                     "projected the cell state too; only h is projected",
                     "把细胞状态也投影了；实际上只有 h 被投影")]
    if ask == "weight_hh_l0":
        return [Slip("proj-ignored", [4 * h, h], "ignored proj_size", "忽略了 proj_size"),
                Slip("gates-forgotten", [h, r], "gave it hidden_size rows instead of 4 blocks",
                     "只给了 hidden_size 行，没有按 4 个门堆叠"),
                Slip("proj-shrinks-gates", [4 * r, r],
                     "shrank the gate rows to proj_size as well",
                     "把门的行数也缩成了 proj_size")]
    if ask == "weight_hr_l0":
        return [Slip("transposed", [h, r], "swapped the two dimensions", "把两个维度写反了")]
    return [Slip("deep-input-unprojected", [4 * h, d * h],
                 "fed layer 1 the unprojected hidden_size*D outputs",
                 "以为第 1 层的输入是未投影的 hidden_size*D")]


def notes_slips(p: Params) -> list[Slip]:
    i, h, o = p["input_size"], p["hidden_size"], p["output_size"]
    if p["ask"] == "V":
        return [Slip("notes-v-shape", [i, h],
                     "wrote V as (input_size, hidden_size), as the notes do",
                     "像笔记那样把 V 写成 (input_size, hidden_size)"),
                Slip("transposed", [h, o], "swapped the two dimensions", "把两个维度写反了")]
    if p["ask"] == "U":
        return [Slip("transposed", [i, h], "swapped the two dimensions", "把两个维度写反了")]
    return [Slip("input-width", [h, i], "gave W the input's width; W maps state to state",
                 "给 W 用了输入的宽度；W 是从状态映射到状态")]
