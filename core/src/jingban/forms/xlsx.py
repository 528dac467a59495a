"""The forms as one XLSX workbook (XlsxWriter): one worksheet per form, laid out like the paper
form, then the data sheets for pivoting (`data_sheet`).

A worksheet: the title and citation over the whole width, the header fields, the table's header
rows (two when columns share a group heading), the rows with their merged category cells and
column spans, the notes, the signature lines (a label and a ruled space to sign in) and the stamp
(document, rules version, options, inputs_sha256). Print setup as the HTML's: A4, landscape for
forms of `html.WIDE` columns or more, the header rows repeated on every page, fit to one page
wide, page numbers in the footer.

Numbers are stored as numbers with a number format: points at their places (more where the value
has more, a weighted contribution 18.405), money `#,##0.00`, rates in percent. A figure a
provisional result leaves open is text, its range, as the HTML prints it.

XlsxWriter was chosen over openpyxl (docs/reports.md): it only writes, which is all this needs;
it sets every print option the paper form needs; and the same workbook gives the same bytes when
the document's created date is fixed (its zip entries carry a fixed 1980-01-01 timestamp). Every
text is written with `write_string`, never `write`, so a cell that begins with "=" stays text and
no formula can enter the workbook from the evidence.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import unicodedata
from decimal import Decimal

from ..masking import scrub
from .data_sheet import DataTable
from .html import WIDE
from .layout import Cell, Column, Forms, Sheet
from .words import _t

# the document's created and modified dates: fixed, so the same inputs give the same bytes (the
# date a form is signed is written on it by hand, 年 月 日); the same instant as the zip entries'
FIXED_DATE = dt.datetime(1980, 1, 1, 0, 0, 0)
A4 = 9  # Excel's paper size code
PORTRAIT_WIDTH, LANDSCAPE_WIDTH = 100, 150  # the table's width in Excel's column units
PARAGRAPH_COLUMNS = 8  # a sheet of paragraphs (the self-inspection report) is laid on this grid
FONT_SIZE, TITLE_SIZE, SMALL_SIZE = 9, 15, 8
LINE_POINTS = 12.5  # the height of one line of 9pt text, in points
MAX_ROW_POINTS = 409  # Excel's largest row height
# a text this wide or less (符合, 部分符合, a tick, 序号) is centred in a column narrower than this
# share of the table; a wide column's short text (the settlement page's 得分) stays left as its neighbours
SHORT, NARROW = 8, 0.12
BAD_NAME_CHARS = '[]:*?/\\'


def display_width(text: str) -> int:
    """Columns a text takes: two for a full-width (CJK) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def line_count(text: str, width_units: float) -> int:
    """Lines a wrapped text takes in a cell this wide (Excel units; a unit holds a bit more than
    one half-width character at 9pt)."""
    per_line = max(1.0, width_units * 1.2 - 1)
    return sum(max(1, math.ceil(_text_width(line) / per_line)) for line in (text.split("\n") or [""]))


def _text_width(text: str) -> float:
    """A line's width for wrapping, in half-width units: a Latin letter or digit of a proportional
    font is narrower than half a CJK character (Excel's Arial and 宋体 at 9pt, measured)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0.85 for c in text)


def sheet_name(title: str, taken: set[str]) -> str:
    """A worksheet name from a form's title: at most 31 characters, none of []:*?/\\, unique in
    the workbook (case-insensitive, as Excel compares them)."""
    base = "".join("_" if c in BAD_NAME_CHARS else c for c in title).strip().strip("'") or "Sheet"
    name, n = base[:31], 1
    while name.lower() in taken:
        n += 1
        suffix = f" ({n})"
        name = base[:31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def number_format(kind: str, value: Decimal, places: int | None) -> str:
    """The cell's number format: as `Cell.shown` prints the value."""
    if kind == "money":
        return "#,##0.00"
    exp = value.normalize().as_tuple().exponent
    shown = max(0, -exp) if isinstance(exp, int) else 0
    if kind == "percent":
        digits = max(0, shown - 2)
        return "0" + ("." + "0" * digits if digits else "") + "%"
    if kind == "points" and places is not None:
        digits = max(places, shown)
    else:
        digits = shown
    return "0" + ("." + "0" * digits if digits else "")


def data_format(kind: str | None, value: Decimal) -> str:
    """A data sheet's number as the JSON writes it: the places of its own text ("85.00")."""
    if kind == "money":
        return "#,##0.00"
    exp = value.as_tuple().exponent
    digits = max(0, -exp) if isinstance(exp, int) else 0
    return "0" + ("." + "0" * digits if digits else "")


