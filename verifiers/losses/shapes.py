"""What a loss returns and takes: shapes with reduction='none', CTC's layouts, and the choice
cards whose answer is found by running every choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizapp.authoring import Result, bi, randn, require, shape_of, short, zeros

from ._common import kl

MAX_ELEMENTS = 10_000_000


def _fits(*dims: int) -> None:
    n = 1
    for d in dims:
        n *= d
    require(n <= MAX_ELEMENTS, f"{n} elements is beyond the limit of {MAX_ELEMENTS}")


def loss_none_shape(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    extra = list(p["extra"])
    _fits(p["N"], p["C"], *extra)
    x = zeros([p["N"], p["C"], *extra], device)
    y = torch.zeros(p["N"], *extra, dtype=torch.long, device=device)
    out = shape_of(F.cross_entropy(x, y, reduction="none"))
    return out, bi(f"the class dimension is dim 1; reduction='none' keeps one loss per target: "
                   f"({p['N']}, {p['C']}, ...) gives {out}",
                   f"类别维是第 1 维；reduction='none' 为每个目标保留一个损失："
                   f"({p['N']}, {p['C']}, ...) 得到 {out}")


def margin_ranking_none_shape(p: dict, device: Any) -> Result:
    import torch.nn.functional as F

    N = p["N"]
    _fits(N, N)
    x1, x2 = randn(N, device=device, seed=1), randn(N, device=device, seed=2)
    y = zeros([N], device) + 1
    out = shape_of(F.margin_ranking_loss(x1, x2, y, reduction=p["reduction"]))
    if p["reduction"] == "none":
        return out, bi(f"the loss is elementwise, one max(0, -y_i·(x1_i - x2_i) + margin) per "
                       f"pair i, never an N x N matrix: shape {out}",
                       f"该损失逐元素计算，每对 i 一个 max(0, -y_i·(x1_i - x2_i) + margin)，"
                       f"而不是 N x N 矩阵：形状为 {out}")
    return out, bi(f"the {N} elementwise terms are averaged into one number: shape {out}",
                   f"{N} 个逐元素项被平均成一个数：形状为 {out}")


def derive_ctc(p: dict) -> dict:
    """The shown targets line: padded (N, S) or all targets concatenated into one row."""
    C, N, S = p["C"], p["N"], p["S"]
    if p["layout"] == "padded":
        p["targets_code"] = f"torch.randint(1, {C}, ({N}, {S}))"
    else:
        p["targets_code"] = f"torch.randint(1, {C}, ({N * S},))  # all {N} targets concatenated"
    return p


def ctc_shapes(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    T, N, C, S = p["T"], p["N"], p["C"], p["S"]
    require(C >= 2, "CTC needs the blank (class 0) and at least one label: C >= 2")
    require(1 <= S <= T, f"a target of {S} labels cannot be aligned to {T} time steps")
    _fits(T, N, C)
    log_probs = randn(T, N, C, device=device).log_softmax(2)
    g = torch.Generator().manual_seed(0)
    size = (N, S) if p["layout"] == "padded" else (N * S,)
    targets = torch.randint(1, C, size, generator=g).to(device)
    lengths = torch.full((N,), T, device=device), torch.full((N,), S, device=device)
    out = shape_of(F.ctc_loss(log_probs, targets, *lengths, reduction=p["reduction"]))
    layout = bi("log_probs is (T, N, C) = " f"({T}, {N}, {C}), targets (N, S) or one concatenated "
                "row, input_lengths and target_lengths (N,)",
                f"log_probs 的形状是 (T, N, C) = ({T}, {N}, {C})，"
                "targets 为 (N, S) 或拼接成的一行，"
                "input_lengths 与 target_lengths 都是 (N,)")
    if p["reduction"] == "none":
        what = bi(f"reduction='none' returns one loss per sequence: {out}",
                  f"reduction='none' 为每条序列返回一个损失：{out}")
    else:
        what = bi(f"reduction='{p['reduction']}' returns a scalar: {out}",
                  f"reduction='{p['reduction']}' 返回一个标量：{out}")
    return out, {k: f"{layout[k]}{sep}{what[k]}" for k, sep in (("en", "; "), ("zh", "；"))}


def _unique(name: str, found: list[str]) -> str:
    require(len(found) == 1, f"{name}: {len(found)} choices matched, expected exactly one")
    return found[0]


def ctc_log_probs_layout(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    T, N, C = p["T"], p["N"], p["C"]
    require(N not in (T, C), "with N equal to T or C two layouts have the same shape")
    _fits(T, N, C)
    g = torch.Generator().manual_seed(0)
    targets = torch.randint(1, C, (N, 2), generator=g).to(device)
    lengths = torch.full((N,), T, device=device), torch.full((N,), 2, device=device)
    layouts = {"(T, N, C)": (T, N, C), "(N, T, C)": (N, T, C), "(N, C, T)": (N, C, T),
               "(T, C, N)": (T, C, N)}
    works = []
    for text, shape in layouts.items():
        log_probs = randn(*shape, device=device).log_softmax(2)
        try:
            F.ctc_loss(log_probs, targets, *lengths)
        except (RuntimeError, ValueError):
            continue
        works.append(text)
    answer = _unique("ctc-log-probs-layout", works)
    return answer, bi(f"with T = {T}, N = {N}, C = {C} only log_probs of shape {answer} is "
                      "accepted: CTC reads time first, then batch, then classes "
                      "(log_softmax over dim 2)",
                      f"T = {T}、N = {N}、C = {C} 时只有形状为 {answer} 的 log_probs 能被接受："
                      "CTC 先读时间维，再读批维，最后是类别维（在第 2 维上做 log_softmax）")


_CE_CHOICES: dict[str, Callable[..., Any]] = {
    "F.nll_loss(F.log_softmax(x, dim=1), y)": lambda F, x, y: F.nll_loss(
        F.log_softmax(x, dim=1), y),
    "F.nll_loss(F.softmax(x, dim=1), y)": lambda F, x, y: F.nll_loss(F.softmax(x, dim=1), y),
    "F.nll_loss(x, y)": lambda F, x, y: F.nll_loss(x, y),
    "F.cross_entropy(F.softmax(x, dim=1), y)": lambda F, x, y: F.cross_entropy(
        F.softmax(x, dim=1), y),
}


def ce_equivalent(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    N, C = p["N"], p["C"]
    require(C >= 2, "with one class every choice's loss is 0 or -1: take C >= 2")
    _fits(N, C)
    x = randn(N, C, device=device, seed=0)
    y = torch.randint(C, (N,), generator=torch.Generator().manual_seed(0)).to(device)
    ref = F.cross_entropy(x, y)
    answer = _unique("ce-equivalent", [c for c, fn in _CE_CHOICES.items()
                                       if torch.isclose(fn(F, x, y), ref)])
    return answer, bi(f"cross_entropy = nll_loss(log_softmax(x)): on random ({N}, {C}) logits "
                      f"both give {short(ref)}; a softmax in front would apply it twice",
                      f"cross_entropy = nll_loss(log_softmax(x))：在随机的 ({N}, {C}) logits 上"
                      f"两者都等于 {short(ref)}；前面再加 softmax 等于做了两次")


_KL_CHOICES: dict[str, Callable[[Any, Any], Any]] = {
    "F.kl_div(q.log(), p, reduction='batchmean')": lambda q, p: kl(q.log(), p, "batchmean"),
    "F.kl_div(q.log(), p, reduction='mean')": lambda q, p: kl(q.log(), p, "mean"),
    "F.kl_div(q, p, reduction='batchmean')": lambda q, p: kl(q, p, "batchmean"),
    "F.kl_div(p.log(), q, reduction='batchmean')": lambda q, p: kl(p.log(), q, "batchmean"),
}


def kl_div_true_kl(p: dict, device: Any) -> Result:
    import torch
    from torch.distributions import Categorical, kl_divergence

    N, C = p["N"], p["C"]
    require(C >= 2, "a distribution over one class is always [1]: every KL is 0; take C >= 2")
    _fits(N, C)
    pt = torch.softmax(randn(N, C, device=device, seed=1), 1)
    qt = torch.softmax(randn(N, C, device=device, seed=2), 1)
    ref = kl_divergence(Categorical(probs=pt), Categorical(probs=qt)).mean()
    answer = _unique("kl-div-true-kl", [c for c, fn in _KL_CHOICES.items()
                                        if torch.isclose(fn(qt, pt), ref)])
    return answer, bi(f"the mean over the {N} rows of KL(p_i‖q_i) is {short(ref)}: input must "
                      "be log q, the target p, and 'batchmean' divides the sum by the batch "
                      "size only ('mean' would also divide by C)",
                      f"{N} 行 KL(p_i‖q_i) 的平均为 {short(ref)}：input 必须是 log q，target 是 p，"
                      "且 'batchmean' 只把总和除以批大小（'mean' 还会再除以 C）")
