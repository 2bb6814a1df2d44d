"""F.pad: the values each mode puts around a 1-D signal, which dimensions a pad tuple reaches
(pairs start from the last dimension), and the live checks of the padding flash cards."""

from __future__ import annotations

import math
import random
from typing import Any

from quizapp.authoring import (
    Params,
    Result,
    bi,
    f64,
    join,
    plural,
    require,
    shape_of,
    vec,
    zeros,
)

from .loaders import fits

MODES = ("constant", "reflect", "replicate", "circular")
DIMS = ("W", "H", "D")


def pad_problem(values: list[int], left: int, right: int, mode: str) -> str | None:
    """Why F.pad has no result for this signal and mode (as torch decides), or None."""
    n = len(values)
    if n < 1:
        return "the signal needs at least one value"
    if left < 0 or right < 0:
        return "this card pads, it does not crop: left and right must be at least 0"
    if mode == "reflect" and max(left, right) >= n:
        return (f"reflect padding must be smaller than the signal: a pad of {max(left, right)} "
                f"with {n} {'value' if n == 1 else 'values'} (torch raises RuntimeError)")
    if mode == "circular" and max(left, right) > n:
        return (f"circular padding cannot exceed the signal: a pad of {max(left, right)} with "
                f"{n} {'value' if n == 1 else 'values'} would wrap around more than once "
                "(torch raises RuntimeError)")
    return None


def sample_pad(p: Params, rng: random.Random) -> Params:
    """Distinct values, so each mode's pattern shows; pads the mode accepts."""
    n = len(p["values"])
    values = rng.sample(range(1, 10), n)
    cap = n - 1 if p["mode"] == "reflect" else n
    left, right = min(p["left"], cap), min(p["right"], cap)
    if left == right == 0:
        left = rng.randint(1, min(3, cap))
    return {**p, "values": values, "left": left, "right": right}


def signal_code(values: list[int], left: int, right: int, mode: str) -> str:
    if mode == "constant":
        return (f"x = torch.tensor({values}, dtype=torch.float64)\n"
                f"F.pad(x, ({left}, {right}))   # mode=\"constant\", value=0")
    return (f"x = torch.tensor({values}, dtype=torch.float64).view(1, 1, -1)   # (N, C, W)\n"
            f"F.pad(x, ({left}, {right}), mode=\"{mode}\").flatten()")


def derive_pad(p: Params) -> Params:
    why = pad_problem(p["values"], p["left"], p["right"], p["mode"])
    require(why is None, why or "")
    fits(len(p["values"]) + p["left"] + p["right"], "the padded signal")
    return {**p, "signal_code": signal_code(p["values"], p["left"], p["right"], p["mode"])}


def _flat_ints(t: Any) -> list[int]:
    return [int(v) for v in t.flatten().tolist()]


def _ints(values: list[float]) -> list[Any]:
    return [int(v) if float(v).is_integer() else v for v in values]


def pad_values(p: Params, device: Any) -> Result:
    import torch.nn.functional as F

    derive_pad(p)
    values, left, right, mode = p["values"], p["left"], p["right"], p["mode"]
    x = f64(values, device)
    if mode == "constant":
        out = F.pad(x, (left, right))
    else:
        out = F.pad(x.view(1, 1, -1), (left, right), mode=mode).flatten()
    got = _ints(out.cpu().tolist())
    n = len(values)
    before, after = got[:left], got[len(got) - right:]
    rules = {
        "constant": bi("mode='constant' fills the new places with value=0.",
                       "mode='constant' 用 value=0 填充新增的位置。"),
        "reflect": bi("mode='reflect' mirrors the signal around its first and last value "
                      "without repeating them, so a pad must be smaller than the signal.",
                      "mode='reflect' 以第一个和最后一个值为轴做镜像，但不重复这两个边缘值，"
                      "所以填充量必须小于信号长度。"),
        "replicate": bi("mode='replicate' repeats the edge values: x[0] on the left, x[-1] on "
                        "the right.",
                        "mode='replicate' 重复边缘值：左边重复 x[0]，右边重复 x[-1]。"),
        "circular": bi("mode='circular' wraps around: the left pad is the signal's last values, "
                       "the right pad its first values.",
                       "mode='circular' 循环填充：左边补信号末尾的值，右边补信号开头的值。"),
    }
    parts = bi(f"{plural(n, 'value', 'values')}, left pad {vec(before)}, right pad {vec(after)}: "
               f"{vec(before)} + {vec(values)} + {vec(after)} = {vec(got)}.",
               f"{n} 个值，左边补 {vec(before)}，右边补 {vec(after)}："
               f"{vec(before)} + {vec(values)} + {vec(after)} = {vec(got)}。")
    lines = [rules[mode], parts]
    if mode != "constant":
        lines.append(bi("Non-constant modes need a batch and a channel dimension, hence "
                        ".view(1, 1, -1): F.pad pads the last dimension with a pair (left, right).",
                        "非 constant 模式要求输入带批维度和通道维度，所以先 .view(1, 1, -1)；"
                        "F.pad 用一对 (left, right) 填充最后一维。"))
    if mode == "reflect":
        lines.append(bi("The notes give reflect of [1, 2, 3, 4] as [3, 2, 1, 2, 3, 4, 4, 3, 2]; "
                        "torch's reflect by 2 gives [3, 2, 1, 2, 3, 4, 3, 2]. Repeating the edge "
                        "value is symmetric padding, a mode F.pad does not offer.",
                        "笔记说 [1, 2, 3, 4] 的 reflect 填充是 [3, 2, 1, 2, 3, 4, 4, 3, 2]；"
                        "torch 的 reflect 填充 2 得到 [3, 2, 1, 2, 3, 4, 3, 2]。重复边缘值的是"
                        "对称填充（symmetric），F.pad 没有这种模式。"))
    return got, join(lines)


