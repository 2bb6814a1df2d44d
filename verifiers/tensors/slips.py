"""Known slips of the shape, broadcasting, memory and dtype cards (pure Python, no torch).

Each slips function redoes the card's rule with one named mistake and returns Slips; the app
ignores a candidate that equals the right answer for the given params.
"""

from __future__ import annotations

from typing import Any

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


_SHARING: dict[str, tuple[str, bool, str, str]] = {
    "a.view(4)": ("view-copies", False, "thought view copies: it never does",
                  "以为 view 会复制数据：它从不复制"),
    "a.t()": ("view-copies", False, "thought a transpose copies: t() is a view",
              "以为转置会复制数据：t() 返回视图"),
    "a[0]": ("view-copies", False, "thought indexing a row copies: basic indexing is a view",
             "以为取一行会复制数据：基本索引返回视图"),
    "a.reshape(4)": ("reshape-always-copies", False,
                     "thought reshape always copies: on a contiguous tensor it returns a view",
                     "以为 reshape 总是复制：对连续张量它返回视图"),
    "a.t().reshape(4)": ("reshape-always-view", True,
                         "thought reshape is always a view: a non-contiguous tensor is copied",
                         "以为 reshape 总是返回视图：非连续张量会被复制"),
    "a.contiguous()": ("contiguous-always-copies", False,
                       "thought contiguous() always copies: an already contiguous tensor is "
                       "returned as it is",
                       "以为 contiguous() 总是复制：本来就连续的张量会原样返回"),
    "a.detach()": ("detach-copies", False,
                   "thought detach copies the data: it shares it, only the graph is dropped",
                   "以为 detach 会复制数据：它共享数据，只是脱离计算图"),
    "a.double()": ("cast-always-copies", False,
                   "thought .double() always copies: a float64 tensor is returned as it is",
                   "以为 .double() 总是复制：float64 张量会原样返回"),
    "a.float()": ("float-cast-shares", True,
                  "thought .float() shares memory: float64 -> float32 makes a new tensor",
                  "以为 .float() 共享内存：float64 -> float32 会生成新张量"),
}


def tensor_sharing_slips(p: Params) -> list[Slip]:
    if p["op"] not in _SHARING:
        return []
    slip_id, answer, en, zh = _SHARING[p["op"]]
    return [Slip(slip_id, answer, en, zh)]


_NUMPY: dict[str, tuple[str, bool, str, str]] = {
    "torch.tensor(a)": ("tensor-shares-numpy", True,
                        "thought torch.tensor shares the array: it always copies",
                        "以为 torch.tensor 与数组共享内存：它总是复制"),
    "torch.from_numpy(a)": ("from-numpy-copies", False,
                            "thought from_numpy copies: it shares the array's memory",
                            "以为 from_numpy 会复制：它与数组共享内存"),
    "torch.as_tensor(a, dtype=torch.float32)": (
        "as-tensor-always-shares", True,
        "thought as_tensor always shares: a dtype change forces a copy",
        "以为 as_tensor 总是共享内存：改变数据类型就必须复制"),
    "torch.from_numpy(a).float()": ("float-cast-shares", True,
                                    "thought .float() shares memory: float64 -> float32 makes "
                                    "a new tensor",
                                    "以为 .float() 共享内存：float64 -> float32 会生成新张量"),
}


def numpy_sharing_slips(p: Params) -> list[Slip]:
    if p["op"] not in _NUMPY:
        return []
    slip_id, answer, en, zh = _NUMPY[p["op"]]
    return [Slip(slip_id, answer, en, zh)]


def _table(rows: dict[str, tuple[str, str, str, str]], key: str) -> list[Slip]:
    if key not in rows:
        return []
    slip_id, answer, en, zh = rows[key]
    return [Slip(slip_id, answer, en, zh)]


_ZERO_DIM = ("thought a 0-dim tensor widens the result: dimensioned tensors decide within a "
             "category", "以为 0 维张量会加宽结果类型：同一类别内由有维度的张量决定")
_PY_FLOAT = ("thought a Python float is float64: it takes the default dtype, float32",
             "以为 Python 浮点数是 float64：它使用默认数据类型 float32")

