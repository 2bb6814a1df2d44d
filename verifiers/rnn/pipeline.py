"""Models built around a recurrent layer: token ids through nn.Embedding, an RNN and a
Linear head; and the notes' hand-written character RNN with its U, W and V layers."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, redraw, require, shape_of, zeros

from .builders import (
    build,
    check_layer,
    check_run,
    dirs_of,
    fits,
    forward,
    rnn_code,
    shape_text,
    unpack_text,
)

# ---- nn.Embedding -> RNN -> Linear ----------------------------------------------------------


def _rnn_params(p: Params) -> Params:
    return {**p, "input_size": p["emb_dim"]}


def derive_pipeline(p: Params) -> Params:
    q = _rnn_params(p)
    check_layer(q)
    check_run(q, p["seq_len"], p["batch"])
    require(p["vocab"] >= 1 and p["classes"] >= 1, "vocab and classes must be at least 1")
    fits(p["vocab"] * p["emb_dim"], "the embedding table")
    fits(p["batch"] * p["seq_len"] * p["emb_dim"], "the embedded batch")
    fc_in = p["hidden_size"] * (2 if p["bidirectional"] else 1)
    fits(fc_in * p["classes"], "the Linear head")
    return {**p, "rnn_code": rnn_code(q, input_size=p["emb_dim"], batch_first=True),
            "unpack": unpack_text(p["mode"]), "fc_in": fc_in}


def embedding_pipeline(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    p = derive_pipeline(p)
    emb = nn.Embedding(p["vocab"], p["emb_dim"], device=device, dtype=torch.float64)
    rnn = build(p["mode"], p["emb_dim"], p["hidden_size"], device, num_layers=p["num_layers"],
                batch_first=True, bidirectional=p["bidirectional"])
    fc = nn.Linear(p["fc_in"], p["classes"], device=device, dtype=torch.float64)
    tokens = torch.zeros((p["batch"], p["seq_len"]), dtype=torch.long, device=device)
    embedded = emb(tokens)
    output, h_n, _ = forward(rnn, embedded)
    logits = fc(output[:, -1])
    values = {"embedded": embedded, "output": output, "h_n": h_n, "logits": logits}
    got = shape_of(values[p["ask"]])
    n, seq, e, h = p["batch"], p["seq_len"], p["emb_dim"], int(rnn.hidden_size)
    d, layers = dirs_of(rnn), p["num_layers"]
    steps = [
        bi(f"tokens ({n}, {seq}) of ids -> nn.Embedding replaces each id by its row of "
           f"embedding_dim = {e} numbers: embedded {shape_text(shape_of(embedded))}",
           f"tokens ({n}, {seq}) 是索引 -> nn.Embedding 把每个索引换成它那一行 "
           f"embedding_dim = {e} 个数：embedded {shape_text(shape_of(embedded))}"),
        bi(f"batch_first=True: output (batch, seq_len, D*hidden_size) = ({n}, {seq}, {d}*{h}) "
           f"= {shape_text(shape_of(output))}",
           f"batch_first=True：output (batch, seq_len, D*hidden_size) = ({n}, {seq}, {d}*{h}) "
           f"= {shape_text(shape_of(output))}"),
        bi(f"h_n (num_layers*D, batch, hidden_size) = ({layers}*{d}, {n}, {h}) = "
           f"{shape_text(shape_of(h_n))}: batch_first does not apply to it",
           f"h_n (num_layers*D, batch, hidden_size) = ({layers}*{d}, {n}, {h}) = "
           f"{shape_text(shape_of(h_n))}：batch_first 对它不起作用"),
        bi(f"output[:, -1] is the last time step, ({n}, {d * h}); fc maps {d * h} -> "
           f"{p['classes']}: logits {shape_text(shape_of(logits))}",
           f"output[:, -1] 取最后一个时间步，形状 ({n}, {d * h})；fc 把 {d * h} 映射到 "
           f"{p['classes']}：logits {shape_text(shape_of(logits))}"),
    ]
    return got, join([*steps, bi(f"{p['ask']}.shape = {shape_text(got)}",
                                 f"{p['ask']}.shape = {shape_text(got)}")])


# ---- the notes' character RNN: U, W and V ---------------------------------------------------


def sample_notes_rnn(p: Params, rng: random.Random) -> Params:
    # An input size equal to the output size would hide the notes' mistake.
    return redraw(p, "output_size", rng, lambda r: r.randint(2, 20),
                  lambda q: q["output_size"] != q["input_size"])


def derive_notes_rnn(p: Params) -> Params:
    sizes = (p["input_size"], p["hidden_size"], p["output_size"])
    require(all(s >= 1 for s in sizes), "every size must be at least 1")
    fits(max(sizes) * p["hidden_size"], "a weight")
    return p


NOTES = bi("The notes say V has shape (57, 128) for a (1, 57) input x_t, a (1, 128) state s_t "
           "and a (1, 18) output o_t: they put the input size where the output size goes. V "
           "maps the state to the output, so V = nn.Linear(128, 18) and V.weight is (18, 128); "
           "the notes' U (128, 57) and W (128, 128) are right.",
           "笔记说：输入 x_t 为 (1, 57)、状态 s_t 为 (1, 128)、输出 o_t 为 (1, 18) 时，V 的形状是 "
           "(57, 128)，把输入维度放到了输出维度的位置。V 把状态映射到输出，所以 "
           "V = nn.Linear(128, 18)，V.weight 的形状是 (18, 128)；笔记里 U (128, 57) 和 "
           "W (128, 128) 是对的。")


def output_layer_weight(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    p = derive_notes_rnn(p)
    i, h, o = p["input_size"], p["hidden_size"], p["output_size"]
    layers = {name: nn.Linear(a, b, device=device, dtype=torch.float64)
              for name, (a, b) in {"U": (i, h), "W": (h, h), "V": (h, o)}.items()}
    x_t, s = zeros((1, i), device), zeros((1, h), device)
    s = torch.tanh(layers["U"](x_t) + layers["W"](s))
    o_t = layers["V"](s)
    got = shape_of(layers[p["ask"]].weight)
    a, b = {"U": (i, h), "W": (h, h), "V": (h, o)}[p["ask"]]
    parts = [
        bi(f"x_t {shape_text(shape_of(x_t))} -> s_t = tanh(U(x_t) + W(s)) "
           f"{shape_text(shape_of(s))} -> o_t = V(s_t) {shape_text(shape_of(o_t))}.",
           f"x_t {shape_text(shape_of(x_t))} -> s_t = tanh(U(x_t) + W(s)) "
           f"{shape_text(shape_of(s))} -> o_t = V(s_t) {shape_text(shape_of(o_t))}。"),
        bi(f"{p['ask']} = nn.Linear({a}, {b}) stores its weight as (out_features, in_features) "
           f"= {shape_text(got)}, because it computes x @ weight.T + bias.",
           f"{p['ask']} = nn.Linear({a}, {b}) 把权重存成 (out_features, in_features) "
           f"= {shape_text(got)}，因为它计算的是 x @ weight.T + bias。"),
    ]
    if p["ask"] == "V":
        parts.append(NOTES)
    return got, join(parts)
