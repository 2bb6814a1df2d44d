"""Known slips of the data deck's collate, TensorDataset and sampler cards (pure Python)."""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip

from .collating import DICT_KEYS, LABEL_SHAPES, batch_of
from .indexing import picked
from .slips import FULL
from .weighting import class_weights_of

NO_BATCH = ("forgot the batch dimension default_collate adds in front",
            "忘了 default_collate 在最前面加的批维度")
LAST = ("put the batch dimension last instead of first", "把批维度放在了最后而不是最前")


def _leaf_slips(item: list[int], b: int, bs: int) -> list[Slip]:
    found = [Slip("no-batch-dim", list(item), *NO_BATCH)]
    if item:
        found.append(Slip("batch-dim-last", [*item, b], *LAST))
    found.append(Slip("full-batch-assumed", [bs, *item], *FULL))
    return found


def tuple_slips(p: Params) -> list[Slip]:
    b = batch_of(p["N"], p["batch_size"], p["batch"])
    if p["ask"] == "features":
        return _leaf_slips(p["feature_shape"], b, p["batch_size"])
    label = LABEL_SHAPES[p["label"]]
    found = [Slip("no-batch-dim", list(label), *NO_BATCH)]
    if label:
        found.append(Slip("label-dim-dropped", [b],
                          "dropped the label's own dimension of size 1",
                          "把标签自己那一维（大小为 1）丢掉了"))
    else:
        found.append(Slip("label-dim-added", [b, 1],
                          "gave a number label an extra dimension of size 1",
                          "给数字标签多加了一维（大小为 1）"))
    found.append(Slip("full-batch-assumed", [p["batch_size"], *label], *FULL))
    return found


def dict_slips(p: Params) -> list[Slip]:
    item = DICT_KEYS[p["key"]]
    item = p["image_shape"] if item is None else item
    return _leaf_slips(item, min(p["N"], p["batch_size"]), p["batch_size"])


def batch_len_slips(p: Params) -> list[Slip]:
    b = min(p["N"], p["batch_size"])
    if p["kind"] != "tensor":
        return [Slip("batch-size-for-len", b,
                     "counted samples; len(batch) counts the fields of the collated batch",
                     "数了样本数；len(batch) 数的是整理后批次的字段数")]
    return [Slip("feature-len-for-len", p["length"],
                 "took the length of one sample's tensor; a batch tensor's len is its first "
                 "dimension", "取了单个样本张量的长度；批次张量的 len 是它的第 0 维"),
            Slip("full-batch-assumed", p["batch_size"], *FULL)]


def index_slips(p: Params) -> list[Slip]:
    shape, n = p["x_shape"], p["x_shape"][0]
    full = shape if p["field"] == 0 else [n]
    rest = full[1:]
    whole = Slip("whole-dataset", list(full), "gave the shape of the whole tensor",
                 "给出的是整个张量的形状")
    if p["kind"] == "item":
        return [Slip("kept-sample-dim", [1, *rest],
                     "kept the sample dimension; an integer index removes it",
                     "保留了样本维；整数索引会去掉这一维"), whole]
    taken = len(picked(n, {**p, "stop": None if p["stop"] == -1 else p["stop"] + 1}))
    return [Slip("slice-as-item", list(rest), "dropped the dimension; a slice keeps it",
                 "把这一维去掉了；切片会保留它"),
            Slip("slice-end-inclusive", [taken, *rest], "counted the stop index as included",
                 "把切片的终点也算了进去"), whole]


def share_slips(p: Params) -> list[Slip]:
    counts, k = p["counts"], p["ask"]
    weights = class_weights_of(p)
    found = []
    if sum(weights) > 0:
        found.append(Slip("counts-ignored", weights[k] / sum(weights),
                          "read the per-class weights as class probabilities, ignoring how many "
                          "samples each class has",
                          "把每类的权重当成了类别概率，忽略了每类的样本数"))
    found.append(Slip("weights-ignored", counts[k] / sum(counts),
                      "gave the class its share of samples, ignoring the weights",
                      "只按样本数算比例，忽略了权重"))
    return [s for s in found if math.isfinite(s.answer)]
