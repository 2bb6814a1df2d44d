"""The init deck: every verifier against torch.nn.init's documented formulas, never torch."""

from __future__ import annotations

import ast
import math
import random
import string
from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import stats

from quizapp.core import params as P

ROOT = Path(__file__).resolve().parents[2]
DECK_PATH = ROOT / "cards" / "init.yaml"
DECK = yaml.safe_load(DECK_PATH.read_text(encoding="utf-8"))
QUIZ = {c["id"]: c for c in DECK["cards"] if c["kind"] == "quiz"}
FLASH = {c["id"]: c for c in DECK["cards"] if c["kind"] == "flash"}
SEEDS = range(25)

# The gain table from torch.nn.init's documentation.
GAINS = {"linear": 1.0, "conv2d": 1.0, "sigmoid": 1.0, "tanh": 5 / 3, "relu": math.sqrt(2),
         "selu": 3 / 4}


def ref_gain(nonlinearity: str, a: float) -> float:
    return math.sqrt(2 / (1 + a * a)) if nonlinearity == "leaky_relu" else GAINS[nonlinearity]


def close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-15)


def conv_fans(c_in: int, c_out: int, kh: int, kw: int, groups: int) -> tuple[int, int]:
    """Documented fans of a conv weight (C_out, C_in/groups, kh, kw)."""
    return c_in // groups * kh * kw, c_out * kh * kw


def _kaiming_fan(p: dict, fan_in: int, fan_out: int) -> int:
    return fan_in if p["mode"] == "fan_in" else fan_out


# Plain-Python answers, from the formulas in torch.nn.init's documentation.
REFERENCES = {
    "xavier-uniform-bound": lambda p: p["gain"] * math.sqrt(6 / (p["fan_in"] + p["fan_out"])),
    "xavier-normal-std": lambda p: p["gain"] * math.sqrt(2 / (p["fan_in"] + p["fan_out"])),
    "xavier-normal-variance": lambda p: 2 / (p["fan_in"] + p["fan_out"]),
    "kaiming-normal-std": lambda p: ref_gain(p["nonlinearity"], p["a"])
    / math.sqrt(_kaiming_fan(p, p["fan_in"], p["fan_out"])),
    "kaiming-uniform-bound": lambda p: ref_gain(p["nonlinearity"], p["a"]) * math.sqrt(
        3 / _kaiming_fan(p, *conv_fans(p["C_in"], p["C_out"], p["kernel_size"],
                                       p["kernel_size"], 1))),
    "resnet-conv-init-std": lambda p: math.sqrt(2 / (p["C_out"] * p["kernel_size"] ** 2)),
    "calculate-gain": lambda p: ref_gain(p["nonlinearity"], p["param"]),
    "conv-fan-in": lambda p: conv_fans(p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"])[0],
    "conv-fan-out": lambda p: conv_fans(p["C_in"], p["C_out"], p["kh"], p["kw"], p["groups"])[1],
    "linear-default-weight-bound": lambda p: 1 / math.sqrt(p["in_features"]),
    "linear-default-bias-bound": lambda p: 1 / math.sqrt(p["in_features"]),
    "conv2d-default-weight-bound": lambda p: 1 / math.sqrt(
        conv_fans(p["C_in"], p["C_out"], p["kernel_size"], p["kernel_size"], p["groups"])[0]),
    "embedding-default-init": lambda p: "N(0, 1)",
}


def sampled(card: dict, seed: int, module) -> dict:
    specs = {name: P.parse_spec(raw) for name, raw in card.get("params", {}).items()}
    hook = getattr(module, card["sample"]) if "sample" in card else None
    return P.sample(specs, seed, hook)


def verifier_of(card: dict, module):
    return getattr(module, card.get("verifier", card["id"].replace("-", "_")))


def check_answer(card_id: str, got, want) -> None:
    if isinstance(want, str):
        assert got == want
    elif QUIZ[card_id]["answer"] == "int":
        assert isinstance(got, int) and got == want
    else:
        assert isinstance(got, float) and close(got, want), (got, want)


# ---- the deck file ------------------------------------------------------------------------

def _texts(card: dict) -> list:
    keys = ("prompt", "explain") if card["kind"] == "quiz" else ("front", "back")
    return [card[k] for k in keys] + card.get("choices", [])


def test_deck_shape_and_languages():
    assert DECK["name"] == "init" and DECK["title"] == {"en": "Weight initialization",
                                                       "zh": "权重初始化"}
    assert len(QUIZ) >= 10 and len(FLASH) >= 6
    ids = [c["id"] for c in DECK["cards"]]
    assert len(ids) == len(set(ids))
    for card in DECK["cards"]:
        assert set(card["id"]) <= set(string.ascii_lowercase + string.digits + "-")
        for text in _texts(card):
            assert isinstance(text, dict) and text["en"].strip() and text["zh"].strip(), card["id"]


def test_every_card_names_an_existing_function_and_known_params(load_verifier):
    module = load_verifier("init")
    for card in DECK["cards"]:
        if card["kind"] == "quiz" or "verifier" in card:
            assert callable(verifier_of(card, module)), card["id"]
        if card["kind"] == "quiz":
            assert card["id"] in REFERENCES and "explain" in card
            for template in [card["prompt"]["en"], card["prompt"]["zh"], card.get("code", "")]:
                assert set(P.template_fields(template)) <= set(card["params"]), card["id"]
    assert all("verifier" in c for c in FLASH.values())


def test_deck_loads_with_the_app_loader():
    from quizapp.core.deck import load_deck

    deck = load_deck(DECK_PATH)
    assert deck.verifier_path == (ROOT / "verifiers" / "init").resolve()


def test_module_does_not_import_torch_at_top_level():
    files = sorted((ROOT / "verifiers" / "init").rglob("*.py"))
    assert ROOT / "verifiers" / "init" / "__init__.py" in files
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.split(".")[0] == "torch" for n in names), path.name


