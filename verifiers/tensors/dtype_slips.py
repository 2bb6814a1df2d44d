"""Known slips of the memory-sharing and dtype cards (pure Python, no torch): tables of what
a learner may wrongly believe about an expression, with the answer that belief gives."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Slip


def _table(rows: dict[str, tuple[str, Any, str, str]], key: str) -> list[Slip]:
    """The one slip a table row names for `key` (slip id, the answer it gives, en, zh)."""
    if key not in rows:
        return []
    slip_id, answer, en, zh = rows[key]
    return [Slip(slip_id, answer, en, zh)]


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
    return _table(_SHARING, p["op"])


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
    return _table(_NUMPY, p["op"])


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
