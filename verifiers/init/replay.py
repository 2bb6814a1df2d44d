"""Exact scales read off torch's initialisers by replaying their random stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quizapp.authoring import zeros

# How an answer is read off torch exactly, not estimated from noisy samples:
# every uniform initialiser in torch.nn.init ends in `tensor.uniform_(-b, b, generator=g)`,
# which turns the generator's stream u ~ U[0, 1) into w = -b + 2b*u, and every normal one in
# `tensor.normal_(0, s, generator=g)`, which turns the stream z ~ N(0, 1) into w = s*z.
# `torch.rand` / `torch.randn` of the same shape read the very same stream, so after
# rewinding the generator we know each element's r = 2u - 1 (or z) and w = scale * r holds
# element-wise. The least-squares fit scale = sum(w*r) / sum(r*r) is then exact to rounding,
# and a residual check proves the initialiser really was a scaled U(-1, 1) / N(0, 1) draw.
# Layer constructors (nn.Linear, ...) use the global generator, so they are replayed under
# torch.random.fork_rng with torch.manual_seed instead of a private generator.

SEED = 20240601
Fill = Callable[[Any, Any], Any]  # (tensor, generator) -> tensor


def on_device(device: Any) -> dict[str, Any]:
    """Factory keywords that build a layer straight on `device` in float64. The replay needs
    the constructor itself to draw there (kit.layer would draw in float32 on the CPU and
    convert, and float32 draws cannot be replayed exactly)."""
    import torch

    return {"device": device, "dtype": torch.float64}


def _fit_scale(w: Any, ref: Any, what: str) -> float:
    """scale with w == scale * ref element-wise; raises if w is not such a draw."""
    scale = float((w * ref).sum() / (ref * ref).sum())
    if float((w - scale * ref).abs().max()) > 1e-12 * max(abs(scale), 1e-300):
        raise RuntimeError(f"{what} is not a scaled draw of the replayed random stream")
    return scale


def _reference(kind: str, shape: tuple[int, ...], device: Any, generator: Any = None) -> Any:
    """The generator's stream as U(-1, 1) or N(0, 1) values (the device's own stream)."""
    import torch

    kw = {**on_device(device), "generator": generator}
    return torch.rand(shape, **kw) * 2 - 1 if kind == "uniform" else torch.randn(shape, **kw)


def recover_scale(fill: Fill, shape: tuple[int, ...], kind: str, device: Any) -> float:
    """Run `fill` on a float64 tensor and return its exact bound (uniform) or std."""
    import torch

    gen = torch.Generator(device=device).manual_seed(SEED)
    state = gen.get_state()
    w = fill(zeros(shape, device), gen)
    gen.set_state(state)
    return _fit_scale(w, _reference(kind, shape, device, gen), f"{kind} init of {shape}")


def replay_module(build: Callable[[], Any], draws: list[tuple[str, str]], device: Any) -> dict:
    """Build a layer under a fixed global seed; return the exact scale of each named draw.

    `draws` lists (parameter name, "uniform" | "normal") in the order the constructor
    draws them, so the replay reads the stream in the same order.
    """
    import torch

    device = torch.device(device)
    if device.type == "cuda":
        devices = [device.index if device.index is not None else torch.cuda.current_device()]
    else:
        devices = []
    with torch.random.fork_rng(devices=devices, device_type=device.type):
        torch.manual_seed(SEED)
        module = build()
        torch.manual_seed(SEED)
        out = {}
        for name, kind in draws:
            w = getattr(module, name).detach()
            out[name] = _fit_scale(w, _reference(kind, tuple(w.shape), device), name)
    return out
