"""Known slips of the conv deck's size cards: each redoes a length with one classic mistake.

Pure Python (no torch). Ids are stable slugs stored with every review where they fire: one
id names one mistake across the whole deck (dilation-ignored is the same slip on every
card). The app skips candidates equal to the right answer; the ones dropped here are those
that are no answer at all (a size below 1 is not a shape a learner could mean).
"""

from __future__ import annotations

from collections.abc import Callable

from quizapp.authoring import Params, Slip, finite

from .lengths import conv_len, transpose_len

Length = Callable[[int, int, int, int, int], int]  # (n, k, s, p, d) -> an output length

# The conv length formula floor((n + 2p - d(k-1) - 1)/s) + 1, each time with one mistake.
CONV_MISTAKES: list[tuple[str, Length, str, str]] = [
    ("rounded-up", lambda n, k, s, p, d: -(-(n + 2 * p - d * (k - 1) - 1) // s) + 1,
     "rounded up: the division is floored", "向上取整了：除以步长后应向下取整（floor）"),
    ("padding-once", lambda n, k, s, p, d: (n + p - d * (k - 1) - 1) // s + 1,
     "counted the padding on one side only: both sides get p, so use 2p",
     "填充只算了一侧：两侧各补 p，应为 2p"),
    ("dilation-ignored", lambda n, k, s, p, d: (n + 2 * p - (k - 1) - 1) // s + 1,
     "ignored the dilation: the kernel spans d(k-1)+1 pixels, not k",
     "忽略了空洞率：卷积核覆盖 d(k-1)+1 个像素，而不是 k 个"),
    ("plus-one-forgotten", lambda n, k, s, p, d: (n + 2 * p - d * (k - 1) - 1) // s,
     "forgot the + 1: the first window counts too", "漏掉了 + 1：第一个窗口也要算上"),
]


def sized(slips: list[Slip]) -> list[Slip]:
    """Candidates whose sizes are all at least 1 (a mistake can make a size negative)."""
    def ok(answer: object) -> bool:
        values = answer if isinstance(answer, tuple) else (answer,)
        return all(not isinstance(v, int) or v >= 1 for v in values)
    return [s for s in finite(slips) if ok(s.answer)]


def _lengths(n: int, k: int, s: int, p: int, d: int,
             mistakes: tuple[str, ...] = ()) -> dict[str, int]:
    return {sid: wrong(n, k, s, p, d) for sid, wrong, _en, _zh in CONV_MISTAKES
            if not mistakes or sid in mistakes}


def _words(sid: str) -> tuple[str, str]:
    return next((en, zh) for i, _f, en, zh in CONV_MISTAKES if i == sid)


def conv2d_slips(p: Params) -> list[Slip]:
    """The slips on both H and W, and the input channels kept."""
    args = (p["kernel_size"], p["stride"], p["padding"], p["dilation"])
    hs, ws = _lengths(p["H"], *args), _lengths(p["W"], *args)
    slips = [Slip(sid, (p["N"], p["C_out"], hs[sid], ws[sid]), *_words(sid)) for sid in hs]
    h, w = conv_len(p["H"], *args), conv_len(p["W"], *args)
    slips.append(Slip("in-channels-kept", (p["N"], p["C_in"], h, w),
                      "kept C_in channels: the output has C_out channels (one per filter)",
                      "保留了输入通道数 C_in：输出通道数是 C_out（每个卷积核一个）"))
    return sized(slips)


def conv1d_slips(p: Params) -> list[Slip]:
    lengths = _lengths(p["L"], p["kernel_size"], p["stride"], p["padding"], p["dilation"])
    return sized([Slip(sid, n, *_words(sid)) for sid, n in lengths.items()])


def conv2d_tuple_slips(p: Params) -> list[Slip]:
    """One mistake on both axes, or the height and width entries of the tuples swapped."""
    height = (p["H"], p["kh"], p["sh"], p["ph"], 1)
    width = (p["W"], p["kw"], p["sw"], p["pw"], 1)
    chosen = ("rounded-up", "padding-once", "plus-one-forgotten")
    hs, ws = _lengths(*height, mistakes=chosen), _lengths(*width, mistakes=chosen)
    slips = [Slip(sid, (p["N"], p["C_out"], hs[sid], ws[sid]), *_words(sid)) for sid in hs]
    swapped = (conv_len(p["H"], p["kw"], p["sw"], p["pw"]),
               conv_len(p["W"], p["kh"], p["sh"], p["ph"]))
    slips.insert(0, Slip("height-width-swapped", (p["N"], p["C_out"], *swapped),
                         "swapped the tuples' entries: the first is the height, the second "
                         "the width", "把元组的两个数用反了：第一个是高，第二个是宽"))
    return sized(slips)


def conv3d_slips(p: Params) -> list[Slip]:
    """One mistake on D, H and W, or the depth left as it was."""
    args = (p["kernel_size"], p["stride"], p["padding"], 1)
    chosen = ("rounded-up", "padding-once", "plus-one-forgotten")
    per_axis = [_lengths(p[a], *args, mistakes=chosen) for a in ("D", "H", "W")]
    slips = [Slip(sid, (p["N"], p["C_out"], *(axis[sid] for axis in per_axis)), *_words(sid))
             for sid in chosen]
    slips.append(Slip("depth-kept", (p["N"], p["C_out"], p["D"], conv_len(p["H"], *args),
                                     conv_len(p["W"], *args)),
                      "left the depth unchanged: Conv3d slides its kernel over depth too",
                      "深度没有变：Conv3d 的卷积核在深度方向上也会滑动"))
    return sized(slips)


def conv2d_same_slips(p: Params) -> list[Slip]:
    """'same' read as no padding, 'valid' read as keeping the size, or the dilation ignored."""
    span = p["dilation"] * (p["kernel_size"] - 1)
    n, c = p["N"], p["C_out"]
    if p["mode"] == "same":
        return sized([Slip("same-shrinks", (n, c, p["H"] - span, p["W"] - span),
                            "shrank the input: padding=\"same\" pads so H and W stay",
                            "把输入缩小了：padding=\"same\" 会补零使 H、W 保持不变")])
    k = p["kernel_size"]
    return sized([
        Slip("valid-keeps-size", (n, c, p["H"], p["W"]),
             "kept the size: padding=\"valid\" means no padding at all",
             "保持了原尺寸：padding=\"valid\" 表示完全不填充"),
        Slip("dilation-ignored", (n, c, p["H"] - (k - 1), p["W"] - (k - 1)), *_words(
            "dilation-ignored")),
    ])


def implied_padding_slips(p: Params) -> list[Slip]:
    """(left, right) zeros for padding='same' with one mistake."""
    k, d = p["kernel_size"], p["dilation"]
    total = d * (k - 1)
    plain = k - 1
    return [
        Slip("extra-on-left", (total - total // 2, total // 2),
             "put the extra zero on the left: PyTorch adds it at the end (right)",
             "把多出的那个零补在了左侧：PyTorch 把它补在末尾（右侧）"),
        Slip("symmetric-floor", (total // 2, total // 2),
             "split the zeros evenly and lost the odd one: left + right must be d(k-1)",
             "两侧平分，丢掉了奇数时多出的一个：左右之和必须等于 d(k-1)"),
        Slip("dilation-ignored", (plain // 2, plain - plain // 2),
             "ignored the dilation: the total is d(k-1), not k-1",
             "忽略了空洞率：总填充是 d(k-1)，不是 k-1"),
        Slip("total-each-side", (total, total),
             "put the whole d(k-1) on each side: it is the total of both sides",
             "每侧都补了 d(k-1)：这是两侧加起来的总数"),
    ]


def same_padding_slips(p: Params) -> list[Slip]:
    """Symmetric padding for an unchanged height, with one mistake (integer answers only)."""
    k, d = p["kernel_size"], p["dilation"]
    slips = [Slip("total-each-side", d * (k - 1),
                  "put the whole d(k-1) on each side: that is the total, each side gets half",
                  "每侧补了 d(k-1)：这是总数，每侧只补一半")]
    if (k - 1) % 2 == 0:
        slips.insert(0, Slip("dilation-ignored", (k - 1) // 2,
                             "ignored the dilation: p = d(k-1)/2, not (k-1)/2",
                             "忽略了空洞率：p = d(k-1)/2，而不是 (k-1)/2"))
    return slips


def transpose_slips(p: Params) -> list[Slip]:
    """(H-1)s - 2p + d(k-1) + output_padding + 1 with one mistake (H_out = W_out)."""
    h, k, s, pad, op, d = (p["H"], p["kernel_size"], p["stride"], p["padding"],
                           p["output_padding"], p["dilation"])
    right = transpose_len(h, k, s, pad, op, d)
    sizes = [
        ("padding-added", right + 4 * pad,
         "added the padding: in a transposed conv, padding removes 2p rows",
         "把填充加上了：转置卷积里 padding 是去掉 2p 行"),
        ("output-padding-forgotten", right - op,
         "forgot output_padding: it adds that many rows on one side",
         "漏掉了 output_padding：它会在一侧多补这么多行"),
        ("dilation-ignored", right - (d - 1) * (k - 1),
         "ignored the dilation: the kernel adds d(k-1) rows, not k-1",
         "忽略了空洞率：卷积核贡献 d(k-1) 行，而不是 k-1 行"),
        ("plus-one-forgotten", right - 1, "forgot the + 1", "漏掉了 + 1"),
        ("h-times-stride", right + s,
         "multiplied H by the stride: there are H-1 gaps between H inputs, so (H-1)s",
         "用 H 乘步长：H 个输入之间只有 H-1 个间隔，应为 (H-1)s"),
        ("forward-formula", conv_len(h, k, s, pad, d),
         "used the Conv2d formula: a transposed conv enlarges, (H-1)s - 2p + d(k-1) + "
         "output_padding + 1", "套用了普通卷积的公式：转置卷积是放大，应为 (H-1)s - 2p + "
         "d(k-1) + output_padding + 1"),
    ]
    return sized([Slip(sid, (p["N"], p["C_out"], n, n), en, zh) for sid, n, en, zh in sizes])
