"""The layout of a printed form, free of any output format: sheets of rows of cells.

The HTML writer (and the XLSX and DOCX writers to come) draw the same sheets: a cell holds text or
a number with its places (a number stays a number for a spreadsheet), spans the rows a merged
category cell covers, and has a role (header, body, total, note) that the writers style.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from attrs import validators as v

ROLES = ("header", "body", "total", "note")
# how a number is shown: points at the rules' places, money in yuan to the cent, a rate in percent
NUMBER_KINDS = ("points", "money", "percent", "weight")


@attrs.frozen
class Cell:
    text: str = attrs.field(default="", validator=v.instance_of(str))
    value: Decimal | None = attrs.field(default=None, validator=v.optional(v.instance_of(Decimal)))
    kind: str | None = attrs.field(default=None, validator=v.optional(v.in_(NUMBER_KINDS)))
    places: int | None = None
    rowspan: int = attrs.field(default=1, validator=v.ge(1))
    colspan: int = attrs.field(default=1, validator=v.ge(1))
    role: str = attrs.field(default="body", validator=v.in_(ROLES))

    def __attrs_post_init__(self):
        if self.value is not None and self.kind is None:
            raise ValueError("a number cell needs its kind (points, money, percent, weight)")

    @property
    def numeric(self) -> bool:
        return self.value is not None

    def shown(self) -> str:
        """The cell as printed: a number formatted by its kind (the text, when given, wins: a
        provisional score's range)."""
        if self.text or self.value is None:
            return self.text
        from ..report.text import pct, pts, yuan

        if self.kind == "money":
            return yuan(self.value)
        if self.kind == "percent":
            return pct(self.value)
        if self.kind == "weight":
            return format(self.value.normalize(), "f")
        return pts(self.value, self.places)


@attrs.frozen
class Column:
    """A column of the table: its heading, the heading it shares with its neighbours (a two-row
    header: 综合评价 over 满意 / 不满意), and a relative width."""

    label: str
    group: str | None = None
    width: int = 1
    numeric: bool = False


@attrs.frozen
class Row:
    cells: tuple[Cell, ...]
    role: str = attrs.field(default="body", validator=v.in_(ROLES))


@attrs.frozen
class Sheet:
    """One form (or page) as printed: title, citation, header fields, table, notes under it, and
    signature lines. `kind`: "form" (a document's table), "settlement", "report" or "table"."""

    id: str
    title: str
    citation: str
    kind: str = "form"
    fields: tuple[tuple[str, str], ...] = ()
    columns: tuple[Column, ...] = ()
    rows: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()
    signatures: tuple[str, ...] = ()
    # paragraphs instead of a table (the self-inspection report): (heading, text)
    paragraphs: tuple[tuple[str, str], ...] = ()
    # charts under the table, as inline SVG drawn by report/charts.py (a writer that cannot draw
    # SVG leaves them out: the numbers they show are in the table)
    figures: tuple[str, ...] = ()


@attrs.frozen
class Stamp:
    """What every output says it was computed from: rules version, options, input digest."""

    lines: tuple[tuple[str, str], ...]


@attrs.frozen
class Forms:
    """Everything one output holds: its title, language, sheets in order, stamp and the footnote
    with the interpretation options in force."""

    title: str
    lang: str
    sheets: tuple[Sheet, ...]
    stamp: Stamp
    footnote: str = ""
    # what every page must say first: the period outside the rules' dates or past their last check
    caveats: tuple[str, ...] = ()
