"""Flash-card checks for the normalization deck: each proves its card's claim in torch."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, layer, num, shape_of, value

from .batch import batchnorm1d, column


def check_train_vs_eval(p: Params, device: Any) -> Result:
    x = column([1.0, 2.0, 6.0], device)
    bn = batchnorm1d(device).train()
    train_mean = value(bn(x).mean())
    after = (float(bn.running_mean), float(bn.running_var))
    eval_mean = value(bn.eval()(x).mean())
    kept = (float(bn.running_mean), float(bn.running_var)) == after
    # Train: batch stats give mean-zero outputs; eval: running stats leave them far off zero.
    ok = abs(train_mean) < 1e-12 and abs(eval_mean) > 0.1 and after != (0.0, 1.0) and kept
    shown = f"({num(after[0], 4)}, {num(after[1], 4)})"
    return ok, bi(f"batch [1, 2, 6]: in train mode the output mean is {num(train_mean, 3)} "
                  f"(batch statistics) and the running statistics become {shown}; in eval "
                  f"mode the output mean is {num(eval_mean, 3)} (running statistics, which "
                  f"stay {shown})",
                  f"批数据 [1, 2, 6]：训练模式下输出均值为 {num(train_mean, 3)}（用批统计量），"
                  f"运行均值和运行方差更新为 {shown}；eval 模式下输出均值为 "
                  f"{num(eval_mean, 3)}（用运行统计量，且保持 {shown} 不变）")


def check_unbiased_running_var(p: Params, device: Any) -> Result:
    bn = batchnorm1d(device, momentum=1.0, eps=1e-12).train()
    out = bn(column([0.0, 2.0], device))  # biased var 1, unbiased var 2
    ok = float(bn.running_var) == 2.0 and abs(value(out[1, 0]) - 1.0) < 1e-9
    return ok, bi(f"batch [0, 2] with momentum=1: running_var = {num(float(bn.running_var))} "
                  f"(unbiased, ÷(n-1)); the output for 2 is {num(value(out[1, 0]))} = "
                  f"(2 - 1)/sqrt(1) (biased, ÷n)",
                  f"批数据 [0, 2]、momentum=1：running_var = {num(float(bn.running_var))}"
                  f"（无偏估计，÷(n-1)）；2 的输出为 {num(value(out[1, 0]))} = (2 - 1)/sqrt(1)"
                  f"（有偏方差，÷n）")


def check_buffers_not_parameters(p: Params, device: Any) -> Result:
    bn = batchnorm1d(device)
    params = sorted(n for n, _ in bn.named_parameters())
    buffers = sorted(n for n, _ in bn.named_buffers())
    no_grad = not any(b.requires_grad for b in bn.buffers())
    ok = (params == ["bias", "weight"]
          and buffers == ["num_batches_tracked", "running_mean", "running_var"]
          and set(bn.state_dict()) == set(params) | set(buffers) and no_grad)
    return ok, bi(f"parameters: {', '.join(params)}; buffers (no gradient): "
                  f"{', '.join(buffers)}; the state_dict holds all of them",
                  f"参数：{', '.join(params)}；缓冲区（没有梯度）：{', '.join(buffers)}；"
                  f"state_dict 里两者都有")


def check_layernorm_elementwise(p: Params, device: Any) -> Result:
    from torch import nn

    ln = layer(nn.LayerNorm([3, 4]), device)
    gn = layer(nn.GroupNorm(2, 6), device)
    ln_buffers, gn_buffers = len(list(ln.buffers())), len(list(gn.buffers()))
    ok = (shape_of(ln.weight) == (3, 4) and shape_of(gn.weight) == (6,)
          and ln_buffers == gn_buffers == 0)
    return ok, bi(f"LayerNorm([3, 4]).weight has shape {shape_of(ln.weight)}, "
                  f"GroupNorm(2, 6).weight {shape_of(gn.weight)}; buffers: {ln_buffers} and "
                  f"{gn_buffers}",
                  f"LayerNorm([3, 4]).weight 的形状为 {shape_of(ln.weight)}，"
                  f"GroupNorm(2, 6).weight 为 {shape_of(gn.weight)}；缓冲区分别有 "
                  f"{ln_buffers} 个和 {gn_buffers} 个")


def check_instancenorm_defaults(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    inorm = layer(nn.InstanceNorm2d(4), device)
    x = torch.arange(32, dtype=torch.float64, device=device).view(2, 4, 2, 2)
    same = torch.equal(inorm.train()(x), inorm.eval()(x))
    n_params, n_buffers = len(list(inorm.parameters())), len(list(inorm.buffers()))
    ok = n_params == 0 and n_buffers == 0 and same
    return ok, bi(f"InstanceNorm2d(4): {n_params} parameters, {n_buffers} buffers; train and "
                  f"eval outputs equal: {same}",
                  f"InstanceNorm2d(4)：参数 {n_params} 个，缓冲区 {n_buffers} 个；训练模式与 "
                  f"eval 模式的输出{'完全相同' if same else '不同'}")
