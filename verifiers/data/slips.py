"""Known slips of the data deck's counting, splitting and padding cards: each redoes a
card's rule with one classic mistake (pure Python, no torch); an id names one mistake."""

from __future__ import annotations

import math
from fractions import Fraction

from quizapp.authoring import Params, Slip

DROPPED = ("forgot that drop_last=False keeps the last, partial batch",
           "忘了 drop_last=False 会保留最后那个不满的批次")
KEPT = ("kept the partial batch, though drop_last=True drops it",
        "保留了不满的批次，但 drop_last=True 会把它丢弃")
AS_COUNT = ("took batch_size for the number of batches, as the notes do",
            "像笔记那样把 batch_size 当成了批次数量")
FULL = ("assumed a full batch, though fewer samples are left",
        "以为批次是满的，其实剩下的样本不够一批")


def loader_len(n: int, batch_size: int, drop_last: bool) -> int:
    return n // batch_size if drop_last else -(-n // batch_size)


def _partial(n: int, bs: int, drop: bool, times: int = 1) -> list[Slip]:
    if drop:
        return [Slip("partial-batch-kept", times * loader_len(n, bs, False), *KEPT)]
    return [Slip("partial-batch-dropped", times * loader_len(n, bs, True), *DROPPED)]


# ---- counting batches -----------------------------------------------------------------------


def len_slips(p: Params) -> list[Slip]:
    n, bs, drop = p["N"], p["batch_size"], p["drop_last"]
    return [*_partial(n, bs, drop), Slip("batch-size-as-count", bs, *AS_COUNT),
            Slip("samples-counted", n, "counted samples instead of batches",
                 "数的是样本数而不是批次数")]


def last_batch_slips(p: Params) -> list[Slip]:
    n, bs, drop = p["N"], p["batch_size"], p["drop_last"]
    rest = n % bs
    if rest == 0:
        return [Slip("zero-remainder", 0, "took N mod batch_size = 0, though the last batch is "
                     "full", "取了 N mod batch_size = 0，其实最后一个批次是满的")]
    if drop:
        return [Slip("partial-batch-kept", rest, *KEPT)]
    return [Slip("full-batch-assumed", bs, *FULL)]


def epoch_slips(p: Params) -> list[Slip]:
    n, bs, drop, e = p["N"], p["batch_size"], p["drop_last"], p["epochs"]
    return [Slip("one-epoch-only", loader_len(n, bs, drop), "counted one epoch only",
                 "只算了一轮"),
            *_partial(n, bs, drop, e),
            Slip("samples-counted", n * e, "counted samples instead of batches",
                 "数的是样本数而不是批次数"),
            Slip("batch-size-as-count", bs * e, *AS_COUNT)]


def sampler_loader_slips(p: Params) -> list[Slip]:
    n, m, bs, drop = p["N"], p["num_samples"], p["batch_size"], p["drop_last"]
    return [Slip("dataset-length-used", loader_len(n, bs, drop),
                 "batched the dataset's length instead of num_samples",
                 "用数据集长度而不是 num_samples 来分批"),
            *_partial(m, bs, drop)]


def split_loader_slips(p: Params) -> list[Slip]:
    n, bs, drop = p["N"], p["batch_size"], p["drop_last"]
    n_train = int(n * p["train_frac"])
    mine, other = (n_train, n - n_train) if p["split"] == "ds_train" else (n - n_train, n_train)
    return [Slip("whole-dataset-used", loader_len(n, bs, drop),
                 "batched the whole dataset, not the split", "对整个数据集而不是这一份分批"),
            Slip("other-split", loader_len(other, bs, drop), "used the other split's length",
                 "用了另一份的长度"),
            *_partial(mine, bs, drop)]


def sizes_slips(p: Params) -> list[Slip]:
    n, bs, drop = p["N"], p["batch_size"], p["drop_last"]
    full, rest = divmod(n, bs)
    if rest == 0:
        return []
    if drop:
        return [Slip("partial-batch-kept", [bs] * full + [rest], *KEPT)]
    return [Slip("partial-batch-dropped", [bs] * full, *DROPPED),
            Slip("short-batch-first", [rest] + [bs] * full,
                 "put the short batch first; shuffling never moves it from the end",
                 "把不满的批次放在了最前面；打乱并不会把它从末尾挪走")]


def order_slips(p: Params) -> list[Slip]:
    if not p["shuffle"]:
        return [Slip("no-shuffle-still-random", False,
                     "thought the order changes without shuffle=True",
                     "以为不设 shuffle=True 顺序也会变")]
    return {
        "next-epoch": [Slip("shuffled-once", True,
                            "thought shuffle=True shuffles once, when the loader is built",
                            "以为 shuffle=True 只在构造加载器时打乱一次")],
        "reseeded": [Slip("reseed-ignored", False,
                          "thought re-seeding the generator cannot replay the order",
                          "以为重新设置种子也无法重现顺序")],
        "same-seed-loader": [Slip("seed-ignored", False,
                                  "thought shuffling is random even with a seeded generator",
                                  "以为用了固定种子的生成器，打乱仍然不可复现")],
        "other-seed-loader": [Slip("seed-irrelevant", True,
                                   "thought the seed does not change the order",
                                   "以为种子不影响顺序")],
    }[p["compare"]]


