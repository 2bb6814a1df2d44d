"""How many batches a DataLoader yields, how big the last one is, and how many iterations
several epochs run: each answer counted by iterating the real loader."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, plural, require, steps

from .loaders import (
    batch_sizes,
    ceil_floor,
    check_loader,
    index_dataset,
    loader,
    partial_text,
    sizes_text,
    sum_text,
)

NOTES_BATCH_SIZE = bi(
    "The notes call batch_size the number of batches (批次数量); it is the number of samples "
    "in each batch, and the number of batches follows from it.",
    "笔记把 batch_size 说成“批次数量”；实际上它是每个批次里的样本数（批大小），"
    "批次数量是由它推出来的。")


def sample_loader(p: Params, rng: random.Random) -> Params:
    """Mostly typical sizes; sometimes N smaller than one batch, or an exact multiple."""
    bs, r = p["batch_size"], rng.random()
    if r < 0.15 and bs > 1:
        p["N"] = rng.randint(1, bs - 1)
    elif r < 0.3:
        p["N"] = bs * rng.randint(1, max(1, 1000 // bs))
    return p


def sample_last_batch(p: Params, rng: random.Random) -> Params:
    """As sample_loader, but never drop_last=True with N < batch_size (no batch at all)."""
    p = sample_loader(p, rng)
    if p["drop_last"] and p["N"] < p["batch_size"]:
        p["N"] = rng.randint(p["batch_size"], 1000)
    return p


def derive_loader(p: Params) -> Params:
    """Refuses what cannot be iterated; shows nothing new."""
    check_loader(p["N"], p["batch_size"], p.get("epochs", 1))
    return p


def derive_last_batch(p: Params) -> Params:
    derive_loader(p)
    require(not (p["drop_last"] and p["N"] < p["batch_size"]),
            f"drop_last=True with N={p['N']} < batch_size={p['batch_size']} drops the only "
            "batch: the loader yields no batch at all, so there is no last batch")
    return p


def _one_pass(p: Params, device: Any) -> tuple[Any, list[int]]:
    ds = index_dataset(p["N"], device)
    dl = loader(ds, batch_size=p["batch_size"], drop_last=p["drop_last"])
    return dl, batch_sizes(dl)


def dataloader_len(p: Params, device: Any) -> Result:
    derive_loader(p)
    n, bs, drop = p["N"], p["batch_size"], p["drop_last"]
    dl, sizes = _one_pass(p, device)
    answer = len(dl)
    require(answer == len(sizes), "len(loader) disagrees with the batches it yields")
    _, rule = ceil_floor(n, bs, drop)
    return answer, join([
        bi(f"batch_size={bs} puts {plural(bs, 'sample', 'samples')} in each batch; iterating "
           f"the loader over N={n} gave {sizes_text(sizes)['en']} ({sum_text(sizes)}).",
           f"batch_size={bs} 表示每个批次放 {bs} 个样本；遍历加载器，N={n} 个样本得到 "
           f"{sizes_text(sizes)['zh']}（{sum_text(sizes)}）。"),
        bi(f"{partial_text(n, bs, drop)['en']}: len(loader) = {rule['en']}.",
           f"{partial_text(n, bs, drop)['zh']}：len(loader) = {rule['zh']}。"),
        NOTES_BATCH_SIZE,
    ])


def last_batch_size(p: Params, device: Any) -> Result:
    derive_last_batch(p)
    n, bs, drop = p["N"], p["batch_size"], p["drop_last"]
    _, sizes = _one_pass(p, device)
    answer = sizes[-1]
    full, rest = divmod(n, bs)
    if rest == 0:
        why = bi(f"{n} = {bs} x {full}: the last batch is full, "
                 f"{plural(answer, 'sample', 'samples')} (not 0).",
                 f"{n} = {bs} x {full}：最后一个批次是满的，有 {answer} 个样本（不是 0）。")
    elif drop:
        why = bi(f"{n} = {bs} x {full} + {rest}; drop_last=True drops the partial batch of "
                 f"{rest}, so the last batch yielded is a full one: {answer}.",
                 f"{n} = {bs} x {full} + {rest}；drop_last=True 丢弃了 {rest} 个样本的不满批次，"
                 f"所以产出的最后一个批次是满的：{answer}。")
    elif full == 0:
        why = bi(f"N={n} < batch_size={bs}: the one and only batch holds all "
                 f"{plural(answer, 'sample', 'samples')}.",
                 f"N={n} < batch_size={bs}：唯一的批次装下全部 {answer} 个样本。")
    else:
        why = bi(f"{n} = {bs} x {full} + {rest}; drop_last=False keeps the remainder as a "
                 f"last, smaller batch: {n} mod {bs} = {answer}.",
                 f"{n} = {bs} x {full} + {rest}；drop_last=False 把余下的样本作为最后一个"
                 f"较小的批次保留：{n} mod {bs} = {answer}。")
    return answer, join([
        bi(f"Iterating the loader gave {sizes_text(sizes)['en']}.",
           f"遍历加载器得到 {sizes_text(sizes)['zh']}。"),
        why,
    ])


def epoch_iterations(p: Params, device: Any) -> Result:
    derive_loader(p)
    n, bs, drop, epochs = p["N"], p["batch_size"], p["drop_last"], p["epochs"]
    ds = index_dataset(n, device)
    dl = loader(ds, batch_size=bs, drop_last=drop)
    iterations, per_epoch = 0, []
    for _ in steps(epochs, "epochs"):
        before = iterations
        for _batch in dl:
            iterations += 1
        per_epoch.append(iterations - before)
    require(len(set(per_epoch)) == 1, "the epochs yielded different numbers of batches")
    each = per_epoch[0]
    _, rule = ceil_floor(n, bs, drop)
    return iterations, join([
        bi(f"One epoch is one pass over the loader: {partial_text(n, bs, drop)['en']}, so each "
           f"epoch runs {rule['en']} iterations (one per batch, not per sample).",
           f"一轮（epoch）就是把加载器完整遍历一遍：{partial_text(n, bs, drop)['zh']}，"
           f"所以每轮迭代 {rule['zh']} 次（每个批次一次，而不是每个样本一次）。"),
        bi(f"The loop ran {plural(each, 'iteration', 'iterations')} in each of "
           f"{plural(epochs, 'epoch', 'epochs')}: "
           f"{epochs} x {each} = {iterations}.",
           f"循环在 {epochs} 轮中每轮都迭代了 {each} 次：{epochs} x {each} = {iterations}。"),
        NOTES_BATCH_SIZE,
    ])
