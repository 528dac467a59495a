"""The evidence workbook written with XlsxWriter: empty (`assess template --format xlsx`) or holding
an evidence (`assess convert FILE.toml -o FILE.xlsx`).

Every sheet is protected without a password: the cells an inspector fills are unlocked (a pale
yellow), the rest (titles, ids, points) locked, so a row cannot be typed over or inserted by
accident, and anyone may lift the protection (审阅 > 撤销工作表保护) where a bureau wants to. The
sheets of rows (findings, survey, ...) unlock their whole columns below the header, so any number
of rows can be filled. Cells that take one of a few values have a drop-down list; text cells are
formatted as text (@), so an 18-digit ID number or a file number 0012 stays as typed; numbers and
dates carry their number format. A hidden sheet `jingban` records the schema, the region, the
rules version, the language and the options the workbook was made with: the reader reads the
workbook in the language it was written in.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from ..messages import Message, Text, say
from .cells import CellKind
from .layout import SCHEMA, Input, Layout, Table, word, yes_no

META_SHEET = "jingban"  # the same name in every language: the reader finds it before it knows the language
LISTS_SHEET = "lists"
MAX_ROWS = 10000  # rows of a sheet of rows given drop-downs and validation (the columns are unlocked to the end)
INPUT_BG, LOCKED_BG, HEAD_BG = "#FFF9DB", "#F2F2F2", "#DDE5F0"
NUM_FORMATS = {CellKind.COUNT: "0", CellKind.MONEY: "#,##0.00", CellKind.DECIMAL: "General",
               CellKind.DATE: "yyyy-mm-dd", CellKind.TEXT: "@", CellKind.TEXTS: "@", CellKind.CHOICE: "@"}
FIXED_DATE = dt.datetime(1980, 1, 1)  # as the forms: the same evidence gives the same bytes
# the items sheet's first input column, every item's: 是 when the inspectors looked at it
INSPECTED = Input("inspected", word("col.inspected"), CellKind.CHOICE, yes_no(), width=8, hint=word("hint.inspected"))


def sheet_titles(layout: Layout) -> dict[str, str]:
    """Sheet id -> its name in the workbook's language."""
    say_ = lambda x: say(x, layout.lang)  # noqa: E731
    out = {"instructions": say_(word("sheet.instructions")), "header": say_(word("sheet.header")),
           "items": say_(word("sheet.items")), "facts": say_(word("sheet.facts"))}
    for t in layout.tables:
        out[t.id] = say_(t.title)[:31]
    return out


def render_workbook(layout: Layout, data: dict[str, Any] | None = None, meta: dict[str, str] | None = None) -> bytes:
    """The workbook's bytes; `data` is an evidence in the plain form a TOML file parses to
    (`read.normal_form`), None for an empty template."""
    return _Writer(layout, data or {}, meta or {}).run()


