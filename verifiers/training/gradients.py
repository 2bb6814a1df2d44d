"""Gradient bookkeeping cards: eval() vs no_grad(), what zero_grad() leaves, accumulation."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    Slip,
    bi,
    f64,
    factor,
    finite,
    join,
    layer,
    num,
    require,
    steps,
    total,
)

from ._common import CONTEXTS, WHERE, guard

NOTES_EVAL = bi(
    "The notes say that in eval mode gradients are not computed; torch's eval() only switches "
    "Dropout and BatchNorm to inference behaviour, and autograd keeps recording until "
    "torch.no_grad() or torch.inference_mode() stops it.",
    "笔记说 eval 模式下不会计算梯度；torch 的 eval() 只切换 Dropout、BatchNorm 的行为，"
    "autograd 照样记录计算图，要靠 torch.no_grad() 或 torch.inference_mode() 才能停下。")


# ---- eval() versus no_grad() / inference_mode() -----------------------------------------


def derive_eval_snippet(p: Params) -> Params:
    first, pad = CONTEXTS[p["context"]]
    code = (f"net = nn.Sequential(nn.Linear(4, 2), nn.Dropout(0.5))\nnet.{p['mode']}()\n"
            f"{first}{pad}out = net(torch.ones(4))\nprint(out.requires_grad)")
    return {**p, "snippet": code}


def eval_requires_grad(p: Params, device: Any) -> Result:
    import torch

    net = layer(torch.nn.Sequential(torch.nn.Linear(4, 2), torch.nn.Dropout(0.5)), device)
    net.train(p["mode"] == "train")
    with guard(p["context"]):
        out = net(torch.ones(4, dtype=torch.float64, device=device))
    tracked = bool(out.requires_grad)
    where, where_zh = WHERE[p["context"]]
    if p["context"] == "none":
        why = bi(f"net.{p['mode']}() changes only how Dropout behaves; the Linear weights "
                 "require grad, so autograd records the graph and out.requires_grad is True",
                 f"net.{p['mode']}() 只改变 Dropout 的行为；Linear 的权重需要梯度，"
                 "autograd 记录计算图，out.requires_grad 为 True")
    else:
        why = bi(f"net.{p['mode']}(){where}: autograd records nothing there, so out is a "
                 "tensor without a graph and out.requires_grad is False",
                 f"net.{p['mode']}(){where_zh}：autograd 在这里不记录计算图，"
                 "out 没有 grad_fn，out.requires_grad 为 False")
    parts = [why]
    if p["mode"] == "eval" and p["context"] == "none":
        parts.append(NOTES_EVAL)
    return tracked, join(parts)


def eval_requires_grad_slips(p: Params) -> list[Slip]:
    if p["mode"] == "eval" and p["context"] == "none":
        return [Slip("eval-stops-grad", False,
                     "thought eval() turns gradients off (as the notes say): it only switches "
                     "Dropout/BatchNorm; no_grad() or inference_mode() stop autograd",
                     "以为 eval() 会关闭梯度（笔记的说法）：它只切换 Dropout/BatchNorm，"
                     "关闭梯度要用 no_grad() 或 inference_mode()")]
    return []


# ---- zero_grad() --------------------------------------------------------------------------

GRAD_TEXT = {"none": "None", "zeros": "tensor([[0., 0., 0.]])",
             "kept": "tensor([[1., 1., 1.]]) (unchanged)"}


def zero_grad_result(p: Params, device: Any) -> Result:
    import torch

    net = layer(torch.nn.Linear(3, 1), device)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    net(torch.ones(3, dtype=torch.float64, device=device)).sum().backward()
    call = p["call"]
    {"opt.zero_grad()": lambda: opt.zero_grad(),
     "opt.zero_grad(set_to_none=False)": lambda: opt.zero_grad(set_to_none=False),
     "opt.zero_grad(set_to_none=True)": lambda: opt.zero_grad(set_to_none=True),
     "net.zero_grad()": lambda: net.zero_grad()}[call]()
    grad = net.weight.grad
    kind = "none" if grad is None else "zeros" if bool((grad == 0).all()) else "kept"
    if kind == "none":
        why = bi(f"{call} sets every .grad to None (set_to_none=True is the default since "
                 "torch 2.0): no memory is kept for the gradient, and the next backward() "
                 "creates a fresh one",
                 f"{call} 把每个 .grad 设为 None（torch 2.0 起 set_to_none=True 是默认值）："
                 "不再占用梯度内存，下一次 backward() 会重新创建梯度")
    else:
        why = bi(f"{call} writes zeros into the existing .grad tensors",
                 f"{call} 把已有的 .grad 张量原地填成 0")
    parts = [why]
    if call in ("opt.zero_grad()", "net.zero_grad()"):
        parts.append(bi("The notes say zero_grad() zeroes the gradients; by default torch "
                        "sets them to None, and only set_to_none=False fills zeros.",
                        "笔记说 zero_grad() 把梯度清零；torch 默认把梯度设为 None，"
                        "只有 set_to_none=False 才会填 0。"))
    return GRAD_TEXT[kind], join(parts)


def zero_grad_result_slips(p: Params) -> list[Slip]:
    if p["call"] in ("opt.zero_grad()", "net.zero_grad()"):
        return [Slip("zeros-not-none", GRAD_TEXT["zeros"],
                     "expected zeros: by default zero_grad() sets .grad to None",
                     "以为会得到全 0：zero_grad() 默认把 .grad 设为 None")]
    return []


# ---- gradient accumulation ------------------------------------------------------------------


def derive_accumulation(p: Params) -> Params:
    return {**p, "scale": f" / {p['k']}" if p["mean"] else ""}


def grad_accumulation(p: Params, device: Any) -> Result:
    k, xs, ys = p["k"], p["xs"], p["ys"]
    require(len(xs) == len(ys) == k, "xs and ys need k values each")
    w = f64(p["w"], device, requires_grad=True)
    parts = []
    for _, x, y in zip(steps(k, "micro-batches"), xs, ys, strict=True):
        loss = (w * x - y) ** 2
        if p["mean"]:
            loss = loss / k
        before = 0.0 if w.grad is None else float(w.grad.item())
        loss.backward()
        parts.append(float(w.grad.item()) - before)
    grad = float(w.grad.item())
    per = "2·x·(w·x - y)" + (f"/{k}" if p["mean"] else "")
    terms = " + ".join(f"2·{factor(x)}·({factor(p['w'])}·{factor(x)} - {factor(y)})"
                       + (f"/{k}" if p["mean"] else "") for x, y in zip(xs, ys, strict=True))
    return grad, join([
        bi(f"each backward() adds its micro-batch's gradient {per} to w.grad: {terms}",
           f"每次 backward() 都把该 micro-batch 的梯度 {per} 累加到 w.grad 上：{terms}"),
        bi(f"w.grad = {total(parts)} = {num(grad)}",
           f"w.grad = {total(parts)} = {num(grad)}"),
        bi("Dividing each loss by k makes the sum the gradient of the mean loss over all "
           "k·batch samples, as one big batch would give." if p["mean"] else
           "Without dividing by k the accumulated gradient is k times the mean gradient: "
           "the effective learning rate grows with k.",
           "每个 loss 除以 k 后，累加结果就是全部样本平均损失的梯度，和一次大批量相同。"
           if p["mean"] else "不除以 k 时累加的梯度是平均梯度的 k 倍，相当于学习率放大了 k 倍。"),
    ])


def _accumulated(p: Params, last_only: bool = False, scale: float | None = None,
                 two: float = 2.0) -> float:
    k, w = p["k"], p["w"]
    div = (k if p["mean"] else 1) if scale is None else scale
    pairs = list(zip(p["xs"], p["ys"], strict=True))
    if last_only:
        pairs = pairs[-1:]
    return sum(two * x * (w * x - y) / div for x, y in pairs)


def grad_accumulation_slips(p: Params) -> list[Slip]:
    k = p["k"]
    found = [Slip("last-micro-batch-only", _accumulated(p, last_only=True),
                  "kept only the last micro-batch: backward() adds to .grad, it does not "
                  "overwrite it",
                  "只算了最后一个 micro-batch：backward() 是累加到 .grad 上，而不是覆盖")]
    if p["mean"]:
        found.append(Slip("division-ignored", _accumulated(p, scale=1.0),
                          f"ignored the / {k}: every loss is divided before backward()",
                          f"忽略了 / {k}：每个 loss 在 backward() 之前都除过了"))
    else:
        found.append(Slip("averaged-not-summed", _accumulated(p, scale=float(k)),
                          "averaged the micro-batch gradients: without a division .grad holds "
                          "their sum",
                          "对各 micro-batch 的梯度取了平均：没有除法时 .grad 存的是它们的和"))
    found.append(Slip("missing-factor-2", _accumulated(p, two=1.0),
                      "forgot the 2 of the square: d/dw (w·x - y)² = 2·x·(w·x - y)",
                      "漏了平方求导的 2：d/dw (w·x - y)² = 2·x·(w·x - y)"))
    return finite(found)