# ---- which dimensions a pad tuple reaches ---------------------------------------------------


def derive_pad_shape(p: Params) -> Params:
    shape, pad = p["shape"], p["pad"]
    require(len(shape) >= 1 and all(d >= 1 for d in shape), "every size must be at least 1")
    require(len(pad) % 2 == 0 and len(pad) >= 2, "the pad tuple needs pairs: (left, right, ...)")
    require(len(pad) // 2 <= len(shape),
            f"{len(pad) // 2} pairs pad {len(pad) // 2} dimensions, but the input has "
            f"{len(shape)}")
    out = list(shape)
    for k in range(len(pad) // 2):
        dim = len(shape) - 1 - k
        out[dim] = shape[dim] + pad[2 * k] + pad[2 * k + 1]
        require(out[dim] >= 0, f"pads {pad[2 * k]} and {pad[2 * k + 1]} crop dimension {dim} "
                f"of size {shape[dim]} below 0")
    fits(math.prod(shape), "the input")
    fits(math.prod(out), "the output")
    return {**p, "shape_text": "(" + ", ".join(map(str, shape)) + ")",
            "pad_text": "(" + ", ".join(map(str, pad)) + ")"}


def sample_pad_shape(p: Params, rng: random.Random) -> Params:
    return {**p, "pad": p["pad"][:rng.choice([2, 4, 4])]}


def pad_2d_shape(p: Params, device: Any) -> Result:
    import torch.nn.functional as F

    p = derive_pad_shape(p)
    shape, pad = p["shape"], p["pad"]
    got = shape_of(F.pad(zeros(shape, device), tuple(pad)))
    lines_en, lines_zh = [], []
    for k in range(len(pad) // 2):
        dim = len(shape) - 1 - k
        name = f" ({DIMS[k]})" if len(shape) >= 3 and k < 3 else ""
        a, b = pad[2 * k], pad[2 * k + 1]
        step = f"{a} + {shape[dim]} + {b} = {got[dim]}"
        pair = f"pad[{2 * k}], pad[{2 * k + 1}] = ({a}, {b})"
        lines_en.append(f"{pair} -> dim {dim - len(shape)}{name}: {step}")
        lines_zh.append(f"{pair} -> 第 {dim - len(shape)} 维{name}：{step}")
    kept = len(shape) - len(pad) // 2
    return list(got), join([
        bi("F.pad reads its pad tuple in pairs from the LAST dimension backwards: the first "
           "pair pads dim -1 (left, right), the second dim -2 (top, bottom), and so on; a "
           "negative pad crops.",
           "F.pad 的填充元组按对读取，从最后一维往前：第一对填充第 -1 维（左、右），"
           "第二对填充第 -2 维（上、下），依此类推；负数表示裁剪。"),
        bi("\n".join(lines_en), "\n".join(lines_zh)),
        bi(f"The first {kept} {'dimension stays' if kept == 1 else 'dimensions stay'}: "
           f"{p['shape_text']} -> {tuple(got)}.",
           f"前 {kept} 维不变：{p['shape_text']} -> {tuple(got)}。"),
    ])


# ---- flash cards ----------------------------------------------------------------------------


def check_reflect_not_symmetric(p: Params, device: Any) -> Result:
    import torch.nn.functional as F

    x = f64([1, 2, 3, 4], device).view(1, 1, -1)
    reflect = _flat_ints(F.pad(x, (2, 2), mode="reflect"))
    refused = []
    for mode in ("symmetric", "edge"):
        try:
            F.pad(x, (2, 2), mode=mode)
        except NotImplementedError:
            refused.append(mode)
    replicate = _flat_ints(F.pad(x, (2, 2), mode="replicate"))
    ok = (reflect == [3, 2, 1, 2, 3, 4, 3, 2] and refused == ["symmetric", "edge"]
          and replicate == [1, 1, 1, 2, 3, 4, 4, 4])
    return ok, bi(
        f"F.pad([1, 2, 3, 4], (2, 2), mode='reflect') gave {reflect}; mode='symmetric' and "
        f"mode='edge' raised NotImplementedError; mode='replicate' gave {replicate}.",
        f"F.pad([1, 2, 3, 4], (2, 2), mode='reflect') 得到 {reflect}；mode='symmetric' 和 "
        f"mode='edge' 抛出 NotImplementedError；mode='replicate' 得到 {replicate}。")


def check_pad_needs_batch_dim(p: Params, device: Any) -> Result:
    import torch.nn.functional as F

    x = f64([1, 2, 3], device)
    constant = _flat_ints(F.pad(x, (1, 1)))
    try:
        F.pad(x, (1, 1), mode="reflect")
        error = ""
    except NotImplementedError as exc:
        error = str(exc).splitlines()[0]
    viewed = _flat_ints(F.pad(x.view(1, 1, -1), (1, 1), mode="reflect"))
    ok = constant == [0, 1, 2, 3, 0] and bool(error) and viewed == [2, 1, 2, 3, 2]
    return ok, bi(
        f"on a 1-D tensor [1, 2, 3], constant padding gave {constant} but mode='reflect' raised "
        f"NotImplementedError ({error}); after .view(1, 1, -1) reflect gave {viewed}.",
        f"对一维张量 [1, 2, 3]，constant 填充得到 {constant}，但 mode='reflect' 抛出 "
        f"NotImplementedError（{error}）；先 .view(1, 1, -1) 之后 reflect 得到 {viewed}。")