# ---- random_split ---------------------------------------------------------------------------


def split_slips(p: Params) -> list[Slip]:
    n, fractions = p["N"], p["fractions"]
    exact = [n * Fraction(repr(f)) for f in fractions]
    floors = [math.floor(x) for x in exact]
    rest = n - sum(floors)
    to_last = [*floors[:-1], floors[-1] + rest]
    by_part = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    largest = list(floors)
    for i in by_part[:rest]:
        largest[i] += 1
    found = []
    if [math.floor(n * f) for f in fractions] != floors:  # torch multiplies in floating point
        by_hand = list(floors)
        for i in range(rest):
            by_hand[i % len(by_hand)] += 1
        found.append(Slip("float-product-ignored", by_hand,
                          "multiplied exactly; torch floors N x fraction in floating point, "
                          "where it can fall just below a whole number",
                          "按精确值相乘；torch 在浮点数下计算 N x 比例，结果可能略小于整数"))
    return [*found, Slip("remainder-to-last", to_last, "gave the whole remainder to the last split",
                 "把余数全给了最后一份"),
            Slip("largest-remainder", largest,
                 "gave the remainder to the largest fractional parts; torch goes round-robin "
                 "from the first split",
                 "把余数给了小数部分最大的几份；torch 是从第一份开始轮流分"),
            Slip("rounded-each", [math.floor(x + Fraction(1, 2)) for x in exact],
                 "rounded each product instead of taking its floor",
                 "对每个乘积四舍五入而不是向下取整")]


# ---- F.pad ----------------------------------------------------------------------------------


def pad_list(values: list[int], left: int, right: int, mode: str) -> list[int]:
    """A 1-D pad in plain Python, for the wrong answers (symmetric is not a torch mode)."""
    n = len(values)

    def at(i: int) -> int:
        if 0 <= i < n:
            return values[i]
        if mode == "constant":
            return 0
        if mode == "replicate":
            return values[min(max(i, 0), n - 1)]
        if mode == "circular":
            return values[i % n]
        if mode == "symmetric":
            m = i % (2 * n)
            return values[m if m < n else 2 * n - 1 - m]
        m = i % (2 * (n - 1)) if n > 1 else 0  # reflect
        return values[m if m < n else 2 * (n - 1) - m]

    return [at(i) for i in range(-left, n + right)]


def pad_slips(p: Params) -> list[Slip]:
    values, left, right, mode = p["values"], p["left"], p["right"], p["mode"]
    n = len(values)
    found = []
    if mode == "reflect":
        found.append(Slip("symmetric-for-reflect", pad_list(values, left, right, "symmetric"),
                          "repeated the edge value, like the notes' reflect example; that is "
                          "symmetric padding",
                          "像笔记里的 reflect 例子那样重复了边缘值；那是对称填充"))
    if mode == "circular":
        wrong = list(values[:left]) + list(values) + list(values[n - right:])
        found.append(Slip("wrapped-wrong-end", wrong,
                          "took the left pad from the start and the right pad from the end",
                          "左边补了开头的值、右边补了末尾的值，方向反了"))
    if mode == "replicate" and max(left, right) < n:
        found.append(Slip("reflect-for-replicate", pad_list(values, left, right, "reflect"),
                          "mirrored the signal instead of repeating the edge value",
                          "做了镜像，而不是重复边缘值"))
    if mode == "constant":
        found.append(Slip("replicate-for-constant", pad_list(values, left, right, "replicate"),
                          "repeated the edge value instead of filling with 0",
                          "重复了边缘值，而不是填 0"))
    found.append(Slip("sides-swapped", pad_list(values, right, left, mode),
                      "swapped the two sides: the pad tuple is (left, right)",
                      "把两边弄反了：填充元组的顺序是 (left, right)"))
    return found


def pad_shape_slips(p: Params) -> list[Slip]:
    shape, pad = p["shape"], p["pad"]
    pairs = len(pad) // 2
    reversed_order, one_side = list(shape), list(shape)
    for k in range(pairs):
        dim = len(shape) - 1 - k
        reversed_order[len(shape) - pairs + k] = (shape[len(shape) - pairs + k] + pad[2 * k]
                                                  + pad[2 * k + 1])
        one_side[dim] = shape[dim] + pad[2 * k]
    return [Slip("pad-order-reversed", reversed_order,
                 "applied the pairs from the first padded dimension on; F.pad starts at the last",
                 "从前面的维度开始套用各对填充；F.pad 是从最后一维开始的"),
            Slip("one-side-only", one_side, "padded only one side of each dimension",
                 "每一维只填充了一侧")]
