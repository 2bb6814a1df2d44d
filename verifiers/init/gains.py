"""The gain table of torch.nn.init.calculate_gain in plain Python, and how explanations say it."""

from __future__ import annotations

import math

from quizapp.authoring import Explain, bi, num, short

ONE = {"linear", "conv1d", "conv2d", "conv3d", "sigmoid"}


def gain_of(nonlinearity: str, a: float) -> float:
    """calculate_gain's table, for the slips (pure Python: slips never import torch)."""
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        return math.sqrt(2.0 / (1 + a * a))
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "selu":
        return 3.0 / 4
    return 1.0  # linear, conv*, sigmoid


def gain_text(nonlinearity: str, a: float, gain: float) -> Explain:
    """'the gain for tanh is 5/3 = 1.667' in both languages; `gain` is the value torch gave."""
    value = short(gain)
    if nonlinearity == "leaky_relu":
        formula = f"√(2/(1 + {num(a)}²)) = {value}"
        return bi(f"the gain for leaky_relu with negative slope a = {num(a)} is {formula}",
                  f"leaky_relu（负斜率 a = {num(a)}）的增益为 {formula}")
    formula = {"relu": f"√2 = {value}", "tanh": f"5/3 = {value}",
               "selu": f"3/4 = {value}"}.get(nonlinearity, value)
    text = bi(f"the gain for {nonlinearity} is {formula}", f"{nonlinearity} 的增益为 {formula}")
    if a:
        return bi(text["en"] + f" (a = {num(a)} is not used)",
                  text["zh"] + f"（a = {num(a)} 不起作用）")
    return text
