"""One cell of the evidence workbook read as the value its TOML key would hold.

Inspectors type into Excel, WPS or LibreOffice: a number may arrive as a number or as text, in
full-width digits (１２), with thousands separators; a date as a date, an Excel serial number or
text (2024/5/10, 2024年5月10日). Each is read where it can mean one thing only and refused, with the
reason, where it could mean two (10/5/2024: the fifth of October or the tenth of May?).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from ..errors import BadValue
from ..messages import Message, joined, say


class CellKind(StrEnum):
    TEXT = "text"
    TEXTS = "texts"  # several values in one cell, separated by 、 , ; or a new line
    COUNT = "count"  # a whole number
    DECIMAL = "decimal"
    MONEY = "money"  # a decimal, yuan
    DATE = "date"
    FLAG = "flag"  # 是 / 否
    CHOICE = "choice"  # one of a few values, from a drop-down list


EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug absorbed)
_SEPARATORS = re.compile(r"[,，、;；\n]+")
_INT = re.compile(r"[+-]?\d+")
_DEC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
# year first: read; the order of the month and the day is then the one Chinese and ISO dates use
_YMD = (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
        re.compile(r"(\d{4})(\d{2})(\d{2})"))
# day and month before the year: 5/10/2024 is May 10 in the US and 5 October in Europe
_AMBIGUOUS = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})")


def normal(text: str) -> str:
    """Full-width digits, letters and signs as their ASCII forms (NFKC), outer spaces off."""
    return unicodedata.normalize("NFKC", text).strip()


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def text(value: Any) -> str:
    """A text cell: a number typed into it (a file number 2024001) is its digits."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def texts(value: Any) -> list[str]:
    return [x.strip() for x in _SEPARATORS.split(text(value)) if x.strip()]


def count(value: Any) -> int:
    if isinstance(value, bool):
        raise BadValue(Message.of("error.workbook.expected_count", value=text(value)))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise BadValue(Message.of("error.workbook.expected_count", value=text(value)))
    if isinstance(value, str):
        t = normal(value).replace(" ", "")
        if _THOUSANDS.fullmatch(t) and "." not in t:
            t = t.replace(",", "")
        if _INT.fullmatch(t):
            return int(t)
    raise BadValue(Message.of("error.workbook.expected_count", value=text(value)))


def decimal(value: Any, percent: bool = False) -> str:
    """A decimal as the TOML writes it, a string ("0.83"): a number cell's shortest repr, which
    is what the inspector typed (0.83, not 0.82999999999999996); text as typed, a percentage
    (95%) divided by 100 where the cell takes a share."""
    if isinstance(value, bool):
        raise BadValue(Message.of("error.workbook.expected_decimal", value=text(value)))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        t = normal(value).replace(" ", "")
        if _THOUSANDS.fullmatch(t):
            t = t.replace(",", "")
        if percent and t.endswith("%") and _DEC.fullmatch(t[:-1]):
            return str(Decimal(t[:-1]).scaleb(-2))
        if _DEC.fullmatch(t):
            try:
                return str(Decimal(t))
            except InvalidOperation:
                pass
    raise BadValue(Message.of("error.workbook.expected_decimal", value=text(value)))


def date(value: Any, years: tuple[int, ...]) -> dt.date:
    """A date, in a year the working-day calendar knows (`years`): a date that is not is a typo
    (2204, 1924 for 24) or an Excel serial number typed into the wrong cell."""
    d = _date(value)
    if years and d.year not in years:
        from ..workdays.model import years_text

        raise BadValue(Message.of("error.workbook.date_year", date=d.isoformat(), year=d.year,
                                  known=years_text(years)))
    return d


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise BadValue(Message.of("error.workbook.expected_date", value=text(value)))
    if isinstance(value, (int, float)):
        if value == int(value) and 0 < value < 2958466:  # a serial date whose cell lost its format
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise BadValue(Message.of("error.workbook.expected_date", value=text(value)))
    if isinstance(value, str):
        t = normal(value).replace(" ", "")
        for pattern in _YMD:
            m = pattern.fullmatch(t)
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    raise BadValue(Message.of("error.workbook.no_such_date", value=value)) from None
        if _AMBIGUOUS.fullmatch(t):
            raise BadValue(Message.of("error.workbook.ambiguous_date", value=value))
    raise BadValue(Message.of("error.workbook.expected_date", value=text(value)))


def choice(value: Any, choices, lang: str) -> Any:
    """The value of the choice whose code or title (in either language) the cell holds."""
    t = normal(text(value)) if not isinstance(value, bool) else value
    for c in choices:
        if isinstance(value, bool) and c.value is value:
            return c.value
        if isinstance(t, str) and (t == str(c.value) or t in (normal(say(c.title, "zh")), normal(say(c.title, "en")))
                                   or t.lower() == normal(say(c.title, "en")).lower()):
            return c.value
    raise BadValue(Message.of("error.workbook.not_a_choice", value=text(value),
                              allowed=joined(*(say(c.title, lang) for c in choices), zh="、", en=", ")))
