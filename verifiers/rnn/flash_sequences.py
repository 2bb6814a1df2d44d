"""Live checks of the flash cards about feeding sequences: batch_first and the states, the
default zero h_0, the notes' character loop, and enforce_sorted when packing."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, as_list, bi, randn, shape_of, zeros

from .builders import build, forward, shape_text
from .states import seed_weights


def check_batch_first_states(p: Params, device: Any) -> Result:
    lstm = build("LSTM", 3, 4, device, batch_first=True)
    x = randn(2, 5, 3, device=device)  # (batch 2, seq_len 5, input 3)
    out, h_n, c_n = forward(lstm, x)
    try:
        lstm(x, (zeros((2, 1, 4), device), zeros((2, 1, 4), device)))
        refused = False
    except RuntimeError:
        refused = True
    lstm(x, (zeros((1, 2, 4), device), zeros((1, 2, 4), device)))
    shapes = [shape_of(t) for t in (out, h_n, c_n)]
    ok = shapes == [(2, 5, 4), (1, 2, 4), (1, 2, 4)] and refused
    return ok, bi(
        f"batch_first=True with x (2, 5, 3): output {shape_text(shapes[0])}, h_n "
        f"{shape_text(shapes[1])}, c_n {shape_text(shapes[2])}; an h_0 laid out (batch, 1, H) "
        f"was refused ({refused}), (1, batch, H) was accepted.",
        f"batch_first=True、x 为 (2, 5, 3) 时：output 为 {shape_text(shapes[0])}，h_n 为 "
        f"{shape_text(shapes[1])}，c_n 为 {shape_text(shapes[2])}；按 (batch, 1, H) 排列的 h_0 "
        f"被拒绝（{refused}），(1, batch, H) 则被接受。")


def check_h0_zeros(p: Params, device: Any) -> Result:
    import torch

    results = {}
    for mode in ("RNN", "LSTM", "GRU"):
        rnn = build(mode, 3, 4, device, num_layers=2, bidirectional=True)
        seed_weights(rnn)
        x = randn(5, 2, 3, device=device, seed=4)
        h0 = zeros((4, 2, 4), device)
        given = rnn(x, (h0, h0.clone()) if mode == "LSTM" else h0)[0]
        results[mode] = torch.allclose(rnn(x)[0], given, rtol=0, atol=1e-12)
    ok = all(results.values())
    flags = ", ".join(f"nn.{m}: {v}" for m, v in results.items())
    return ok, bi(f"output without h_0 equals output with explicit zeros ({flags}).",
                  f"不传 h_0 时的 output 与显式传入全零状态时完全相同（{flags}）。")


def _one_hot(name: str, device: Any) -> Any:
    import torch

    x = torch.zeros(len(name), 1, 26, dtype=torch.float64, device=device)
    for t, ch in enumerate(name.lower()):
        x[t, 0, ord(ch) - ord("a")] = 1.0
    return x


def check_notes_loop(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    rnn = build("RNN", 26, 8, device)
    seed_weights(rnn)
    head = nn.Linear(8, 18, device=device, dtype=torch.float64)
    x = _one_hot("Chou", device)
    h = None
    for t in range(x.shape[0]):  # the notes' loop: one character at a time, h carried along
        y, h = rnn(x[t:t + 1], h)
    whole, _ = rnn(x)
    loop_ok = torch.allclose(y[0], whole[-1], atol=1e-12)
    other = rnn(_one_hot("Zhou", device))[0][-1]  # only the first character differs
    depends = not torch.allclose(head(whole[-1]), head(other), atol=1e-9)
    ok = loop_ok and depends
    return ok, bi(
        f"feeding 'Chou' one character at a time with h carried along ends in the same state as "
        f"nn.RNN over the whole sequence ({loop_ok}); changing only the first letter ('Zhou') "
        f"changes the final class scores ({depends}).",
        f"把 'Chou' 一个字符一个字符地输入并传递 h，最终状态与 nn.RNN 一次处理整条序列相同"
        f"（{loop_ok}）；只改第一个字母（'Zhou'）就会改变最终的类别得分（{depends}）。")


def check_enforce_sorted(p: Params, device: Any) -> Result:
    import torch
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    lengths = [2, 4, 1]
    x = torch.arange(1.0, 13.0, dtype=torch.float64, device=device).reshape(3, 4, 1)
    for i, n in enumerate(lengths):
        x[i, n:] = 0  # the padding
    try:
        pack_padded_sequence(x, torch.tensor(lengths), batch_first=True)
        refused = False
    except RuntimeError:
        refused = True
    packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True,
                                  enforce_sorted=False)
    back, back_lengths = pad_packed_sequence(packed, batch_first=True)
    sizes = [int(v) for v in as_list(packed.batch_sizes)]
    order = [int(v) for v in as_list(packed.sorted_indices)]
    restored = torch.equal(back, x) and as_list(back_lengths) == lengths
    ok = refused and sizes == [3, 2, 1, 1] and order == [1, 0, 2] and restored
    return ok, bi(
        f"lengths {lengths} with enforce_sorted=True raised RuntimeError ({refused}); with "
        f"enforce_sorted=False: batch_sizes {sizes}, sorted_indices {order}, and "
        f"pad_packed_sequence gave the batch back in its original order ({restored}).",
        f"长度为 {lengths} 时，enforce_sorted=True 抛出 RuntimeError（{refused}）；"
        f"enforce_sorted=False 时 batch_sizes 为 {sizes}，sorted_indices 为 {order}，"
        f"pad_packed_sequence 按原来的顺序还原了批次（{restored}）。")