# ---- quiz verifiers over sampled parameters ----------------------------------------------

@pytest.mark.parametrize("card_id", sorted(REFERENCES))
def test_quiz_answers_match_documented_formulas(card_id, load_verifier, device):
    module = load_verifier("init")
    card = QUIZ[card_id]
    for seed in SEEDS:
        p = sampled(card, seed, module)
        got, explanation = verifier_of(card, module)(p, device)
        check_answer(card_id, got, REFERENCES[card_id](p))
        assert isinstance(explanation, str) or set(explanation) == {"en", "zh"}
    if card["answer"] == "choice":
        assert got in [c["en"] for c in card["choices"]]


# ---- hand-picked edge cases -------------------------------------------------------------

@pytest.mark.parametrize("nonlinearity, a, mode, want", [
    ("leaky_relu", 0.0, "fan_in", math.sqrt(2) / math.sqrt(50)),   # kaiming's default
    ("leaky_relu", 1.0, "fan_in", 1 / math.sqrt(50)),              # slope 1 is linear
    ("leaky_relu", math.sqrt(5), "fan_in", math.sqrt(1 / 3) / math.sqrt(50)),  # nn.Linear's
    ("relu", 0.7, "fan_out", math.sqrt(2) / math.sqrt(7)),         # `a` ignored for relu
    ("tanh", 0.2, "fan_out", 5 / 3 / math.sqrt(7)),
])
def test_kaiming_normal_edge_cases(nonlinearity, a, mode, want, load_verifier, device):
    p = {"fan_in": 50, "fan_out": 7, "mode": mode, "nonlinearity": nonlinearity, "a": a}
    assert close(load_verifier("init").kaiming_normal_std(p, device)[0], want)


def test_xavier_gain_zero_and_one_by_one(load_verifier, device):
    module = load_verifier("init")
    assert module.xavier_uniform_bound({"fan_in": 9, "fan_out": 3, "gain": 0.0}, device)[0] == 0
    got = module.xavier_uniform_bound({"fan_in": 1, "fan_out": 1, "gain": 1.0}, device)[0]
    assert close(got, math.sqrt(3))


def test_depthwise_conv_fans(load_verifier, device):
    p = {"C_in": 8, "C_out": 8, "kh": 3, "kw": 5, "groups": 8}
    module = load_verifier("init")
    assert module.conv_fan_in(p, device)[0] == 15
    assert module.conv_fan_out(p, device)[0] == 120


def test_scale_recovery_rejects_what_is_not_a_scaled_draw(load_verifier, device):
    module = load_verifier("init")
    with pytest.raises(RuntimeError):
        module.recover_scale(lambda w, g: w.fill_(0.5), (20, 20), "uniform", device)
    with pytest.raises(RuntimeError):  # a uniform draw read back as a normal one
        module.recover_scale(lambda w, g: w.uniform_(-2, 2, generator=g), (20, 20), "normal",
                             device)
    got = module.recover_scale(lambda w, g: w.uniform_(-2, 2, generator=g), (20, 20), "uniform",
                               device)
    assert close(got, 2.0)


def test_sample_conv_groups_always_divides(load_verifier):
    module = load_verifier("init")
    for seed in range(300):
        rng = random.Random(seed)
        p = module.sample_conv_groups(
            {"C_in": rng.choice([3, 4, 6]), "C_out": rng.choice([6, 8]), "groups": 4}, rng)
        assert p["C_in"] % p["groups"] == 0 and p["C_out"] % p["groups"] == 0


# ---- defaults checked by sampling statistics (numpy / scipy), independent of the replay ----

def test_linear_default_by_sampling(device):
    import torch

    layer = torch.nn.Linear(400, 2000, device=device, dtype=torch.float64)
    w = layer.weight.detach().cpu().numpy().ravel()
    bound = 1 / math.sqrt(400)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.999 * bound
    assert abs(np.var(w) / (bound**2 / 3) - 1) < 0.02  # U(-b, b) has variance b²/3
    assert stats.kstest(w / bound, stats.uniform(-1, 2).cdf).pvalue > 1e-4
    b = layer.bias.detach().cpu().numpy()
    assert np.abs(b).max() <= bound and np.abs(b).max() > 0.95 * bound


def test_embedding_default_by_sampling(device):
    import torch

    w = torch.nn.Embedding(2000, 64, device=device, dtype=torch.float64).weight
    w = w.detach().cpu().numpy().ravel()
    assert abs(np.std(w) - 1) < 0.02 and abs(np.mean(w)) < 0.02
    assert np.abs(w).max() > 3  # U(-1, 1) could never leave [-1, 1]
    assert stats.kstest(w, "norm").pvalue > 1e-4


# ---- flash verifiers ----------------------------------------------------------------------

@pytest.mark.parametrize("card_id", sorted(FLASH))
def test_flash_claims_hold(card_id, load_verifier, device):
    ok, explanation = getattr(load_verifier("init"), FLASH[card_id]["verifier"])({}, device)
    assert ok is True
    assert isinstance(explanation, str) or set(explanation) == {"en", "zh"}