class _Writer:
    def __init__(self, layout: Layout, data: dict, meta: dict):
        import xlsxwriter

        self.l, self.data, self.meta = layout, data, meta
        self.lang = layout.lang
        self.buf = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buf, {"in_memory": True, "strings_to_numbers": False,
                                                  "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.set_properties({"title": self.say(layout.title), "author": "jingban", "created": FIXED_DATE})
        self.font = "宋体" if self.lang == "zh" else "Arial"
        self.cache: dict = {}
        self.titles = sheet_titles(layout)
        self.lists_row = 0
        self.lists = None

    def say(self, x) -> str:
        return say(x, self.lang)

    def fmt(self, **props):
        key = tuple(sorted(props.items()))
        if key not in self.cache:
            self.cache[key] = self.wb.add_format({"font_name": self.font, "font_size": 10, "valign": "top", **props})
        return self.cache[key]

    def head(self):
        return self.fmt(bold=True, bg_color=HEAD_BG, border=1, text_wrap=True, valign="vcenter", align="center")

    def locked(self, num_format: str = "General"):
        return self.fmt(bg_color=LOCKED_BG, border=1, text_wrap=True, num_format=num_format)

    def unlocked(self, x: Input, border: bool = True):
        wrap = x.kind in (CellKind.TEXT, CellKind.TEXTS)
        return self.fmt(locked=False, bg_color=INPUT_BG, border=1 if border else 0, text_wrap=wrap,
                        num_format=NUM_FORMATS[x.kind])

    def run(self) -> bytes:
        self.instructions()
        self.header()
        if self.l.items:
            self.items()
        self.facts()
        for t in self.l.tables:
            self.table(t)
        self.meta_sheet()
        self.wb.close()
        return self.buf.getvalue()

    # -- cells -----------------------------------------------------------------------------------

    def cell(self, ws, row: int, col: int, x: Input, value: Any, fmt) -> None:
        """A value of the evidence in the cell of input `x`, typed as the cell takes it."""
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif x.kind is CellKind.CHOICE:
            title = next((c.title for c in x.choices if c.value == value and type(c.value) is type(value)), None)
            ws.write_string(row, col, self.say(title) if title is not None else str(value), fmt)
        elif x.kind is CellKind.TEXTS:
            ws.write_string(row, col, ("、" if self.lang == "zh" else ", ").join(value), fmt)
        elif x.kind is CellKind.COUNT and isinstance(value, int):
            ws.write_number(row, col, value, fmt)
        elif x.kind in (CellKind.DECIMAL, CellKind.MONEY) and not isinstance(value, bool):
            d = Decimal(str(value))
            # a number the cell holds exactly (15 significant digits); a longer one stays text,
            # which the reader takes as typed
            if Decimal(repr(float(d))) == d:
                ws.write_number(row, col, float(d), fmt)
            else:
                ws.write_string(row, col, str(value), fmt)
        elif x.kind is CellKind.DATE and isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def validate(self, ws, r1: int, c1: int, r2: int, x: Input) -> None:
        """The drop-down or the range check of a column's cells, and its hint."""
        v: dict[str, Any] = {}
        if x.choices and (x.kind is CellKind.CHOICE or not x.list_only):
            v = {"validate": "list", "source": self.list_source([self.say(c.title) for c in x.choices])}
            if not x.list_only:
                v["show_error"] = False
        elif x.kind is CellKind.COUNT:
            v = {"validate": "integer", "criteria": ">=", "value": int(x.minimum or 0)}
        elif x.kind in (CellKind.DECIMAL, CellKind.MONEY) and x.maximum is not None:
            v = {"validate": "decimal", "criteria": "between", "minimum": float(x.minimum or 0),
                 "maximum": float(x.maximum)}
        elif x.kind in (CellKind.DECIMAL, CellKind.MONEY):
            v = {"validate": "decimal", "criteria": ">=", "value": float(x.minimum or 0)}
        elif x.kind is CellKind.DATE:
            v = {"validate": "date", "criteria": "between", "minimum": dt.date(1990, 1, 1),
                 "maximum": dt.date(2099, 12, 31)}
        if x.hint is not None:
            v.setdefault("validate", "any")
            v["input_message"] = self.say(x.hint)[:255]
        if v:
            if v["validate"] != "any":
                v.setdefault("error_message", self.say(Message.of("form.workbook.hint.invalid"))[:255])
            ws.data_validation(r1, c1, r2, c1, v)

    def list_source(self, values: list[str]):
        if len(",".join(values)) <= 250 and not any("," in x for x in values):
            return values
        if self.lists is None:
            self.lists = self.wb.add_worksheet(LISTS_SHEET)
            self.lists.hide()
        start = self.lists_row
        for n, value in enumerate(values):
            self.lists.write_string(start + n, 0, value)
        self.lists_row += len(values)
        return f"={LISTS_SHEET}!$A${start + 1}:$A${start + len(values)}"

    def protect(self, ws, head: bool = True) -> None:
        """Protected without a password, and printed as a form: A4 landscape, one page wide,
        the header row on every page."""
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        if head:
            ws.repeat_rows(0)
        ws.protect("", {"format_columns": True, "format_rows": True, "autofilter": True,
                        "select_locked_cells": True, "select_unlocked_cells": True})

    # -- sheets ----------------------------------------------------------------------------------

    def instructions(self) -> None:
        ws = self.wb.add_worksheet(self.titles["instructions"])
        ws.set_column(0, 0, 130)
        title = self.fmt(bold=True, font_size=14, text_wrap=True)
        body = self.fmt(text_wrap=True)
        ws.write_string(0, 0, f"{self.say(self.l.title)} — {self.l.document}", title)
        ws.write_string(1, 0, self.say(Message.of("form.workbook.made_for", region=self.l.region,
                                                   version=self.l.rules_version)), body)
        lines = [Message.of(f"form.workbook.instructions.{n}") for n in range(1, 9)]
        for n, line in enumerate(lines, start=3):
            ws.write_string(n, 0, self.say(line), body)
        self.protect(ws, head=False)
        ws.activate()

    def header(self) -> None:
        ws = self.wb.add_worksheet(self.titles["header"])
        ws.set_column(0, 0, 26)
        ws.set_column(1, 1, 44)
        ws.set_column(2, 2, 50)
        for c, key in enumerate(("col.field", "col.entry", "col.note")):
            ws.write_string(0, c, self.say(word(key)), self.head())
        for n, f in enumerate(self.l.fields, start=1):
            x = f.input
            ws.write_string(n, 0, self.say(x.title), self.locked())
            value = _get(self.data, f.key)
            self.cell(ws, n, 1, x, value, self.unlocked(x))
            self.validate(ws, n, 1, n, x)
            note = self.say(x.hint) if x.hint is not None else "、".join(self.say(c.title) for c in x.choices) \
                if self.lang == "zh" else ", ".join(self.say(c.title) for c in x.choices)
            ws.write_string(n, 2, note, self.locked()) if note else ws.write_blank(n, 2, None, self.locked())
        ws.freeze_panes(1, 0)
        self.protect(ws)

    def items(self) -> None:
        ws = self.wb.add_worksheet(self.titles["items"])
        id_width = max([9] + [len(i.id) + 2 for i in self.l.items])  # Tianjin's "district:D1.1"
        fixed = [("col.item_id", id_width), ("col.item_title", 40), ("col.item_max", 7)]
        inspected = INSPECTED
        inputs = [("", inspected)] + list(self.l.item_inputs)
        for c, (key, width) in enumerate(fixed):
            ws.write_string(0, c, self.say(word(key)), self.head())
            ws.set_column(c, c, width)
        for k, (_, x) in enumerate(inputs, start=len(fixed)):
            ws.write_string(0, k, self.say(x.title), self.head())
            ws.set_column(k, k, x.width)
        from ..parts import parts

        listed = set(_get(self.data, ("inspected",)) or ())
        for n, item in enumerate(self.l.items, start=1):
            ws.write_string(n, 0, item.id, self.locked("@"))
            ws.write_string(n, 1, self.say(Text(item.title_zh, item.title_en)), self.locked())
            ws.write_number(n, 2, float(item.max), self.locked("0.##"))
            for k, (shape_id, x) in enumerate(inputs, start=len(fixed)):
                if x is inspected:
                    self.cell(ws, n, k, x, True if item.id in listed else None, self.unlocked(x))
                    continue
                key = parts().shapes[item.shape].workbook_key(item, x.id) if item.shape == shape_id else None
                if key is None:
                    ws.write_blank(n, k, None, self.locked())
                    continue
                self.cell(ws, n, k, x, _get(self.data, key), self.unlocked(x))
                self.validate(ws, n, k, n, x)
        if self.l.items:
            self.validate(ws, 1, len(fixed), len(self.l.items), inspected)
        ws.freeze_panes(1, 2)
        self.protect(ws)

    def facts(self) -> None:
        from ..facts import spec_of
        from .layout import fact_input

        ws = self.wb.add_worksheet(self.titles["facts"])
        cols = [("col.fact_code", 34), ("col.fact_title", 40), ("col.fact_kind", 10), ("col.fact_used_by", 16),
                ("col.value", 10), ("col.source", 30), ("col.detail", 30)]
        for c, (key, width) in enumerate(cols):
            ws.write_string(0, c, self.say(word(key)), self.head())
            ws.set_column(c, c, width)
        given = _get(self.data, ("facts",)) or {}
        src = Input("source", word("col.source"), CellKind.TEXT)
        for n, (name, users) in enumerate(self.l.facts, start=1):
            spec = spec_of(name)  # the catalog's fact, or the region's own
            ws.write_string(n, 0, name, self.locked("@"))
            ws.write_string(n, 1, spec.title_zh if self.lang == "zh" else spec.title_en, self.locked())
            ws.write_string(n, 2, self.say(word(f"kind.{spec.kind}")), self.locked())
            ws.write_string(n, 3, ", ".join(users), self.locked("@"))
            x = fact_input(name)
            raw = given.get(name)
            long = raw if isinstance(raw, dict) else {"value": raw} if raw is not None else {}
            self.cell(ws, n, 4, x, long.get("value"), self.unlocked(x))
            self.validate(ws, n, 4, n, x)
            self.cell(ws, n, 5, src, long.get("source"), self.unlocked(src))
            self.cell(ws, n, 6, src, long.get("detail"), self.unlocked(src))
        ws.freeze_panes(1, 2)
        self.protect(ws)

    def table(self, t: Table) -> None:
        ws = self.wb.add_worksheet(self.titles[t.id])
        ws.set_row(0, 28)
        for c, x in enumerate(t.columns):
            ws.write_string(0, c, self.say(x.title), self.head())
            ws.set_column(c, c, x.width, self.unlocked(x, border=False))
            self.validate(ws, 1, c, MAX_ROWS, x)
        for n, row in enumerate(_get(self.data, t.key) or (), start=1):
            for c, x in enumerate(t.columns):
                self.cell(ws, n, c, x, row.get(x.id), self.unlocked(x))
        ws.freeze_panes(1, 0)
        self.protect(ws)

    def meta_sheet(self) -> None:
        ws = self.wb.add_worksheet(META_SHEET)
        rows = {"schema": str(SCHEMA), "region": self.l.region, "rules_version": self.l.rules_version,
                "lang": self.lang, **self.meta}
        for n, (k, v) in enumerate(rows.items()):
            ws.write_string(n, 0, k)
            ws.write_string(n, 1, v)
        ws.very_hidden() if hasattr(ws, "very_hidden") else ws.hide()
        self.protect(ws)


def _get(data: dict, key: tuple[str, ...]) -> Any:
    for k in key:
        if not isinstance(data, dict) or k not in data:
            return None
        data = data[k]
    return data
