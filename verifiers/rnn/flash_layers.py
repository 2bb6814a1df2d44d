"""Live checks of the flash cards about the layers' insides: the gate blocks and their order,
the two bias vectors, proj_size, and the notes' output layer V."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, randn, shape_of

from .builders import build, shape_text
from .states import seed_weights


def _one_step(mode: str, device: Any) -> tuple[Any, Any, Any, Any]:
    """A seeded one-layer cell, a random input step and previous state, and torch's result."""
    rnn = build(mode, 3, 4, device)
    seed_weights(rnn)
    x, h0 = randn(1, 2, 3, device=device, seed=1), randn(1, 2, 4, device=device, seed=2)
    if mode == "LSTM":
        c0 = randn(1, 2, 4, device=device, seed=3)
        _, (h1, c1) = rnn(x, (h0, c0))
        return rnn, (x[0], h0[0], c0[0]), h1[0], c1[0]
    _, h1 = rnn(x, h0)
    return rnn, (x[0], h0[0]), h1[0], None


def check_gate_blocks(p: Params, device: Any) -> Result:
    import torch

    lstm, (x, h, c), h1, c1 = _one_step("LSTM", device)
    gates = x @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + h @ lstm.weight_hh_l0.T + lstm.bias_hh_l0
    i, f, g, o = gates.chunk(4, dim=1)
    c_ref = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_ref = torch.sigmoid(o) * torch.tanh(c_ref)
    lstm_ok = torch.allclose(c1, c_ref, atol=1e-12) and torch.allclose(h1, h_ref, atol=1e-12)
    # The same sum with the blocks read in another order gives another state.
    f2, i2 = i, f
    swapped = torch.sigmoid(f2) * c + torch.sigmoid(i2) * torch.tanh(g)
    swap_differs = not torch.allclose(swapped, c1, atol=1e-6)

    gru, (x, h), h1, _ = _one_step("GRU", device)
    wi = (x @ gru.weight_ih_l0.T + gru.bias_ih_l0).chunk(3, dim=1)
    wh = (h @ gru.weight_hh_l0.T + gru.bias_hh_l0).chunk(3, dim=1)
    r, z = torch.sigmoid(wi[0] + wh[0]), torch.sigmoid(wi[1] + wh[1])
    n = torch.tanh(wi[2] + r * wh[2])
    gru_ok = torch.allclose(h1, (1 - z) * n + z * h, atol=1e-12)
    rows = (shape_of(lstm.weight_ih_l0), shape_of(gru.weight_ih_l0),
            shape_of(build("RNN", 3, 4, device).weight_ih_l0))
    ok = lstm_ok and gru_ok and swap_differs and rows == ((16, 3), (12, 3), (4, 3))
    return ok, bi(
        f"with hidden_size 4, weight_ih_l0 is {shape_text(rows[0])} for nn.LSTM, "
        f"{shape_text(rows[1])} for nn.GRU and {shape_text(rows[2])} for nn.RNN; one LSTM step "
        f"recomputed from the blocks in the order i, f, g, o matches torch "
        f"({lstm_ok}), and one GRU step from r, z, n with n = tanh(W_in x + b_in + "
        f"r * (W_hn h + b_hn)) matches too ({gru_ok}).",
        f"hidden_size 为 4 时，nn.LSTM 的 weight_ih_l0 是 {shape_text(rows[0])}，nn.GRU 是 "
        f"{shape_text(rows[1])}，nn.RNN 是 {shape_text(rows[2])}；按 i、f、g、o 的顺序切块重算"
        f"一步 LSTM，结果与 torch 一致（{lstm_ok}）；按 r、z、n 切块、n = tanh(W_in x + b_in + "
        f"r * (W_hn h + b_hn)) 重算一步 GRU，也一致（{gru_ok}）。")


def _merged_bias_output(mode: str, device: Any) -> tuple[Any, Any]:
    """Torch's step, and the same step after moving bias_hh into bias_ih."""
    import torch

    rnn, state, h1, _ = _one_step(mode, device)
    with torch.no_grad():
        rnn.bias_ih_l0 += rnn.bias_hh_l0
        rnn.bias_hh_l0.zero_()
    x = state[0].unsqueeze(0)
    hx = tuple(s.unsqueeze(0) for s in state[1:])
    _, after = rnn(x, hx if mode == "LSTM" else hx[0])
    merged = after[0][0] if mode == "LSTM" else after[0]
    return h1, merged


