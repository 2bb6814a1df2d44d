"""What shuffle and num_workers change and what they leave alone: batch sizes stay, the order
of samples moves (every epoch), and a seeded generator replays it."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, quiet, require

from .loaders import (
    batch_sizes,
    check_loader,
    generator,
    index_dataset,
    loader,
    partial_text,
    sizes_text,
)

COMPARES = ("next-epoch", "reseeded", "same-seed-loader", "other-seed-loader")


def sample_sizes(p: Params, rng: random.Random) -> Params:
    """Never drop_last=True with N < batch_size (no batch at all)."""
    if p["drop_last"] and p["N"] < p["batch_size"]:
        p["N"] = rng.randint(p["batch_size"], 60)
    return p


def derive_sizes(p: Params) -> Params:
    check_loader(p["N"], p["batch_size"])
    require(not (p["drop_last"] and p["N"] < p["batch_size"]),
            f"drop_last=True with N={p['N']} < batch_size={p['batch_size']} drops the only "
            "batch: the loader yields no batch at all")
    require(0 <= p["num_workers"] <= 64, "num_workers must be 0 to 64")
    return p


def shuffled_batch_sizes(p: Params, device: Any) -> Result:
    derive_sizes(p)
    n, bs, drop, k = p["N"], p["batch_size"], p["drop_last"], p["num_workers"]
    options = {"batch_size": bs, "shuffle": p["shuffle"], "drop_last": drop}
    ds = index_dataset(n, device)
    got = batch_sizes(loader(ds, generator=generator(p["torch_seed"]), **options))
    # The loader as shown, with its workers: never iterated, so no process starts; its
    # batch_sampler is what hands each worker its batches.
    from torch.utils.data import DataLoader

    with quiet():
        shown = DataLoader(ds, num_workers=k, generator=generator(p["torch_seed"]), **options)
        planned = list(shown.batch_sampler)
    require([len(b) for b in planned] == got, "the workers' batches differ in size")
    order = bi("shuffle=True only permutes which samples land in which batch"
               if p["shuffle"] else "shuffle=False keeps the samples in order",
               "shuffle=True 只打乱哪些样本进入哪个批次" if p["shuffle"]
               else "shuffle=False 保持样本原有顺序")
    return got, join([
        bi(f"The sizes come from N={n}, batch_size={bs} and drop_last={drop} alone: "
           f"{partial_text(n, bs, drop)['en']}, giving {sizes_text(got)['en']}: {got}.",
           f"批次大小只由 N={n}、batch_size={bs} 和 drop_last={drop} 决定："
           f"{partial_text(n, bs, drop)['zh']}，得到 {sizes_text(got)['zh']}：{got}。"),
        bi(f"{order['en']}; the short batch, if any, is still the last one.",
           f"{order['zh']}；如果有不满的批次，它仍然是最后一个。"),
        bi(f"num_workers={k} only sets how many processes fetch the batches: the loader built "
           f"with num_workers={k} plans the same {len(planned)} index lists, and they come back "
           "in that order.",
           f"num_workers={k} 只决定用几个进程去取这些批次：用 num_workers={k} 构造的加载器"
           f"规划出同样的 {len(planned)} 组索引，并按这个顺序返回。"),
    ])


# ---- does the order repeat? ------------------------------------------------------------------


def second_code(p: Params) -> str:
    again = "second = [xb.tolist() for xb, in loader]"
    if p["compare"] == "next-epoch":
        return again + "   # the next epoch"
    if p["compare"] == "reseeded":
        return f"g.manual_seed({p['torch_seed']})\n{again}"
    seed = p["torch_seed"] if p["compare"] == "same-seed-loader" else p["torch_seed"] + 1
    return (f"loader2 = DataLoader(ds, batch_size={p['batch_size']}, shuffle={p['shuffle']},\n"
            f"                     generator=torch.Generator().manual_seed({seed}))\n"
            "second = [xb.tolist() for xb, in loader2]")


def derive_order(p: Params) -> Params:
    check_loader(p["N"], p["batch_size"], 2)
    require(p["compare"] in COMPARES, f"compare must be one of {', '.join(COMPARES)}")
    return {**p, "second_code": second_code(p)}


def _epoch(dl: Any) -> list[list[int]]:
    return [batch[0].tolist() for batch in dl]


def epoch_order_repeats(p: Params, device: Any) -> Result:
    p = derive_order(p)
    ds = index_dataset(p["N"], device)
    options = {"batch_size": p["batch_size"], "shuffle": p["shuffle"]}
    g = generator(p["torch_seed"])
    dl = loader(ds, generator=g, **options)
    first = _epoch(dl)
    if p["compare"] == "next-epoch":
        second = _epoch(dl)
    elif p["compare"] == "reseeded":
        g.manual_seed(p["torch_seed"])
        second = _epoch(dl)
    else:
        seed = p["torch_seed"] if p["compare"] == "same-seed-loader" else p["torch_seed"] + 1
        second = _epoch(loader(ds, generator=generator(seed), **options))
    answer = first == second
    head = bi(f"first batch of the first pass {first[0]}, of the second {second[0]}: the two "
              f"passes are {'the same' if answer else 'different'}.",
              f"第一遍的第一个批次是 {first[0]}，第二遍的是 {second[0]}：两遍"
              f"{'完全相同' if answer else '不同'}。")
    if not p["shuffle"]:
        why = bi("shuffle=False reads the samples in index order every time; the generator is "
                 "not used.",
                 "shuffle=False 每次都按索引顺序读取样本，生成器根本没有用到。")
    elif p["compare"] == "next-epoch":
        why = bi("shuffle=True draws a new permutation at the start of every epoch, from the "
                 "generator's current state, which the first epoch advanced.",
                 "shuffle=True 在每一轮开始时都用生成器的当前状态重新抽一个排列，"
                 "而第一轮已经让生成器的状态前进了。")
    elif p["compare"] == "reseeded":
        why = bi("Re-seeding the generator puts it back in its starting state, so the next "
                 "epoch draws the first epoch's permutation again.",
                 "重新设置种子让生成器回到初始状态，所以下一轮会再次抽到第一轮的排列。")
    elif p["compare"] == "same-seed-loader":
        why = bi("A generator seeded with the same number gives the same permutation: shuffling "
                 "is reproducible.",
                 "用相同种子初始化的生成器给出相同的排列：打乱是可以复现的。")
    else:
        why = bi("Another seed starts the generator elsewhere and draws another permutation.",
                 "换一个种子，生成器从别的状态开始，抽到的是另一个排列。")
    expected = not p["shuffle"] or p["compare"] in {"reseeded", "same-seed-loader"}
    lines = [head, why]
    if answer != expected:
        lines.append(bi("With so few samples the two permutations happen to give the same "
                        "batches.",
                        "样本太少，两个排列恰好给出了相同的批次。"))
    return answer, join(lines)