DTYPE_SLIPS: dict[str, tuple[str, str, str, str]] = {
    "torch.from_numpy(np.array([1.0, 2.0]))": (
        "note-from-numpy-float32", "torch.float32",
        "took the notes' word that from_numpy always gives float32: it keeps NumPy's float64",
        "相信了笔记说的 from_numpy 总是得到 float32：它保留 NumPy 的 float64"),
    "torch.tensor(np.array([1.0, 2.0]))": (
        "ndarray-to-default-float", "torch.float32",
        "thought torch.tensor turns an array into the default float32: it keeps the array's "
        "dtype", "以为 torch.tensor 会把数组转成默认的 float32：它保留数组的数据类型"),
    "torch.tensor([1.0, 2.0])": (
        "note-default-float64", "torch.float64",
        "took the notes' word that torch defaults to 64-bit floats: the default is float32",
        "相信了笔记说的 torch 默认使用 64 位浮点数：默认是 float32"),
    "torch.tensor([1, 2]) + 0.5": ("python-float-is-float64", "torch.float64", *_PY_FLOAT),
    "torch.arange(3) * 1.0": ("python-float-is-float64", "torch.float64", *_PY_FLOAT),
    "torch.tensor([1, 2]) / 2": (
        "true-division-keeps-int", "torch.int64",
        "thought / keeps integers: true division gives the default float",
        "以为 / 保持整数类型：真除法得到默认浮点类型"),
    "torch.tensor([1, 2]) // 2": (
        "floor-division-gives-float", "torch.float32",
        "thought // gives a float: floor division of integers stays int64",
        "以为 // 得到浮点数：整数做整除仍是 int64"),
    "torch.tensor([1, 2], dtype=torch.int32) + 5": (
        "scalar-widens", "torch.int64",
        "thought a Python int widens int32 to int64: a scalar of the same category does not",
        "以为 Python 整数会把 int32 加宽为 int64：同类别的标量不会"),
    "torch.tensor([1, 2], dtype=torch.int32) + torch.tensor(5)": (
        "zero-dim-widens", "torch.int64", *_ZERO_DIM),
    "torch.tensor([1.0], dtype=torch.float16) + torch.tensor(1.0, dtype=torch.float64)": (
        "zero-dim-widens", "torch.float64", *_ZERO_DIM),
    "torch.tensor([1, 2], dtype=torch.int32) + torch.tensor([5])": (
        "one-element-as-scalar", "torch.int32",
        "treated a 1-element tensor like a 0-dim one: it has a dim, so int64 wins",
        "把只有一个元素的一维张量当成了 0 维张量：它有维度，所以 int64 胜出"),
    "torch.zeros(2) + torch.zeros(2, dtype=torch.float64)": (
        "left-operand-wins", "torch.float32",
        "thought the left operand decides: the wider float64 wins",
        "以为由左边的操作数决定：更宽的 float64 胜出"),
    "torch.tensor([True, False]) + 1": (
        "bool-stays-bool", "torch.bool",
        "thought bool + int stays bool: the int category wins, int64",
        "以为 bool 加整数仍是 bool：整数类别胜出，得到 int64"),
    "torch.tensor([1, 2]) > 1": (
        "comparison-keeps-dtype", "torch.int64",
        "thought a comparison keeps the input dtype: it gives bool",
        "以为比较运算保留输入的数据类型：结果是 bool"),
    "torch.tensor([1, 2]) * torch.tensor(0.5, dtype=torch.float64)": (
        "higher-category-default-float", "torch.float32",
        "thought a float 0-dim tensor gives the default float32: a higher-category 0-dim "
        "tensor brings its own dtype, float64",
        "以为浮点 0 维张量带来默认的 float32：类别更高的 0 维张量带来它自己的类型 float64"),
}


def dtype_result_slips(p: Params) -> list[Slip]:
    return _table(DTYPE_SLIPS, p["expr"])


# torch.tensor's dtype for the same data: what "torch.Tensor keeps the dtype" (the notes) gives.
KEEPS_DTYPE = {
    "torch.Tensor([1, 2])": "torch.int64",
    "torch.Tensor([True, False])": "torch.bool",
    "torch.Tensor(np.array([1.0, 2.0]))": "torch.float64",
    "torch.Tensor(np.array([1, 2]))": "torch.int64",
    "torch.Tensor(np.array([1, 2], dtype=np.int32))": "torch.int32",
}


def constructor_dtype_slips(p: Params) -> list[Slip]:
    expr = p["expr"]
    if expr in KEEPS_DTYPE:
        return [Slip("note-tensor-keeps-dtype", KEEPS_DTYPE[expr],
                     "took the notes' word that torch.Tensor keeps the data's dtype: it always "
                     "makes the default float32 (torch.tensor is the one that infers)",
                     "相信了笔记说的 torch.Tensor 保留数据的数据类型：它总是生成默认的 float32"
                     "（会推断类型的是 torch.tensor）")]
    if expr.startswith("torch.tensor("):
        return [Slip("tensor-always-float32", "torch.float32",
                     "thought torch.tensor always makes float32 like torch.Tensor: it infers "
                     "the dtype from the data",
                     "以为 torch.tensor 像 torch.Tensor 一样总是生成 float32：它根据数据推断类型")]
    return []


SIZES_AS_DATA = {"torch.Tensor(5, 3)": [2], "torch.Tensor(5)": [1], "torch.Tensor(2, 1, 3)": [3]}
DATA_AS_SIZES = {"torch.Tensor([5, 3])": [5, 3], "torch.tensor([5, 3])": [5, 3],
                 "torch.Tensor([5])": [5], "torch.tensor(5)": [5]}


def constructor_shape_slips(p: Params) -> list[Slip]:
    expr: Any = p["expr"]
    if expr in SIZES_AS_DATA:
        return [Slip("sizes-read-as-data", SIZES_AS_DATA[expr],
                     "read the ints as data: torch.Tensor(5, 3) takes sizes (torch.tensor takes "
                     "data)", "把整数当成了数据：torch.Tensor(5, 3) 接收的是各维大小"
                     "（torch.tensor 接收的才是数据）")]
    if expr in DATA_AS_SIZES:
        return [Slip("data-read-as-sizes", DATA_AS_SIZES[expr],
                     "read the data as sizes: a list (or torch.tensor's number) is the content",
                     "把数据当成了各维大小：列表（以及 torch.tensor 的单个数）是张量的内容")]
    return []
