"""Decimal points and money: parsing and the explicit rounding the rules call for.

Points and money never pass through binary floats. TOML floats are refused where a decimal is
expected, because `0.1` in a TOML float is already not 0.1; the files write decimals as strings.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import BadValue
from .messages import Message

CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")


def parse_decimal(value: object) -> Decimal:
    """A Decimal from a string or an int; BadValue (a ValueError) for anything else, floats included."""
    if isinstance(value, bool):
        raise BadValue(Message.of("error.toml.decimal_bool"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            d = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise BadValue(Message.of("error.toml.not_a_decimal", value=value)) from None
        if not d.is_finite():
            raise BadValue(Message.of("error.toml.not_finite", value=value))
        return d
    if isinstance(value, float):
        raise BadValue(Message.of("error.toml.decimal_float", value=value))
    from .tomlread import _type_name

    raise BadValue(Message.of("error.toml.decimal_other", got=_type_name(value)))


def money(value: Decimal) -> Decimal:
    """Round money to 0.01 yuan, half up (四舍五入), as bureaus pay."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_points(value: Decimal, places: int) -> Decimal:
    """Round points to `places` decimals, half up."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def whole_steps(distance: Decimal, step: Decimal, mode: str) -> Decimal:
    """How many score steps `distance` makes: 'floor' (whole steps), 'ceil' (part counts) or 'exact'."""
    if distance <= 0:
        return ZERO
    ratio = distance / step
    if mode == "floor":
        return ratio.to_integral_value(rounding=ROUND_FLOOR)
    if mode == "ceil":
        return ratio.to_integral_value(rounding=ROUND_CEILING)
    if mode == "exact":
        return ratio
    raise ValueError(f"unknown partial-step mode {mode!r}")


def plain(value: Decimal | None) -> str | None:
    """Decimal as a plain string for JSON and tables (no exponent, trailing zeros kept as given)."""
    if value is None:
        return None
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0", "-0.00") else text
