"""Which statistics BatchNorm normalises with: .train()/.eval() and track_running_stats."""

from __future__ import annotations

import math
from typing import Any

from quizapp.authoring import Params, Result, Slip, bi, num, vec

from .batch import batchnorm1d, column, mean_and_squares

BATCH = "the batch's own mean and variance"
RUNNING = "the running estimates (running_mean, running_var)"
X = [1.0, 2.0, 6.0]
RUNNING_MEAN, RUNNING_VAR = 10.0, 4.0  # planted so that the two answers differ visibly

NOTES = bi("The notes call track_running_stats the train/test switch; torch does otherwise: "
           "it only decides whether the running estimates exist (with False, running_mean is "
           "None), .train()/.eval() pick the statistics, and without running estimates "
           "BatchNorm uses the batch's own even in eval mode.",
           "笔记说 track_running_stats「是训练状态，还是测试状态」；torch 并非如此：它只决定"
           "有没有运行估计（为 False 时 running_mean 是 None），用哪组统计量由 .train()/"
           ".eval() 决定；没有运行估计时，即使在 eval 模式下批归一化也用当前批次的统计量。")


def bn_stats_used(p: Params, device: Any) -> Result:
    import torch

    track, mode = p["track"], p["mode"]
    bn = batchnorm1d(device, track=track)
    if track:
        with torch.no_grad():
            bn.running_mean.fill_(RUNNING_MEAN)
            bn.running_var.fill_(RUNNING_VAR)
    getattr(bn, mode)()
    with torch.no_grad():
        out = bn(column(X, device)).flatten().tolist()
    mean, ss = mean_and_squares(X)
    var = ss / len(X)
    by_batch = [(v - mean) / math.sqrt(var + bn.eps) for v in X]
    by_running = [(v - RUNNING_MEAN) / math.sqrt(RUNNING_VAR + bn.eps) for v in X]

    def near(a: list[float], b: list[float]) -> bool:
        return all(abs(u - w) <= 1e-9 for u, w in zip(a, b, strict=True))

    if near(out, by_batch):
        answer = BATCH
    elif track and near(out, by_running):
        answer = RUNNING
    else:
        raise RuntimeError(f"BatchNorm gave {out}, from neither statistics")
    buffers = (bi(f"running_mean set to {num(RUNNING_MEAN)}, running_var to {num(RUNNING_VAR)}",
                  f"running_mean 设为 {num(RUNNING_MEAN)}，running_var 设为 {num(RUNNING_VAR)}")
               if track else bi("bn.running_mean is None (no running buffers)",
                                "bn.running_mean 是 None（没有运行统计量缓冲区）"))
    if answer == BATCH:
        formula = f"(x - {num(mean)})/sqrt({num(var, 4)} + eps)"
        used = bi("the batch's own statistics", "当前批次自己的统计量")
    else:
        formula = f"(x - {num(RUNNING_MEAN)})/sqrt({num(RUNNING_VAR)} + eps)"
        used = bi("the running estimates", "运行估计")
    return answer, bi(
        f"measured: track_running_stats={track}, bn.{mode}(), {buffers['en']}; x = {vec(X)} "
        f"gives {vec(out)} = {formula}, {used['en']}. {NOTES['en']}",
        f"实测：track_running_stats={track}，bn.{mode}()，{buffers['zh']}；x = {vec(X)} 的输出"
        f"为 {vec(out)} = {formula}，用的是{used['zh']}。{NOTES['zh']}")


def bn_stats_used_slips(p: Params) -> list[Slip]:
    track, mode = p["track"], p["mode"]
    slips = []
    if track:
        slips.append(Slip("train-eval-swapped", RUNNING if mode == "train" else BATCH,
                          "swapped train and eval, as the notes do: training normalises with "
                          "the batch's statistics (and updates the running ones), eval uses the "
                          "running estimates",
                          "把训练和测试弄反了（笔记里就写反了）：训练时用当前批次的统计量归一化"
                          "（并顺带更新运行估计），eval 时才用运行估计"))
    slips.append(Slip("track-stats-as-mode-switch", BATCH if track else RUNNING,
                      "read track_running_stats as the train/test switch, as the notes do: it "
                      "only says whether running estimates are kept; .train()/.eval() choose "
                      "which statistics are used",
                      "把 track_running_stats 当成了训练/测试的开关（笔记就是这么写的）：它只决定"
                      "是否保存运行估计，用哪组统计量由 .train()/.eval() 决定"))
    return slips
