"""Live checks of the flash cards about nn.Module itself: registries, containers, hooks,
freezing, and nn.Linear on any rank."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, f64, randn, shape_of

from .builders import linear


def check_list_not_registered(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    class Plain(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = [nn.Linear(2, 2)]

    class Listed(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = nn.ModuleList([nn.Linear(2, 2)])

    plain, listed = Plain().to(device, torch.float64), Listed().to(device, torch.float64)
    hidden = plain.layers[0].weight
    ok = (not list(plain.parameters()) and not plain.state_dict()
          and hidden.dtype == torch.float32 and len(list(listed.parameters())) == 2
          and listed.layers[0].weight.dtype == torch.float64)
    return ok, bi(
        f"with a plain list, parameters() is empty, state_dict() is empty and .to(float64) left "
        f"the hidden layer in {hidden.dtype}; with nn.ModuleList there are "
        f"{len(list(listed.parameters()))} parameters in {listed.layers[0].weight.dtype}.",
        f"用普通 list 时 parameters() 为空、state_dict() 为空，.to(float64) 之后隐藏的层仍是 "
        f"{hidden.dtype}；换成 nn.ModuleList 后有 {len(list(listed.parameters()))} 个参数，"
        f"dtype 为 {listed.layers[0].weight.dtype}。")


def check_hooks_need_call(p: Params, device: Any) -> Result:
    layer = linear(3, 2, device)
    seen: list[str] = []
    layer.register_forward_pre_hook(lambda mod, args: seen.append("pre"))
    layer.register_forward_hook(lambda mod, args, out: seen.append("post"))
    x = randn(1, 3, device=device)
    layer(x)
    through_call = list(seen)
    layer.forward(x)
    ok = through_call == ["pre", "post"] and seen == through_call
    return ok, bi(
        f"layer(x) ran the hooks {through_call}; layer.forward(x) added none "
        f"(still {len(seen)} calls).",
        f"layer(x) 运行了钩子 {through_call}；layer.forward(x) 一个也没运行"
        f"（仍是 {len(seen)} 次）。")


def check_container_forward(p: Params, device: Any) -> Result:
    from torch import nn

    x = randn(1, 2, device=device)
    layers = [linear(2, 2, device)]
    out = nn.Sequential(*layers)(x)
    errors = []
    for container in (nn.ModuleList(layers), nn.ModuleDict({"fc": layers[0]})):
        try:
            container(x)
        except NotImplementedError as exc:
            errors.append(str(exc))
    held = len(list(nn.ModuleList(layers).parameters()))
    ok = shape_of(out) == (1, 2) and len(errors) == 2 and held == 2
    return ok, bi(
        f"nn.Sequential(...)(x) returned shape {shape_of(out)}; calling nn.ModuleList or "
        f"nn.ModuleDict raised NotImplementedError ({errors[0] if errors else '-'}), though "
        f"the ModuleList holds {held} parameters.",
        f"nn.Sequential(...)(x) 返回形状 {shape_of(out)}；直接调用 nn.ModuleList 或 "
        f"nn.ModuleDict 抛出 NotImplementedError（{errors[0] if errors else '-'}），"
        f"但 ModuleList 里照样有 {held} 个参数。")


def check_module_registries(p: Params, device: Any) -> Result:
    import torch

    fresh = torch.nn.Module()
    dicts = sorted(k for k, v in vars(fresh).items() if isinstance(v, dict))
    state = [k for k in ("_parameters", "_buffers", "_modules") if k in dicts]
    hooks = [k for k in dicts if "hook" in k]
    ok = len(dicts) > 8 and len(state) == 3 and len(hooks) == len(dicts) - 3
    return ok, bi(
        f"a fresh nn.Module in torch {torch.__version__} has {len(dicts)} dicts: "
        f"{', '.join(state)} and {len(hooks)} hook dicts.",
        f"torch {torch.__version__} 中新建的 nn.Module 有 {len(dicts)} 个字典："
        f"{', '.join(state)}，另有 {len(hooks)} 个钩子字典。")


def check_linear_last_dim(p: Params, device: Any) -> Result:
    import torch

    layer = linear(4, 3, device)
    torch.nn.init.uniform_(layer.weight, -1, 1)
    torch.nn.init.uniform_(layer.bias, -1, 1)
    shapes = {}
    for shape in ((4,), (2, 4), (2, 5, 4)):
        shapes[shape] = shape_of(layer(randn(*shape, device=device)))
    x = randn(2, 5, 4, device=device)
    by_row = torch.stack([torch.stack([layer.weight @ v + layer.bias for v in row]) for row in x])
    ok = (shapes == {(4,): (3,), (2, 4): (2, 3), (2, 5, 4): (2, 5, 3)}
          and torch.allclose(layer(x), by_row, rtol=1e-12, atol=1e-12))
    text = ", ".join(f"{s} -> {o}" for s, o in shapes.items())
    return ok, bi(
        f"nn.Linear(4, 3) mapped {text}, and on (2, 5, 4) it equals W @ v + b applied to each "
        "of the 10 last-dimension vectors.",
        f"nn.Linear(4, 3) 的映射为 {text}；对 (2, 5, 4) 的结果等于对 10 个最后一维向量逐个计算 "
        "W @ v + b。")


def check_requires_grad_attribute(p: Params, device: Any) -> Result:
    layer = linear(2, 2, device)
    layer.requires_grad = False
    after_attr = [t.requires_grad for t in layer.parameters()]
    layer.requires_grad_(False)
    after_method = [t.requires_grad for t in layer.parameters()]
    ok = all(after_attr) and not any(after_method)
    return ok, bi(
        f"after layer.requires_grad = False the parameters' requires_grad were {after_attr}; "
        f"after layer.requires_grad_(False) they were {after_method}.",
        f"执行 layer.requires_grad = False 后参数的 requires_grad 为 {after_attr}；"
        f"执行 layer.requires_grad_(False) 后为 {after_method}。")


def check_padding_row(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    emb = nn.Embedding(5, 3, padding_idx=1, device=device, dtype=torch.float64)
    start = emb.weight[1].detach().clone()
    opt = torch.optim.SGD(emb.parameters(), lr=1.0)
    emb(torch.tensor([1, 1, 2], device=device)).sum().backward()
    grad_row = emb.weight.grad[1].detach().clone()
    opt.step()
    zero = f64([0.0, 0.0, 0.0], device)
    ok = (torch.equal(start, zero) and torch.equal(grad_row, zero)
          and torch.equal(emb.weight[1].detach(), zero)
          and bool((emb.weight.grad[2] == 1).all()))
    return ok, bi(
        "nn.Embedding(5, 3, padding_idx=1): row 1 started as zeros, its gradient after a "
        "batch using it twice was zeros, and it was still zeros after an SGD step with lr=1 "
        "(row 2 got gradient 1).",
        "nn.Embedding(5, 3, padding_idx=1)：第 1 行初始全零；一个用了它两次的批次反向传播后，"
        "它的梯度全零；lr=1 的 SGD 更新一步后仍是全零（第 2 行的梯度为 1）。")
