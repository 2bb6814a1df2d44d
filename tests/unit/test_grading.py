"""Answer parsing, tolerant comparison and the suggested SM-2 quality."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.core.deck import Text, Tolerance
from quizapp.core.grading import ParseError, Verdict, compare, parse, suggest_quality

# ------------------------------------------------------------------ parsing


@pytest.mark.parametrize("typed", [
    "1,16,16,16", "(1, 16, 16, 16)", "[1,16,16,16]", "1x16x16x16",
    "torch.Size([1, 16, 16, 16])", "  1, 16, 16, 16  ", "1 16 16 16", "1×16×16×16",
])
def test_every_shape_spelling(typed: str) -> None:
    assert parse("shape", typed) == (1, 16, 16, 16)


@pytest.mark.parametrize(("typed", "expected"), [
    ("(5,)", (5,)), ("5", (5,)), ("torch.Size([])", ()), ("()", ()), ("[0, 3]", (0, 3)),
])
def test_short_and_empty_shapes(typed: str, expected: tuple[int, ...]) -> None:
    assert parse("shape", typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("0.693", 0.693), ("6.93e-1", 0.693), ("-1/3", -1 / 3), ("1/4", 0.25), ("−2.5", -2.5),
    ("1_000", 1000.0), (" 42 ", 42.0), ("1E3", 1000.0),
])
def test_numbers_and_fractions(typed: str, expected: float) -> None:
    assert parse("number", typed) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(("typed", "check"), [
    ("nan", math.isnan), ("inf", lambda v: v == math.inf), ("-inf", lambda v: v == -math.inf),
])
def test_nan_and_inf_parse(typed: str, check) -> None:
    assert check(parse("number", typed))


@pytest.mark.parametrize("typed", ["42", "42.0", "4.2e1"])
def test_ints(typed: str) -> None:
    value = parse("int", typed)
    assert value == 42 and type(value) is int


@pytest.mark.parametrize(("typed", "expected"), [
    ("yes", True), ("Y", True), ("true", True), ("1", True), ("是", True), ("对", True),
    ("no", False), ("f", False), ("0", False), ("否", False), ("错", False), ("False.", False),
])
def test_bools(typed: str, expected: bool) -> None:
    assert parse("bool", typed) is expected


CHOICES = (Text("sum", "求和"), Text("mean", "平均"), Text("none", "不归约"))


@pytest.mark.parametrize(("typed", "expected"), [
    ("2", "mean"), (" MEAN ", "mean"), ("平均", "mean"), ("3", "none"), ("1", "sum"),
])
def test_choice_by_number_or_text(typed: str, expected: str) -> None:
    assert parse("choice", typed, CHOICES) == expected


def test_text_collapses_whitespace() -> None:
    assert parse("text", "  float   64 ") == "float 64"
    assert compare("text", parse("text", "Float 64"), "float  64").correct


@pytest.mark.parametrize(("kind", "typed"), [
    ("shape", "abc"), ("shape", "1,2,a"), ("shape", "1.5, 2"), ("shape", "-1, 2"),
    ("shape", "torch.Size([1, x])"), ("number", "abc"), ("number", "1/0"), ("number", "0.6.9"),
    ("int", "42.5"), ("int", "inf"), ("int", "nan"), ("int", "four"), ("bool", "maybe"),
    ("choice", "4"), ("choice", "0"), ("choice", "median"),
    ("shape", ""), ("number", "   "), ("int", "\t"),
])
def test_unparsable_answers_raise_parse_error(kind: str, typed: str) -> None:
    with pytest.raises(ParseError) as info:
        parse(kind, typed, CHOICES)
    assert str(info.value)  # the user is told why


# ------------------------------------------------------------------ tolerance

LN2 = math.log(2)  # 0.693147...


@pytest.mark.parametrize("typed", ["0.693", "6.93e-1", "0.6931", "0.69315", "0.694"])
def test_three_significant_figures_accepted(typed: str) -> None:
    assert compare("number", parse("number", typed), LN2).correct


@pytest.mark.parametrize("typed", ["0.69", "0.7", "0.691", "0.6", "-0.693", "693"])
def test_fewer_or_wrong_figures_rejected(typed: str) -> None:
    assert not compare("number", parse("number", typed), LN2).correct


@pytest.mark.parametrize(("exact", "good", "bad"), [
    (123456.0, 123400.0, 122000.0),  # one unit in the 3rd figure is 1000
    (0.000123456, 0.0001235, 0.000122),
    (-2.5e-7, -2.5e-7, -2.7e-7),
    (1e300, 1.001e300, 1.1e300),
])
def test_significant_figures_scale_with_magnitude(exact: float, good: float, bad: float) -> None:
    assert compare("number", good, exact).correct
    assert not compare("number", bad, exact).correct


def test_absolute_tolerance_override() -> None:
    tol = Tolerance(sig=None, abs=1e-3)
    assert compare("number", 0.0105, 0.01, tol).correct
    assert not compare("number", 0.012, 0.01, tol).correct


def test_relative_tolerance_override() -> None:
    tol = Tolerance(sig=None, rel=0.01)
    assert compare("number", 101.0, 100.0, tol).correct
    assert not compare("number", 101.5, 100.0, tol).correct


def test_combined_tolerance_takes_the_loosest_bound() -> None:
    tol = Tolerance(sig=3, abs=0.001)
    assert compare("number", 0.0, 0.0004, tol).correct  # abs covers values near zero
    assert compare("number", 5.004, 5.0, tol).correct  # sig: one unit is 0.01
    assert not compare("number", 5.02, 5.0, tol).correct


def test_exact_zero() -> None:
    assert compare("number", 0.0, 0.0).correct
    assert compare("number", -0.0, 0.0).correct
    assert not compare("number", 0.5, 0.0).correct


def test_float_noise_around_zero_is_zero_by_default() -> None:
    # A verifier computing "the mean of a standardised tensor" gets ~1e-17, not 0.0;
    # typing 0 must count (the design: an absolute tolerance for values near zero).
    assert compare("number", 0.0, 1.3877787807814457e-17).correct
    assert compare("number", 0.0, -2.2e-16).correct
    # ...but a genuinely small answer is still graded on its significant figures.
    assert not compare("number", 0.0, 1e-6).correct
    assert compare("number", 1e-6, 1.0004e-6).correct


@pytest.mark.parametrize(("typed", "exact", "correct"), [
    (math.nan, math.nan, True), (math.inf, math.inf, True), (-math.inf, -math.inf, True),
    (math.inf, -math.inf, False), (1.0, math.nan, False), (math.nan, 1.0, False),
    (math.inf, 1e308, False), (1e308, math.inf, False),
])
def test_nan_and_inf_compare(typed: float, exact: float, correct: bool) -> None:
    assert compare("number", typed, exact).correct is correct


def test_int_answers_must_be_exact() -> None:
    assert compare("int", 42, 42).correct
    assert not compare("int", 43, 42).correct


def test_choice_and_bool_compare_exactly() -> None:
    assert compare("choice", "mean", "mean").correct
    assert not compare("choice", "sum", "mean").correct
    assert compare("bool", True, True).correct
    assert not compare("bool", False, True).correct


# ------------------------------------------------------------------ suggested quality


def test_quality_5_for_quick_correct_4_for_slow_correct() -> None:
    verdict = compare("shape", (1, 16, 16, 16), (1, 16, 16, 16))
    assert suggest_quality(verdict, seconds=3.0) == 5
    assert suggest_quality(verdict, seconds=90.0) == 4


def test_quality_3_for_correct_on_the_second_try() -> None:
    assert suggest_quality(Verdict(True), seconds=2.0, attempt=2) == 3


@pytest.mark.parametrize(("kind", "typed", "exact"), [
    ("shape", (1, 16, 15, 16), (1, 16, 16, 16)),  # one dimension off by one
    ("shape", (1, 16, 32, 30), (1, 16, 32, 32)),  # off by 2 of 32: within 10%
    ("number", 0.66, LN2),  # ~5% low
    ("number", 0.75, LN2),  # ~8% high
    ("int", 41, 42),
    ("int", 95, 100),
])
def test_quality_2_for_wrong_but_close(kind: str, typed, exact) -> None:
    verdict = compare(kind, typed, exact)
    assert not verdict.correct and verdict.close
    assert verdict.detail
    assert suggest_quality(verdict, seconds=1.0) == 2


@pytest.mark.parametrize(("kind", "typed", "exact"), [
    ("shape", (1, 16, 8, 16), (1, 16, 16, 16)),  # one dimension far off
    ("shape", (1, 16, 15, 15), (1, 16, 16, 16)),  # two dimensions off
    ("shape", (16, 16, 16), (1, 16, 16, 16)),  # wrong rank
    ("number", 0.5, LN2),
    ("number", -LN2, LN2),
    ("int", 30, 42),
    ("bool", False, True),
])
def test_quality_1_for_wrong(kind: str, typed, exact) -> None:
    verdict = compare(kind, typed, exact)
    assert not verdict.correct and not verdict.close
    assert suggest_quality(verdict, seconds=1.0) == 1


def test_quality_0_for_dont_know() -> None:
    assert suggest_quality(None, seconds=1.0) == 0


# ------------------------------------------------------------------ properties

dims = st.integers(min_value=0, max_value=10**6)
SPELLINGS = {
    "commas": lambda s: ",".join(map(str, s)),
    "comma-space": lambda s: ", ".join(map(str, s)),
    "times": lambda s: "x".join(map(str, s)),
    "tuple": lambda s: repr(tuple(s)),
    "list": lambda s: repr(list(s)),
    "torch.Size": lambda s: f"torch.Size({list(s)!r})",
}
BRACKETED = ("tuple", "list", "torch.Size")


@pytest.mark.parametrize("spelling", list(SPELLINGS))
@given(shape=st.lists(dims, min_size=0, max_size=8))
def test_shapes_round_trip_in_every_spelling(spelling: str, shape: list[int]) -> None:
    if not shape and spelling not in BRACKETED:
        return  # an empty bare spelling is an empty answer, i.e. "don't know"
    assert parse("shape", SPELLINGS[spelling](shape)) == tuple(shape)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_printed_with_repr_parses_back_exactly(value: float) -> None:
    parsed = parse("number", repr(value))
    assert parsed == value
    assert math.copysign(1, parsed) == math.copysign(1, value)
    assert compare("number", parsed, value).correct


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: v != 0 and
                                                               1e-290 < abs(v) < 1e300))
def test_answer_rounded_to_three_figures_is_accepted(value: float) -> None:
    typed = float(f"{value:.2e}")  # 3 significant figures
    assert compare("number", typed, value).correct


def test_a_verdict_reads_in_the_language_it_is_shown_in_not_the_one_it_was_made_in() -> None:
    from quizapp.core.i18n import language, set_language

    before = language()
    set_language("en")
    dims = compare("shape", (1, 2, 3), (1, 5, 4))
    count = compare("shape", (1, 2), (1, 2, 3))
    tensor = compare("tensor", [[1, 9], [3, 5]], [[1.0, 2.0], [3.0, 4.0]])
    assert str(dims.detail) == "dim 1 is 2, should be 5, dim 2 is 3, should be 4"
    assert f"({dims.hint})" == "(dim 1 is wrong, dim 2 is wrong)"
    try:
        set_language("zh")  # as ctrl+l does on the feedback screen
        assert str(dims.detail) == "第 1 维是 2，应为 5，第 2 维是 3，应为 4"
        assert str(dims.hint) == "第 1 维不对，第 2 维不对"
        assert str(count.detail) == "你给了 2 个维度；答案有 3 个"
        assert str(tensor.hint) == "有 2 个元素不对，第一个在 [0, 1]"
        assert str(tensor.detail) == "元素 [0, 1] 是 9，应为 2 （另有 1 处错误）"
    finally:
        set_language(before)
    assert str(count.detail) == "2 dimensions; the answer has 3"
