"""Flash-card checks for the conv deck: each proves its card's claim in the running torch."""

from __future__ import annotations

from typing import Any

from ._common import Explain, _bi, _nparams, _seeded, _shape, _zeros


def check_odd_kernels(p: dict, device: Any) -> tuple[object, Explain]:
    """Odd k: padding (k-1)/2 on both sides keeps 9x9. Even k=4: no symmetric padding does."""
    import torch

    x = _zeros((1, 1, 9, 9), device)
    odd_ok = all(torch.nn.Conv2d(1, 1, k, padding=(k - 1) // 2).double().to(device)(x).shape[-1]
                 == 9 for k in (1, 3, 5, 7))
    even_sizes = [torch.nn.Conv2d(1, 1, 4, padding=pad).double().to(device)(x).shape[-1]
                  for pad in range(3)]
    return odd_ok and 9 not in even_sizes, _bi(
        f"k = 1, 3, 5, 7 with padding (k-1)/2 keep 9x9; "
        f"k = 4 with padding 0, 1, 2 gives {even_sizes}",
        f"k = 1、3、5、7 配 padding (k-1)/2 保持 9x9；k = 4 配 padding 0、1、2 得到 {even_sizes}")


def check_parameter_sharing(p: dict, device: Any) -> tuple[object, Explain]:
    """One small kernel serves every position: shifting the input shifts the output."""
    import torch

    conv = torch.nn.Conv2d(3, 8, 3, padding=1, padding_mode="circular").to(device, torch.float64)
    x = _seeded(1, 3, 16, 16).to(device)
    with torch.no_grad():
        shifted_first = conv(torch.roll(x, (2, 5), dims=(2, 3)))
        shifted_after = torch.roll(conv(x), (2, 5), dims=(2, 3))
    same = torch.allclose(shifted_first, shifted_after, rtol=0, atol=1e-12)
    n = _nparams(conv)
    return same and n == 8 * 3 * 9 + 8, _bi(
        f"{n} parameters (8*3*3*3 + 8) whatever the image size; conv(shift(x)) == shift(conv(x))",
        f"无论图像多大都只有 {n} 个参数（8*3*3*3 + 8）；conv(平移(x)) == 平移(conv(x))")


def check_local_connectivity(p: dict, device: Any) -> tuple[object, Explain]:
    """The gradient of one output pixel is non-zero only on its 3x3 input window."""
    import torch

    conv = torch.nn.Conv2d(1, 1, 3, padding=1).to(device, torch.float64)
    torch.nn.init.ones_(conv.weight)
    x = _zeros((1, 1, 12, 12), device).requires_grad_(True)
    conv(x)[0, 0, 5, 7].backward()
    rows, cols = (x.grad[0, 0] != 0).nonzero(as_tuple=True)
    window = (int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max()))
    return len(rows) == 9 and window == (4, 6, 6, 8), _bi(
        f"output (5, 7) depends on {len(rows)} of 144 inputs: rows 4-6, cols 6-8",
        f"输出 (5, 7) 只依赖 144 个输入中的 {len(rows)} 个：第 4-6 行、第 6-8 列")


def check_dilation(p: dict, device: Any) -> tuple[object, Explain]:
    """dilation=2 keeps a 3x3 weight (9 taps) but spreads them over a 5x5 window."""
    import torch

    conv = torch.nn.Conv2d(1, 1, 3, dilation=2, bias=False).to(device, torch.float64)
    torch.nn.init.ones_(conv.weight)
    x = _zeros((1, 1, 9, 9), device).requires_grad_(True)
    conv(x)[0, 0, 0, 0].backward()
    rows, _ = (x.grad[0, 0] != 0).nonzero(as_tuple=True)
    extent = int(rows.max()) - int(rows.min()) + 1
    plain = torch.nn.Conv2d(1, 1, 3, bias=False)
    ok = _nparams(conv) == _nparams(plain) == 9 and extent == 5 and len(rows) == 9
    n = _nparams(conv)
    return ok, _bi(f"{n} weights, as many as a plain 3x3; receptive field {extent}x{extent} "
                   "= 2*(3-1)+1",
                   f"{n} 个权重，与普通 3x3 相同；感受野 {extent}x{extent} = 2*(3-1)+1")


