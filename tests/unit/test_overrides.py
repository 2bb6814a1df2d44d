"""--param values: YAML 1.2 scalars checked against the card's specs, one line naming them."""

from __future__ import annotations

import math

import pytest

from quizapp.core import params as P
from quizapp.core import yamlsafe
from quizapp.core.overrides import ParamError, apply, check

SPECS = {
    "H": P.parse_spec({"int": [5, 64]}),
    "eps": P.parse_spec({"float": [1e-6, 0.1], "decimals": 6, "admit": [1e-9, 1.0]}),
    "mode": P.parse_spec({"choice": ["constant", "reflect"]}),
    "xs": P.parse_spec({"list": {"int": [0, 9]}, "length": [2, 4]}),
    "code": None,
}
SPECS["code"] = P.Const(None)


@pytest.mark.parametrize(("raw", "value"), [
    ("1e-8", 1e-8), ("017", 17), ("yes", "yes"), ("on", "on"), ("2024-13-45", "2024-13-45"),
    ("2024-01-05", "2024-01-05"), ("[1, 2.5, true, null]", [1, 2.5, True, None]),
    ("0x10", 16), ("-3", -3), (".5", 0.5), ("True", True),
])
def test_yaml_1_2_scalars(raw: str, value: object) -> None:
    assert yamlsafe.scalar(raw) == value


@pytest.mark.parametrize("raw", ["!!binary aGVsbG8=", "!!set {a, b}", "!!timestamp 2024-01-05",
                                 "!!int abc", "1" * 500, "!!python/object:os.system x"])
def test_yaml_values_that_build_objects_or_explode_are_refused(raw: str) -> None:
    with pytest.raises(yamlsafe.YamlProblem):
        yamlsafe.scalar(raw)


def test_nan_and_infinity_are_floats() -> None:
    assert math.isnan(yamlsafe.scalar(".nan")) and yamlsafe.scalar("-.inf") == -math.inf


@pytest.mark.parametrize(("given", "message"), [
    ({"H": "abc"}, "--param H: expected an int in [5, 64], got 'abc'"),
    ({"H": 6000}, "--param H: expected an int in [5, 64], got 6000"),
    ({"H": 7.0}, "--param H: expected an int in [5, 64], got 7.0"),
    ({"H": True}, "--param H: expected an int in [5, 64], got True"),
    ({"eps": 2.0}, "--param eps: expected a number in [1e-09, 1], got 2.0"),
    ({"mode": "circular"}, "--param mode: expected one of constant, reflect, got 'circular'"),
    ({"xs": [1]}, "--param xs: expected a list of 2 to 4 items, got 1"),
    ({"xs": [1, 99]}, "--param xs: item 1: expected an int in [0, 9], got 99"),
    ({"xs": "1, 2"}, "--param xs: expected a list, each item an int in [0, 9], got '1, 2'"),
    ({"xs": list(range(5000))}, "--param xs: a list of 5000 items (the limit is 1000)"),
    ({"code": "x"}, "--param code: fixed by the card"),
    ({"nope": 1}, "--param nope: the card has no such parameter (it has H, eps, mode, xs)"),
])
def test_bad_overrides_name_the_parameter(given: dict, message: str) -> None:
    with pytest.raises(ParamError) as info:
        apply(SPECS, {"H": 9, "eps": 1e-5, "mode": "reflect", "xs": [1, 2], "code": None},
              given)
    assert str(info.value).startswith(message)


def test_admitted_values_beyond_the_sampled_range_are_accepted() -> None:
    merged = apply(SPECS, {"H": 9, "eps": 1e-5}, {"eps": 1e-8, "H": 64})
    assert merged == {"H": 64, "eps": 1e-8}
    assert check(SPECS["eps"], 0.5, {}) is None


def test_spec_ceilings() -> None:
    for raw in ({"int": [0, 10**7]}, {"list": 1, "length": 5000}, {"float": [0, 1e13]},
                {"int": [1, 2], "admit": [0, 10**9]}, {"list": 1, "length": [1, 2],
                                                       "admit": [0, 4000]}):
        with pytest.raises(P.SpecError):
            P.parse_spec(raw)
