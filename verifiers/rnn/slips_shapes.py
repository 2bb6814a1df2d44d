"""Known slips of the shape cards: output, h_n, unbatched input, bidirectional final states,
packed sequences and the Embedding pipeline (pure Python, no torch)."""

from __future__ import annotations

from quizapp.authoring import Params, Slip

from .states import NONE, SLICES

_BLOCKS = {"RNN": 1, "LSTM": 4, "GRU": 3}  # the gate blocks a slip multiplies in by mistake


def _d(p: Params) -> int:
    return 2 if p["bidirectional"] else 1


def output_slips(p: Params) -> list[Slip]:
    seq, n, h, layers, d = p["seq_len"], p["batch"], p["hidden_size"], p["num_layers"], _d(p)

    def laid(width: int, batch_first: bool = p["batch_first"]) -> list[int]:
        return [n, seq, width] if batch_first else [seq, n, width]

    found = []
    if d == 2:
        found.append(Slip("directions-ignored", laid(h),
                          "forgot that bidirectional=True doubles the last dimension",
                          "忘了 bidirectional=True 会让最后一维翻倍"))
        first = laid(h)
        first[0] *= 2
        found.append(Slip("directions-on-first-dim", first,
                          "doubled the first dimension, as h_n does, instead of the last",
                          "像 h_n 那样把第一维翻倍，而 output 应翻倍的是最后一维"))
    if p["batch_first"]:
        found.append(Slip("batch-first-ignored", laid(d * h, False),
                          "kept (seq_len, batch, ...) although batch_first=True",
                          "batch_first=True 却仍按 (seq_len, batch, ...) 排列"))
    else:
        found.append(Slip("batch-first-assumed", laid(d * h, True),
                          "put the batch first although batch_first=False",
                          "batch_first=False 却把批维度放在了最前面"))
    if layers > 1:
        found.append(Slip("layers-stacked", laid(layers * d * h),
                          "thought output concatenates every layer's states",
                          "以为 output 会拼接每一层的状态"))
    if _BLOCKS[p["mode"]] > 1:
        found.append(Slip("gates-in-output", laid(_BLOCKS[p["mode"]] * d * h),
                          "multiplied the output width by the number of gate blocks",
                          "把门的个数也乘进了输出宽度"))
    found.append(Slip("hidden-shape-given", [layers * d, n, h],
                      "gave the shape of h_n, not of output",
                      "给出的是 h_n 的形状，不是 output 的"))
    return found


def hidden_slips(p: Params) -> list[Slip]:
    seq, n, h, layers, d = p["seq_len"], p["batch"], p["hidden_size"], p["num_layers"], _d(p)
    found = []
    if p["batch_first"]:
        found.append(Slip("batch-first-on-h-n", [n, layers * d, h],
                          "applied batch_first to h_n, which it never affects",
                          "把 batch_first 也套用到了 h_n 上，而它对 h_n 从不起作用"))
    if d == 2:
        found += [
            Slip("directions-on-last-dim", [layers, n, d * h],
                 "doubled h_n's last dimension, as output does, instead of its first",
                 "像 output 那样把 h_n 的最后一维翻倍，而应翻倍的是第一维"),
            Slip("directions-ignored", [layers, n, h],
                 "forgot the second direction in h_n", "忘了 h_n 里还有反向方向的状态"),
        ]
    if layers > 1:
        found.append(Slip("layers-ignored", [d, n, h], "forgot that h_n has one state per layer",
                          "忘了 h_n 对每一层都有一个状态"))
    out = [n, seq, d * h] if p["batch_first"] else [seq, n, d * h]
    found.append(Slip("output-shape-given", out, "gave the shape of output, not of h_n",
                      "给出的是 output 的形状，不是 h_n 的"))
    return found


def unbatched_slips(p: Params) -> list[Slip]:
    seq, h, layers, d = p["seq_len"], p["hidden_size"], p["num_layers"], _d(p)
    if p["ask"] == "output":
        right, added, as_batch = [seq, d * h], [seq, 1, d * h], [1, seq, d * h]
    else:
        right, added, as_batch = [layers * d, h], [layers * d, 1, h], [layers * d, seq, h]
    found = [
        Slip("batch-dim-added", added, "added a batch dimension of 1 that torch does not add",
             "凭空加了一个大小为 1 的批维度，torch 并不会加"),
        Slip("read-as-batch", as_batch,
             "read the 2-D input as a batch of one time step, not as one sequence",
             "把二维输入当成了一个时间步的一批数据，而不是一条序列"),
    ]
    if d == 2:
        found.append(Slip("directions-ignored", [right[0], h] if p["ask"] == "output"
                          else [layers, h], "forgot the bidirectional doubling",
                          "忘了双向带来的翻倍"))
    return found


def _slice_of(layer: int, backward: bool, layers: int) -> str:
    """The slice of output that holds this final state (only the top layer is in output)."""
    if layer != layers - 1:
        return NONE
    return SLICES[3] if backward else SLICES[0]


