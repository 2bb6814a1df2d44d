"""Freezing with requires_grad_(False): which parameters get a .grad, what SGD then updates,
and what Adam keeps state for in a checkpoint saved to and loaded from memory."""

from __future__ import annotations

import io
import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, randn, require, same

from .builders import build_stack, fits, linear, stack_code

FREEZE_CODE = {
    "layer": "model[2 * i].requires_grad_(False)",
    "weight": "model[2 * i].weight.requires_grad_(False)",
    "attribute": "model[2 * i].requires_grad = False",
}
OUT = 2  # output width of the frozen-grad model


def sample_frozen(p: Params, rng: random.Random) -> Params:
    # At least one trainable layer is left, so loss.backward() has something to do.
    return {**p, "frozen": rng.randint(1, p["depth"] - 1)}


def derive_frozen(p: Params) -> Params:
    require(p["depth"] >= 1 and p["width"] >= 1, "depth and width must be at least 1")
    require(0 <= p["frozen"] <= p["depth"], f"only {p['depth']} layers can be frozen")
    require(p["method"] != "layer" or p["frozen"] < p["depth"],
            "with every layer frozen the loss does not require grad: loss.backward() raises")
    fits(p["depth"] * (p["width"] ** 2 + p["width"]), "the model")
    return {**p, "model_code": stack_code(p["depth"], p["width"], OUT),
            "freeze_code": FREEZE_CODE[p["method"]]}


def _freeze(model: Any, frozen: int, method: str) -> None:
    for i in range(frozen):
        layer = model[2 * i]
        if method == "layer":
            layer.requires_grad_(False)
        elif method == "weight":
            layer.weight.requires_grad_(False)
        else:
            layer.requires_grad = False  # a plain attribute on the module: freezes nothing


def frozen_grad_count(p: Params, device: Any) -> Result:
    import torch

    derive_frozen(p)
    model = build_stack(p["depth"], p["width"], OUT, device)
    _freeze(model, p["frozen"], p["method"])
    before = [t.detach().clone() for t in model.parameters()]
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model(randn(4, p["width"], device=device)).sum().backward()
    opt.step()
    names = [name for name, _ in model.named_parameters()]
    graded = [(n, t) for n, t in model.named_parameters() if t.grad is not None]
    untouched = all(torch.equal(b, t) for b, t in zip(before, model.parameters(), strict=True)
                    if t.grad is None)
    answer = sum(int(t.numel()) for _, t in graded)
    without = [n for n in names if n not in dict(graded)] or ["-"]
    how = {
        "layer": bi("requires_grad_(False) on a module sets it on every parameter of that module.",
                    "对模块调用 requires_grad_(False) 会作用于它的所有参数。"),
        "weight": bi("Only the weights are frozen: each frozen layer's bias still trains.",
                     "只冻结了权重：被冻结层的偏置仍然参与训练。"),
        "attribute": bi(
            "model[i].requires_grad = False only sets a plain Python attribute on the module; "
            f"model[0].weight.requires_grad is still {model[0].weight.requires_grad}, so nothing "
            "is frozen. Use requires_grad_(False).",
            "model[i].requires_grad = False 只是给模块加了一个普通的 Python 属性；"
            f"model[0].weight.requires_grad 仍然是 {model[0].weight.requires_grad}，什么都没冻结。"
            "应使用 requires_grad_(False)。"),
    }[p["method"]]
    sizes = " + ".join(str(int(t.numel())) for _, t in graded) or "0"
    return answer, join([
        how,
        bi("A parameter with requires_grad=False gets no .grad (it stays None), and SGD skips "
           f"parameters whose .grad is None even though they are in its param group (left "
           f"unchanged: {untouched}).",
           "requires_grad=False 的参数不会得到 .grad（保持 None）；即使它们在优化器的参数组里，"
           f"SGD 也会跳过 .grad 为 None 的参数（保持不变：{untouched}）。"),
        bi(f"no .grad: {', '.join(without)}", f"没有 .grad：{', '.join(without)}"),
        same(f"{sizes} = {answer}"),
    ])


# ---- Adam state in a checkpoint -------------------------------------------------------------

CKPT_ASK = {
    "state": 'len(ckpt["optim"]["state"])',
    "params": 'len(ckpt["optim"]["param_groups"][0]["params"])',
    "model": 'len(ckpt["model"])',
}


def derive_ckpt(p: Params) -> Params:
    require(p["depth"] >= 1 and p["width"] >= 1, "depth and width must be at least 1")
    require(0 <= p["frozen"] < p["depth"],
            "at least one layer must train, or loss.backward() raises")
    fits(p["depth"] * (p["width"] ** 2 + p["width"]), "the model")
    return {**p, "ask_code": CKPT_ASK[p["ask"]]}


def optimizer_state_entries(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    derive_ckpt(p)
    w = p["width"]
    model = nn.Sequential(*[linear(w, w, device) for _ in range(p["depth"])])
    for t in model.parameters():
        nn.init.uniform_(t, -0.5, 0.5)
    for layer in model[:p["frozen"]]:
        layer.requires_grad_(False)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model(randn(2, w, device=device)).sum().backward()
    opt.step()
    buf = io.BytesIO()
    torch.save({"model": model.state_dict(), "optim": opt.state_dict(), "epoch": 1}, buf)
    buf.seek(0)
    ckpt = torch.load(buf)  # the default weights_only=True: tensors, dicts and numbers only
    state = sorted(ckpt["optim"]["state"])
    group = ckpt["optim"]["param_groups"][0]["params"]
    answer = {"state": len(state), "params": len(group), "model": len(ckpt["model"])}[p["ask"]]
    per = ", ".join(sorted(ckpt["optim"]["state"][state[0]])) if state else "-"
    return answer, join([
        bi(f"Adam keeps state ({per}) for a parameter from the first step that updates it, and "
           "it skips parameters whose .grad is None: frozen ones get no state, though they stay "
           "in the param group. model.state_dict() saves every tensor, frozen or not.",
           f"Adam 在第一次更新某个参数时为它建立状态（{per}），并跳过 .grad 为 None 的参数："
           "被冻结的参数没有状态，但仍留在参数组里。model.state_dict() 保存所有张量，"
           "不管是否冻结。"),
        bi(f"param_groups[0]['params'] = {group}; state keys = {state}; "
           f"model entries = {len(ckpt['model'])}",
           f"param_groups[0]['params'] = {group}；state 的键 = {state}；"
           f"模型的条目数 = {len(ckpt['model'])}"),
        bi("The checkpoint holds only tensors, dicts, lists and numbers, so torch.load's default "
           "weights_only=True loads it.",
           "这个检查点里只有张量、字典、列表和数字，所以 torch.load 默认的 weights_only=True "
           "可以加载。"),
        same(f"{CKPT_ASK[p['ask']]} = {answer}"),
    ])
