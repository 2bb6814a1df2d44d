"""nn.LSTM with proj_size: which shapes the projection shrinks (output, h_n, weight_hh, the
next layer's weight_ih) and which it leaves alone (c_n, the gate rows)."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, require, shape_of, zeros

from .builders import build_from, check_layer, check_run, dirs_of, forward, rnn_code, shape_text

WEIGHTS = ("weight_hh_l0", "weight_hr_l0", "weight_ih_l1")


def sample_proj(p: Params, rng: random.Random) -> Params:
    h = max(p["hidden_size"], 2)
    layers = max(p["num_layers"], 2) if p["ask"] == "weight_ih_l1" else p["num_layers"]
    return {**p, "hidden_size": h, "proj_size": 1 + p["proj_size"] % (h - 1),
            "num_layers": layers}


def derive_proj(p: Params) -> Params:
    q = {**p, "mode": "LSTM"}
    check_layer(q, proj=p["proj_size"])
    check_run(q, p["seq_len"], p["batch"], proj=p["proj_size"])
    require(p["proj_size"] >= 1, "proj_size must be at least 1 (0 means no projection)")
    require(p["proj_size"] < p["hidden_size"],
            f"torch requires proj_size < hidden_size, got {p['proj_size']} >= {p['hidden_size']}")
    require(p["ask"] != "weight_ih_l1" or p["num_layers"] >= 2,
            "weight_ih_l1 exists only with num_layers >= 2")
    ask_code = f"rnn.{p['ask']}.shape" if p["ask"] in WEIGHTS else f"{p['ask']}.shape"
    return {**p, "rnn_code": rnn_code(q, proj_size=p["proj_size"]), "ask_code": ask_code}


def proj_shape(p: Params, device: Any) -> Result:
    p = derive_proj(p)
    rnn = build_from({**p, "mode": "LSTM"}, device, proj_size=p["proj_size"])
    out, h_n, c_n = forward(rnn, zeros((p["seq_len"], p["batch"], p["input_size"]), device))
    tensors = {"output": out, "h_n": h_n, "c_n": c_n}
    ask = p["ask"]
    got = shape_of(tensors[ask] if ask in tensors else getattr(rnn, ask))
    h, r, d, layers = int(rnn.hidden_size), int(rnn.proj_size), dirs_of(rnn), p["num_layers"]
    parts = [bi(f"With proj_size = {r}, each step computes the cell state c_t (hidden_size = "
                f"{h}) as usual, then h_t = weight_hr @ (o_t * tanh(c_t)) projects the hidden "
                f"state down to proj_size = {r}.",
                f"设置 proj_size = {r} 后，每个时间步照常计算细胞状态 c_t（hidden_size = {h}），"
                f"再用 h_t = weight_hr @ (o_t * tanh(c_t)) 把隐藏状态投影到 proj_size = {r} 维。")]
    if ask == "output":
        step = f"(seq_len, batch, D*proj_size) = ({p['seq_len']}, {p['batch']}, {d}*{r})"
        parts.append(bi(f"output stacks the projected h_t: {step} = {shape_text(got)}.",
                        f"output 由投影后的 h_t 组成：{step} = {shape_text(got)}。"))
    elif ask == "h_n":
        step = f"(num_layers*D, batch, proj_size) = ({layers}*{d}, {p['batch']}, {r})"
        parts.append(bi(f"h_n is projected too: {step} = {shape_text(got)}.",
                        f"h_n 同样是投影后的：{step} = {shape_text(got)}。"))
    elif ask == "c_n":
        step = f"(num_layers*D, batch, hidden_size) = ({layers}*{d}, {p['batch']}, {h})"
        parts.append(bi(f"The cell state is never projected, so c_n keeps hidden_size: {step} "
                        f"= {shape_text(got)}.",
                        f"细胞状态从不投影，所以 c_n 保持 hidden_size：{step} = "
                        f"{shape_text(got)}。"))
    elif ask == "weight_hh_l0":
        parts.append(bi(f"weight_hh multiplies the previous (projected) h, so its input width is "
                        f"proj_size; its 4 gate blocks still have hidden_size rows: (4*{h}, {r}) "
                        f"= {shape_text(got)}.",
                        f"weight_hh 乘的是上一时刻投影后的 h，所以输入宽度是 proj_size；4 个门块"
                        f"仍各有 hidden_size 行：(4*{h}, {r}) = {shape_text(got)}。"))
    elif ask == "weight_hr_l0":
        parts.append(bi(f"weight_hr maps hidden_size to proj_size, stored as (out, in) = "
                        f"({r}, {h}) = {shape_text(got)}.",
                        f"weight_hr 把 hidden_size 映射到 proj_size，按 (输出, 输入) 存储："
                        f"({r}, {h}) = {shape_text(got)}。"))
    else:
        parts.append(bi(f"Layer 1 reads layer 0's projected output, D*proj_size = {d}*{r} wide: "
                        f"(4*{h}, {d * r}) = {shape_text(got)}.",
                        f"第 1 层读取第 0 层投影后的输出，宽度为 D*proj_size = {d}*{r}："
                        f"(4*{h}, {d * r}) = {shape_text(got)}。"))
    return got, join(parts)
