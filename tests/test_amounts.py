"""jingban.amounts: decimal parsing, money rounding and score steps, checked by hand.

Money is rounded to 0.01 yuan half up (四舍五入) at each amount; steps below a band's reference
score are counted in whole steps (floor), part steps counted whole (ceil) or exactly.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jingban.amounts import money, parse_decimal, plain, round_points, whole_steps

D = Decimal


# ---------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.005", "0.01"),  # half a fen rounds up
        ("0.0049", "0.00"),  # just under half a fen rounds down
        ("0.015", "0.02"),  # half up, not half even (half even would give 0.02 here too)
        ("0.025", "0.03"),  # half even would give 0.02: this is the case that tells them apart
        ("2.675", "2.68"),  # the binary float 2.675 is 2.67499…; as a Decimal it rounds up
        ("150000", "150000.00"),  # always two places
        ("1.2", "1.20"),
        ("-0.005", "-0.01"),  # ROUND_HALF_UP rounds away from zero
    ],
)
def test_money_rounds_half_up_to_the_fen(amount, expected):
    out = money(D(amount))
    assert str(out) == expected
    assert out.as_tuple().exponent == -2


def test_money_of_the_qinhuangdao_deposit():
    # 秦医保〔2023〕91号 第七条: 10% of the year's fee is held as a deposit.
    # 1,500,000.00 x 0.10 = 150,000.00; 第八条（二）: 10 steps x 1% -> 150,000.00 x 0.10 = 15,000.00.
    withheld = money(D("1500000.00") * D("0.10"))
    assert str(withheld) == "150000.00"
    assert str(money(withheld * D("0.10"))) == "15000.00"


def test_money_of_a_third():
    # 100.00 x 1/3 = 33.333… -> 33.33; 200.00 x 2/3 = 133.333… -> 133.33; 0.05 x 0.5 = 0.025 -> 0.03
    assert money(D("100.00") / D(3)) == D("33.33")
    assert money(D("200.00") * D(2) / D(3)) == D("133.33")
    assert money(D("0.05") * D("0.5")) == D("0.03")


# ---------------------------------------------------------------------------- points


def test_round_points_half_up():
    # 太人社医[2018]3号 annex (Taicang README): 86.6401 + 5 = 91.6401 -> 91.64
    assert round_points(D("91.6401"), 2) == D("91.64")
    # Tianjin example (README): 87.701 -> 87.70; the rounded-levels reading 87.706 -> 87.71
    assert str(round_points(D("87.701"), 2)) == "87.70"
    assert str(round_points(D("87.705"), 2)) == "87.71"
    assert str(round_points(D("85"), 2)) == "85.00"
    assert str(round_points(D("2.5"), 0)) == "3"


# ---------------------------------------------------------------------------- steps


def test_whole_steps_floor_ceil_exact_for_a_part_step():
    # Taicang section 四: 95 - 91.64 = 3.36 below 95; 3.36 / 0.5 = 6.72 steps.
    assert whole_steps(D("3.36"), D("0.5"), "floor") == D(6)
    assert whole_steps(D("3.36"), D("0.5"), "ceil") == D(7)
    assert whole_steps(D("3.36"), D("0.5"), "exact") == D("6.72")


def test_whole_steps_for_an_exact_multiple():
    # 秦医保〔2023〕91号 第八条（二）: 85 is 5 below 90 = 10 steps of 0.5 whichever reading.
    for mode in ("floor", "ceil", "exact"):
        assert whole_steps(D(5), D("0.5"), mode) == D(10)


def test_whole_steps_just_below_and_above_a_step():
    # 0.49 below: no whole step (floor), one step (ceil); 0.51 below: 1 (floor), 2 (ceil)
    assert whole_steps(D("0.49"), D("0.5"), "floor") == 0
    assert whole_steps(D("0.49"), D("0.5"), "ceil") == 1
    assert whole_steps(D("0.51"), D("0.5"), "floor") == 1
    assert whole_steps(D("0.51"), D("0.5"), "ceil") == 2
    assert whole_steps(D("0.01"), D("0.5"), "exact") == D("0.02")


@pytest.mark.parametrize("mode", ["floor", "ceil", "exact"])
def test_whole_steps_at_or_above_the_reference_is_zero(mode):
    assert whole_steps(D(0), D("0.5"), mode) == 0
    assert whole_steps(D("-3"), D("0.5"), mode) == 0  # above the reference: nothing to deduct


def test_whole_steps_refuses_an_unknown_mode():
    with pytest.raises(ValueError, match="round"):
        whole_steps(D(1), D("0.5"), "round")


# ---------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.1", D("0.1")),
        ("1500000.00", D("1500000.00")),
        ("1,500,000.00", D("1500000.00")),  # thousands separators as people write them
        (" 2.5 ", D("2.5")),
        (3, D(3)),
        (0, D(0)),
        ("-1", D(-1)),  # the sign is for the caller to judge (negative counts are refused there)
    ],
)
def test_parse_decimal_accepts_strings_and_ints(value, expected):
    out = parse_decimal(value)
    assert isinstance(out, Decimal)
    assert out == expected


def test_parse_decimal_keeps_the_written_places():
    assert str(parse_decimal("150000.00")) == "150000.00"
    assert str(parse_decimal("0.10")) == "0.10"


@pytest.mark.parametrize("value", [0.1, 1500000.0, 2.675, 0.0])
def test_parse_decimal_refuses_floats(value):
    # a TOML float 0.1 is already not 0.1: decimals must be written as strings
    with pytest.raises(ValueError, match="string"):
        parse_decimal(value)


@pytest.mark.parametrize("value", [True, False, None, [1], {"a": 1}, "abc", "", "1.2.3", "NaN", "Infinity", "-inf"])
def test_parse_decimal_refuses_non_numbers(value):
    with pytest.raises(ValueError):
        parse_decimal(value)


# ---------------------------------------------------------------------------- plain


def test_plain_never_writes_an_exponent():
    assert plain(D("1E+1")) == "10"  # (90 - 85) / 0.5 as Decimal arithmetic gives 1E+1
    assert plain(D("1.5E+5")) == "150000"
    assert plain(D("150000.00")) == "150000.00"
    assert plain(D("-0.00")) == "0"
    assert plain(D("-0")) == "0"  # a negative zero from Decimal arithmetic never shows as "-0"
    assert plain(D("-0.0")) == "0"
    assert plain(None) is None


# ---------------------------------------------------------------------------- bounds of what is settled


def test_the_largest_fee_settles_and_one_yuan_more_is_refused():
    """amounts.MAX_AMOUNT, a trillion yuan: a fee of exactly 1,000,000,000,000.00 settles under
    Qinhuangdao (第七条 10%: 100,000,000,000.00 withheld; 85 is 10 steps below 90, 第八条（二） 10%:
    10,000,000,000.00 deducted); 1,000,000,000,001 is refused naming --fee (issue 11: a fee of 1e30
    was an internal error)."""
    from jingban.api import settle
    from jingban.errors import InputError

    s = settle("qinhuangdao", "85", "1000000000000.00")
    assert (s.withheld, s.deducted, s.paid) == (D("100000000000.00"), D("10000000000.00"), D("90000000000.00"))
    with pytest.raises(InputError) as exc:
        settle("qinhuangdao", "85", "1000000000001")
    assert exc.value.where == "--fee"


def test_a_fee_with_more_than_two_places_is_refused():
    """Money is paid to the fen (amounts.MONEY_PLACES = 2): "3200000.001" is a typo, refused;
    "3200000.10" and "3200000.100" (the same amount, trailing zero) settle. Taicang at 95 pays all."""
    from jingban.api import settle
    from jingban.errors import InputError

    with pytest.raises(InputError) as exc:
        settle("taicang", "95", "3200000.001")
    assert exc.value.where == "--fee"
    assert settle("taicang", "95", "3200000.100").withheld == D("160000.01")  # 5% of 3,200,000.10 = 160,000.005
