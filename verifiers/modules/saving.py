"""torch.save / torch.load into memory: what weights_only lets through, and the dtype a
state dict brings back versus the one load_state_dict() keeps."""

from __future__ import annotations

import io
import pickle
import random
import re
from typing import Any

from quizapp.authoring import Params, Result, bi, join, redraw, same

from .builders import linear

SAVE_CODE = {
    "state_dict": "torch.save(model.state_dict(), buf)",
    "module": "torch.save(model, buf)",
    "checkpoint": 'torch.save({"model_state_dict": model.state_dict(), "epoch": 3}, buf)',
    "checkpoint_with_module": 'torch.save({"model": model, "epoch": 3}, buf)',
}
LOADS = "It loads and returns the saved object"
REFUSED = "It raises UnpicklingError (weights-only load failed)"
NOTES = bi("The notes say saving the whole model only costs more memory and time (占内存多,慢) "
           "and that torch.load(path) gives it back; torch refuses to load it.",
           "笔记说保存整个模型只是“占内存多，慢”，并用 torch.load(path) 直接加载；"
           "实际上 torch 会拒绝加载。")
NOTES_CHECKPOINT = bi("The notes' checkpoint also stores the model object itself ('model': "
                      "Classnet()), so torch.load(path) refuses the whole checkpoint.",
                      "笔记里的检查点还直接存了模型对象（'model': Classnet()），所以 "
                      "torch.load(path) 会拒绝整个检查点。")


def derive_load(p: Params) -> Params:
    flag = p["weights_only"]
    load = "torch.load(buf)" if flag is None else f"torch.load(buf, weights_only={flag})"
    return {**p, "save_code": SAVE_CODE[p["obj"]], "load_code": load}


def _saved(obj: str, model: Any) -> Any:
    return {"state_dict": lambda: model.state_dict(), "module": lambda: model,
            "checkpoint": lambda: {"model_state_dict": model.state_dict(), "epoch": 3},
            "checkpoint_with_module": lambda: {"model": model, "epoch": 3}}[obj]()


def torch_load_outcome(p: Params, device: Any) -> Result:
    import torch

    p = derive_load(p)
    model = linear(3, 2, device)
    buf = io.BytesIO()
    torch.save(_saved(p["obj"], model), buf)
    buf.seek(0)
    kwargs = {} if p["weights_only"] is None else {"weights_only": p["weights_only"]}
    default = bi("Since PyTorch 2.6 torch.load defaults to weights_only=True: it unpickles only "
                 "tensors, dicts, lists, tuples, strings, numbers and a few allow-listed types.",
                 "自 PyTorch 2.6 起 torch.load 默认 weights_only=True：只反序列化张量、字典、"
                 "列表、元组、字符串、数字和少数白名单类型。")
    try:
        loaded = torch.load(buf, **kwargs)
    except pickle.UnpicklingError as exc:
        found = re.search(r"GLOBAL ([\w.]+)", str(exc))
        blocked = found.group(1) if found else "the module's class"
        return REFUSED, join([default, bi(
            f"A whole nn.Module is pickled as its class, {blocked}, which is not allow-listed, "
            f"so `{p['load_code']}` raises UnpicklingError. Save model.state_dict() instead; "
            "weights_only=False loads it but runs the file's pickle code: only for files you "
            "trust.",
            f"整个 nn.Module 会按它的类 {blocked} 序列化，这个类不在白名单里，所以 "
            f"`{p['load_code']}` 抛出 UnpicklingError。应改为保存 model.state_dict()；"
            "weights_only=False 虽然能加载，但会执行文件里的 pickle 代码，只能用于可信的文件。"),
            NOTES, *([NOTES_CHECKPOINT] if p["obj"] == "checkpoint_with_module" else [])])
    kind = type(loaded).__name__
    if p["weights_only"] is False:
        why = bi(f"weights_only=False unpickles anything (here a {kind}), running whatever code "
                 "the file holds: only for files you trust.",
                 f"weights_only=False 会反序列化任何对象（这里是 {kind}），并执行文件里的代码："
                 "只能用于可信的文件。")
    else:
        why = bi(f"Everything saved is a tensor, a dict or a number, so `{p['load_code']}` "
                 f"returns it (a {kind}).",
                 f"保存的内容只有张量、字典和数字，所以 `{p['load_code']}` 能正常返回（{kind}）。")
    return LOADS, join([default, why])


# ---- dtypes through torch.load and load_state_dict ------------------------------------------

DTYPES = ("torch.float16", "torch.bfloat16", "torch.float32", "torch.float64")


def sample_dtypes(p: Params, rng: random.Random) -> Params:
    # Different dtypes, so the question tells the loaded tensor from the model's parameter.
    return redraw(p, "target", rng, lambda r: r.choice(DTYPES), lambda q: q["target"] != q["saved"])


def load_state_dict_dtype(p: Params, device: Any) -> Result:
    import torch

    def dtype(name: str) -> Any:
        return getattr(torch, name.removeprefix("torch."))

    src = linear(3, 2, device).to(dtype(p["saved"]))
    buf = io.BytesIO()
    torch.save(src.state_dict(), buf)
    buf.seek(0)
    sd = torch.load(buf, map_location="cpu")
    dst = linear(3, 2, device).to(dtype(p["target"]))
    dst.load_state_dict(sd)
    got = {"sd['weight']": sd["weight"], "dst.weight": dst.weight}[p["ask"]]
    answer = str(got.dtype)
    return answer, join([
        bi(f"torch.load gives each tensor back as it was saved (map_location only picks the "
           f"device): sd['weight'] is {sd['weight'].dtype} on {sd['weight'].device.type}.",
           f"torch.load 按保存时的样子还原每个张量（map_location 只决定设备）：sd['weight'] 是 "
           f"{sd['weight'].device.type} 上的 {sd['weight'].dtype}。"),
        bi("load_state_dict() copies each entry into the model's existing parameter "
           f"(param.copy_), which keeps that parameter's dtype and device: dst.weight is "
           f"{dst.weight.dtype}.",
           "load_state_dict() 把每一项复制进模型已有的参数（param.copy_），参数保留自己的 dtype "
           f"和设备：dst.weight 是 {dst.weight.dtype}。"),
        same(f"{p['ask']}.dtype = {answer}"),
    ])
