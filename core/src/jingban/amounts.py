"""Decimal points and money: parsing and the explicit rounding the rules call for.

Points and money never pass through binary floats. TOML floats are refused where a decimal is
expected, because `0.1` in a TOML float is already not 0.1; the files write decimals as strings.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import BadValue
from .messages import Message

CENT = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
# The largest amount of money jingban settles: a trillion yuan, beyond any commissioned fee, and far
# inside what a Decimal of 28 digits multiplies by a rate and rounds to the cent without overflow
# (a fee of "1e30" used to end in decimal.InvalidOperation, an internal error).
MAX_AMOUNT = Decimal("1000000000000")
# Money is paid to the fen: a fee or a loss written with more places (3200000.001) is a typo, and
# rounding it silently would settle a different amount than the one the form states.
MONEY_PLACES = 2
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def parse_decimal(value: object) -> Decimal:
    """A Decimal from a string or an int; BadValue (a ValueError) for anything else, floats included."""
    if isinstance(value, bool):
        raise BadValue(Message.of("error.toml.decimal_bool"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        # a comma only as a thousands separator in the right places ("1,500,000.00"): "8,5" is a
        # decimal comma or a typo, and was read as 85
        if "," in text:
            if not _THOUSANDS.fullmatch(text):
                raise BadValue(Message.of("error.toml.bad_comma", value=value))
            text = text.replace(",", "")
        if "_" in text:  # Python's digit grouping, which Decimal accepts and no form uses
            raise BadValue(Message.of("error.toml.not_a_decimal", value=value))
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise BadValue(Message.of("error.toml.not_a_decimal", value=value)) from None
        if not d.is_finite():
            raise BadValue(Message.of("error.toml.not_finite", value=value))
        return d
    if isinstance(value, float):
        raise BadValue(Message.of("error.toml.decimal_float", value=value))
    from .tomlread import _type_name

    raise BadValue(Message.of("error.toml.decimal_other", got=_type_name(value)))


def parse_bounded(value: object, name: str, places: int | None = None) -> Decimal:
    """A number given on the command line or to the Python API (`--score`, `--fee`): parsed as
    parse_decimal does and kept within MAX_AMOUNT either way, or an InputError naming `name`."""
    from .errors import InputError, reason

    try:
        d = parse_decimal(value)
    except ValueError as exc:
        raise InputError(None, name, reason(exc)) from None
    if abs(d) > MAX_AMOUNT:
        raise InputError(None, name, Message.of("error.toml.above_maximum", value=d, maximum=MAX_AMOUNT))
    if places is not None and d != d.quantize(Decimal(1).scaleb(-places)):  # 1.100 is 1.10
        raise InputError(None, name, Message.of("error.toml.too_many_places", value=value, places=places))
    return d


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
