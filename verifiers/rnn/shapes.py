"""What a recurrent layer returns: the shapes of output and h_n for batched input (with
num_layers, bidirectional, batch_first) and for an unbatched 2-D sequence."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Explain, Params, Result, bi, join, same, shape_of, zeros

from .builders import (
    build_from,
    check_layer,
    check_run,
    dirs_of,
    forward,
    rnn_code,
    shape_text,
    unpack_text,
)


def x_shape(p: Params) -> tuple[int, ...]:
    seq, batch, size = p["seq_len"], p["batch"], p["input_size"]
    return (batch, seq, size) if p["batch_first"] else (seq, batch, size)


def derive_rnn(p: Params) -> Params:
    """The constructor, the input's shape and the unpacking line the question shows."""
    check_layer(p)
    check_run(p, p["seq_len"], p["batch"])
    return {**p, "rnn_code": rnn_code(p), "x_text": shape_text(x_shape(p)),
            "unpack": unpack_text(p["mode"])}


def _run(p: Params, device: Any) -> tuple[Any, Any, Any]:
    p = derive_rnn(p)
    rnn = build_from(p, device)
    out, h_n, c_n = forward(rnn, zeros(x_shape(p), device))
    return rnn, out, (h_n, c_n)


def direction_text(d: int) -> Explain:
    if d == 2:
        return bi("D = 2 (bidirectional=True: a forward and a backward pass)",
                  "D = 2（bidirectional=True：正向、反向各算一遍）")
    return bi("D = 1 (one direction)", "D = 1（单向）")


def output_shape(p: Params, device: Any) -> Result:
    rnn, out, _ = _run(p, device)
    got, d, h = shape_of(out), dirs_of(rnn), int(rnn.hidden_size)
    seq, batch, layers = p["seq_len"], p["batch"], p["num_layers"]
    layout = "(batch, seq_len, D*hidden_size)" if p["batch_first"] else \
        "(seq_len, batch, D*hidden_size)"
    nums = f"({batch}, {seq}, {d}*{h})" if p["batch_first"] else f"({seq}, {batch}, {d}*{h})"
    parts = [
        bi("output holds the top layer's hidden state at every time step: (seq_len, batch, "
           "D*hidden_size), or (batch, seq_len, D*hidden_size) with batch_first=True; with "
           "bidirectional=True the forward and backward states are concatenated on the last "
           "dimension.",
           "output 是最后一层在每个时间步的隐藏状态：形状为 (seq_len, batch, D*hidden_size)，"
           "batch_first=True 时为 (batch, seq_len, D*hidden_size)；bidirectional=True 时，"
           "正向和反向的状态在最后一维上拼接。"),
        direction_text(d),
        bi(f"batch_first={p['batch_first']}: {layout} = {nums} = {shape_text(got)}",
           f"batch_first={p['batch_first']}：{layout} = {nums} = {shape_text(got)}"),
    ]
    if layers > 1:
        parts.append(bi(f"num_layers={layers} does not appear in output: only the top layer's "
                        f"states come out; every layer's final state is in h_n.",
                        f"num_layers={layers} 不出现在 output 里：只输出最上面一层的状态；"
                        f"每一层的最终状态都在 h_n 里。"))
    if p["mode"] != "RNN":
        parts.append(bi(f"The gate blocks of nn.{p['mode']} live inside its weights; each "
                        f"state is still hidden_size = {h} wide.",
                        f"nn.{p['mode']} 的各个门只体现在权重里；每个状态仍是 "
                        f"hidden_size = {h} 维。"))
    return got, join(parts)


def hidden_shape(p: Params, device: Any) -> Result:
    rnn, _, (h_n, c_n) = _run(p, device)
    got, d, h = shape_of(h_n), dirs_of(rnn), int(rnn.hidden_size)
    layers, batch = p["num_layers"], p["batch"]
    parts = [
        bi("h_n holds the final hidden state of every layer and direction: "
           "(num_layers*D, batch, hidden_size).",
           "h_n 保存每一层、每个方向的最终隐藏状态：形状为 (num_layers*D, batch, hidden_size)。"),
        direction_text(d),
        same(f"({layers}*{d}, {batch}, {h}) = {shape_text(got)}"),
    ]
    if p["batch_first"]:
        parts.append(bi("batch_first=True changes the input and output only: h_n (and h_0) keep "
                        "the batch in dimension 1.",
                        "batch_first=True 只改变输入和 output 的布局：h_n（以及 h_0）的批维度"
                        "仍在第 1 维。"))
    if d == 2:
        parts.append(bi("The directions double h_n's first dimension (one state per layer and "
                        "direction); output doubles its last one instead.",
                        "双向使 h_n 的第一维翻倍（每层每个方向一个状态）；"
                        "output 则是最后一维翻倍。"))
    if c_n is not None:
        parts.append(bi(f"nn.LSTM's c_n has the same shape {shape_text(shape_of(c_n))}.",
                        f"nn.LSTM 的 c_n 形状相同，也是 {shape_text(shape_of(c_n))}。"))
    return got, join(parts)


# ---- an unbatched sequence: a 2-D input (seq_len, input_size) ------------------------------


def derive_unbatched(p: Params) -> Params:
    check_layer(p)
    check_run(p, p["seq_len"], 1)
    return {**p, "rnn_code": rnn_code(p), "x_text": shape_text((p["seq_len"], p["input_size"])),
            "unpack": unpack_text(p["mode"])}


def unbatched_shape(p: Params, device: Any) -> Result:
    p = derive_unbatched(p)
    rnn = build_from(p, device)
    out, h_n, _ = forward(rnn, zeros((p["seq_len"], p["input_size"]), device))
    got = shape_of(out if p["ask"] == "output" else h_n)
    d, h, layers, seq = dirs_of(rnn), int(rnn.hidden_size), p["num_layers"], p["seq_len"]
    if p["ask"] == "output":
        step = f"(seq_len, D*hidden_size) = ({seq}, {d}*{h}) = {shape_text(got)}"
    else:
        step = f"(num_layers*D, hidden_size) = ({layers}*{d}, {h}) = {shape_text(got)}"
    parts = [
        bi("A 2-D input is one unbatched sequence (seq_len, input_size), not a batch: torch "
           "drops the batch dimension from output and h_n alike.",
           "二维输入是一条不带批维度的序列 (seq_len, input_size)，而不是一个批次：torch "
           "在 output 和 h_n 中都去掉批维度。"),
        direction_text(d),
        same(step),
    ]
    if p["batch_first"]:
        parts.append(bi("batch_first=True has no effect here: there is no batch dimension to "
                        "move.", "这里 batch_first=True 不起作用：根本没有批维度可以移动。"))
    return got, join(parts)