def final_slips(p: Params) -> list[Slip]:
    layers = p["num_layers"]
    layer, direction = divmod(p["index"] % (2 * layers), 2)
    found = []
    if layer == layers - 1:
        found.append(Slip("backward-ends-last", SLICES[1],
                          "looked for the backward direction's final state at the last time "
                          "step", "在最后一个时间步找反向方向的最终状态") if direction else
                     Slip("halves-swapped", SLICES[1],
                          "took the second half of the features for the forward direction",
                          "把特征的后半部分当成了正向方向"))
    row = p["index"] % (2 * layers)
    found += [
        Slip("top-layer-first", _slice_of(layers - 1 - layer, bool(direction), layers),
             "read h_n as if it listed the top layer first", "以为 h_n 先列出最上面一层"),
        Slip("directions-outer", _slice_of(row % layers, row >= layers, layers),
             "read h_n as all forward layers first, then all backward ones",
             "把 h_n 读成先排所有层的正向、再排所有层的反向"),
    ]
    return found


def sizes_slips(p: Params) -> list[Slip]:
    lengths = p["lengths"]
    return [
        Slip("lengths-given", sorted(lengths, reverse=True),
             "gave the sequence lengths instead of the number of sequences at each step",
             "给出的是各序列的长度，而不是每个时间步的序列个数"),
        Slip("padded-batch", [len(lengths)] * max(lengths),
             "counted the whole batch at every step, as if the padding were kept",
             "每个时间步都算了整个批次，好像填充还保留着"),
    ]


def packed_slips(p: Params) -> list[Slip]:
    n, steps, d, h = len(p["lengths"]), max(p["lengths"]) + p["extra"], _d(p), p["hidden_size"]
    total, longest, layers = sum(p["lengths"]), max(p["lengths"]), p["num_layers"]
    width = {"packed.data": p["input_size"], "out.data": d * h}
    if p["ask"] in width:
        w = width[p["ask"]]
        found = [Slip("padding-kept", [n * steps, w], "counted the padded steps as well",
                      "把填充的时间步也算进去了"),
                 Slip("batch-dim-kept", [n, steps, w],
                      "kept the padded (batch, steps, features) layout",
                      "仍按填充后的 (batch, steps, 特征数) 排列")]
        if p["ask"] == "out.data" and d == 2:
            found.append(Slip("directions-ignored", [total, h], "forgot the bidirectional "
                              "doubling", "忘了双向带来的翻倍"))
        return found
    if p["ask"] == "padded":
        found = [Slip("padded-to-input-length", [n, steps, d * h],
                      "padded back to x's length instead of the longest sequence",
                      "填充回 x 的长度，而不是最长序列的长度"),
                 Slip("batch-first-ignored", [longest, n, d * h],
                      "kept (seq_len, batch, ...) although batch_first=True",
                      "batch_first=True 却仍按 (seq_len, batch, ...) 排列")]
        if d == 2:
            found.append(Slip("directions-ignored", [n, longest, h],
                              "forgot the bidirectional doubling", "忘了双向带来的翻倍"))
        return found
    found = [Slip("batch-first-on-h-n", [n, layers * d, h],
                  "applied batch_first to h_n, which it never affects",
                  "把 batch_first 也套用到了 h_n 上，而它对 h_n 从不起作用")]
    if d == 2:
        found.append(Slip("directions-on-last-dim", [layers, n, d * h],
                          "doubled h_n's last dimension instead of its first",
                          "把 h_n 的最后一维翻倍，而应翻倍的是第一维"))
    return found


def pipeline_slips(p: Params) -> list[Slip]:
    n, seq, h, d = p["batch"], p["seq_len"], p["hidden_size"], _d(p)
    layers, ask = p["num_layers"], p["ask"]
    if ask == "embedded":
        return [Slip("vocab-in-shape", [n, seq, p["vocab"]],
                     "gave each token a vocabulary-sized vector, as a one-hot would be",
                     "以为每个词元变成词表大小的向量，像独热编码那样")]
    if ask == "output":
        found = [Slip("batch-first-ignored", [seq, n, d * h],
                      "kept (seq_len, batch, ...) although batch_first=True",
                      "batch_first=True 却仍按 (seq_len, batch, ...) 排列")]
        if d == 2:
            found.append(Slip("directions-ignored", [n, seq, h], "forgot the bidirectional "
                              "doubling", "忘了双向带来的翻倍"))
        return found
    if ask == "h_n":
        found = [Slip("batch-first-on-h-n", [n, layers * d, h],
                      "applied batch_first to h_n, which it never affects",
                      "把 batch_first 也套用到了 h_n 上，而它对 h_n 从不起作用")]
        if layers > 1:
            found.append(Slip("layers-ignored", [d, n, h], "forgot that h_n has one state per "
                              "layer", "忘了 h_n 对每一层都有一个状态"))
        return found
    return [Slip("time-kept", [n, seq, p["classes"]],
                 "kept the time dimension although output[:, -1] takes one step",
                 "output[:, -1] 只取一个时间步，却仍保留了时间维度")]