def check_one_by_one_conv(p: dict, device: Any) -> tuple[object, Explain]:
    """A 1x1 conv is a Linear layer over channels, applied at every pixel."""
    import torch

    conv = torch.nn.Conv2d(6, 4, 1).to(device, torch.float64)
    lin = torch.nn.Linear(6, 4).to(device, torch.float64)
    with torch.no_grad():
        lin.weight.copy_(conv.weight.view(4, 6))
        lin.bias.copy_(conv.bias)
        x = _seeded(2, 6, 5, 5).to(device)
        via_linear = lin(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
        ok = torch.allclose(conv(x), via_linear, rtol=1e-12, atol=1e-12)
    return ok, _bi(f"Conv2d(6, 4, 1) == Linear(6, 4) at every pixel; {_nparams(conv)} = 6*4 + 4",
                   f"Conv2d(6, 4, 1) 等于逐像素的 Linear(6, 4)；参数 {_nparams(conv)} = 6*4 + 4")


def check_pooling_no_params(p: dict, device: Any) -> tuple[object, Explain]:
    """Pooling layers own no parameters and keep the channel count."""
    from torch import nn

    pools = [nn.MaxPool2d(2), nn.AvgPool2d(3, stride=2, padding=1), nn.AdaptiveAvgPool2d(1)]
    counts = [_nparams(m) for m in pools]
    channels = [int(m(_zeros((1, 5, 8, 8), device)).shape[1]) for m in pools]
    return counts == [0, 0, 0] and channels == [5, 5, 5], _bi(
        f"parameter counts {counts}; channels stay 5: {channels}",
        f"参数个数 {counts}；通道数保持 5：{channels}")


def check_equivariance(p: dict, device: Any) -> tuple[object, Explain]:
    """Convolution is translation-equivariant (output moves), not invariant (output unchanged)."""
    import torch

    conv = torch.nn.Conv1d(1, 1, 3, padding=1, padding_mode="circular").to(device, torch.float64)
    x = _seeded(1, 1, 10).to(device)
    with torch.no_grad():
        y, y_shift = conv(x), conv(torch.roll(x, 3, dims=2))
    moved = torch.allclose(y_shift, torch.roll(y, 3, dims=2), rtol=0, atol=1e-12)
    unchanged = torch.allclose(y_shift, y)
    return moved and not unchanged, _bi(
        "conv(shift(x)) == shift(conv(x)), but conv(shift(x)) != conv(x)",
        "conv(平移(x)) == 平移(conv(x))，但 conv(平移(x)) != conv(x)")


def check_default_bias(p: dict, device: Any) -> tuple[object, Explain]:
    """bias=True is the default, so the count is C_out*C_in/g*k*k + C_out, not C_in*C_out*k*k."""
    from torch import nn

    plain, grouped = nn.Conv2d(16, 32, 3), nn.Conv2d(16, 32, 3, groups=4)
    ok = (plain.bias is not None and _nparams(plain) == 16 * 32 * 9 + 32
          and _nparams(grouped) == 32 * 4 * 9 + 32)
    return ok, _bi(
        f"Conv2d(16, 32, 3): {_nparams(plain)} = 32*16*3*3 + 32; "
        f"groups=4: {_nparams(grouped)} = 32*(16/4)*3*3 + 32",
        f"Conv2d(16, 32, 3)：{_nparams(plain)} = 32*16*3*3 + 32；"
        f"groups=4：{_nparams(grouped)} = 32*(16/4)*3*3 + 32")


def check_transpose_output_padding(p: dict, device: Any) -> tuple[object, Explain]:
    """A stride-2 conv maps 7 and 8 to 4; output_padding picks which size the transpose returns."""
    import torch
    from torch import nn

    down = nn.Conv2d(1, 1, 3, stride=2, padding=1).to(device, torch.float64)
    sizes = [int(down(_zeros((1, 1, n, n), device)).shape[-1]) for n in (7, 8)]
    ups = [int(nn.ConvTranspose2d(1, 1, 3, stride=2, padding=1, output_padding=op)
               .to(device, torch.float64)(_zeros((1, 1, 4, 4), device)).shape[-1])
           for op in (0, 1)]
    return sizes == [4, 4] and ups == [7, 8], _bi(
        f"7 -> {sizes[0]}, 8 -> {sizes[1]}; transpose of 4 with output_padding 0/1 -> {ups}",
        f"7 -> {sizes[0]}，8 -> {sizes[1]}；4 经转置卷积，output_padding 取 0/1 -> {ups}")


def check_pool_default_stride(p: dict, device: Any) -> tuple[object, Explain]:
    """MaxPool2d's stride defaults to kernel_size, so windows do not overlap."""
    import torch

    pool = torch.nn.MaxPool2d(3)
    out = pool(_zeros((1, 1, 9, 9), device))
    return pool.stride == 3 and _shape(out)[-1] == 3, _bi(
        f"MaxPool2d(3).stride = {pool.stride}; 9x9 -> {_shape(out)[-1]}x{_shape(out)[-1]}",
        f"MaxPool2d(3).stride = {pool.stride}；9x9 -> {_shape(out)[-1]}x{_shape(out)[-1]}")
