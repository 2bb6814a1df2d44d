"""Live checks of the flash cards about Dataset, DataLoader and samplers: what batch_size,
num_workers and shuffle mean, what a Dataset must define, what the default collate returns."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, num, quiet

from .loaders import batch_sizes, generator, index_dataset, loader


def check_batch_size_samples(p: Params, device: Any) -> Result:
    ds = index_dataset(10, device)
    four = batch_sizes(loader(ds, batch_size=4))
    three = batch_sizes(loader(ds, batch_size=3))
    ok = four == [4, 4, 2] and three == [3, 3, 3, 1]
    return ok, bi(
        f"10 samples with batch_size=4 gave batches of {four} ({len(four)} batches); with "
        f"batch_size=3, {three} ({len(three)} batches): batch_size is the samples per batch.",
        f"10 个样本、batch_size=4 得到大小为 {four} 的批次（共 {len(four)} 个）；batch_size=3 "
        f"得到 {three}（共 {len(three)} 个）：batch_size 是每批的样本数。")


def check_num_workers_count(p: Params, device: Any) -> Result:
    from torch.utils.data import DataLoader

    ds = index_dataset(20, device)
    default = DataLoader(ds, batch_size=6)
    with quiet():
        workers = DataLoader(ds, batch_size=6, num_workers=3)  # never iterated: no process
    try:
        DataLoader(ds, num_workers=-1)
        refused = ""
    except ValueError as exc:
        refused = str(exc).split(";")[0]
    same = list(default.batch_sampler) == list(workers.batch_sampler)
    ok = default.num_workers == 0 and same and len(default) == len(workers) and bool(refused)
    return ok, bi(
        f"DataLoader's default num_workers is {default.num_workers} (load in this process); "
        f"with num_workers=3 the loader plans the same {len(workers)} batches; num_workers=-1 "
        f"is refused ({refused}).",
        f"DataLoader 的 num_workers 默认是 {default.num_workers}（在当前进程中加载）；"
        f"num_workers=3 时加载器规划出同样的 {len(workers)} 个批次；num_workers=-1 会被拒绝"
        f"（{refused}）。")


def check_shuffle_every_epoch(p: Params, device: Any) -> Result:
    ds = index_dataset(12, device)

    def two_epochs(seed: int) -> list[list[int]]:
        dl = loader(ds, batch_size=12, shuffle=True, generator=generator(seed))
        return [batch[0].tolist() for _ in range(2) for batch in dl]

    first, again = two_epochs(7), two_epochs(7)
    ok = first[0] != first[1] and first == again and sorted(first[0]) == list(range(12))
    return ok, bi(
        f"with generator seed 7, epoch 1 read {first[0]} and epoch 2 read {first[1]}; a new "
        "loader seeded 7 replayed both epochs exactly.",
        f"生成器种子为 7 时，第 1 轮读到 {first[0]}，第 2 轮读到 {first[1]}；"
        "新建一个种子同为 7 的加载器，两轮都完全重现。")


def check_dataset_needs_len(p: Params, device: Any) -> Result:
    from torch.utils.data import Dataset

    class OnlyItems(Dataset):
        def __getitem__(self, i: int) -> int:
            return i

    class WithLen(OnlyItems):
        def __len__(self) -> int:
            return 5

    try:
        list(loader(OnlyItems(), batch_size=2))
        error = ""
    except TypeError as exc:
        error = str(exc)
    sizes = [len(b) for b in loader(WithLen(), batch_size=2)]
    ok = bool(error) and sizes == [2, 2, 1]
    return ok, bi(
        f"a Dataset with only __getitem__ failed in the default DataLoader with TypeError "
        f"({error}); adding __len__ returning 5 gave batches of {sizes}.",
        f"只定义了 __getitem__ 的 Dataset 在默认 DataLoader 中报 TypeError（{error}）；"
        f"加上返回 5 的 __len__ 后得到大小为 {sizes} 的批次。")


def check_tuple_batch_is_list(p: Params, device: Any) -> Result:
    import torch
    from torch.utils.data import default_collate

    tuples = default_collate([(torch.zeros(3), 1, 0.5) for _ in range(4)])
    dicts = default_collate([{"x": torch.zeros(3), "y": 1} for _ in range(4)])
    kinds = [type(tuples).__name__, type(dicts).__name__]
    dtypes = [str(t.dtype) for t in tuples[1:]]
    ok = (kinds == ["list", "dict"] and dtypes == ["torch.int64", "torch.float64"]
          and tuple(tuples[0].shape) == (4, 3) and tuple(dicts["x"].shape) == (4, 3))
    return ok, bi(
        f"4 samples (tensor(3), 1, 0.5) collated to a {kinds[0]} of tensors with shapes "
        f"{[tuple(t.shape) for t in tuples]} and dtypes of the numbers {dtypes}; dict samples "
        f"collated to a {kinds[1]} with x of shape {tuple(dicts['x'].shape)}.",
        f"4 个样本 (tensor(3), 1, 0.5) 整理成一个 {kinds[0]}，其中张量形状为 "
        f"{[tuple(t.shape) for t in tuples]}，数字的 dtype 为 {dtypes}；字典样本整理成 "
        f"{kinds[1]}，x 的形状为 {tuple(dicts['x'].shape)}。")


def check_inverse_weights(p: Params, device: Any) -> Result:
    import torch
    from torch.utils.data import WeightedRandomSampler

    counts = [90, 9, 1]
    labels = torch.cat([torch.full((c,), k) for k, c in enumerate(counts)])
    weights = 1.0 / torch.tensor(counts, dtype=torch.float64)
    sampler = WeightedRandomSampler(weights[labels], num_samples=len(labels), replacement=True)
    w = sampler.weights
    shares = [float(w[labels == k].sum() / w.sum()) for k in range(len(counts))]
    draws = WeightedRandomSampler(weights[labels], num_samples=30_000, replacement=True,
                                  generator=generator(0))
    drawn = labels[torch.tensor(list(draws))]
    seen = [float((drawn == k).to(torch.float64).mean()) for k in range(len(counts))]
    ok = (all(abs(s - 1 / 3) < 1e-12 for s in shares) and all(abs(s - 1 / 3) < 0.02
                                                              for s in seen)
          and len(sampler) == sum(counts))
    return ok, bi(
        f"classes of {counts} samples weighted 1/count: expected shares "
        f"{[num(s, 4) for s in shares]}, drawn shares {[num(s, 3) for s in seen]} in 30000 draws; "
        f"len(sampler) = num_samples = {len(sampler)}.",
        f"样本数为 {counts} 的三个类别按 1/样本数 加权：期望比例 {[num(s, 4) for s in shares]}，"
        f"30000 次抽样的实际比例 {[num(s, 3) for s in seen]}；len(sampler) = num_samples = "
        f"{len(sampler)}。")


def check_split_fractions(p: Params, device: Any) -> Result:
    import warnings

    from torch.utils.data import random_split

    ds = index_dataset(10, device)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        thirds = [len(s) for s in random_split(ds, [0.15, 0.15, 0.7], generator=generator(0))]
        tiny = [len(s) for s in random_split(ds, [0.95, 0.05], generator=generator(0))]
    ok = thirds == [2, 1, 7] and tiny == [10, 0]
    return ok, bi(
        f"random_split of 10 samples by [0.15, 0.15, 0.7] gave lengths {thirds} (floors 1, 1, 7, "
        f"the 1 left over to the first split); by [0.95, 0.05] it gave {tiny} (floors 9 and 0, "
        "the remainder to the first split, the second left empty).",
        f"把 10 个样本按 [0.15, 0.15, 0.7] 做 random_split 得到长度 {thirds}（向下取整为 1、1、7，"
        f"剩下的 1 个给第一份）；按 [0.95, 0.05] 得到 {tiny}（向下取整为 9 和 0，余数给第一份，"
        "第二份为空）。")
