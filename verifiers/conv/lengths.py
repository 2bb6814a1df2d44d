"""Output lengths of conv, transposed-conv and pooling windows, as PyTorch's docs state them.

Pure Python: samplers use them to avoid parameters without an answer, verifiers to refuse
such parameters before torch raises, and slips to redo them with one mistake. The answers
themselves always come from running the torch layer.
"""

from __future__ import annotations

from quizapp.authoring import require


def conv_len(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """floor((n + 2p - d(k-1) - 1)/s) + 1 (nn.Conv1d/2d/3d, nn.MaxPool2d with floor)."""
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def transpose_len(n: int, k: int, s: int = 1, p: int = 0, op: int = 0, d: int = 1) -> int:
    """(n-1)s - 2p + d(k-1) + output_padding + 1 (nn.ConvTranspose2d)."""
    return (n - 1) * s - 2 * p + d * (k - 1) + op + 1


def pool_ceil_len(n: int, k: int, s: int, p: int) -> int:
    """ceil_mode=True: rounded up, minus a last window that would start in the right padding."""
    out = -(-(n + 2 * p - k) // s) + 1
    if (out - 1) * s >= n + p:
        out -= 1
    return out


def conv_formula(n: int, k: int, s: int, p: int, d: int) -> str:
    """The conv length formula with the numbers filled in (no result)."""
    return f"floor(({n} + 2*{p} - {d}*({k}-1) - 1)/{s}) + 1"


def require_conv_output(axis: str, n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> None:
    """Refuse a conv whose output along `axis` would be shorter than 1."""
    out = conv_len(n, k, s, p, d)
    require(out >= 1, f"the output {axis} would be {conv_formula(n, k, s, p, d)} = {out}, "
            f"smaller than 1: the dilated kernel spans {d * (k - 1) + 1} but the padded "
            f"input {axis} is only {n + 2 * p}")

