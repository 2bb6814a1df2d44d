"""Dropout cards: the kept value in train mode, the identity in eval mode, and what switches it."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    Slip,
    as_list,
    bi,
    f64,
    finite,
    join,
    num,
    ones,
    require,
    steps,
    vec,
)

from ._common import CONTEXTS, WHERE, guard, index_in, seeded

CELLS = 4000  # elements per Dropout call: (CELLS // n) draws of torch.ones(n) at once
NOTES_DROPOUT = bi(
    "The notes say dropout sets weights to 0 and multiplies all weights by 1 - p at test time; "
    "torch's nn.Dropout zeroes activations (never weights), scales the kept ones by 1/(1 - p) "
    "while training, and is the identity in eval mode.",
    "笔记说 dropout 把权重置 0、测试时所有权重乘以 1 - p；torch 的 nn.Dropout 置 0 的是激活值"
    "（从不动权重），训练时把保留下来的元素乘以 1/(1 - p)，eval 模式下原样输出。")
def _kept_draw(prob: float, n: int, device: Any) -> tuple[float, list[float]]:
    """(value of a kept element, one draw of Dropout(prob)(torch.ones(n)) that kept one),
    from the real module in train mode."""
    import torch

    drop = torch.nn.Dropout(prob).train()
    rows = max(1, CELLS // n)
    with seeded(device):
        for _ in steps(100, "Dropout calls"):
            out = drop(ones((rows, n), device))
            hit = torch.nonzero((out != 0).any(dim=1)).flatten()
            if hit.numel():
                row = out[int(hit[0])]
                kept = row[row != 0]
                return float(kept[0].item()), as_list(row)
    require(False, f"Dropout({prob}) kept no element of torch.ones({n}) in {100 * rows} "
                   "draws: p is too close to 1 to show a kept element")
    raise AssertionError  # unreachable: require raised


def dropout_train_value(p: Params, device: Any) -> Result:
    prob, n = p["p"], p["n"]
    require(prob < 1, "with p = 1 Dropout zeroes every element: nothing is kept, so there is "
                      "no kept value")
    kept, row = _kept_draw(prob, n, device)
    scale = bi(f"train mode zeroes each element with probability p = {num(prob)} and multiplies "
               f"the kept ones by 1/(1 - p) = 1/(1 - {num(prob)}) = {num(kept)}, so the "
               f"expected output (1 - p)·{num(kept)} = 1 equals the input (inverted dropout)",
               f"训练模式下每个元素以概率 p = {num(prob)} 置 0，保留的元素乘以 1/(1 - p) = "
               f"1/(1 - {num(prob)}) = {num(kept)}，于是期望 (1 - p)·{num(kept)} = 1，"
               f"与输入相同（inverted dropout）")
    draw = bi(f"one draw of drop(torch.ones({n})): {vec(row)}",
              f"drop(torch.ones({n})) 的一次结果：{vec(row)}")
    return kept, join([scale, draw, NOTES_DROPOUT])


def dropout_train_value_slips(p: Params) -> list[Slip]:
    prob = p["p"]
    return finite([
        Slip("scaled-by-keep-prob", 1 - prob,
             "multiplied by 1 - p (the notes' test-time rule): torch divides the kept "
             "elements by 1 - p at train time",
             "乘了 1 - p（笔记里测试时的做法）：torch 在训练时把保留的元素除以 1 - p"),
        Slip("no-rescale", 1.0,
             "kept the element as it was: Dropout also rescales the kept elements by 1/(1 - p)",
             "以为保留的元素不变：Dropout 还会把保留的元素乘以 1/(1 - p)"),
        Slip("divided-by-p", 1 / prob if prob else float("inf"),
             "divided by p: the scale is 1/(1 - p), one over the keep probability",
             "除以了 p：缩放系数是 1/(1 - p)，即保留概率的倒数"),
    ])


def dropout_eval_value(p: Params, device: Any) -> Result:
    import torch

    prob, x, i = p["p"], p["x"], p["index"]
    index_in(x, i, "elements of x")
    drop = torch.nn.Dropout(prob).eval()
    with seeded(device):
        out = drop(f64(x, device))
    got = float(out[i].item())
    return got, join([
        bi(f"after drop.eval() Dropout returns its input unchanged: out = {vec(as_list(out))}, "
           f"so out[{i}] = x[{i}] = {num(got)}",
           f"drop.eval() 之后 Dropout 原样返回输入：out = {vec(as_list(out))}，"
           f"所以 out[{i}] = x[{i}] = {num(got)}"),
        bi("No scaling happens here: the 1/(1 - p) scaling was already applied while training.",
           "这里不做任何缩放：1/(1 - p) 的缩放在训练时就已经做过了。"),
        NOTES_DROPOUT,
    ])


def dropout_eval_value_slips(p: Params) -> list[Slip]:
    prob, v = p["p"], p["x"][p["index"]]
    return finite([
        Slip("eval-times-keep-prob", v * (1 - prob),
             "multiplied by 1 - p at test time (as the notes say): eval-mode Dropout is the "
             "identity",
             "测试时乘了 1 - p（笔记的说法）：eval 模式的 Dropout 是恒等映射"),
        Slip("eval-inverted-scale", v / (1 - prob) if prob < 1 else float("inf"),
             "applied the train-time scale 1/(1 - p): eval mode does no scaling",
             "用了训练时的缩放 1/(1 - p)：eval 模式不做缩放"),
    ])


def derive_dropout_active(p: Params) -> Params:
    guard, pad = CONTEXTS[p["context"]]
    code = (f"drop = nn.Dropout(p={p['p']})\ndrop.{p['mode']}()\n"
            f"{guard}{pad}out = drop(torch.ones(1000))")
    return {**p, "snippet": code}


def dropout_active(p: Params, device: Any) -> Result:
    import torch

    drop = torch.nn.Dropout(p["p"])
    drop.train(p["mode"] == "train")
    with seeded(device), guard(p["context"]):
        out = drop(ones((1000,), device))
    zeroed = int((out == 0).sum())
    active = bool((out != 1).any())
    where, where_zh = WHERE[p["context"]]
    lines = [bi(f"drop.{p['mode']}(){where}: {zeroed} of 1000 elements zeroed, the rest equal "
                f"{num(float(out.max()))}",
                f"drop.{p['mode']}(){where_zh}：1000 个元素中有 {zeroed} 个被置 0，"
                f"其余等于 {num(float(out.max()))}"),
             bi("Only the module's mode decides: train() drops and rescales, eval() is the "
                "identity. no_grad() and inference_mode() only stop autograd from recording.",
                "只有模块的模式起作用：train() 会丢弃并缩放，eval() 原样输出；"
                "no_grad() 和 inference_mode() 只是让 autograd 不再记录计算图。")]
    return active, join(lines)


def dropout_active_slips(p: Params) -> list[Slip]:
    if p["mode"] == "train" and p["context"] != "none":
        return [Slip("no-grad-stops-dropout", False,
                     "thought no_grad()/inference_mode() switch Dropout off: only eval() does",
                     "以为 no_grad()/inference_mode() 会关掉 Dropout：只有 eval() 才会")]
    return []
