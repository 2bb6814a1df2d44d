"""Known slips of the parameter-count and weight-shape cards (pure Python, stable slug ids)."""

from __future__ import annotations

from quizapp.authoring import Params, Slip


def _count(c_in: int, c_out: int, kh: int, kw: int, g: int, bias: bool) -> int:
    return c_out * (c_in // g) * kh * kw + (c_out if bias else 0)


BIAS_FORGOTTEN = ("forgot the biases: bias=True adds one per output channel, C_out in all",
                  "漏掉了偏置：bias=True 时每个输出通道还有一个偏置，共 C_out 个")
GROUPS_IGNORED = ("ignored groups: each filter sees only C_in/groups input channels",
                  "忽略了分组：每个卷积核只看 C_in/groups 个输入通道")
BIAS_DIVIDED = ("divided the biases by groups too: there are still C_out biases",
                "把偏置也除以了 groups：偏置仍是 C_out 个")


def conv2d_count_slips(p: Params) -> list[Slip]:
    c_in, c_out, k, g, b = p["C_in"], p["C_out"], p["kernel_size"], p["groups"], p["bias"]
    weights = _count(c_in, c_out, k, k, g, False)
    slips = [
        Slip("groups-ignored", _count(c_in, c_out, k, k, 1, b), *GROUPS_IGNORED),
        Slip("kernel-not-squared", c_out * (c_in // g) * k + (c_out if b else 0),
             "used k instead of k*k: the kernel is k x k", "用了 k 而不是 k*k：卷积核是 k x k 的"),
    ]
    if not b:
        return [Slip("bias-counted", weights + c_out,
                     "counted biases although bias=False", "bias=False 却仍然算上了偏置"), *slips]
    return [Slip("bias-forgotten", weights, *BIAS_FORGOTTEN), *slips,
            Slip("bias-divided-by-groups", weights + c_out // g, *BIAS_DIVIDED)]


def grouped_count_slips(p: Params) -> list[Slip]:
    c_in, c_out, kh, kw, g = p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"]
    weights = _count(c_in, c_out, kh, kw, g, False)
    return [
        Slip("bias-forgotten", weights, *BIAS_FORGOTTEN),
        Slip("groups-ignored", _count(c_in, c_out, kh, kw, 1, True), *GROUPS_IGNORED),
        Slip("bias-divided-by-groups", weights + c_out // g, *BIAS_DIVIDED),
        Slip("groups-divided-twice", (c_out // g) * (c_in // g) * kh * kw + c_out,
             "divided by groups twice: C_out filters in all, each seeing C_in/groups channels",
             "除了两次 groups：一共 C_out 个卷积核，每个看 C_in/groups 个通道"),
    ]


def weight_shape_slips(p: Params) -> list[Slip]:
    c_in, c_out, kh, kw, g = p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"]
    return [
        Slip("groups-ignored", (c_out, c_in, kh, kw),
             "ignored groups: the second dimension is in_channels/groups",
             "忽略了分组：第二维是 in_channels/groups"),
        Slip("transpose-layout", (c_in, c_out // g, kh, kw),
             "gave ConvTranspose2d's layout: Conv2d stores (out, in/groups, kH, kW)",
             "写成了 ConvTranspose2d 的布局：Conv2d 的权重是 (out, in/groups, kH, kW)"),
        Slip("out-divided-by-groups", (c_out // g, c_in // g, kh, kw),
             "divided out_channels by groups: the weight holds all C_out filters",
             "把 out_channels 也除以了 groups：权重里有全部 C_out 个卷积核"),
        Slip("kh-kw-swapped", (c_out, c_in // g, kw, kh),
             "swapped kH and kW: kernel_size=(kh, kw) is (height, width)",
             "把 kH、kW 写反了：kernel_size=(kh, kw) 是（高，宽）"),
    ]


def groups_valid_slips(p: Params) -> list[Slip]:
    c_in, c_out, g = p["C_in"], p["C_out"], p["groups"]
    return [
        Slip("out-channels-unchecked", c_in % g == 0,
             "checked only in_channels: out_channels must be divisible by groups too",
             "只检查了 in_channels：out_channels 也必须能被 groups 整除"),
        Slip("in-channels-unchecked", c_out % g == 0,
             "checked only out_channels: in_channels must be divisible by groups too",
             "只检查了 out_channels：in_channels 也必须能被 groups 整除"),
    ]


def _separable(c_in: int, c_out: int, k: int, b: bool) -> int:
    return _count(c_in, c_in, k, k, c_in, b) + _count(c_in, c_out, 1, 1, 1, b)


def separable_count_slips(p: Params) -> list[Slip]:
    c_in, c_out, k, b = p["C_in"], p["C_out"], p["kernel_size"], p["bias"]
    right = _separable(c_in, c_out, k, b)
    slips = [
        Slip("depthwise-as-full-conv", right - c_in * k * k + c_in * c_in * k * k,
             "counted the depthwise conv as a full one: groups=C_in gives each channel one "
             "k x k filter, C_in*k*k in all",
             "把逐通道卷积当成了普通卷积：groups=C_in 时每个通道只有一个 k x k 卷积核，共 "
             "C_in*k*k 个权重"),
    ]
    if b:
        slips.insert(0, Slip("bias-forgotten", _separable(c_in, c_out, k, False),
                             "forgot the biases: C_in for the depthwise conv plus C_out for "
                             "the pointwise one",
                             "漏掉了偏置：逐通道卷积 C_in 个，逐点卷积 C_out 个"))
        slips.append(Slip("one-bias-set", right - c_in,
                          "counted only the pointwise biases: the depthwise conv has C_in too",
                          "只算了逐点卷积的偏置：逐通道卷积也有 C_in 个偏置"))
    return slips


def ratio_slips(p: Params) -> list[Slip]:
    c_in, c_out, k, b = p["C_in"], p["C_out"], p["kernel_size"], p["bias"]
    standard, separable = _count(c_in, c_out, k, k, 1, b), _separable(c_in, c_out, k, b)
    slips = [
        Slip("ratio-inverted", separable / standard,
             "gave separable / standard: the question asks standard / separable",
             "算成了 可分离 / 标准：题目问的是 标准 / 可分离"),
        Slip("k-squared-limit", float(k * k),
             "gave the limit k^2: the ratio 1/(1/C_out + 1/k^2) only approaches it for a "
             "large C_out", "给出了极限值 k^2：比值 1/(1/C_out + 1/k^2) 只有 C_out 很大时才接近它"),
    ]
    if b:
        slips.append(Slip("bias-ignored", c_out * k * k / (k * k + c_out),
                          "left out the biases: with bias=True both counts include them",
                          "没算偏置：bias=True 时两边的参数量都包含偏置"))
    return slips
