"""Flash-card checks for the conv deck: each proves its card's claim in the running torch."""

from __future__ import annotations

from typing import Any

from quizapp.authoring import Params, Result, bi, count_params, layer, randn, shape_of, zeros


def check_odd_kernels(p: Params, device: Any) -> Result:
    """Odd k: padding (k-1)/2 on both sides keeps 9x9. Even k=4: no symmetric padding does."""
    from torch import nn

    x = zeros((1, 1, 9, 9), device)
    odd_ok = all(shape_of(layer(nn.Conv2d(1, 1, k, padding=(k - 1) // 2), device)(x))[-1] == 9
                 for k in (1, 3, 5, 7))
    even = [shape_of(layer(nn.Conv2d(1, 1, 4, padding=pad), device)(x))[-1] for pad in range(3)]
    sizes = ", ".join(map(str, even))
    return odd_ok and 9 not in even, bi(
        f"with dilation 1, k = 1, 3, 5, 7 and padding (k-1)/2 keep a 9x9 input 9x9; "
        f"k = 4 with padding 0, 1, 2 gives {sizes}, never 9",
        f"空洞率为 1 时，k = 1、3、5、7 配 padding (k-1)/2 使 9x9 的输入保持 9x9；"
        f"k = 4 配 padding 0、1、2 得到 {sizes}，始终不是 9")


def check_parameter_sharing(p: Params, device: Any) -> Result:
    """One small kernel serves every position: the count ignores the image size, and shifting
    the input shifts the output."""
    import torch
    from torch import nn

    conv = layer(nn.Conv2d(3, 8, 3, padding=1, padding_mode="circular"), device)
    x = randn(1, 3, 16, 16, device=device)
    with torch.no_grad():
        shifted_first = conv(torch.roll(x, (2, 5), dims=(2, 3)))
        shifted_after = torch.roll(conv(x), (2, 5), dims=(2, 3))
        sizes = [shape_of(conv(zeros((1, 3, n, n), device)))[-1] for n in (8, 64)]
    same = torch.allclose(shifted_first, shifted_after, rtol=0, atol=1e-12)
    n = count_params(conv)
    return same and n == 8 * 3 * 9 + 8 and sizes == [8, 64], bi(
        f"the same {n} parameters (8*3*3*3 + 8) serve 8x8 and 64x64 images, and "
        "conv(shift(x)) == shift(conv(x))",
        f"同样的 {n} 个参数（8*3*3*3 + 8）既处理 8x8 也处理 64x64 的图像，且 "
        "conv(平移(x)) == 平移(conv(x))")


def check_local_connectivity(p: Params, device: Any) -> Result:
    """The gradient of one output pixel is non-zero only on its 3x3 input window."""
    from torch import nn

    conv = layer(nn.Conv2d(1, 1, 3, padding=1), device)
    nn.init.ones_(conv.weight)
    x = zeros((1, 1, 12, 12), device).requires_grad_(True)
    conv(x)[0, 0, 5, 7].backward()
    rows, cols = (x.grad[0, 0] != 0).nonzero(as_tuple=True)
    window = (int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max()))
    return len(rows) == 9 and window == (4, 6, 6, 8), bi(
        f"output pixel (5, 7) depends on only {len(rows)} of the 144 inputs: rows 4-6, "
        "columns 6-8",
        f"输出像素 (5, 7) 只依赖 144 个输入中的 {len(rows)} 个：第 4-6 行、第 6-8 列")


def check_dilation(p: Params, device: Any) -> Result:
    """dilation=2 keeps a 3x3 weight (9 taps) but spreads them over a 5x5 window."""
    from torch import nn

    conv = layer(nn.Conv2d(1, 1, 3, dilation=2, bias=False), device)
    nn.init.ones_(conv.weight)
    x = zeros((1, 1, 9, 9), device).requires_grad_(True)
    conv(x)[0, 0, 0, 0].backward()
    rows, _ = (x.grad[0, 0] != 0).nonzero(as_tuple=True)
    extent = int(rows.max()) - int(rows.min()) + 1
    n, plain = count_params(conv), count_params(nn.Conv2d(1, 1, 3, bias=False))
    ok = n == plain == 9 and extent == 5 and len(rows) == 9
    return ok, bi(f"{n} weights, as many as a plain 3x3 conv, cover a {extent}x{extent} "
                  "window = 2*(3-1)+1",
                  f"{n} 个权重，与普通 3x3 卷积一样多，却覆盖 {extent}x{extent} 的窗口 = 2*(3-1)+1")


def check_one_by_one_conv(p: Params, device: Any) -> Result:
    """A 1x1 conv is a Linear layer over channels, applied at every pixel."""
    import torch
    from torch import nn

    conv = layer(nn.Conv2d(6, 4, 1), device)
    lin = layer(nn.Linear(6, 4), device)
    with torch.no_grad():
        lin.weight.copy_(conv.weight.view(4, 6))
        lin.bias.copy_(conv.bias)
        x = randn(2, 6, 5, 5, device=device)
        via_linear = lin(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        ok = torch.allclose(conv(x), via_linear, rtol=1e-12, atol=1e-12)
    n = count_params(conv)
    return ok, bi(f"Conv2d(6, 4, 1) gives the same output as Linear(6, 4) at every pixel; "
                  f"{n} parameters = 6*4 + 4",
                  f"Conv2d(6, 4, 1) 与在每个像素上做 Linear(6, 4) 的结果相同；参数 {n} = 6*4 + 4")


def check_pooling_no_params(p: Params, device: Any) -> Result:
    """Pooling layers own no parameters and keep the channel count."""
    from torch import nn

    pools = [nn.MaxPool2d(2), nn.AvgPool2d(3, stride=2, padding=1), nn.AdaptiveAvgPool2d(1)]
    counts = [count_params(m) for m in pools]
    channels = [shape_of(m(zeros((1, 5, 8, 8), device)))[1] for m in pools]
    return counts == [0, 0, 0] and channels == [5, 5, 5], bi(
        f"MaxPool2d, AvgPool2d and AdaptiveAvgPool2d have {counts} parameters and keep "
        f"5 channels: {channels}",
        f"MaxPool2d、AvgPool2d、AdaptiveAvgPool2d 的参数个数为 {counts}，通道数保持 5："
        f"{channels}")


def check_equivariance(p: Params, device: Any) -> Result:
    """Convolution is translation-equivariant (output moves), not invariant (output unchanged)."""
    import torch
    from torch import nn

    conv = layer(nn.Conv1d(1, 1, 3, padding=1, padding_mode="circular"), device)
    x = randn(1, 1, 10, device=device)
    with torch.no_grad():
        y, y_shift = conv(x), conv(torch.roll(x, 3, dims=2))
    moved = torch.allclose(y_shift, torch.roll(y, 3, dims=2), rtol=0, atol=1e-12)
    unchanged = torch.allclose(y_shift, y)
    return moved and not unchanged, bi(
        "shifting the input by 3 shifts the output by 3 (conv(shift(x)) == shift(conv(x))), "
        "and the output does change (conv(shift(x)) != conv(x))",
        "输入平移 3 位，输出也平移 3 位（conv(平移(x)) == 平移(conv(x))），"
        "而输出本身确实变了（conv(平移(x)) != conv(x)）")


def check_default_bias(p: Params, device: Any) -> Result:
    """bias=True is the default, so the count is C_out*C_in/g*k*k + C_out, not C_in*C_out*k*k."""
    from torch import nn

    plain, grouped = nn.Conv2d(16, 32, 3), nn.Conv2d(16, 32, 3, groups=4)
    a, b = count_params(plain), count_params(grouped)
    ok = plain.bias is not None and a == 16 * 32 * 9 + 32 and b == 32 * 4 * 9 + 32
    return ok, bi(
        f"Conv2d(16, 32, 3) has {a} = 32*16*3*3 + 32 parameters (bias on by default); "
        f"with groups=4, {b} = 32*(16/4)*3*3 + 32",
        f"Conv2d(16, 32, 3) 有 {a} = 32*16*3*3 + 32 个参数（默认带偏置）；"
        f"groups=4 时为 {b} = 32*(16/4)*3*3 + 32")


def check_transpose_output_padding(p: Params, device: Any) -> Result:
    """A stride-2 conv maps 7 and 8 to 4; output_padding picks which size the transpose returns."""
    from torch import nn

    down = layer(nn.Conv2d(1, 1, 3, stride=2, padding=1), device)
    sizes = [shape_of(down(zeros((1, 1, n, n), device)))[-1] for n in (7, 8)]
    ups = [shape_of(layer(nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=op),
                          device)(zeros((1, 1, 4, 4), device)))[-1] for op in (0, 1)]
    return sizes == [4, 4] and ups == [7, 8], bi(
        f"Conv2d(k=3, s=2, p=1) maps 7 to {sizes[0]} and 8 to {sizes[1]}; the transpose of 4 "
        f"gives {ups[0]} with output_padding=0 and {ups[1]} with output_padding=1",
        f"Conv2d(k=3, s=2, p=1) 把 7 变成 {sizes[0]}、把 8 变成 {sizes[1]}；对 4 做转置卷积，"
        f"output_padding=0 得到 {ups[0]}，output_padding=1 得到 {ups[1]}")


def check_pool_default_stride(p: Params, device: Any) -> Result:
    """MaxPool2d's stride defaults to kernel_size, so windows do not overlap."""
    from torch import nn

    pool = nn.MaxPool2d(3)
    side = shape_of(pool(zeros((1, 1, 9, 9), device)))[-1]
    return pool.stride == 3 and side == 3, bi(
        f"MaxPool2d(3).stride is {pool.stride}, so a 9x9 input becomes {side}x{side}",
        f"MaxPool2d(3).stride 为 {pool.stride}，所以 9x9 的输入变成 {side}x{side}")
