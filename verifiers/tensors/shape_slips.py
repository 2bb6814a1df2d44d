"""Known slips of the shape and broadcasting cards (pure Python, no torch).

Each slips function redoes the card's rule with one named mistake and returns Slips; the app
ignores a candidate that equals the right answer for the given params.
"""

from __future__ import annotations

from quizapp.authoring import Params, Slip


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def chunk_count_slips(p: Params) -> list[Slip]:
    """torch.chunk makes pieces of ceil(L/chunks) elements, so it may return fewer pieces."""
    length, chunks = p["L"], p["chunks"]
    found = [Slip("chunk-like-array-split", chunks,
                  "assumed chunk always returns `chunks` pieces, like numpy.array_split (and as "
                  "the notes say): pieces have ceil(L/chunks) elements, so there can be fewer",
                  "以为 chunk 像 numpy.array_split（也像笔记说的那样）总是返回 chunks 块："
                  "每块 ceil(L/chunks) 个元素，所以块数可能更少")]
    if length // chunks:
        found.append(Slip("chunk-floor-size", _ceil_div(length, length // chunks),
                          "used floor(L/chunks) as the piece size: chunk rounds the size up, "
                          "ceil(L/chunks)",
                          "把每块大小算成了 floor(L/chunks)：chunk 向上取整，每块 ceil(L/chunks)"))
    return found


def stack_shape_slips(p: Params) -> list[Slip]:
    shape, n = list(p["shape"]), p["n"]
    d = p["dim"] % (len(shape) + 1)
    if d == len(shape):
        return []
    shape[d] *= n
    return [Slip("cat-for-stack", shape,
                 "joined along an existing dim, as cat does: stack adds a new dim of size n",
                 "像 cat 那样沿已有维度拼接了：stack 会新增一个大小为 n 的维度")]


def split_last_shape_slips(p: Params) -> list[Slip]:
    shape, dim, size = list(p["shape"]), p["dim"], p["size"]
    length = shape[dim]
    piece = _ceil_div(length, size)  # chunk(size): `size` read as the number of pieces
    shape[dim] = length - piece * (_ceil_div(length, piece) - 1)
    return [Slip("split-size-as-count", shape,
                 "read split's int as the number of pieces, like chunk: it is each piece's size",
                 "把 split 的整数参数当成了块数（像 chunk 那样）：它其实是每块的大小")]


def permute_shape_slips(p: Params) -> list[Slip]:
    shape, perm = p["shape"], p["perm"]
    inverse = [0] * len(shape)
    for k, i in enumerate(perm):
        inverse[i] = shape[k]
    return [Slip("permute-inverse", inverse,
                 "sent dim k to position perm[k]; output dim k is input dim perm[k]",
                 "把第 k 维放到了第 perm[k] 个位置：其实输出的第 k 维是输入的第 perm[k] 维")]


def _broadcast(a: list[int], b: list[int]) -> list[int] | None:
    out = []
    for x, y in zip(a, b, strict=True):
        if x != y and 1 not in (x, y):
            return None
        out.append(max(x, y))
    return out


def broadcast_shape_slips(p: Params) -> list[Slip]:
    a, b = list(p["a"]), list(p["b"])
    n = max(len(a), len(b))
    left = _broadcast(a + [1] * (n - len(a)), b + [1] * (n - len(b)))
    if left is None:
        return []
    return [Slip("left-aligned", left,
                 "aligned the shapes on the left: broadcasting aligns them on the right "
                 "(trailing dims) and pads the shorter one with 1s in front",
                 "把形状左对齐了：广播是右对齐（从最后一维开始比较），较短的在前面补 1")]


def broadcast_ok_slips(p: Params) -> list[Slip]:
    return [Slip("note-equal-shapes", p["a"] == p["b"],
                 "took the notes' word that add/sub/mul/div need equal shapes: shapes that "
                 "broadcast are enough",
                 "相信了笔记说的加减乘除要求形状相同：其实能广播的形状就可以")]


def reduce_shape_slips(p: Params) -> list[Slip]:
    shape, d = list(p["shape"]), p["dim"] % len(p["shape"])
    kept = [1 if i == d else s for i, s in enumerate(shape)]
    zero = [0 if i == d else s for i, s in enumerate(shape)]
    removed = [s for i, s in enumerate(shape) if i != d]
    found = [Slip("keepdim-flipped", removed if p["keepdim"] else kept,
                  "swapped keepdim: True keeps the dim with size 1, False removes it",
                  "把 keepdim 弄反了：True 保留该维且大小为 1，False 去掉该维")]
    if not p["keepdim"]:
        found.append(Slip("note-dim-to-zero", zero,
                          "took the notes' word that a reduction brings the axis length to 0: "
                          "the dim is removed",
                          "相信了笔记说的归约会把该轴长度降为 0：其实这一维被去掉"))
    return found


_REDUCE = {"sum": sum, "mean": lambda v: sum(v) / len(v), "amax": max, "amin": min}


def reduce_value_slips(p: Params) -> list[Slip]:
    x, index = p["x"], p["index"]
    other = [list(r) for r in x] if p["dim"] == 0 else [list(c) for c in zip(*x, strict=True)]
    if index >= len(other):
        return []
    return [Slip("reduce-other-dim", float(_REDUCE[p["op"]](other[index])),
                 "reduced along the other dim: dim=0 collapses the rows (one value per column), "
                 "dim=1 collapses the columns (one value per row)",
                 "沿另一个维度做了归约：dim=0 压缩行（每列一个结果），"
                 "dim=1 压缩列（每行一个结果）")]


def _matmul(a: list[int], b: list[int]) -> list[int] | None:
    batch_a, batch_b = a[:-2], b[:-2]
    n = max(len(batch_a), len(batch_b))
    batch = _broadcast([1] * (n - len(batch_a)) + batch_a, [1] * (n - len(batch_b)) + batch_b)
    if batch is None or a[-1] != b[-2]:
        return None
    return [*batch, a[-2], b[-1]]


def matmul_shape_slips(p: Params) -> list[Slip]:
    a, b = list(p["a"]), list(p["b"])
    if len(a) > 1 and len(b) > 1:
        return []
    kept = _matmul([1, *a] if len(a) == 1 else a, [*b, 1] if len(b) == 1 else b)
    if kept is None:
        return []
    return [Slip("vector-dim-kept", kept,
                 "kept the dim added to the 1-D operand: matmul removes it again",
                 "保留了为一维操作数补上的那一维：matmul 会在结果中把它去掉")]


def bmm_ok_slips(p: Params) -> list[Slip]:
    a, b = list(p["a"]), list(p["b"])
    works = len(a) >= 2 and len(b) >= 2 and _matmul(a, b) is not None
    return [Slip("bmm-broadcasts", works,
                 "expected bmm to broadcast like matmul: bmm needs two 3-D tensors with the "
                 "same batch size",
                 "以为 bmm 会像 matmul 一样广播：bmm 要求两个三维张量且批大小相同")]
