"""Flash-card checks for the normalization deck: each proves its card's claim in torch."""

from __future__ import annotations

from typing import Any

from ._common import Params, Result, _bn, _column, _ex, _f, _num

# ---- flash-card checks -------------------------------------------------------------------


def check_train_vs_eval(p: Params, device: Any) -> Result:
    x = _column([1.0, 2.0, 6.0], device)
    bn = _bn(device).train()
    train_out = bn(x)
    after = (float(bn.running_mean), float(bn.running_var))
    shown = f"({_f(after[0])}, {_f(after[1])})"
    eval_out = bn.eval()(x)
    # Train: batch stats give mean-zero outputs; eval: running stats leave them far off zero.
    ok = (abs(_num(train_out.mean())) < 1e-12 and abs(_num(eval_out.mean())) > 0.1
          and after != (0.0, 1.0) and (float(bn.running_mean), float(bn.running_var)) == after)
    return ok, _ex(f"train output mean {_num(train_out.mean()):.3g} (batch stats), running "
                   f"stats updated to {shown}; eval output mean {_num(eval_out.mean()):.3g} "
                   f"(running stats, not updated)",
                   f"训练模式输出均值 {_num(train_out.mean()):.3g}（批统计量），滑动统计量更新为 "
                   f"{shown}；eval 模式输出均值 {_num(eval_out.mean()):.3g}"
                   f"（用滑动统计量，不再更新）")


def check_unbiased_running_var(p: Params, device: Any) -> Result:
    x = _column([0.0, 2.0], device)  # biased var 1, unbiased var 2
    bn = _bn(device, momentum=1.0, eps=1e-12).train()
    out = bn(x)
    ok = float(bn.running_var) == 2.0 and abs(_num(out[1, 0]) - 1.0) < 1e-9
    return ok, _ex(f"batch [0, 2], momentum=1: running_var = {float(bn.running_var)} "
                   f"(unbiased), output for 2 = {_num(out[1, 0]):.6g} = (2-1)/sqrt(1) (biased)",
                   f"批 [0, 2]，momentum=1：running_var = {float(bn.running_var)}（无偏），"
                   f"2 的输出 = {_num(out[1, 0]):.6g} = (2-1)/sqrt(1)（有偏）")


def check_buffers_not_parameters(p: Params, device: Any) -> Result:
    bn = _bn(device)
    params = {n for n, _ in bn.named_parameters()}
    buffers = {n for n, _ in bn.named_buffers()}
    ok = (params == {"weight", "bias"}
          and buffers == {"running_mean", "running_var", "num_batches_tracked"}
          and set(bn.state_dict()) == params | buffers)
    return ok, _ex(f"parameters: {sorted(params)}; buffers: {sorted(buffers)}; "
                   f"state_dict holds both",
                   f"参数：{sorted(params)}；缓冲区：{sorted(buffers)}；state_dict 包含两者")


def check_layernorm_elementwise(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    ln = nn.LayerNorm([3, 4]).to(device, torch.float64)
    gn = nn.GroupNorm(2, 6).to(device, torch.float64)
    ok = (tuple(ln.weight.shape) == (3, 4) and not list(ln.buffers())
          and tuple(gn.weight.shape) == (6,) and not list(gn.buffers()))
    return ok, _ex(f"LayerNorm([3, 4]).weight {tuple(ln.weight.shape)}, buffers "
                   f"{len(list(ln.buffers()))}; GroupNorm(2, 6).weight {tuple(gn.weight.shape)}",
                   f"LayerNorm([3, 4]).weight {tuple(ln.weight.shape)}，缓冲区 "
                   f"{len(list(ln.buffers()))} 个；GroupNorm(2, 6).weight "
                   f"{tuple(gn.weight.shape)}")


def check_instancenorm_defaults(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    inorm = nn.InstanceNorm2d(4).to(device, torch.float64)
    x = torch.arange(32, dtype=torch.float64, device=device).view(2, 4, 2, 2)
    same = torch.equal(inorm.train()(x), inorm.eval()(x))
    ok = not list(inorm.parameters()) and not list(inorm.buffers()) and same
    return ok, _ex(f"InstanceNorm2d(4): {len(list(inorm.parameters()))} parameters, "
                   f"{len(list(inorm.buffers()))} buffers, train output == eval output: {same}",
                   f"InstanceNorm2d(4)：参数 {len(list(inorm.parameters()))} 个，缓冲区 "
                   f"{len(list(inorm.buffers()))} 个，训练与 eval 输出相同：{same}")
