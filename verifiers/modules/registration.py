"""What nn.Module registers: containers versus plain lists, buffers versus parameters,
named_parameters() names, and attribute assignment before super().__init__()."""

from __future__ import annotations

import random
from typing import Any

from quizapp.authoring import Params, Result, bi, count_params, join, require, same

from .builders import INDENT, fits, linear

# ---- containers: what self.blocks = ... registers -------------------------------------------

CONTAINERS = {
    "nn.Sequential": "nn.Sequential(*[nn.Linear({w}, {w}) for _ in range({n})])",
    "nn.ModuleList": "nn.ModuleList([nn.Linear({w}, {w}) for _ in range({n})])",
    "nn.ModuleDict": 'nn.ModuleDict({{f"fc{{i}}": nn.Linear({w}, {w}) for i in range({n})}})',
    "list": "[nn.Linear({w}, {w}) for _ in range({n})]",
    "dict": '{{f"fc{{i}}": nn.Linear({w}, {w}) for i in range({n})}}',
}
REGISTERED = {"nn.Sequential", "nn.ModuleList", "nn.ModuleDict"}


def derive_container(p: Params) -> Params:
    require(p["n"] >= 0 and p["width"] >= 1, "n must be >= 0 and width >= 1")
    fits((p["n"] + 1) * (p["width"] ** 2 + p["width"]), "the model")
    return {**p, "blocks_code": CONTAINERS[p["container"]].format(w=p["width"], n=p["n"])}


def _blocks(kind: str, n: int, w: int, device: Any) -> Any:
    from torch import nn

    layers = [linear(w, w, device) for _ in range(n)]
    named = {f"fc{i}": layer for i, layer in enumerate(layers)}
    return {"nn.Sequential": lambda: nn.Sequential(*layers),
            "nn.ModuleList": lambda: nn.ModuleList(layers),
            "nn.ModuleDict": lambda: nn.ModuleDict(named),
            "list": lambda: layers, "dict": lambda: named}[kind]()


def container_param_count(p: Params, device: Any) -> Result:
    from torch import nn

    derive_container(p)
    n, w = p["n"], p["width"]

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.blocks = _blocks(p["container"], n, w, device)
            self.head = linear(w, 1, device)

    net = Net()
    total = count_params(net)
    children = ", ".join(net._modules)
    head = w + 1
    if p["container"] in REGISTERED:
        per = w * w + w
        work = f"{n} x ({w}*{w} + {w}) + ({w} + 1) = {n * per} + {head} = {total}"
        return total, join([
            bi(f"{p['container']} is itself an nn.Module, so assigning it to self.blocks "
               f"registers it and every layer inside it. Registered children: {children}.",
               f"{p['container']} 本身就是 nn.Module，赋值给 self.blocks 时它和其中每一层都会被"
               f"注册。已注册的子模块：{children}。"),
            same(work)])
    return total, join([
        bi(f"A plain Python {p['container']} is not a Module: nn.Module.__setattr__ registers "
           f"only Parameters, Modules and buffers, so self.blocks becomes an ordinary attribute "
           f"and its {n} layers are invisible to parameters(), state_dict(), .to() and the "
           f"optimizer. Registered children: {children}.",
           f"普通的 Python {p['container']} 不是 Module：nn.Module.__setattr__ 只注册参数、"
           f"子模块和缓冲区，所以 self.blocks 只是普通属性，其中 {n} 层对 parameters()、"
           f"state_dict()、.to() 和优化器都不可见。已注册的子模块：{children}。"),
        bi(f"Only the head counts: {w} + 1 = {total}. Use nn.ModuleList / nn.ModuleDict.",
           f"只有输出层计入：{w} + 1 = {total}。应改用 nn.ModuleList / nn.ModuleDict。")])


# ---- parameters, buffers and plain tensors --------------------------------------------------

BUFFER_ASK = {
    "state_dict": "len(m.state_dict())",
    "buffers": "len(list(m.buffers()))",
    "parameters": "len(list(m.parameters()))",
}
KINDS = (("n_params", "self.w{i} = nn.Parameter(torch.ones(3))"),
         ("n_buffers", 'self.register_buffer("mean{i}", torch.zeros(3))'),
         ("n_temp", 'self.register_buffer("mask{i}", torch.ones(3), persistent=False)'),
         ("n_plain", "self.cache{i} = torch.zeros(3)"))


def derive_buffers(p: Params) -> Params:
    require(all(p[k] >= 0 for k, _ in KINDS), "the counts must be at least 0")
    lines = ["super().__init__()"] + [line.format(i=i) for key, line in KINDS
                                      for i in range(p[key])]
    body = "".join(f"\n{INDENT * 2}{line}" for line in lines)
    code = (f"class Stats(nn.Module):\n{INDENT}def __init__(self):{body}\n\n"
            f"m = Stats()\n{BUFFER_ASK[p['ask']]}")
    return {**p, "module_code": code}


