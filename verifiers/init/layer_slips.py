"""Known slips of the layer-default and fan cards: the notes' wrong defaults and the fans
miscounted (pure Python, no torch)."""

from __future__ import annotations

import math

from quizapp.authoring import Params, Slip

OUT_FEATURES = ("used out_features: the bound uses fan_in = in_features",
                "用了 out_features：边界用的是 fan_in = in_features")


def _he_bound(fan_in: int, layer: str) -> Slip:
    return Slip("he-uniform-bound", math.sqrt(6 / fan_in),
                f"gave the He (ReLU) bound √(6/fan_in), as some notes do: {layer} calls "
                f"kaiming_uniform_ with a=√5, so b = 1/√fan_in",
                f"给出了 He（ReLU）均匀初始化的边界 √(6/fan_in)（有些笔记这么写）：{layer} 调用 "
                f"kaiming_uniform_ 时 a=√5，所以 b = 1/√fan_in")


def linear_default_weight_bound_slips(p: Params) -> list[Slip]:
    n, m = p["in_features"], p["out_features"]
    return [
        _he_bound(n, "nn.Linear"),
        Slip("xavier-bound", math.sqrt(6 / (n + m)),
             "gave the Xavier bound √(6/(fan_in+fan_out)): nn.Linear's default is not Xavier",
             "给出了 Xavier 边界 √(6/(fan_in+fan_out))：nn.Linear 的默认初始化不是 Xavier"),
        Slip("out-features-used", 1 / math.sqrt(m), *OUT_FEATURES),
        Slip("sqrt-forgotten", 1 / n, "forgot the square root: b = 1/√in_features",
             "忘了开平方：b = 1/√in_features"),
    ]


def linear_default_bias_bound_slips(p: Params) -> list[Slip]:
    n, m = p["in_features"], p["out_features"]
    return [
        Slip("zero-bias", 0.0, "nn.Linear's bias does not start at 0: it is drawn from "
             "U(-1/√in_features, 1/√in_features)",
             "nn.Linear 的偏置并不从 0 开始：它服从 U(-1/√in_features, 1/√in_features)"),
        Slip("unit-bound", 1.0, "took the bias to be U(-1, 1), as some notes do: it is "
             "U(-1/√in_features, 1/√in_features)",
             "把偏置当成了 U(-1, 1)（有些笔记这么写）：实际是 U(-1/√in_features, 1/√in_features)"),
        Slip("out-features-used", 1 / math.sqrt(m), *OUT_FEATURES),
        Slip("sqrt-forgotten", 1 / n, "forgot the square root: b = 1/√in_features",
             "忘了开平方：b = 1/√in_features"),
    ]


def conv2d_default_weight_bound_slips(p: Params) -> list[Slip]:
    c, k, g = p["C_in"], p["kernel_size"], p["groups"]
    fan = c // g * k * k
    return [
        Slip("groups-forgotten", 1 / math.sqrt(c * k * k),
             "forgot the groups: each filter sees C_in/groups channels, so fan_in = "
             "(C_in/groups)·k·k",
             "忘了 groups：每个卷积核只看到 C_in/groups 个通道，所以 fan_in = (C_in/groups)·k·k"),
        Slip("kernel-forgotten", 1 / math.sqrt(c // g),
             "left out the kernel size: fan_in = (C_in/groups)·k·k",
             "漏掉了卷积核大小：fan_in = (C_in/groups)·k·k"),
        _he_bound(fan, "nn.Conv2d"),
        Slip("sqrt-forgotten", 1 / fan, "forgot the square root: b = 1/√fan_in",
             "忘了开平方：b = 1/√fan_in"),
    ]


def conv_fan_in_slips(p: Params) -> list[Slip]:
    c, g, area = p["C_in"], p["groups"], p["kh"] * p["kw"]
    return [
        Slip("groups-forgotten", c * area,
             "forgot the groups: the weight has C_in/groups input channels, so fan_in = "
             "(C_in/groups)·kh·kw",
             "忘了 groups：权重只有 C_in/groups 个输入通道，所以 fan_in = (C_in/groups)·kh·kw"),
        Slip("kernel-forgotten", c // g, "left out the kernel: fan_in = weight.size(1)·kh·kw",
             "漏掉了卷积核大小：fan_in = weight.size(1)·kh·kw"),
        Slip("fans-swapped", p["C_out"] * area,
             "gave fan_out = C_out·kh·kw: fan_in counts the input channels, weight.size(1)",
             "给出的是 fan_out = C_out·kh·kw：fan_in 数的是输入通道 weight.size(1)"),
    ]


def conv_fan_out_slips(p: Params) -> list[Slip]:
    c, g, area = p["C_out"], p["groups"], p["kh"] * p["kw"]
    return [
        Slip("divided-by-groups", c // g * area,
             "divided C_out by groups: fan_out is weight.size(0)·kh·kw = C_out·kh·kw; groups "
             "shrink only fan_in",
             "把 C_out 除以了 groups：fan_out = weight.size(0)·kh·kw = C_out·kh·kw，"
             "groups 只影响 fan_in"),
        Slip("kernel-forgotten", c, "left out the kernel: fan_out = weight.size(0)·kh·kw",
             "漏掉了卷积核大小：fan_out = weight.size(0)·kh·kw"),
        Slip("fans-swapped", p["C_in"] // g * area,
             "gave fan_in = (C_in/groups)·kh·kw: fan_out counts the output channels, "
             "weight.size(0)",
             "给出的是 fan_in = (C_in/groups)·kh·kw：fan_out 数的是输出通道 weight.size(0)"),
    ]


def embedding_default_init_slips(p: Params) -> list[Slip]:
    return [
        Slip("uniform-assumed", "U(-1, 1)",
             "took nn.Embedding to be U(-1, 1), as some notes do: it calls init.normal_(weight)",
             "把 nn.Embedding 当成了 U(-1, 1)（有些笔记这么写）：它调用的是 init.normal_(weight)"),
        Slip("fan-in-bound-assumed", "U(-1/√dim, 1/√dim)",
             "applied nn.Linear's U(-1/√fan_in, 1/√fan_in) rule: nn.Embedding draws N(0, 1)",
             "套用了 nn.Linear 的 U(-1/√fan_in, 1/√fan_in) 规则：nn.Embedding 用的是 N(0, 1)"),
        Slip("dim-scaled-normal", "N(0, 1/dim)",
             "scaled the variance by the dimension: nn.Embedding's std is 1 whatever the size",
             "按维度缩放了方差：nn.Embedding 的标准差总是 1，与大小无关"),
    ]
