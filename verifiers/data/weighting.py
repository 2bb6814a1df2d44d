"""WeightedRandomSampler: the share of draws a class gets (its total weight over all the
weight) and how num_samples, not the dataset, sets a loader's length."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, join, num, plural, require, short, value

from .loaders import batch_sizes, ceil_floor, check_loader, generator, index_dataset, loader

DRAWS = 20_000  # indices drawn to show the share empirically


def weight_code(weighting: str, class_weights: list[int]) -> str:
    return {"inverse": "1.0 / torch.tensor(counts, dtype=torch.float64)   # the notes' recipe",
            "custom": f"torch.tensor({class_weights}, dtype=torch.float64)",
            "uniform": "torch.ones(len(counts), dtype=torch.float64)"}[weighting]


def sample_share(p: Params, rng: random.Random) -> Params:
    c = len(p["counts"])
    weights = (p["class_weights"] + [rng.randint(1, 5) for _ in range(c)])[:c]
    return {**p, "class_weights": weights, "ask": rng.randrange(c)}


def class_weights_of(p: Params) -> list[float]:
    """The weight each class's samples get (plain Python, for the checks and the slips)."""
    counts = p["counts"]
    if p["weighting"] == "inverse":
        return [1.0 / c for c in counts]
    if p["weighting"] == "uniform":
        return [1.0] * len(counts)
    return [float(w) for w in p["class_weights"]]


def derive_share(p: Params) -> Params:
    counts, c = p["counts"], len(p["counts"])
    require(c >= 1 and all(n >= 1 for n in counts), "every class needs at least 1 sample")
    require(sum(counts) <= 100_000, "at most 100000 samples in all")
    require(p["weighting"] != "custom" or len(p["class_weights"]) == c,
            f"class_weights needs one weight per class ({c}), got {len(p['class_weights'])}")
    require(0 <= p["ask"] < c, f"class {p['ask']} does not exist: the classes are 0 to {c - 1}")
    total = sum(n * w for n, w in zip(counts, class_weights_of(p), strict=True))
    require(total > 0, "every weight is 0: the sampler has nothing to draw (torch.multinomial "
            "raises RuntimeError)")
    return {**p, "weight_code": weight_code(p["weighting"], p["class_weights"])}


def sampler_class_share(p: Params, device: Any) -> Result:
    import torch
    from torch.utils.data import WeightedRandomSampler

    p = derive_share(p)
    counts, k = p["counts"], p["ask"]
    # Samplers draw on the CPU, whatever device the model uses.
    labels = torch.cat([torch.full((c,), j) for j, c in enumerate(counts)])
    per_class = torch.tensor(class_weights_of(p), dtype=torch.float64)
    sampler = WeightedRandomSampler(per_class[labels], num_samples=len(labels),
                                    replacement=True)
    w = sampler.weights
    mine, total = w[labels == k].sum(), w.sum()
    share = value(mine / total)
    draws = WeightedRandomSampler(per_class[labels], num_samples=DRAWS, replacement=True,
                                  generator=generator(0))
    drawn = torch.tensor(list(draws))
    seen = value((labels[drawn] == k).to(torch.float64).mean())
    terms = " + ".join(f"{n} x {short(wt)}" for n, wt in zip(counts, per_class.tolist(),
                                                              strict=True))
    lines = [
        bi("WeightedRandomSampler draws index i with probability w_i / sum(w), so a class's "
           "share is its samples' total weight over all the weight.",
           "WeightedRandomSampler 以概率 w_i / sum(w) 抽取索引 i，所以某一类所占的比例等于"
           "该类样本的权重之和除以全部权重之和。"),
        bi(f"class {k}: {counts[k]} x {short(per_class[k])} = {short(mine)}; all classes: "
           f"{terms} = {short(total)}; share = {short(mine)} / {short(total)} = {num(share, 4)}.",
           f"第 {k} 类：{counts[k]} x {short(per_class[k])} = {short(mine)}；全部类别："
           f"{terms} = {short(total)}；比例 = {short(mine)} / {short(total)} = {num(share, 4)}。"),
    ]
    if p["weighting"] == "inverse":
        lines.append(bi(f"With the notes' weights 1 / class_count every class weighs n x 1/n = 1 "
                        f"in all, so each of the {len(counts)} classes gets 1/{len(counts)}.",
                        f"按笔记的做法取权重 1 / 类别样本数，每一类的总权重都是 n x 1/n = 1，"
                        f"所以 {len(counts)} 个类别各占 1/{len(counts)}。"))
    lines.append(bi(f"Drawing {DRAWS} indices with a seeded generator gave class {k} a share of "
                    f"{num(seen, 4)}.",
                    f"用固定种子的生成器抽取 {DRAWS} 个索引，第 {k} 类实际占 {num(seen, 4)}。"))
    return share, join(lines)


# ---- a loader driven by a sampler ------------------------------------------------------------


def sample_sampler_loader(p: Params, rng: random.Random) -> Params:
    if not p["replacement"] and p["num_samples"] > p["N"]:
        p["num_samples"] = rng.randint(1, p["N"])
    return p


def derive_sampler_loader(p: Params) -> Params:
    n, m = p["N"], p["num_samples"]
    require(n >= 1, f"the dataset needs at least 1 sample, got N={n}")
    require(m >= 1, f"num_samples must be at least 1, got {m}")
    require(p["replacement"] or m <= n,
            f"without replacement the sampler cannot draw {m} indices from {n} samples "
            "(torch.multinomial raises RuntimeError)")
    check_loader(m, p["batch_size"])
    require(n <= 100_000, "at most 100000 samples")
    return p


def sampler_loader_len(p: Params, device: Any) -> Result:
    import torch
    from torch.utils.data import WeightedRandomSampler

    derive_sampler_loader(p)
    n, m, bs, drop = p["N"], p["num_samples"], p["batch_size"], p["drop_last"]
    sampler = WeightedRandomSampler(torch.ones(n, dtype=torch.float64), num_samples=m,
                                    replacement=p["replacement"], generator=generator(0))
    dl = loader(index_dataset(n, device), batch_size=bs, sampler=sampler, drop_last=drop)
    sizes = batch_sizes(dl)
    answer = len(dl)
    require(answer == len(sizes), "len(loader) disagrees with the batches it yields")
    _, rule = ceil_floor(m, bs, drop)
    return answer, join([
        bi(f"With a sampler, one epoch is len(sampler) = num_samples = "
           f"{plural(m, 'index', 'indices')}, whatever the dataset's length ({n}): the loader "
           f"batches {'that draw' if m == 1 else f'those {m} draws'}.",
           f"使用采样器时，一轮就是 len(sampler) = num_samples = {m} 个索引，与数据集长度"
           f"（{n}）无关：加载器把这 {m} 次抽样分成批次。"),
        bi(f"batch_size={bs}, drop_last={drop}: len(loader) = {rule['en']}.",
           f"batch_size={bs}、drop_last={drop}：len(loader) = {rule['zh']}。"),
    ])
