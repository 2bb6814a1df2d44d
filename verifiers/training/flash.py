"""Flash-card checks for the training deck: each proves its card's claim in the running torch."""

from __future__ import annotations

import inspect
from typing import Any

from quizapp.authoring import Params, Result, bi, f64, layer, num, ones, quiet, randn

from ._common import seeded


def check_dropout_zeroes_activations(p: Params, device: Any) -> Result:
    """Train: activations zeroed or scaled by 1/(1-p), weights untouched. Eval: identity."""
    import torch

    net = layer(torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Dropout(0.25)), device)
    before = net[0].weight.detach().clone()
    x = ones((2000, 4), device)
    with seeded(device), torch.no_grad():
        hidden = net[0](x)
        out = net(x)
        kept = out != 0
        scaled = torch.allclose(out[kept], hidden[kept] / 0.75, rtol=1e-12, atol=0)
        net.eval()
        same = bool(torch.equal(net(x), hidden))
    untouched = bool(torch.equal(net[0].weight, before))
    share = float(kept.double().mean())
    ok = scaled and same and untouched and 0.7 < share < 0.8
    return ok, bi(
        f"Dropout(0.25) in train mode kept {share:.1%} of the Linear layer's outputs, each "
        f"exactly 1/(1 - 0.25) = {num(1 / 0.75)} times its value; the weights were unchanged; "
        f"in eval mode the output equalled the Linear output exactly: {same}",
        f"训练模式的 Dropout(0.25) 保留了 Linear 输出的 {share:.1%}，每个都恰好放大为 "
        f"1/(1 - 0.25) = {num(1 / 0.75)} 倍；权重没有任何变化；eval 模式下输出与 Linear "
        f"的输出完全相同：{same}")


def check_eval_keeps_autograd(p: Params, device: Any) -> Result:
    """After eval() the output still requires grad and backward() fills .grad."""
    import torch

    net = layer(torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Dropout(0.5)), device)
    net.eval()
    x = ones((3,), device)
    out = net(x)
    tracked = bool(out.requires_grad)
    out.sum().backward()
    filled = net[0].weight.grad is not None
    with torch.no_grad():
        plain = bool(net(x).requires_grad)
    with torch.inference_mode():
        infer = bool(net(x).requires_grad)
    ok = tracked and filled and not plain and not infer
    return ok, bi(
        f"after net.eval(): out.requires_grad = {tracked}, backward() filled weight.grad: "
        f"{filled}; under torch.no_grad(): {plain}; under torch.inference_mode(): {infer}",
        f"net.eval() 之后：out.requires_grad = {tracked}，backward() 填入了 weight.grad："
        f"{filled}；torch.no_grad() 下：{plain}；torch.inference_mode() 下：{infer}")


def check_plateau_verbose_removed(p: Params, device: Any) -> Result:
    """ReduceLROnPlateau(verbose=True) is refused by the installed torch; get_last_lr() logs."""
    import torch
    from torch.optim.lr_scheduler import ReduceLROnPlateau

    w = f64([0.0], device, requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.1)
    try:
        ReduceLROnPlateau(opt, verbose=True)
        refused, message = False, "accepted"
    except TypeError as exc:
        refused, message = True, str(exc)
    sched = ReduceLROnPlateau(opt, patience=0)
    sched.step(1.0)
    sched.step(1.0)
    last = [float(v) for v in sched.get_last_lr()]
    shown = "[" + ", ".join(num(v) for v in last) + "]"
    has_arg = "verbose" in inspect.signature(ReduceLROnPlateau.__init__).parameters
    ok = refused and not has_arg and abs(last[0] - 0.01) < 1e-15
    return ok, bi(
        f"torch {torch.__version__}: ReduceLROnPlateau(opt, verbose=True) raises TypeError "
        f"({message}); after two flat steps with patience=0, get_last_lr() = {shown}",
        f"torch {torch.__version__}：ReduceLROnPlateau(opt, verbose=True) 抛出 TypeError"
        f"（不接受 verbose 这个关键字参数）；patience=0 时两步 loss 不变后，"
        f"get_last_lr() = {shown}")


