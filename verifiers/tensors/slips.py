"""Known slips for the tensors deck: torch.chunk's count redone the way NumPy would do it.

Pure Python (no torch): a slips function gets the card's params and returns
[(wrong_answer, {"en": why, "zh": why})]; the app itself skips a candidate equal to the
right answer (with some L and chunks NumPy's count is torch's too).
"""

from __future__ import annotations


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def chunk_count_slips(p: dict) -> list[tuple[int, dict[str, str]]]:
    """torch.chunk makes pieces of ceil(L/chunks) elements, so it may return fewer pieces."""
    L, chunks = p["L"], p["chunks"]
    cands = [(chunks,  # np.array_split returns exactly `chunks` arrays, empty ones too
              "assumed chunk always returns `chunks` pieces, like numpy.array_split: "
              "torch.chunk makes pieces of ceil(L/chunks) elements, so it can return fewer",
              "以为 chunk 像 numpy.array_split 一样总是返回 chunks 块：torch.chunk 每块 "
              "ceil(L/chunks) 个元素，所以返回的块数可能更少")]
    if L // chunks:
        cands.append((_ceil_div(L, L // chunks),
                      "used floor(L/chunks) as the piece size: torch.chunk rounds the size up, "
                      "ceil(L/chunks)",
                      "把每块大小算成了 floor(L/chunks)："
                      "torch.chunk 向上取整，每块 ceil(L/chunks)"))
    return [(wrong, {"en": en, "zh": zh}) for wrong, en, zh in cands]
