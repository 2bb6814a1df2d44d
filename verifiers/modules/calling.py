"""Constructing and calling a module: assignments before super().__init__(), and which hooks
run through __call__ versus a direct forward()."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    join,
    plural,
    randn,
    require,
    same,
    steps,
    zeros,
)

from .builders import linear

# ---- an assignment before super().__init__() ------------------------------------------------

FIRST = {  # the card's choice -> (the line shown, what it assigns)
    "nn.Linear(4, 2)": ("self.fc = nn.Linear(4, 2)", "a submodule"),
    "nn.Parameter(torch.zeros(2))": ("self.scale = nn.Parameter(torch.zeros(2))", "a parameter"),
    "register_buffer": ('self.register_buffer("stats", torch.zeros(2))', "a buffer"),
    "torch.zeros(2)": ("self.cache = torch.zeros(2)", "a plain tensor"),
    "4": ("self.size = 4", "an int"),
}
FIRST_ZH = {"a submodule": "子模块", "a parameter": "参数", "a buffer": "缓冲区",
            "a plain tensor": "普通张量", "an int": "整数"}
RAISES = "AttributeError at that line: the registries do not exist yet"
PLAIN = "No error: the value is stored as an ordinary attribute"
LATER = "No error: super().__init__() registers it afterwards"


def derive_super(p: Params) -> Params:
    return {**p, "first_line": FIRST[p["first"]][0]}


def _assign(first: str, device: Any) -> Any:
    from torch import nn

    return {
        "nn.Linear(4, 2)": lambda m: setattr(m, "fc", linear(4, 2, device)),
        "nn.Parameter(torch.zeros(2))": lambda m: setattr(m, "scale",
                                                          nn.Parameter(zeros((2,), device))),
        "register_buffer": lambda m: m.register_buffer("stats", zeros((2,), device)),
        "torch.zeros(2)": lambda m: setattr(m, "cache", zeros((2,), device)),
        "4": lambda m: setattr(m, "size", 4),
    }[first]


def super_init_order(p: Params, device: Any) -> Result:
    from torch import nn

    line, what = FIRST[p["first"]]
    assign = _assign(p["first"], device)

    class Net(nn.Module):
        def __init__(self) -> None:
            assign(self)
            super().__init__()

    rule = bi("nn.Module.__setattr__ files Parameters under self._parameters, Modules under "
              "self._modules and buffers under self._buffers; nn.Module.__init__() is what "
              "creates those dicts.",
              "nn.Module.__setattr__ 把参数放进 self._parameters、子模块放进 self._modules、"
              "缓冲区放进 self._buffers；这些字典正是 nn.Module.__init__() 创建的。")
    try:
        net = Net()
    except AttributeError as exc:
        return RAISES, join([rule, bi(
            f"`{line}` assigns {what} before they exist, so torch raises `AttributeError: {exc}`. "
            "Call super().__init__() first.",
            f"`{line}` 在这些字典存在之前就赋值了{FIRST_ZH[what]}，所以 torch 抛出 "
            f"`AttributeError: {exc}`。应先调用 super().__init__()。")])
    name = line.split(" = ")[0].removeprefix("self.")
    registered = any(name in d for d in (net._parameters, net._modules, net._buffers))
    answer = LATER if registered else PLAIN
    return answer, join([rule, bi(
        f"`{line}` assigns {what}, which needs no registry: it becomes an ordinary attribute "
        f"(registered: {registered}), and super().__init__() leaves it alone.",
        f"`{line}` 赋值的是{FIRST_ZH[what]}，不需要注册：它只是普通属性（已注册：{registered}），"
        "super().__init__() 也不会动它。")])


# ---- hooks: __call__ versus forward ---------------------------------------------------------

HOOK_LAMBDA = {"register_forward_hook": "lambda mod, args, out: calls.append(1)",
               "register_forward_pre_hook": "lambda mod, args: calls.append(1)"}


def derive_hook(p: Params) -> Params:
    require(p["target"] in {"model", "model[0]", "model[2]"}, "unknown hook target")
    return {**p, "hook_line": f"{p['target']}.{p['hook']}({HOOK_LAMBDA[p['hook']]})"}


def hook_call_count(p: Params, device: Any) -> Result:
    from torch import nn

    require(p["via_call"] + p["via_forward"] <= 100_000, "too many calls")
    model = nn.Sequential(linear(3, 3, device), nn.ReLU(), linear(3, 1, device))
    for param in model.parameters():
        nn.init.uniform_(param, -1, 1)
    calls: list[int] = []
    target = model if p["target"] == "model" else model[int(p["target"][6])]
    if p["hook"] == "register_forward_hook":
        target.register_forward_hook(lambda mod, args, out: calls.append(1))
    else:
        target.register_forward_pre_hook(lambda mod, args: calls.append(1))
    x = randn(2, 3, device=device)
    for _ in steps(p["via_call"], "calls"):
        model(x)
    from_call = len(calls)
    for _ in steps(p["via_forward"], "calls"):
        model.forward(x)
    answer = len(calls)
    a, b = p["via_call"], p["via_forward"]
    rule = bi("model(x) goes through nn.Module.__call__, which runs the module's forward "
              "pre-hooks, then forward(), then its forward hooks. model.forward(x) runs forward() "
              "alone and skips model's own hooks; but Sequential.forward calls each child as "
              "child(x), so the children's hooks still run.",
              "model(x) 走的是 nn.Module.__call__：先运行该模块的前向预钩子，再运行 forward()，"
              "最后运行前向钩子。model.forward(x) 只运行 forward()，跳过 model 自己的钩子；但 "
              "Sequential.forward 以 child(x) 的方式调用每个子模块，所以子模块的钩子照样运行。")
    if p["target"] == "model":
        via_call = plural(a, "model(x) call", "model(x) calls")
        via_forward = plural(b, "model.forward(x) call", "model.forward(x) calls")
        work = bi(f"The hook is on model itself: it runs for the {via_call} only (after them: "
                  f"{from_call}), not for the {via_forward}: {answer}.",
                  f"钩子挂在 model 本身：只有 {a} 次 model(x) 会触发（此时计数为 {from_call}），"
                  f"{b} 次 model.forward(x) 不触发：{answer}。")
    else:
        work = bi(f"The hook is on {p['target']}: every pass, through model(x) or "
                  f"model.forward(x), calls {p['target']}(...) via __call__: {a} + {b} = {answer}.",
                  f"钩子挂在 {p['target']}：无论 model(x) 还是 model.forward(x)，每次都会通过 "
                  f"__call__ 调用 {p['target']}(...)：{a} + {b} = {answer}。")
    return answer, join([rule, work, same(f"len(calls) = {answer}")])
