"""Parameter specs, seeded sampling and `{name}` template rendering."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core import params as P


def _specs(raw: dict) -> dict[str, P.Spec]:
    return {name: P.parse_spec(spec) for name, spec in raw.items()}


# ------------------------------------------------------------------ each kind


@pytest.mark.parametrize("value", [3, "mean", [1, 2], None, 0.25, True])
def test_constant(value: object) -> None:
    assert P.parse_spec(value) == P.Const(value)
    assert P.sample({"c": P.parse_spec(value)}, seed=7) == {"c": value}


def test_choice_draws_only_its_options_and_all_of_them() -> None:
    specs = _specs({"c": {"choice": [1, "two", [3, 3], None]}})
    seen = [P.sample(specs, seed)["c"] for seed in range(200)]
    assert all(v in [1, "two", [3, 3], None] for v in seen)
    assert {repr(v) for v in seen} == {"1", "'two'", "[3, 3]", "None"}


def test_int_with_step_stays_on_the_grid() -> None:
    specs = _specs({"k": {"int": [3, 19], "step": 4}})
    seen = {P.sample(specs, seed)["k"] for seed in range(300)}
    assert seen == {3, 7, 11, 15, 19}


def test_int_range_is_inclusive() -> None:
    specs = _specs({"k": {"int": [1, 3]}})
    assert {P.sample(specs, seed)["k"] for seed in range(200)} == {1, 2, 3}


@pytest.mark.parametrize("decimals", [0, 1, 2, 3, 5])
def test_floats_are_already_rounded_to_their_decimals(decimals: int) -> None:
    specs = _specs({"x": {"float": [-3.0, 7.5], "decimals": decimals}})
    for seed in range(100):
        x = P.sample(specs, seed)["x"]
        assert isinstance(x, float)
        assert -3.0 <= x <= 7.5
        assert -Decimal(repr(x)).as_tuple().exponent <= max(decimals, 1)
        assert x == round(x, decimals)


def test_float_default_is_two_decimals() -> None:
    assert P.parse_spec({"float": [0, 1]}) == P.FloatRange(0.0, 1.0, 2)
    specs = _specs({"x": {"float": [0, 1]}})
    for seed in range(50):
        text = repr(P.sample(specs, seed)["x"])
        assert len(text.split(".")[1]) <= 2


def test_float_never_shows_negative_zero() -> None:
    specs = _specs({"x": {"float": [-0.004, 0.004], "decimals": 2}})
    for seed in range(50):
        assert repr(P.sample(specs, seed)["x"]) == "0.0"


def test_list_with_fixed_length() -> None:
    specs = _specs({"xs": {"list": {"int": [0, 9]}, "length": 4}})
    for seed in range(30):
        xs = P.sample(specs, seed)["xs"]
        assert len(xs) == 4 and all(0 <= x <= 9 for x in xs)


def test_list_with_ranged_length() -> None:
    specs = _specs({"xs": {"list": {"choice": [0, 1]}, "length": [2, 5]}})
    lengths = {len(P.sample(specs, seed)["xs"]) for seed in range(200)}
    assert lengths == {2, 3, 4, 5}


def test_list_length_from_an_earlier_param() -> None:
    specs = _specs({
        "n": {"int": [1, 6]},
        "xs": {"list": {"float": [0, 1], "decimals": 1}, "length": "n"},
        "nested": {"list": {"list": {"int": [0, 1]}, "length": "n"}, "length": 2},
    })
    for seed in range(40):
        p = P.sample(specs, seed)
        assert len(p["xs"]) == p["n"]
        assert len(p["nested"]) == 2 and all(len(row) == p["n"] for row in p["nested"])
    assert P.length_refs(specs["nested"]) == ["n"]


def test_same_seed_same_params_different_seeds_differ() -> None:
    specs = _specs({
        "a": {"int": [0, 10**6]}, "b": {"float": [0, 1], "decimals": 4},
        "c": {"choice": list(range(50))}, "d": {"list": {"int": [0, 99]}, "length": [1, 8]},
    })
    assert P.sample(specs, 1234) == P.sample(specs, 1234)
    assert len({repr(P.sample(specs, seed)) for seed in range(20)}) == 20


def test_sampler_hook_gets_the_same_rng_and_is_reproducible() -> None:
    specs = _specs({"h": {"int": [1, 10]}})

    def hook(p: dict, rng: random.Random) -> dict:
        return {**p, "extra": rng.randint(0, 10**9)}

    first, second = P.sample(specs, 5, hook), P.sample(specs, 5, hook)
    assert first == second and "extra" in first
    assert P.sample(specs, 6, hook)["extra"] != first["extra"]


# ------------------------------------------------------------------ spec errors


@pytest.mark.parametrize(("raw", "message"), [
    ({"int": [5, 1]}, "empty"),
    ({"int": [1, 5], "step": 0}, "empty"),
    ({"int": [1.5, 3]}, "integers"),
    ({"int": [1, 2, 3]}, r"\[lo, hi\]"),
    ({"int": 5}, r"\[lo, hi\]"),
    ({"choice": []}, "non-empty list"),
    ({"choice": 3}, "non-empty list"),
    ({"float": [0, 1], "decimals": 20}, "decimals"),
    ({"float": [2, 1]}, "lo <= hi"),
    ({"float": ["a", 1]}, "numbers"),
    ({"int": [1, 2], "choice": [1]}, "exactly one of"),
    ({"step": 2}, "exactly one of"),
    ({"int": [1, 2], "decimals": 2}, "unknown key.*decimals"),
    ({"list": {"int": [0, 1]}}, "length"),
    ({"list": {"int": [0, 1]}, "length": [3, 1]}, "length range"),
    ({"list": {"int": [3, 1]}, "length": 2}, "empty"),
])
def test_bad_specs_raise_spec_error_saying_what_is_wrong(raw: dict, message: str) -> None:
    with pytest.raises(P.SpecError, match=message):
        P.parse_spec(raw)


# ------------------------------------------------------------------ properties


@given(
    lo=st.integers(min_value=-1000, max_value=1000),
    span=st.integers(min_value=0, max_value=5000),
    step=st.integers(min_value=1, max_value=50),
    seed=st.integers(min_value=0, max_value=2**63),
)
def test_sampled_ints_lie_in_range_and_on_the_step_grid(lo: int, span: int, step: int,
                                                        seed: int) -> None:
    hi = lo + span
    value = P.sample({"k": P.parse_spec({"int": [lo, hi], "step": step})}, seed)["k"]
    assert lo <= value <= hi
    assert (value - lo) % step == 0


@given(
    lo=st.floats(min_value=-1e4, max_value=1e4),
    span=st.floats(min_value=0, max_value=1e4),
    decimals=st.integers(min_value=0, max_value=6),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_sampled_floats_show_no_more_digits_than_their_decimals(lo: float, span: float,
                                                                decimals: int, seed: int) -> None:
    spec = P.parse_spec({"float": [lo, lo + span], "decimals": decimals})
    value = P.sample({"x": spec}, seed)["x"]
    assert -Decimal(repr(value)).as_tuple().exponent <= max(decimals, 1)
    assert value == round(value, decimals)


# ------------------------------------------------------------------ templates


def test_template_fields_in_order_ignoring_literal_braces() -> None:
    template = "x={x}, {{not_a_field}} and {y} then {x} {{"
    assert P.template_fields(template) == ["x", "y", "x"]
    assert P.template_fields("no fields at all") == []


@pytest.mark.parametrize("bad", ["{x:3}", "{x!r}", "{0}", "{}", "{a.b}", "{a[0]}", "{x", "x}"])
def test_template_fields_refuse_anything_but_plain_names(bad: str) -> None:
    with pytest.raises(ValueError):
        P.template_fields(bad)


def test_render_shows_python_literals_and_strings_as_they_are() -> None:
    template = "{f} {xs} {none} {flag} {mode} {n} {{braces}} {{{n}}}"
    values = {"f": 0.25, "xs": [1, 0, 1], "none": None, "flag": True, "mode": "mean", "n": 3}
    assert P.render(template, values) == "0.25 [1, 0, 1] None True mean 3 {braces} {3}"


def test_render_with_a_missing_param_raises_key_error() -> None:
    with pytest.raises(KeyError):
        P.render("{missing}", {})
