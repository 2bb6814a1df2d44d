"""Where a bidirectional layer's final states sit: which slice of output (if any) equals
h_n[index], found by running the layer on random input and comparing."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, join, randn, require

from .builders import build, check_layer, dirs_of, forward, unpack_text

SLICES = ("output[-1, :, :H]", "output[-1, :, H:]", "output[0, :, :H]", "output[0, :, H:]")
NONE = "None of these slices"
SEQ, BATCH, INPUT = 5, 2, 3


def derive_final(p: Params) -> Params:
    q = {**p, "input_size": INPUT, "bidirectional": True}
    check_layer(q)
    count = 2 * p["num_layers"]
    require(-count <= p["index"] < count,
            f"h_n has {count} entries (num_layers*2), so index {p['index']} is out of range")
    return {**p, "unpack": unpack_text(p["mode"])}


def seed_weights(rnn: Any) -> None:
    """Random weights from a fixed seed, so the layer's states differ from slice to slice."""
    import torch

    with torch.no_grad():
        for k, t in enumerate(rnn.parameters()):
            t.copy_(0.5 * randn(*t.shape, device=t.device, seed=100 + k))


def bidir_final_state(p: Params, device: Any) -> Result:
    import torch

    p = derive_final(p)
    h = p["hidden_size"]
    rnn = build(p["mode"], INPUT, h, device, num_layers=p["num_layers"], bidirectional=True)
    seed_weights(rnn)
    out, h_n, _ = forward(rnn, randn(SEQ, BATCH, INPUT, device=device, seed=7))
    assert dirs_of(rnn) == 2
    target = h_n[p["index"]]
    candidates = {
        SLICES[0]: out[-1, :, :h], SLICES[1]: out[-1, :, h:],
        SLICES[2]: out[0, :, :h], SLICES[3]: out[0, :, h:],
    }
    hits = [name for name, t in candidates.items()
            if torch.allclose(t, target, rtol=0, atol=1e-12)]
    require(len(hits) <= 1, "the random states coincide; no unique slice")  # never seen
    answer = hits[0] if hits else NONE
    row = p["index"] % (2 * p["num_layers"])
    layer, backward = row // 2, row % 2 == 1
    top = layer == p["num_layers"] - 1
    where_en = f"h_n[{p['index']}] is row {row} = layer {layer}, " + \
        ("backward" if backward else "forward") + " direction"
    where_zh = f"h_n[{p['index']}] 是第 {row} 行 = 第 {layer} 层的" + \
        ("反向" if backward else "正向")
    parts = [
        bi("h_n is laid out layer by layer, forward then backward: row 2*layer is the forward "
           "direction and row 2*layer + 1 the backward one (h_n.view(num_layers, 2, batch, H)).",
           "h_n 按层排列，每层先正向后反向：第 2*layer 行是正向，第 2*layer + 1 行是反向"
           "（h_n.view(num_layers, 2, batch, H)）。"),
        bi(f"{where_en}.", f"{where_zh}。"),
    ]
    if not top:
        parts.append(bi(f"output only holds the top layer (layer {p['num_layers'] - 1}), so no "
                        f"slice of it is this state: {answer}.",
                        f"output 只包含最上面一层（第 {p['num_layers'] - 1} 层），所以它的任何"
                        f"切片都不是这个状态：都不是。"))
    elif backward:
        parts.append(bi(f"The backward direction reads the sequence from the end, so its final "
                        f"state is at time step 0, in the second half of the features: "
                        f"{answer}.",
                        f"反向方向从序列末尾往前读，所以它的最终状态在第 0 个时间步、"
                        f"特征的后半部分："
                        f"{answer}。"))
    else:
        parts.append(bi(f"The forward direction ends at the last time step, in the first half of "
                        f"the features: {answer}.",
                        f"正向方向在最后一个时间步结束，位于特征的前半部分：{answer}。"))
    parts.append(bi("Checked on random input: that slice equals h_n[index] exactly.",
                    "已用随机输入验证：该切片与 h_n[index] 完全相等。") if hits else
                 bi("Checked on random input: none of the four slices equals it.",
                    "已用随机输入验证：四个切片都不等于它。"))
    return answer, join(parts)