def buffer_entries(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    derive_buffers(p)

    class Stats(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            kw = {"dtype": torch.float64, "device": device}
            for i in range(p["n_params"]):
                setattr(self, f"w{i}", nn.Parameter(torch.ones(3, **kw)))
            for i in range(p["n_buffers"]):
                self.register_buffer(f"mean{i}", torch.zeros(3, **kw))
            for i in range(p["n_temp"]):
                self.register_buffer(f"mask{i}", torch.ones(3, **kw), persistent=False)
            for i in range(p["n_plain"]):
                setattr(self, f"cache{i}", torch.zeros(3, **kw))

    m = Stats()
    listed = {"state_dict": list(m.state_dict()),
              "buffers": [name for name, _ in m.named_buffers()],
              "parameters": [name for name, _ in m.named_parameters()]}
    answer = len(listed[p["ask"]])

    def show(names: list[str]) -> str:
        return ", ".join(names) if names else "-"

    return answer, join([
        bi("nn.Parameter attributes are parameters; register_buffer makes a buffer, saved in "
           "state_dict() unless persistent=False; a plain tensor attribute is not registered "
           "at all (not saved, not moved by .to()).",
           "nn.Parameter 属性是参数；register_buffer 注册缓冲区，除非 persistent=False，否则会"
           "存进 state_dict()；普通张量属性完全不注册（不保存，也不随 .to() 移动）。"),
        bi(f"parameters: {show(listed['parameters'])}\nbuffers: {show(listed['buffers'])}\n"
           f"state_dict: {show(listed['state_dict'])}",
           f"参数：{show(listed['parameters'])}\n缓冲区：{show(listed['buffers'])}\n"
           f"state_dict：{show(listed['state_dict'])}"),
        same(f"{BUFFER_ASK[p['ask']]} = {answer}"),
    ])


# ---- named_parameters() names ---------------------------------------------------------------

BLOCKS = {"Linear, ReLU": ("nn.Linear({w}, {w})", "nn.ReLU()"),
          "Linear, BatchNorm1d, ReLU": ("nn.Linear({w}, {w})", "nn.BatchNorm1d({w})",
                                        "nn.ReLU()")}
NAMED_WIDTH = 4


def named_count(p: Params) -> int:
    """How many parameters the model of the named-parameter card has (for the sampler)."""
    return p["depth"] * (2 if p["block"] == "Linear, ReLU" else 4)


def sample_named(p: Params, rng: random.Random) -> Params:
    return {**p, "index": rng.randrange(named_count(p))}


def derive_named(p: Params) -> Params:
    require(p["depth"] >= 1, "the model needs at least one block")
    count = named_count(p)
    require(p["index"] < count, f"names has only {count} entries (indices 0 to {count - 1})")
    row = ", ".join(BLOCKS[p["block"]]).format(w=NAMED_WIDTH)
    body = "".join(f"\n{INDENT * 3}{row}," for _ in range(p["depth"]))
    code = (f"class Net(nn.Module):\n{INDENT}def __init__(self):\n"
            f"{INDENT * 2}super().__init__()\n{INDENT * 2}self.{p['attr']} = nn.Sequential("
            f"{body}\n{INDENT * 2})\n\n"
            f"names = [name for name, p in Net().named_parameters()]\nnames[{p['index']}]")
    return {**p, "model_code": code}


def named_parameter_name(p: Params, device: Any) -> Result:
    import torch
    from torch import nn

    derive_named(p)
    w = NAMED_WIDTH
    layers: list[Any] = []
    for _ in range(p["depth"]):
        layers.append(linear(w, w, device))
        if p["block"] != "Linear, ReLU":
            layers.append(nn.BatchNorm1d(w, device=device, dtype=torch.float64))
        layers.append(nn.ReLU())
    net = nn.Module()
    setattr(net, p["attr"], nn.Sequential(*layers))
    names = [name for name, _ in net.named_parameters()]
    answer = names[p["index"]]
    shown = names[:max(p["index"] + 1, 6)]
    more = ", ..." if len(shown) < len(names) else ""
    return answer, join([
        bi(f"named_parameters() joins attribute names with dots: the Sequential is "
           f"self.{p['attr']}, and inside it every module is named by its position 0, 1, 2, ... "
           "nn.ReLU has no parameters, so it adds no names, but it still takes up a position.",
           f"named_parameters() 用点号连接属性名：Sequential 是 self.{p['attr']}，其中每个"
           "模块按位置命名为 0, 1, 2, ...。nn.ReLU 没有参数，不产生名字，但仍然占一个序号。"),
        same(f"names = [{', '.join(shown)}{more}]"),
        same(f"names[{p['index']}] = {answer}"),
    ])