def check_zero_grad_sets_none(p: Params, device: Any) -> Result:
    """zero_grad() defaults to set_to_none=True; set_to_none=False fills zeros."""
    import torch

    net = layer(torch.nn.Linear(2, 1), device)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    x = ones((2,), device)
    net(x).sum().backward()
    opt.zero_grad()
    after_default = net.weight.grad
    net(x).sum().backward()
    opt.zero_grad(set_to_none=False)
    zeros_kept = net.weight.grad is not None and bool((net.weight.grad == 0).all())
    default = inspect.signature(torch.optim.Optimizer.zero_grad).parameters["set_to_none"].default
    ok = after_default is None and zeros_kept and default is True
    return ok, bi(
        f"after opt.zero_grad(): weight.grad is {after_default}; after "
        f"zero_grad(set_to_none=False): a tensor of zeros ({zeros_kept}); the default "
        f"set_to_none = {default}",
        f"opt.zero_grad() 之后 weight.grad 是 {after_default}；zero_grad(set_to_none=False) "
        f"之后是全 0 张量（{zeros_kept}）；默认 set_to_none = {default}")


def check_weight_decay_not_everywhere(p: Params, device: Any) -> Result:
    """LBFGS, SparseAdam and Rprop take no weight_decay; SGD, Adam, AdamW do."""
    import torch

    def takes(name: str) -> bool:
        return "weight_decay" in inspect.signature(getattr(torch.optim, name)).parameters

    without = [n for n in ("LBFGS", "SparseAdam", "Rprop") if not takes(n)]
    with_it = [n for n in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad") if takes(n)]
    w = f64([1.0], device, requires_grad=True)
    try:
        torch.optim.LBFGS([w], weight_decay=0.1)
        refused = False
    except TypeError:
        refused = True
    ok = len(without) == 3 and len(with_it) == 5 and refused
    return ok, bi(
        f"no weight_decay argument: {', '.join(without)} (LBFGS(..., weight_decay=0.1) raises "
        f"TypeError: {refused}); with it: {', '.join(with_it)}",
        f"没有 weight_decay 参数：{', '.join(without)}（LBFGS(..., weight_decay=0.1) 抛出 "
        f"TypeError：{refused}）；有该参数：{', '.join(with_it)}")


def check_tanh_module_name(p: Params, device: Any) -> Result:
    """nn.Tanh, nn.ReLU, nn.LeakyReLU, nn.PReLU exist; nn.tanh, nn.ReLu, nn.LeakyReLu don't."""
    import torch
    from torch import nn

    real = [n for n in ("Tanh", "Sigmoid", "ReLU", "LeakyReLU", "PReLU") if hasattr(nn, n)]
    missing = [n for n in ("tanh", "ReLu", "LeakyReLu", "PReLu") if not hasattr(nn, n)]
    x = f64([0.5], device)
    same = bool(torch.equal(nn.Tanh()(x), torch.tanh(x)))
    ok = len(real) == 5 and len(missing) == 4 and same
    return ok, bi(
        f"torch.nn has {', '.join(real)}; it has no {', '.join(missing)}; "
        f"nn.Tanh()(x) equals torch.tanh(x): {same}",
        f"torch.nn 里有 {', '.join(real)}；没有 {', '.join(missing)}；"
        f"nn.Tanh()(x) 与 torch.tanh(x) 相等：{same}")


def _slope(fn: Any, x: float, device: Any) -> float:
    import torch

    t = f64(x, device, requires_grad=True)
    (g,) = torch.autograd.grad(fn(t), t)
    return float(g.item())


def check_derivative_peaks(p: Params, device: Any) -> Result:
    """sigmoid' peaks at exactly 0.25 and tanh' at exactly 1, both at x = 0."""
    import torch

    xs = [-3.0, -1.0, -0.1, 0.0, 0.1, 1.0, 3.0]
    sig = [_slope(torch.sigmoid, x, device) for x in xs]
    tanh = [_slope(torch.tanh, x, device) for x in xs]
    ok = sig[3] == 0.25 and tanh[3] == 1.0 and max(sig) == sig[3] and max(tanh) == tanh[3]
    return ok, bi(
        f"autograd at x = {xs}: sigmoid' = {[round(v, 4) for v in sig]}, tanh' = "
        f"{[round(v, 4) for v in tanh]}: the maxima 0.25 and 1 are reached at x = 0",
        f"x = {xs} 处的 autograd 结果：sigmoid' = {[round(v, 4) for v in sig]}，tanh' = "
        f"{[round(v, 4) for v in tanh]}：最大值 0.25 和 1 在 x = 0 处取到")


def check_relu_derivative(p: Params, device: Any) -> Result:
    """ReLU' is 0 for x < 0 (and at 0), 1 for x > 0; its outputs are >= 0, not all > 0."""
    import torch

    xs = [-2.0, -0.5, 0.0, 0.5, 2.0]
    slopes = [_slope(torch.relu, x, device) for x in xs]
    outs = torch.relu(f64(xs, device)).tolist()
    ok = slopes == [0.0, 0.0, 0.0, 1.0, 1.0] and outs == [0.0, 0.0, 0.0, 0.5, 2.0]
    return ok, bi(
        f"x = {xs}: ReLU(x) = {outs}, autograd slope = {slopes}",
        f"x = {xs}：ReLU(x) = {outs}，autograd 求得的斜率 = {slopes}")


def check_l2_vs_weight_decay(p: Params, device: Any) -> Result:
    """SGD/Adam weight_decay=lam equals the penalty (lam/2)·Σw²; AdamW matches neither."""
    import torch

    lam, start = 0.1, randn(4, device=device, seed=7)
    grad = randn(4, device=device, seed=8)

    def step(kind: str, decay: float, penalty: bool) -> Any:
        w = start.clone().requires_grad_(True)
        opt = getattr(torch.optim, kind)([w], lr=0.01, weight_decay=decay)
        loss = (grad * w).sum() + (lam / 2 * (w**2).sum() if penalty else 0)
        loss.backward()
        opt.step()
        return w.detach()

    with quiet():
        sgd = torch.allclose(step("SGD", lam, False), step("SGD", 0.0, True), rtol=1e-12)
        adam = torch.allclose(step("Adam", lam, False), step("Adam", 0.0, True), rtol=1e-12)
        adamw = torch.allclose(step("AdamW", lam, False), step("Adam", 0.0, True), rtol=1e-6)
    ok = sgd and adam and not adamw
    return ok, bi(
        f"one step with weight_decay={lam} equals one with the penalty ({lam}/2)·Σw² in the "
        f"loss: SGD {sgd}, Adam {adam}; AdamW(weight_decay={lam}) equals it: {adamw}",
        f"weight_decay={lam} 走一步，与把 ({lam}/2)·Σw² 加进 loss 走一步相比：SGD 相同 {sgd}，"
        f"Adam 相同 {adam}；AdamW(weight_decay={lam}) 相同：{adamw}")


def check_inference_mode_tensors(p: Params, device: Any) -> Result:
    """Tensors made under inference_mode() can't enter autograd later; no_grad() ones can."""
    import torch

    w = f64([2.0], device, requires_grad=True)
    with torch.no_grad():
        a = ones((1,), device) * 3
    with torch.inference_mode():
        b = ones((1,), device) * 3
    (w * a).sum().backward()
    usable = w.grad is not None
    try:
        (w * b).sum().backward()
        refused, message = False, ""
    except RuntimeError as exc:
        refused, message = True, str(exc).split(".")[0]
    ok = usable and refused and b.is_inference() and not a.is_inference()
    return ok, bi(
        f"a tensor made under no_grad() works in a later backward(): {usable}; one made under "
        f"inference_mode() (is_inference() = {b.is_inference()}) is refused: {message}",
        f"no_grad() 下创建的张量之后可以参与 backward()：{usable}；inference_mode() 下创建的"
        f"张量（is_inference() = {b.is_inference()}）会被拒绝，抛出 RuntimeError："
        f"推理张量不能保存给反向传播使用")