def _shares(widths: list[float], texts: list[str]) -> list[int]:
    """Column bounds splitting a row among texts (the header fields), each at least one column:
    of all the ways to cut the row, the one whose texts wrap into the fewest lines, then the one
    whose shares are nearest each text's length. A form has a few fields and columns: all the
    ways are few."""
    from itertools import combinations

    n = len(widths)
    need = [display_width(t) for t in texts]

    def cost(cut):
        bounds = (0, *cut, n)
        spans = [sum(widths[a:b]) for a, b in zip(bounds, bounds[1:])]
        lines = max(line_count(t, w) for t, w in zip(texts, spans))
        return lines, sum(abs(w * 1.2 - d) for w, d in zip(spans, need))

    best = min(combinations(range(1, n), len(texts) - 1), key=cost)
    return [0, *best, n]


class _Styles:
    """Workbook formats, made once per distinct look (XlsxWriter wants one object per format)."""

    def __init__(self, wb, font: str):
        self.wb, self.font, self.cache = wb, font, {}

    def get(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.wb.add_format({"font_name": self.font, "font_size": FONT_SIZE, **props})
        return self.cache[key]

    def cell(self, c: Cell, role: str, num_format: str | None = None, short: bool = False):
        props = {"border": 1, "text_wrap": True, "valign": "top"}
        if role == "header":
            props.update(bold=True, bg_color="#EEEEEE", align="center", valign="vcenter", font_size=SMALL_SIZE)
        elif role == "total":
            props.update(bold=True, bg_color="#F6F6F6")
        elif role == "note":
            props.update(font_size=SMALL_SIZE)
        if c.rowspan > 1 and role != "header":
            props.update(bold=True, align="center", valign="vcenter")
        if short and role != "header":  # a tick, 是/否, an item's number: centred as a form prints them
            props.update(align="center")
        if num_format is not None:
            props.update(num_format=num_format, align="right", text_wrap=False)
        return self.get(**props)


class _Writer:
    def __init__(self, f: Forms, show_personal: bool):
        import xlsxwriter

        self.f = f
        self.show_personal = show_personal
        self.buf = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buf, {"in_memory": True, "strings_to_numbers": False,
                                                  "strings_to_formulas": False, "strings_to_urls": False})
        self.styles = _Styles(self.wb, "宋体" if f.lang == "zh" else "Arial")
        self.names: set[str] = set()
        stamp = dict(f.stamp.lines)
        self.wb.set_properties({
            "title": self.text(f.title),
            "author": "jingban", "comments": self.text("; ".join(f"{k}: {v}" for k, v in f.stamp.lines)),
            "created": FIXED_DATE,
        })
        for k, v in stamp.items():
            self.wb.set_custom_property(self.text(k)[:255], self.text(v)[:255])

    def text(self, s: str) -> str:
        """Free text: ID and phone numbers scrubbed unless --show-personal (as the HTML does)."""
        return s if self.show_personal else scrub(s)

    def colon(self) -> str:
        return _t("colon", self.f.lang)

    # -- one form --------------------------------------------------------------------------------

    def sheet(self, s: Sheet) -> None:
        ws = self.wb.add_worksheet(sheet_name(s.title, self.names))
        wide = len(s.columns) >= WIDE
        ncols = len(s.columns) if s.columns else PARAGRAPH_COLUMNS
        widths = self._widths(s.columns, LANDSCAPE_WIDTH if wide else PORTRAIT_WIDTH, ncols)
        for n, w in enumerate(widths):
            ws.set_column(n, n, w)
        st = self.styles
        row = 0
        row = self._line(ws, row, ncols, widths, s.title, st.get(bold=True, font_size=TITLE_SIZE, align="center",
                                                                  valign="vcenter", text_wrap=True), TITLE_SIZE)
        if s.citation:
            row = self._line(ws, row, ncols, widths, f"〔{s.citation}〕",
                             st.get(align="center", font_size=SMALL_SIZE, text_wrap=True), SMALL_SIZE)
        if s.fields:
            row = self._fields(ws, row, ncols, widths, s.fields)
        head_first = head_last = None
        if s.columns:
            head_first = row
            row = self._head(ws, row, s.columns, widths)
            head_last = row - 1
            row = self._body(ws, row, s, widths)
        if s.paragraphs:
            row = self._paragraphs(ws, row, ncols, widths, s)
        for note in s.notes:
            row = self._line(ws, row, ncols, widths, note, st.get(text_wrap=True, valign="top"), FONT_SIZE)
        if s.signatures:
            row = self._signatures(ws, row + 1, ncols, widths, s.signatures)
        if self.f.stamp.lines:
            stamp = "    ".join(f"{k}{self.colon()}{v}" for k, v in self.f.stamp.lines)
            row = self._line(ws, row + 1, ncols, widths, stamp,
                             st.get(font_size=7, font_color="#333333", text_wrap=True, top=1), 7)
        # print setup: A4, the form's orientation, header rows on every page, one page wide
        ws.set_paper(A4)
        if wide:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.set_margins(left=0.47, right=0.47, top=0.55, bottom=0.63)
        ws.center_horizontally()
        ws.fit_to_pages(1, 0)
        if head_first is not None:
            ws.repeat_rows(head_first, head_last)
        page = _t("page", self.f.lang, page="\x00P", pages="\x00N").replace("&", "&&")
        ws.set_footer("&C&8" + page.replace("\x00P", "&P").replace("\x00N", "&N"))
        ws.print_area(0, 0, max(row - 1, 0), ncols - 1)
        ws.hide_gridlines(2)  # the form's own borders only: no grid on screen or paper

    @staticmethod
    def _widths(columns: tuple[Column, ...], total: int, ncols: int) -> list[float]:
        if not columns:
            return [total / ncols] * ncols
        weight = sum(c.width for c in columns) or 1
        return [round(total * c.width / weight, 1) for c in columns]

    def _height(self, ws, row: int, lines: int, size: float = FONT_SIZE) -> None:
        ws.set_row(row, min(MAX_ROW_POINTS, lines * LINE_POINTS * size / FONT_SIZE + 4))

    def _merge(self, ws, r1, c1, r2, c2, value, fmt) -> None:
        """A (merged) cell holding a text or a number: the range merged blank, then its first cell
        written with the typed call (merge_range's own write would guess the type)."""
        if (r1, c1) != (r2, c2):
            ws.merge_range(r1, c1, r2, c2, None, fmt)
        if isinstance(value, Decimal):
            ws.write_number(r1, c1, float(value), fmt)
        elif value:
            ws.write_string(r1, c1, value, fmt)
        else:
            ws.write_blank(r1, c1, None, fmt)

    def _line(self, ws, row, ncols, widths, text, fmt, size) -> int:
        text = self.text(text)
        self._merge(ws, row, 0, row, ncols - 1, text, fmt)
        self._height(ws, row, line_count(text, sum(widths) * FONT_SIZE / size), size)
        return row + 1

    def _fields(self, ws, row, ncols, widths, fields) -> int:
        """The header fields in one row, each in an equal share of the columns (one a row when
        there are more fields than columns)."""
        fmt = self.styles.get(text_wrap=True, valign="vcenter", bottom=1)
        if len(fields) > ncols:
            for k, v in fields:
                row = self._line(ws, row, ncols, widths, f"{k}{self.colon()}{v}", fmt, FONT_SIZE)
            return row
        bounds = _shares(widths, [self.text(f"{k}{self.colon()}{v}") for k, v in fields])
        lines = 1
        for (k, v), a, b in zip(fields, bounds, bounds[1:]):
            text = self.text(f"{k}{self.colon()}{v}")
            self._merge(ws, row, a, row, b - 1, text, fmt)
            lines = max(lines, line_count(text, sum(widths[a:b])))
        self._height(ws, row, lines)
        return row + 1

    def _head(self, ws, row, columns, widths) -> int:
        """One header row, or two when columns share a group heading; adjacent columns with the same
        label and no group share one cell (as the HTML writer draws them)."""
        two = any(c.group for c in columns)
        fmt = self.styles.cell(Cell(), "header")
        k, lines = 0, 1
        while k < len(columns):
            c = columns[k]
            n = 1
            if c.group:
                while k + n < len(columns) and columns[k + n].group == c.group:
                    n += 1
                self._merge(ws, row, k, row, k + n - 1, c.group, fmt)
                for j in range(k, k + n):
                    self._merge(ws, row + 1, j, row + 1, j, columns[j].label, fmt)
                    lines = max(lines, line_count(columns[j].label, widths[j] * FONT_SIZE / SMALL_SIZE))
            else:
                while k + n < len(columns) and not columns[k + n].group and columns[k + n].label == c.label:
                    n += 1
                self._merge(ws, row, k, row + (1 if two else 0), k + n - 1, c.label, fmt)
                lines = max(lines, line_count(c.label, sum(widths[k:k + n]) * FONT_SIZE / SMALL_SIZE))
            k += n
        for r in range(row, row + (2 if two else 1)):
            self._height(ws, r, lines if not two else max(1, math.ceil(lines / 2)), SMALL_SIZE)
        return row + (2 if two else 1)

    def _body(self, ws, row, s: Sheet, widths) -> int:
        """The rows, each cell in the next column no merged cell above holds (HTML's table model)."""
        taken: set[tuple[int, int]] = set()
        heights: dict[int, int] = {}
        for n, r in enumerate(s.rows):
            at = row + n
            col = 0
            lines = 1
            for c in r.cells:
                while (at, col) in taken:
                    col += 1
                last_row, last_col = at + c.rowspan - 1, col + c.colspan - 1
                for rr in range(at, last_row + 1):
                    for cc in range(col, last_col + 1):
                        taken.add((rr, cc))
                role = c.role if c.role != "body" else r.role
                if c.numeric and not c.text:
                    fmt = self.styles.cell(c, role, number_format(c.kind, c.value, c.places))
                    self._merge(ws, at, col, last_row, last_col, c.value, fmt)
                else:
                    text = self.text(c.shown())
                    short = ("\n" not in text and display_width(text) <= SHORT
                             and sum(widths[col:last_col + 1]) < NARROW * sum(widths))
                    self._merge(ws, at, col, last_row, last_col, text, self.styles.cell(c, role, short=short))
                    if c.rowspan == 1:  # a merged category cell is short; its rows size themselves
                        lines = max(lines, line_count(text, sum(widths[col:last_col + 1])))
                col = last_col + 1
            heights[at] = lines
        for at, lines in heights.items():
            self._height(ws, at, lines)
        return row + len(s.rows)

    def _paragraphs(self, ws, row, ncols, widths, s: Sheet) -> int:
        st = self.styles
        if s.kind == "text":  # a terminal report kept as it is (compare --rules): a line a row
            fmt = st.get(font_name="Noto Sans Mono CJK SC", font_size=SMALL_SIZE)
            for _, t in s.paragraphs:
                for line in self.text(t).split("\n"):
                    if line:
                        ws.write_string(row, 0, line, fmt)
                    row += 1
            return row
        for heading, body in s.paragraphs:
            if heading:
                row = self._line(ws, row, ncols, widths, heading, st.get(bold=True, font_size=11), 11)
            row = self._line(ws, row, ncols, widths, body, st.get(text_wrap=True, valign="top"), FONT_SIZE)
        return row

    def _signatures(self, ws, row, ncols, widths, signatures) -> int:
        """Each signature line: its label, then a ruled space to sign in, a tall row apart."""
        label_fmt = self.styles.get(align="right", valign="bottom", bold=True)
        line_fmt = self.styles.get(bottom=1, valign="bottom")
        for sig in signatures:
            text = f"{sig}{self.colon()}"
            need, k, acc = display_width(text) / 1.05 + 1, 0, 0.0
            while k < ncols - 1 and acc < need:
                acc += widths[k]
                k += 1
            k = max(1, min(k, ncols - 1))
            self._merge(ws, row, 0, row, k - 1, text, label_fmt)
            end = ncols - 1 if ncols - k <= 2 else k + max(1, (ncols - k) * 2 // 3) - 1
            self._merge(ws, row, k, row, end, "", line_fmt)
            ws.set_row(row, 30)
            row += 1
        return row

    # -- the data sheets ---------------------------------------------------------------------------

    def data(self, t: DataTable) -> None:
        ws = self.wb.add_worksheet(sheet_name(t.name, self.names))
        head = self.styles.get(bold=True, bg_color="#EEEEEE", border=1, text_wrap=True, valign="vcenter")
        plain = self.styles.get(valign="top")
        for c, name in enumerate(t.columns):
            ws.write_string(0, c, name, head)
            width = max([display_width(name)] + [display_width(str(r[c])) for r in t.rows if isinstance(r[c], str)])
            ws.set_column(c, c, min(60, max(8, width + 2)))
        kinds = t.kinds or (None,) * len(t.columns)
        for n, r in enumerate(t.rows, start=1):
            for c, v in enumerate(r):
                if isinstance(v, Decimal):
                    ws.write_number(n, c, float(v), self.styles.get(num_format=data_format(kinds[c], v)))
                elif isinstance(v, bool):
                    ws.write_boolean(n, c, v, plain)
                elif v is not None and v != "":
                    ws.write_string(n, c, self.text(str(v)), plain)
        if t.rows:
            ws.autofilter(0, 0, len(t.rows), len(t.columns) - 1)
        ws.freeze_panes(1, 0)
        ws.set_paper(A4)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)

    def close(self) -> bytes:
        self.wb.close()
        return self.buf.getvalue()


def has_content(s: Sheet) -> bool:
    """A sheet with a table, paragraphs or notes. A page of charts alone (inline SVG, which a
    workbook or a Word document does not draw) is left out: the numbers it shows are in the forms."""
    return bool(s.columns or s.paragraphs or s.notes)


def render(f: Forms, data: tuple[DataTable, ...] = (), show_personal: bool = False) -> bytes:
    """The workbook's bytes: each sheet of `f` as a worksheet, then each data table."""
    w = _Writer(f, show_personal)
    for s in f.sheets:
        if has_content(s):
            w.sheet(s)
    for t in data:
        w.data(t)
    return w.close()
