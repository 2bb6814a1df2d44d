"""PoissonNLLLoss: the negative log-likelihood of counts, with log or plain rates."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Result, bi, f64, require, value, vec

from ._common import flat, reduced, same_length, say

EPS = 1e-8  # PoissonNLLLoss's default eps, added to a plain rate before its log


def poisson_nll(p: dict, device: Any) -> Result:
    import torch
    import torch.nn.functional as F

    same_length(p, "input", "target")
    require(all(t >= 0 for t in p["target"]), "Poisson targets are counts: they must be >= 0")
    if not p["log_input"]:
        require(all(v >= 0 for v in p["input"]),
                "with log_input=False the input is the rate λ itself, so it must be >= 0 "
                "(log(λ + eps) of a negative rate is nan)")
    x, t = f64(p["input"], device), f64(p["target"], device)
    kw = {"log_input": p["log_input"], "full": p["full"]}
    loss = F.poisson_nll_loss(x, t, reduction=p["reduction"], **kw)
    each = F.poisson_nll_loss(x, t, reduction="none", **kw)
    base = vec(flat(F.poisson_nll_loss(x, t, reduction="none", log_input=p["log_input"])))
    if p["log_input"]:
        parts = [bi(f"log_input=True: the input is log λ, l = exp(x) - y·x = {base}",
                    f"log_input=True：输入是 log λ，l = exp(x) - y·x = {base}")]
    else:
        parts = [bi(f"log_input=False: the input is λ itself, l = x - y·log(x + 1e-8) = {base}",
                    f"log_input=False：输入就是 λ，l = x - y·log(x + 1e-8) = {base}")]
    if p["full"]:
        stirling = torch.where(t > 1, t * torch.log(t) - t + 0.5 * torch.log(2 * math.pi * t),
                               torch.zeros_like(t))
        parts.append(bi("full=True adds the Stirling term y·log y - y + ½·log(2πy), only where "
                        f"y > 1: {vec(flat(stirling))}, total {vec(flat(each))}",
                        "full=True 再加上 Stirling 近似项 y·log y - y + ½·log(2πy)，只加在 y > 1 "
                        f"的元素上：{vec(flat(stirling))}，合计 {vec(flat(each))}"))
    parts.append(reduced(flat(each), p["reduction"], loss))
    return value(loss), say(*parts)
