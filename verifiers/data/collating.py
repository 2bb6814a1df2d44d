"""The default collate: what a batch looks like when a Dataset returns a tuple, a dict (nested
too) or a single tensor, read off the batches the real DataLoader yields."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Params, Result, bi, join, plural, require, shape_of

from .loaders import check_loader, fits, loader

LABELS = {  # the label expression shown -> what __getitem__ returns for sample i
    "i % 2": lambda torch, i: i % 2,
    "float(i % 2)": lambda torch, i: float(i % 2),
    "torch.tensor(i % 2)": lambda torch, i: torch.tensor(i % 2),
    "torch.tensor([i % 2])": lambda torch, i: torch.tensor([i % 2]),
}
LABEL_SHAPES = {"i % 2": [], "float(i % 2)": [], "torch.tensor(i % 2)": [],
                "torch.tensor([i % 2])": [1]}
EXTRA_FIELDS = {  # fields after the first tensor: the code shown -> the value for sample i
    "i % 2": lambda torch, i: i % 2,
    "float(i)": lambda torch, i: float(i),
    "torch.ones(2)": lambda torch, i: torch.ones(2),
    "torch.tensor(i)": lambda torch, i: torch.tensor(i),
    "2 * i": lambda torch, i: 2 * i,
    "torch.ones(3)": lambda torch, i: torch.ones(3),
    "i": lambda torch, i: i,
}
KEYS = ["x", "y", "w", "mask", "id", "z", "t", "u"]
DICT_KEYS = {  # the expression asked about -> the shape of one sample's value
    "batch['image']": None,  # the image shape parameter
    "batch['label']": [],
    "batch['meta']['index']": [],
    "batch['meta']['box']": [4],
}


def size_text(shape: list[int]) -> str:
    """Arguments of torch.zeros for a shape: '3, 2', '5', or '()' for a 0-d tensor."""
    return ", ".join(map(str, shape)) if shape else "()"


def batch_of(n: int, batch_size: int, which: str) -> int:
    """How many samples the first or the last batch holds (drop_last=False)."""
    if which == "first":
        return min(n, batch_size)
    return n - (math.ceil(n / batch_size) - 1) * batch_size


def _last(dl: Any) -> Any:
    last = None
    for batch in dl:
        last = batch
    return last


def _explain_leaf(item: list[int], b: int, what: str) -> Any:
    got = [b, *item]
    item_text = tuple(item) if item else "()"
    return bi(f"Each sample's {what} has shape {item_text}; default_collate stacks the batch's "
              f"{plural(b, 'sample', 'samples')} along a new first dimension: {tuple(got)}.",
              f"每个样本的 {what} 形状为 {item_text}；default_collate 把这个批次的 {b} 个样本"
              f"沿新的第 0 维堆叠起来：{tuple(got)}。")


def _batch_size_line(n: int, bs: int, which: str, b: int) -> Any:
    if n <= bs:
        return bi(f"N={n} <= batch_size={bs}: the only batch holds all "
                  f"{plural(b, 'sample', 'samples')}.",
                  f"N={n} <= batch_size={bs}：唯一的批次装下全部 {b} 个样本。")
    if which == "first":
        return bi(f"The first batch holds min(N, batch_size) = min({n}, {bs}) = {b} samples.",
                  f"第一个批次有 min(N, batch_size) = min({n}, {bs}) = {b} 个样本。")
    return bi(f"The last batch holds what is left: {n} - {bs} x {math.ceil(n / bs) - 1} = {b} "
              "samples (drop_last=False keeps it).",
              f"最后一个批次装剩下的样本：{n} - {bs} x {math.ceil(n / bs) - 1} = {b} 个"
              "（drop_last=False 保留它）。")


# ---- a Dataset returning (features, label) --------------------------------------------------


def derive_tuple(p: Params) -> Params:
    check_loader(p["N"], p["batch_size"])
    require(all(d >= 1 for d in p["feature_shape"]), "every feature size must be at least 1")
    fits(min(p["N"], p["batch_size"]) * math.prod(p["feature_shape"]), "a batch of features")
    code = "next(iter(loader))" if p["batch"] == "first" else "list(loader)[-1]"
    return {**p, "feature_text": size_text(p["feature_shape"]), "batch_code": code}


def collate_tuple_shape(p: Params, device: Any) -> Result:
    import torch
    from torch.utils.data import Dataset

    p = derive_tuple(p)
    n, shape, make_label = p["N"], p["feature_shape"], LABELS[p["label"]]

    class Pairs(Dataset):
        def __len__(self) -> int:
            return n

        def __getitem__(self, i: int) -> Any:
            return torch.zeros(shape, dtype=torch.float64, device=device), make_label(torch, i)

    dl = loader(Pairs(), batch_size=p["batch_size"])
    features, labels = next(iter(dl)) if p["batch"] == "first" else _last(dl)
    got = list(shape_of(features if p["ask"] == "features" else labels))
    b = int(features.shape[0])
    if p["ask"] == "features":
        leaf = _explain_leaf(shape, b, "features")
    else:
        kinds = {"i % 2": ("a Python int", "Python 整数"),
                 "float(i % 2)": ("a Python float", "Python 浮点数"),
                 "torch.tensor(i % 2)": ("a 0-d tensor", "0 维张量"),
                 "torch.tensor([i % 2])": ("a tensor of shape (1,)", "形状为 (1,) 的张量")}
        en, zh = kinds[p["label"]]
        leaf = bi(f"The label is {en}: collated to a tensor of shape {tuple(got)} "
                  f"(dtype {str(labels.dtype).removeprefix('torch.')}); a (1,) label keeps its "
                  "extra dimension, a number or a 0-d tensor does not.",
                  f"标签的类型：{zh}；整理后成为形状为 {tuple(got)} 的张量（dtype "
                  f"{str(labels.dtype).removeprefix('torch.')}）；形状为 (1,) 的标签会保留那一维，"
                  "数字或 0 维张量则不会。")
    return got, join([_batch_size_line(n, p["batch_size"], p["batch"], b), leaf])


# ---- a Dataset returning a nested dict ------------------------------------------------------


def derive_dict(p: Params) -> Params:
    check_loader(p["N"], p["batch_size"])
    require(all(d >= 1 for d in p["image_shape"]), "every image size must be at least 1")
    fits(min(p["N"], p["batch_size"]) * math.prod(p["image_shape"]), "a batch of images")
    return {**p, "image_text": size_text(p["image_shape"])}


def collate_dict_shape(p: Params, device: Any) -> Result:
    import torch
    from torch.utils.data import Dataset

    p = derive_dict(p)
    n, image = p["N"], p["image_shape"]

    class Records(Dataset):
        def __len__(self) -> int:
            return n

        def __getitem__(self, i: int) -> Any:
            return {"image": torch.zeros(image, dtype=torch.float64, device=device),
                    "label": i % 10,
                    "meta": {"index": i, "box": torch.zeros(4, dtype=torch.float64,
                                                            device=device)}}

    batch = next(iter(loader(Records(), batch_size=p["batch_size"])))
    leaves = {"batch['image']": batch["image"], "batch['label']": batch["label"],
              "batch['meta']['index']": batch["meta"]["index"],
              "batch['meta']['box']": batch["meta"]["box"]}
    got = list(shape_of(leaves[p["key"]]))
    b = int(batch["image"].shape[0])
    item = image if DICT_KEYS[p["key"]] is None else DICT_KEYS[p["key"]]
    return got, join([
        bi(f"default_collate keeps the structure: the batch is a dict with the same keys "
           f"({', '.join(batch)}), and the nested dict stays a dict; only the leaves are "
           "batched.",
           f"default_collate 保留结构：批次仍是同样键（{', '.join(batch)}）的字典，"
           "嵌套的字典也还是字典；只有最内层的值被合并成批。"),
        _batch_size_line(n, p["batch_size"], "first", b),
        _explain_leaf(item, b, p["key"]),
    ])


# ---- len(batch) -----------------------------------------------------------------------------


def item_code(kind: str, fields: int, length: int) -> str:
    first = f"torch.zeros({length})"
    if kind == "tensor":
        return first
    values = [first, *list(EXTRA_FIELDS)[:fields - 1]]
    if kind == "tuple":
        return f"({first},)" if fields == 1 else ", ".join(values)
    return "{" + ", ".join(f'"{k}": {v}' for k, v in zip(KEYS, values, strict=False)) + "}"


def make_item(torch: Any, kind: str, fields: int, length: int, i: int, device: Any) -> Any:
    """What __getitem__(i) returns for the item code above."""
    first = torch.zeros(length, dtype=torch.float64, device=device)
    if kind == "tensor":
        return first
    values = [first, *(fn(torch, i) for fn in list(EXTRA_FIELDS.values())[:fields - 1])]
    if kind == "tuple":
        return tuple(values)
    return dict(zip(KEYS, values, strict=False))


def derive_batch_len(p: Params) -> Params:
    check_loader(p["N"], p["batch_size"])
    require(1 <= p["fields"] <= len(EXTRA_FIELDS) + 1,
            f"fields must be 1 to {len(EXTRA_FIELDS) + 1}")
    require(p["length"] >= 1, "the tensor needs at least 1 value")
    fits(min(p["N"], p["batch_size"]) * p["length"], "a batch")
    return {**p, "item_code": item_code(p["kind"], p["fields"], p["length"])}


def collate_batch_len(p: Params, device: Any) -> Result:
    import torch
    from torch.utils.data import Dataset

    p = derive_batch_len(p)
    n, kind, fields, length = p["N"], p["kind"], p["fields"], p["length"]

    class Items(Dataset):
        def __len__(self) -> int:
            return n

        def __getitem__(self, i: int) -> Any:
            return make_item(torch, kind, fields, length, i, device)

    batch = next(iter(loader(Items(), batch_size=p["batch_size"])))
    answer = len(batch)
    b = min(n, p["batch_size"])
    if kind == "tensor":
        why = bi(f"Each sample is one tensor of shape ({length},): the batch is a single tensor "
                 f"of shape {tuple(shape_of(batch))}, and len() of a tensor is its first "
                 f"dimension, the batch size {answer}.",
                 f"每个样本是一个形状为 ({length},) 的张量：批次是一个形状为 "
                 f"{tuple(shape_of(batch))} 的张量，对张量取 len() 得到第 0 维，即批大小 "
                 f"{answer}。")
    else:
        container = type(batch).__name__
        why = bi(f"Each sample is a {kind} of {plural(p['fields'], 'field', 'fields')}; "
                 f"default_collate batches field by field and returns a {container} of "
                 f"{answer} (each holding {plural(b, 'sample', 'samples')}), so len(batch) "
                 f"counts fields, not samples: {answer}.",
                 f"每个样本是含 {p['fields']} 个字段的 {kind}；default_collate 按字段分别合并，"
                 f"返回含 {answer} 项的 {container}（每项装 {b} 个样本），所以 len(batch) "
                 f"数的是字段数而不是样本数：{answer}。")
    return answer, why
