"""Typed answers that once crashed a session are refused with "not graded", never raised."""

from __future__ import annotations

import contextlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.core.deck import Text
from quizapp.core.grading import compare
from quizapp.core.parsing import ParseError, parse

CHOICES = (Text("sum", "求和"), Text("mean", "平均"), Text("none", "不归约"))
KINDS = ("shape", "int", "number", "tensor", "bool", "choice", "text")


@pytest.mark.parametrize(("kind", "typed"), [
    ("choice", "²"), ("choice", "①"), ("choice", "٣"), ("int", "٣"), ("shape", "١, ٢"),
    ("shape", "1, " * 20_000), ("shape", "9" * 5000), ("int", "9" * 5000),
    ("number", "1" + "0" * 400 + "/1"), ("number", "1/" + "0" * 400), ("number", "1e999"),
    ("number", "9" * 5000), ("tensor", "[" * 5000), ("tensor", "[1, [2]]"),
    ("tensor", "[[1, 2], [3]]"), ("tensor", "1 " * 20_000), ("int", "x" * 50_000),
])
def test_hostile_answers_are_not_graded(kind: str, typed: str) -> None:
    with pytest.raises(ParseError):
        parse(kind, typed, CHOICES)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(KINDS), typed=st.text(max_size=200))
def test_any_text_parses_or_is_refused(kind: str, typed: str) -> None:
    with contextlib.suppress(ParseError):
        parse(kind, typed, CHOICES)


def test_a_long_answer_is_refused_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(ParseError, match="characters long"):
        parse("tensor", "1, " * 100_000)
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(("typed", "expected"), [
    ("[3, 2, 1, 2]", [3, 2, 1, 2]), ("3 2 1 2", [3, 2, 1, 2]), ("3, 2, 1, 2", [3, 2, 1, 2]),
    ("[[1, 2], [3, 4]]", [[1, 2], [3, 4]]), ("tensor([1., 2.5])", [1.0, 2.5]),
    ("[-1e-3, 1/4]", [-0.001, 0.25]), ("[]", []), ("[[1,2],[3,4],]", [[1, 2], [3, 4]]),
    ("tensor([[0.5, 1.0]], dtype=torch.float64)", [[0.5, 1.0]]),
])
def test_tensor_spellings(typed: str, expected: list) -> None:
    assert parse("tensor", typed) == expected


def test_tensor_grading_names_the_first_wrong_element_and_shape_mismatches() -> None:
    exact = [[1.0, 2.0], [3.0, 4.0]]
    assert compare("tensor", [[1, 2], [3, 4]], exact).correct
    one = compare("tensor", [[1, 2], [3, 5]], exact)
    assert not one.correct and str(one.detail) == "element [1, 1] is 5, should be 4"
    assert str(one.hint) == "element [1, 1] is wrong"
    two = compare("tensor", [[1, 9], [3, 5]], exact)
    assert "element [0, 1] is 9" in two.detail and "1 more" in two.detail
    shape = compare("tensor", [1, 2, 3, 4], exact)
    assert not shape.correct and str(shape.detail) == "shape (4,) but the answer has shape (2, 2)"


def test_a_sign_error_says_wrong_sign() -> None:
    assert str(compare("number", -0.5, 0.5).detail) == "wrong sign"
    assert str(compare("int", -3, 3).detail) == "wrong sign"
    assert str(compare("number", -2.0, 0.5).detail) == "wrong sign, and the size is off too"


def test_int_parse_hints_show_integer_examples() -> None:
    with pytest.raises(ParseError, match="try 42"):
        parse("int", "abc")