def check_two_biases(p: Params, device: Any) -> Result:
    import torch

    same_for = {}
    for mode in ("RNN", "LSTM", "GRU"):
        before, after = _merged_bias_output(mode, device)
        same_for[mode] = torch.allclose(before, after, atol=1e-12)
    names = [n for n, _ in build("GRU", 3, 4, device).named_parameters()]
    ok = (same_for["RNN"] and same_for["LSTM"] and not same_for["GRU"]
          and names == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
    return ok, bi(
        f"each layer lists {', '.join(names)}; folding bias_hh into bias_ih leaves the step "
        f"unchanged for nn.RNN ({same_for['RNN']}) and nn.LSTM ({same_for['LSTM']}) but not for "
        f"nn.GRU (unchanged: {same_for['GRU']}).",
        f"每层的参数是 {', '.join(names)}；把 bias_hh 合并进 bias_ih 后，nn.RNN"
        f"（不变：{same_for['RNN']}）和 nn.LSTM（不变：{same_for['LSTM']}）的一步输出不变，"
        f"nn.GRU 则改变了（不变：{same_for['GRU']}）。")


def check_proj_size(p: Params, device: Any) -> Result:
    refused = []
    for mode in ("RNN", "GRU"):
        try:
            build(mode, 3, 4, device, proj_size=2)
        except ValueError:
            refused.append(mode)
    try:
        build("LSTM", 3, 4, device, proj_size=4)
        too_big = False
    except ValueError:
        too_big = True
    lstm = build("LSTM", 3, 4, device, proj_size=2)
    out, (h_n, c_n) = lstm(randn(5, 2, 3, device=device))
    shapes = [shape_of(t) for t in (out, h_n, c_n, lstm.weight_hh_l0, lstm.weight_hr_l0)]
    ok = (refused == ["RNN", "GRU"] and too_big
          and shapes == [(5, 2, 2), (1, 2, 2), (1, 2, 4), (16, 2), (2, 4)])
    text = ", ".join(f"{name} {shape_text(s)}" for name, s in zip(
        ("output", "h_n", "c_n", "weight_hh_l0", "weight_hr_l0"), shapes, strict=True))
    return ok, bi(
        f"nn.RNN and nn.GRU refused proj_size ({', '.join(refused)}), nn.LSTM refused "
        f"proj_size = hidden_size ({too_big}); nn.LSTM(3, 4, proj_size=2) gave {text}.",
        f"nn.RNN 和 nn.GRU 拒绝了 proj_size（{', '.join(refused)}），nn.LSTM 拒绝了 "
        f"proj_size = hidden_size（{too_big}）；nn.LSTM(3, 4, proj_size=2) 得到 {text}。")


def check_notes_output_layer(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    u, w, v = (nn.Linear(a, b, device=device, dtype=torch.float64)
               for a, b in ((57, 128), (128, 128), (128, 18)))
    x_t = torch.zeros(1, 57, dtype=torch.float64, device=device)
    s_t = torch.tanh(u(x_t) + w(torch.zeros(1, 128, dtype=torch.float64, device=device)))
    o_t = v(s_t)
    shapes = [shape_of(t) for t in (u.weight, w.weight, v.weight, s_t, o_t)]
    ok = shapes == [(128, 57), (128, 128), (18, 128), (1, 128), (1, 18)]
    return ok, bi(
        f"U.weight {shape_text(shapes[0])}, W.weight {shape_text(shapes[1])}, V.weight "
        f"{shape_text(shapes[2])}; s_t {shape_text(shapes[3])}, o_t {shape_text(shapes[4])}.",
        f"U.weight 为 {shape_text(shapes[0])}，W.weight 为 {shape_text(shapes[1])}，V.weight 为 "
        f"{shape_text(shapes[2])}；s_t 为 {shape_text(shapes[3])}，"
        f"o_t 为 {shape_text(shapes[4])}。")
