"""Known slips of the pooling and receptive-field cards (pure Python, stable slug ids)."""

from __future__ import annotations

from quizapp.authoring import Params, Slip

from .shape_slips import sized


def maxpool_ceil_slips(p: Params) -> list[Slip]:
    """ceil_mode forgotten, the window starting in the right padding kept, or no + 1."""
    k, s, pad = p["kernel_size"], p["stride"], p["padding"]

    def floor_len(n: int) -> int:
        return (n + 2 * pad - k) // s + 1

    def raw_ceil(n: int) -> int:
        return -(-(n + 2 * pad - k) // s) + 1

    rules = [
        ("ceil-mode-ignored", floor_len,
         "rounded down: ceil_mode=True rounds the division up",
         "向下取整了：ceil_mode=True 时除法向上取整"),
        ("padding-window-kept", raw_ceil,
         "kept a last window that starts in the right padding: PyTorch drops it",
         "保留了起点落在右侧填充区的最后一个窗口：PyTorch 会舍弃它"),
        ("plus-one-forgotten", lambda n: raw_ceil(n) - 1, "forgot the + 1", "漏掉了 + 1"),
    ]
    return sized([Slip(sid, (p["N"], p["C"], f(p["H"]), f(p["W"])), en, zh)
                  for sid, f, en, zh in rules])


def _window(rows: list[list[int]], top: int, left: int) -> list[int]:
    """The real cells of a 3x3 window whose top-left corner is (top, left)."""
    return [rows[r][c] for r in range(top, top + 3) for c in range(left, left + 3)
            if 0 <= r < 4 and 0 <= c < 4]


def avgpool_slips(p: Params) -> list[Slip]:
    """The divisor of the other count_include_pad, or the window placed without the stride."""
    rows = [p["r0"], p["r1"], p["r2"], p["r3"]]
    i, j = p["i"], p["j"]
    cells = _window(rows, 2 * i - 1, 2 * j - 1)
    other = len(cells) if p["include"] else 9
    near = _window(rows, i - 1, j - 1)
    divisor = 9 if p["include"] else len(near)
    return [
        Slip("count-include-pad-flipped", sum(cells) / other,
             "used the other divisor: count_include_pad=True divides by all 9 cells, False "
             "only by the real ones", "除数用反了：count_include_pad=True 时除以全部 9 格，"
             "False 时只除以真实元素的个数"),
        Slip("stride-ignored", sum(near) / divisor,
             "placed the window at (i, j): with stride 2 output (i, j) starts at row 2i-1, "
             "column 2j-1", "窗口位置没乘步长：步长为 2 时输出 (i, j) 的窗口从第 2i-1 行、"
             "第 2j-1 列开始"),
    ]


def receptive_field_slips(p: Params) -> list[Slip]:
    """r = 1 + sum of d(k-1) * (product of earlier strides), with one mistake."""
    k1, s1, kp, sp, k2, d2 = p["k1"], p["s1"], p["kp"], p["sp"], p["k2"], p["d2"]
    return [
        Slip("strides-ignored", 1 + (k1 - 1) + (kp - 1) + d2 * (k2 - 1),
             "added the kernels without the strides: each layer's d(k-1) is multiplied by "
             "the product of the earlier strides",
             "只把各层的核加起来、没乘步长：每层的 d(k-1) 要乘以之前各层步长之积"),
        Slip("dilation-ignored", 1 + (k1 - 1) + (kp - 1) * s1 + (k2 - 1) * s1 * sp,
             "ignored the dilation: the last conv adds d(k-1) times the strides, not k-1",
             "忽略了空洞率：最后一层卷积贡献的是 d(k-1) 乘以步长之积，而不是 k-1"),
        Slip("own-stride-counted", 1 + (k1 - 1) * s1 + (kp - 1) * s1 * sp
             + d2 * (k2 - 1) * s1 * sp,
             "multiplied each layer by its own stride too: only the strides before it count",
             "每层还乘了它自己的步长：只有它之前各层的步长才算"),
    ]
