"""Live checks of the flash cards about moving, saving and loading: weights_only, .to() in
place, map_location, and load_state_dict's strict key check."""

from __future__ import annotations

import io
import pickle
from typing import Any

from quizapp.authoring import Params, Result, bi, ones

from .builders import linear


def _buffer(obj: Any) -> io.BytesIO:
    import torch

    buf = io.BytesIO()
    torch.save(obj, buf)
    buf.seek(0)
    return buf


def check_whole_module_refused(p: Params, device: Any) -> Result:
    import torch

    model = linear(3, 2, device)
    refused = []
    for obj in (model, {"model": model, "epoch": 3}):
        try:
            torch.load(_buffer(obj))
        except pickle.UnpicklingError:
            refused.append(type(obj).__name__)
    unpickled = torch.load(_buffer(model), weights_only=False)
    weights = torch.load(_buffer(model.state_dict()))
    ok = (len(refused) == 2 and isinstance(unpickled, torch.nn.Linear)
          and sorted(weights) == ["bias", "weight"])
    return ok, bi(
        f"in torch {torch.__version__}, torch.load(buf) raised UnpicklingError for a saved "
        f"{refused[0] if refused else '-'} and for a checkpoint dict holding it; with "
        f"weights_only=False it returned a {type(unpickled).__name__}; the state_dict loaded "
        f"by default with keys {sorted(weights)}.",
        f"在 torch {torch.__version__} 中，torch.load(buf) 对保存的 "
        f"{refused[0] if refused else '-'} 以及包含它的检查点字典都抛出 UnpicklingError；"
        f"加上 weights_only=False 后返回 {type(unpickled).__name__}；state_dict 用默认参数即可"
        f"加载，键为 {sorted(weights)}。")


def check_module_to_in_place(p: Params, device: Any) -> Result:
    import torch

    layer = torch.nn.Linear(2, 2)
    same_object = layer.to(torch.float64) is layer
    t = torch.ones(2)
    moved = t.to(torch.float64)
    ok = (same_object and layer.weight.dtype == torch.float64 and moved is not t
          and t.dtype == torch.float32 and moved.dtype == torch.float64)
    return ok, bi(
        f"layer.to(torch.float64) returned the same object ({same_object}) and its weight is "
        f"now {layer.weight.dtype}; t.to(torch.float64) returned a new tensor and t is still "
        f"{t.dtype}.",
        f"layer.to(torch.float64) 返回的是同一个对象（{same_object}），其权重现在是 "
        f"{layer.weight.dtype}；t.to(torch.float64) 返回新张量，t 仍是 {t.dtype}。")


def check_map_location(p: Params, device: Any) -> Result:
    import torch

    src = linear(3, 2, device)
    for t in src.parameters():
        torch.nn.init.uniform_(t, -1, 1)
    sd = torch.load(_buffer(src.state_dict()), map_location="cpu")
    dst = linear(3, 2, device)
    dst.load_state_dict(sd)
    where = {t.device.type for t in sd.values()}
    ok = (where == {"cpu"} and dst.weight.device == src.weight.device
          and torch.equal(dst.weight, src.weight))
    return ok, bi(
        f"saved from {src.weight.device.type}, torch.load(buf, map_location='cpu') gave tensors "
        f"on {sorted(where)}; after load_state_dict the model's weight is on "
        f"{dst.weight.device.type} with the saved values.",
        f"从 {src.weight.device.type} 保存，torch.load(buf, map_location='cpu') 得到的张量在 "
        f"{sorted(where)} 上；load_state_dict 之后模型的权重仍在 {dst.weight.device.type} 上，"
        "数值与保存的一致。")


def check_load_strict(p: Params, device: Any) -> Result:
    layer = linear(2, 2, device)
    partial = {"weight": ones((2, 2), device), "extra": ones((1,), device)}
    try:
        layer.load_state_dict(partial)
        message = ""
    except RuntimeError as exc:
        message = str(exc).splitlines()[0]
    result = layer.load_state_dict(partial, strict=False)
    ok = (message.startswith("Error(s) in loading state_dict") and result.missing_keys == ["bias"]
          and result.unexpected_keys == ["extra"] and bool((layer.weight == 1).all()))
    return ok, bi(
        f"the default strict=True raised RuntimeError ({message}); strict=False loaded the "
        f"weight and returned missing_keys={result.missing_keys}, "
        f"unexpected_keys={result.unexpected_keys}.",
        f"默认的 strict=True 抛出 RuntimeError（{message}）；strict=False 加载了 weight，并返回 "
        f"missing_keys={result.missing_keys}、unexpected_keys={result.unexpected_keys}。")
