"""The datasets and loaders this deck builds and iterates (always with num_workers=0), the
ceilings on how much one question iterates live, and how batch sizes are written out."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Explain, bi, require
from quizapp.core.limits import MAX_ELEMENTS

# Every loader question is answered by iterating the real DataLoader; these keep one call of
# a verifier well inside the worker's time limit on a slow machine.
MAX_BATCHES = 5000  # loader iterations one question runs
MAX_FETCHED = 100_000  # samples one question fetches through the loader


def fits(count: int, what: str) -> None:
    """Refuse a tensor larger than any verifier may build."""
    require(count <= MAX_ELEMENTS,
            f"{what} would hold {count} elements, beyond the limit of {MAX_ELEMENTS}")


def check_loader(n: int, batch_size: int, epochs: int = 1) -> None:
    """Refuse a loader question with no data, no batch size, or more work than one question
    may iterate live."""
    require(n >= 1, f"the dataset needs at least 1 sample, got N={n}")
    require(batch_size >= 1, f"batch_size must be at least 1, got {batch_size}")
    require(epochs >= 1, f"epochs must be at least 1, got {epochs}")
    batches = math.ceil(n / batch_size) * epochs
    require(batches <= MAX_BATCHES,
            f"{batches} loader iterations, beyond the {MAX_BATCHES} one question runs live")
    require(n * epochs <= MAX_FETCHED,
            f"{n * epochs} samples to fetch, beyond the {MAX_FETCHED} one question loads live")


def index_dataset(n: int, device: Any) -> Any:
    """TensorDataset(torch.arange(n)): sample i is the tuple (tensor(i),)."""
    import torch
    from torch.utils.data import TensorDataset

    fits(n, "the dataset")
    return TensorDataset(torch.arange(n, device=device))


def loader(dataset: Any, **options: Any) -> Any:
    """A DataLoader that loads in this process (num_workers=0: no worker subprocesses)."""
    from torch.utils.data import DataLoader

    return DataLoader(dataset, num_workers=0, **options)


def generator(seed: int) -> Any:
    import torch

    return torch.Generator().manual_seed(seed)


def batch_sizes(batches: Any) -> list[int]:
    """Iterate a loader over a TensorDataset: the size of each batch it yields."""
    return [int(batch[0].shape[0]) for batch in batches]


def runs(sizes: list[int]) -> list[tuple[int, int]]:
    """[(size, how many in a row)], e.g. [4, 4, 2] -> [(4, 2), (2, 1)]."""
    found: list[tuple[int, int]] = []
    for size in sizes:
        if found and found[-1][0] == size:
            found[-1] = (size, found[-1][1] + 1)
        else:
            found.append((size, 1))
    return found


def sizes_text(sizes: list[int]) -> Explain:
    """What iterating gave: '2 batches of 4, then 1 batch of 2' / '2 个 4 个样本的批次……'."""
    if not sizes:
        return bi("no batch at all", "0 个批次（一个也没有）")
    parts = runs(sizes)
    en = ", then ".join(f"{count} {'batch' if count == 1 else 'batches'} of {size}"
                        for size, count in parts)
    zh = "，然后是 ".join(f"{count} 个大小为 {size} 的批次" for size, count in parts)
    return bi(en, zh)


def sum_text(sizes: list[int]) -> str:
    """'4 + 4 + 2', shortened to '64 x 15 + 40' when long."""
    if len(sizes) <= 6:
        return " + ".join(map(str, sizes)) if sizes else "0"
    return " + ".join(f"{size} x {count}" if count > 1 else str(size)
                      for size, count in runs(sizes))


def ceil_floor(n: int, batch_size: int, drop_last: bool) -> tuple[int, Explain]:
    """The documented length of a loader, as the explanation states it (not the answer)."""
    if drop_last:
        return n // batch_size, bi(f"floor({n} / {batch_size}) = {n // batch_size}",
                                   f"floor({n} / {batch_size}) = {n // batch_size}")
    up = -(-n // batch_size)
    return up, bi(f"ceil({n} / {batch_size}) = {up}", f"ceil({n} / {batch_size}) = {up}")


def partial_text(n: int, batch_size: int, drop_last: bool) -> Explain:
    """Why the last batch is kept, dropped, or not an issue."""
    rest = n % batch_size
    if rest == 0:
        return bi(f"{n} is a multiple of {batch_size}: every batch is full, so drop_last "
                  "changes nothing",
                  f"{n} 是 {batch_size} 的整数倍：每个批次都是满的，drop_last 不起作用")
    if drop_last and n < batch_size:
        return bi(f"the only batch would hold {n} < {batch_size} samples, and drop_last=True "
                  "drops it: the loader yields nothing",
                  f"唯一的批次只有 {n} < {batch_size} 个样本，drop_last=True 把它丢弃了："
                  "加载器什么也不产出")
    if drop_last:
        return bi(f"drop_last=True drops the last, partial batch of {rest}",
                  f"drop_last=True 丢弃了最后那个不满的批次（{rest} 个样本）")
    return bi(f"drop_last=False keeps the last, partial batch of {rest}",
              f"drop_last=False 保留最后那个不满的批次（{rest} 个样本）")
