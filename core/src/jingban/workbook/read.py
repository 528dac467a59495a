"""The evidence workbook read back (openpyxl) into the plain structure a TOML evidence file parses
to, then through the same reader and checks as TOML (`jingban.evidence`): one set of checks, and
every error names the sheet and the cell (`2025.xlsx: 发现!C7: ...`).

openpyxl, not python-calamine: the reader must see what calamine does not report, a cell's
formula beside its cached value (a formula Excel never computed is refused, not read as empty),
merged ranges (refused in the input area), number formats (the places a decimal shows are the
places it is read with) and the very hidden sheet the layout is recorded in. The workbook is
opened twice, `data_only=False` for the formulas and `data_only=True` for their cached values;
never `read_only=True`, whose sheets have no merged ranges. A workbook is a few hundred rows: both
opens take a fraction of a second.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..errors import BadValue, InputError
from ..messages import Message, joined, say
from . import cells
from .cells import CellKind
from .layout import SCHEMA, Input, Layout, layout_for, word
from .sniff import OLE_MAGIC, ZIP_MAGIC
from .write import INSPECTED, LISTS_SHEET, META_SHEET, sheet_titles

ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # the stream an encrypted OOXML file keeps its package in
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"})
OPTIONAL_KEYS = frozenset({"fee", "agreement", "service_period", "ledgers", "include", "bonus", "fund_losses"})


def load_workbook_evidence(path: Path, agreement: Path | None = None, calendar_files: tuple = ()):
    """The Evidence a workbook holds; `agreement` (--agreement) when the workbook names none; the
    years a date may fall in are the calendar's, with `calendar_files` (--calendar)."""
    from ..evidence import read_plain

    file = str(path)
    raw = _bytes(path)
    book = Book(file, raw, calendar_files)
    data, where = book.plain(agreement)
    try:
        ev = read_plain(data, file, raw, str(path.parent))
    except InputError as exc:
        raise located(exc, file, where) from None
    import attrs

    return attrs.evolve(ev, cells=tuple(where.items()))


def plain_of(path: Path, agreement: Path | None = None) -> tuple[dict[str, Any], Layout, dict[str, str]]:
    """The plain structure, the layout and the recorded options of a workbook (`assess convert`)."""
    book = Book(str(path), _bytes(path))
    data, _ = book.plain(agreement)
    return data, book.layout, book.meta


def located(exc: InputError, file: str, where: dict[str, str]) -> InputError:
    """The error of the evidence reader or the scoring, its key path replaced by the cell the
    value came from (the nearest enclosing key that has one)."""
    if exc.file != file or not isinstance(exc.where, str):
        return exc
    key = exc.where
    message = exc.message
    if getattr(message, "id", None) == "error.toml.missing_key":  # a cell, not a key, is what is empty
        message = Message.of("error.workbook.required")
    while key:
        if key in where:
            return InputError(exc.file, where[key], message)
        key = re.sub(r"(\[[^\]]*\]|\.[^.\[]*)$", "", key) if re.search(r"(\]|\.[^.\[]*)$", key) else ""
    return exc


def _bytes(path: Path) -> bytes:
    from ..limits import MAX_FILE_BYTES
    from ..tomlread import _too_large

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), None, Message.of("error.toml.file_not_found")) from None
    except IsADirectoryError:
        raise InputError(str(path), None, Message.of("error.toml.is_a_directory")) from None
    except PermissionError:
        raise InputError(str(path), None, Message.of("error.toml.no_permission")) from None
    except OSError as exc:
        raise InputError(str(path), None, Message.of("error.toml.cannot_read", reason=exc.strerror)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(str(path), len(raw))
    return raw


class Book:
    """One workbook being read: its two openings, the layout it was written in, the cells read."""

    def __init__(self, file: str, raw: bytes, calendar_files: tuple = ()):
        self.file = file
        if raw.startswith(OLE_MAGIC):
            kind = "encrypted" if ENCRYPTED in raw else "xls"
            raise InputError(file, None, Message.of(f"error.workbook.{kind}"))
        if not raw.startswith(ZIP_MAGIC):
            raise InputError(file, None, Message.of("error.workbook.not_zip"))
        import warnings

        import openpyxl

        try:
            with warnings.catch_warnings():  # openpyxl warns of data validation extensions it drops
                warnings.simplefilter("ignore")
                self.formulas = openpyxl.load_workbook(io.BytesIO(raw), data_only=False)
                self.values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        except Exception as exc:  # noqa: BLE001 — a zip that is no workbook fails in many ways inside openpyxl
            raise InputError(file, None, Message.of("error.workbook.unreadable",
                                                    reason=f"{type(exc).__name__}: {exc}")) from None
        if META_SHEET not in self.values.sheetnames:
            raise InputError(file, None, Message.of("error.workbook.not_ours"))
        meta_ws = self.values[META_SHEET]
        self.meta = {str(r[0]): str(r[1]) for r in meta_ws.iter_rows(values_only=True)
                     if r and r[0] is not None and r[1] is not None}
        if self.meta.get("schema") != str(SCHEMA):
            raise InputError(file, f"{META_SHEET}!B1", Message.of("error.workbook.schema", schema=self.meta.get("schema"),
                                                                  expected=SCHEMA))
        self.lang = self.meta.get("lang") if self.meta.get("lang") in ("zh", "en") else "zh"
        self.where: dict[str, str] = {}
        self.layout: Layout | None = None
        # a date outside the calendar's years is a typo (1924 for 2024), unless --calendar adds the year
        if calendar_files:
            from ..workdays.loader import load_calendar

            self.years = load_calendar(tuple(calendar_files)).years
        else:
            from ..workdays.loader import builtin_years

            self.years = tuple(y.year for y in builtin_years())

    # -- the whole workbook ----------------------------------------------------------------------

    def plain(self, agreement: Path | None) -> tuple[dict[str, Any], dict[str, str]]:
        from ..api import registry
        from ..engine import ruleset_for

        region = self.meta.get("region")
        if not region:
            raise InputError(self.file, f"{META_SHEET}!B2", Message.of("error.workbook.not_ours"))
        reg = registry()
        loaded = reg.load(region)
        options = dict(x.split("=", 1) for x in self.meta.get("options", "").split(";") if "=" in x)
        named = self._agreement_named()
        if named:
            agreement = Path(self.file).parent / named
        rs = ruleset_for(reg, region, options, None, agreement)
        needs = loaded.spec.needs_agreement
        from ..parts import parts

        every = OPTIONAL_KEYS | frozenset(parts().sections)
        self.layout = full = layout_for(rs, self.lang, needs_agreement=needs, present=every)
        base = layout_for(rs, self.lang, needs_agreement=needs)
        titles = sheet_titles(full)
        required = set(sheet_titles(base).values())
        known = set(titles.values()) | {META_SHEET, LISTS_SHEET}
        for name in self.values.sheetnames:
            if name not in known:
                missing = sorted(required - set(self.values.sheetnames))
                from ..tomlread import suggest

                raise InputError(self.file, name, Message.of("error.workbook.unknown_sheet",
                                                             hint=suggest(name, missing or sorted(known))))
        for sid, name in titles.items():
            if name in required and name not in self.values.sheetnames:
                raise InputError(self.file, name, Message.of("error.workbook.sheet_missing", sheets=joined(
                    *(s for s in self.values.sheetnames if s not in (META_SHEET, LISTS_SHEET)), zh="、", en=", ")))
        data: dict[str, Any] = {"schema": 1, "region": region}
        self.where["region"] = f"{META_SHEET}!B2"
        self._header(titles["header"], full, base, data)
        if full.items:
            self._items(titles["items"], full, data)
        self._facts(titles["facts"], full, data)
        for t in full.tables:
            if titles[t.id] in self.values.sheetnames:
                self._table(titles[t.id], t, data)
        return data, self.where

    def _agreement_named(self) -> str | None:
        """The agreement the header sheet names, read before the layout is known (the layout of
        Tianjin's items is the agreement's)."""
        name = say(word("sheet.header"), self.lang)
        if name not in self.values.sheetnames:
            return None
        label = say(word("field.agreement"), self.lang)
        for row in self.values[name].iter_rows(min_row=2, max_col=2, values_only=True):
            if row and row[0] == label and not cells.is_empty(row[1]):
                return cells.text(row[1])
        return None

    # -- sheets ----------------------------------------------------------------------------------

    def _sheet(self, name: str):
        ws_f, ws_v = self.formulas[name], self.values[name]
        for rng in sorted(ws_f.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            raise InputError(self.file, f"{name}!{rng.coord.split(':')[0]}",
                             Message.of("error.workbook.merged", range=rng.coord))
        return ws_f, ws_v

    def _heads(self, name: str, ws_v, titles: list[str]) -> None:
        """Row 1 holds the column titles, in order: a row inserted above it, a column moved or
        retitled, is refused by the cell."""
        from openpyxl.utils import get_column_letter

        got = [_head_text(ws_v.cell(1, c + 1).value) for c in range(len(titles))]
        if got == titles:
            return
        for r in range(2, min(ws_v.max_row, 50) + 1):
            if [_head_text(ws_v.cell(r, c + 1).value) for c in range(len(titles))] == titles:
                raise InputError(self.file, f"{name}!A{r}", Message.of("error.workbook.rows_above_header", row=r))
        c = next(i for i, (a, b) in enumerate(zip(got, titles)) if a != b)
        raise InputError(self.file, f"{name}!{get_column_letter(c + 1)}1",
                         Message.of("error.workbook.header", expected=titles[c], found=got[c] or "—"))

    def value(self, name: str, ws_f, ws_v, row: int, col: int, x: Input) -> Any:
        """The cell's value as its TOML key would hold it; None for an empty cell."""
        ref = f"{name}!{ws_v.cell(row, col).coordinate}"
        raw = ws_v.cell(row, col).value
        if ws_f.cell(row, col).data_type == "f":  # a formula (a text that starts with "=" is data type s)
            if raw is None:
                raise InputError(self.file, ref, Message.of("error.workbook.formula_not_computed"))
        if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
            raise InputError(self.file, ref, Message.of("error.workbook.excel_error", value=raw.strip()))
        if cells.is_empty(raw):
            return None
        try:
            return self.convert(raw, x, ws_v.cell(row, col).number_format)
        except BadValue as exc:
            raise InputError(self.file, ref, exc.message) from None

    def convert(self, raw: Any, x: Input, number_format: str) -> Any:
        k = x.kind
        if k is CellKind.TEXT:
            return cells.text(raw)
        if k is CellKind.TEXTS:
            return cells.texts(raw)
        if k is CellKind.COUNT:
            return cells.count(raw)
        if k in (CellKind.DECIMAL, CellKind.MONEY):
            text = cells.decimal(raw, percent=x.maximum is not None and x.maximum <= 1)
            return _places(text, raw, number_format, 2 if k is CellKind.MONEY else None)
        if k is CellKind.DATE:
            return cells.date(raw, self.years)
        return cells.choice(raw, x.choices, self.lang)

    def _put(self, data: dict, key: tuple[str, ...], value: Any) -> None:
        node = data
        for k in key[:-1]:
            node = node.setdefault(k, {})
        node[key[-1]] = value

    def _header(self, name: str, full: Layout, base: Layout, data: dict) -> None:
        ws_f, ws_v = self._sheet(name)
        self._heads(name, ws_v, [say(word(k), self.lang) for k in ("col.field", "col.entry", "col.note")])
        by_label = {say(f.input.title, self.lang): f for f in full.fields}
        seen: set[str] = set()
        for r in range(2, ws_v.max_row + 1):
            label = ws_v.cell(r, 1).value
            if cells.is_empty(label) and cells.is_empty(ws_v.cell(r, 2).value):
                continue
            f = by_label.get(_head_text(label))
            if f is None or f.input.id in seen:
                from ..tomlread import suggest

                raise InputError(self.file, f"{name}!A{r}", Message.of(
                    "error.workbook.unknown_field", field=_head_text(label) or "—",
                    hint=suggest(_head_text(label), [k for k in by_label if by_label[k].input.id not in seen])))
            seen.add(f.input.id)
            ref = f"{name}!B{r}"
            path = ".".join(f.key)
            self.where[path] = ref
            if len(f.key) > 1:  # a table's own errors (service_period outside period) at its first cell
                self.where.setdefault(".".join(f.key[:-1]), ref)
            value = self.value(name, ws_f, ws_v, r, 2, f.input)
            if value is not None:
                self._put(data, f.key, value)
        for f in base.fields:
            if f.input.id not in seen:
                raise InputError(self.file, f"{name}!A{ws_v.max_row + 1}", Message.of(
                    "error.workbook.field_missing", field=say(f.input.title, self.lang)))

    def _items(self, name: str, full: Layout, data: dict) -> None:
        from openpyxl.utils import get_column_letter

        from ..parts import parts

        ws_f, ws_v = self._sheet(name)
        inspected = INSPECTED
        heads = [say(word(k), self.lang) for k in ("col.item_id", "col.item_title", "col.item_max")]
        inputs = [("", inspected)] + list(full.item_inputs)
        self._heads(name, ws_v, heads + [say(x.title, self.lang) for _, x in inputs])
        items = {i.id: i for i in full.items}
        listed: list[str] = []
        self.where["inspected"] = f"{name}!D1"
        seen: dict[str, int] = {}
        for r in range(2, ws_v.max_row + 1):
            item_id = ws_v.cell(r, 1).value
            row_empty = all(cells.is_empty(ws_v.cell(r, c).value) for c in range(4, 4 + len(inputs)))
            if cells.is_empty(item_id):
                if row_empty:
                    continue
                raise InputError(self.file, f"{name}!A{r}", Message.of("error.workbook.item_id_missing"))
            item_id = cells.text(item_id).strip()
            item = items.get(item_id)
            if item is None:
                from ..tomlread import suggest

                raise InputError(self.file, f"{name}!A{r}", Message.of("error.evidence.unknown_item_named",
                                                                       item=item_id, hint=suggest(item_id, items)))
            if item_id in seen:
                raise InputError(self.file, f"{name}!A{r}", Message.of("error.workbook.item_twice", item=item_id,
                                                                       row=seen[item_id]))
            seen[item_id] = r
            for c, (shape_id, x) in enumerate(inputs, start=4):
                ref = f"{name}!{get_column_letter(c)}{r}"
                if x is inspected:
                    if self.value(name, ws_f, ws_v, r, c, x) is True:
                        listed.append(item_id)
                    continue
                key = parts().shapes[item.shape].workbook_key(item, x.id) if item.shape == shape_id else None
                if key is None:
                    if not cells.is_empty(ws_v.cell(r, c).value):
                        raise InputError(self.file, ref, Message.of("error.workbook.not_this_items", item=item_id))
                    continue
                self.where[".".join(key)] = ref
                self.where.setdefault(".".join(key[:-1]), f"{name}!A{r}")
                self.where.setdefault(key[0], f"{name}!{get_column_letter(c)}1")
                value = self.value(name, ws_f, ws_v, r, c, x)
                if value is not None:
                    self._put(data, key, value)
        if listed:
            data["inspected"] = listed

    def _facts(self, name: str, full: Layout, data: dict) -> None:
        from .layout import fact_input

        ws_f, ws_v = self._sheet(name)
        keys = ("col.fact_code", "col.fact_title", "col.fact_kind", "col.fact_used_by", "col.value", "col.source",
                "col.detail")
        self._heads(name, ws_v, [say(word(k), self.lang) for k in keys])
        src = Input("source", word("col.source"), CellKind.TEXT)
        self.where["facts"] = f"{name}!E1"
        for r in range(2, ws_v.max_row + 1):
            code = ws_v.cell(r, 1).value
            if cells.is_empty(code) and all(cells.is_empty(ws_v.cell(r, c).value) for c in (5, 6, 7)):
                continue
            code = cells.text(code).strip() if not cells.is_empty(code) else ""
            if code not in dict(full.facts):  # the catalog's facts not derived, and the region's own
                from ..tomlread import suggest

                raise InputError(self.file, f"{name}!A{r}", Message.of(
                    "error.evidence.unknown_fact", hint=suggest(code, [n for n, _ in full.facts])))
            value = self.value(name, ws_f, ws_v, r, 5, fact_input(code))
            source = self.value(name, ws_f, ws_v, r, 6, src)
            detail = self.value(name, ws_f, ws_v, r, 7, src)
            for key, col in (("", "E"), (".value", "E"), (".source", "F"), (".detail", "G")):
                self.where[f"facts.{code}{key}"] = f"{name}!{col}{r}"
            if value is None:
                if source is not None or detail is not None:
                    raise InputError(self.file, f"{name}!E{r}", Message.of("error.workbook.fact_value_missing"))
                continue
            if code in data.get("facts", {}):
                raise InputError(self.file, f"{name}!A{r}", Message.of("error.workbook.fact_twice", fact=code))
            long = {"value": value, **({"source": source} if source is not None else {}),
                    **({"detail": detail} if detail is not None else {})}
            data.setdefault("facts", {})[code] = long if len(long) > 1 else value

    def _table(self, name: str, t, data: dict) -> None:
        from openpyxl.utils import get_column_letter

        ws_f, ws_v = self._sheet(name)
        self._heads(name, ws_v, [say(x.title, self.lang) for x in t.columns])
        rows = []
        path = ".".join(t.key)
        self.where.setdefault(path, f"{name}!A1")
        for r in range(2, ws_v.max_row + 1):
            values = [self.value(name, ws_f, ws_v, r, c, x) for c, x in enumerate(t.columns, start=1)]
            if all(v is None for v in values):
                continue
            n = len(rows)
            row = {x.id: v for x, v in zip(t.columns, values) if v is not None}
            self.where[f"{path}[{n}]"] = f"{name}!A{r}"
            ids = [f"{path}[{n}]"]
            if t.id == "findings" and isinstance(row.get("id"), str):  # its errors name it by its id
                ids.append(f"{path}[{row['id']}]")
                self.where[ids[-1]] = f"{name}!A{r}"
            for c, x in enumerate(t.columns, start=1):
                for i in ids:
                    self.where[f"{i}.{x.id}"] = f"{name}!{get_column_letter(c)}{r}"
            rows.append(row)
        if rows:
            node = data
            for k in t.key[:-1]:
                node = node.setdefault(k, {})
            node[t.key[-1]] = rows


def _head_text(value: Any) -> str:
    return "" if value is None else cells.text(value).strip()


_PLACES = re.compile(r"^[#,0]*0(?:\.(0+))?(%?)$")


def _places(text: str, raw: Any, number_format: str, fixed: int | None) -> str:
    """A number cell's decimal with the places its number format shows (0.9 in a cell shown 0.90
    is read "0.90", as the inspector sees it); never fewer places than the number has."""
    from decimal import Decimal

    if not isinstance(raw, (int, float)) or isinstance(raw, bool):
        places = fixed
    else:
        fm = _PLACES.match(number_format or "")
        places = fixed if fixed is not None else (len(fm[1] or "") + (2 if fm[2] else 0)) if fm else None
    d = Decimal(text)
    if places is None:
        return text
    exp = d.as_tuple().exponent
    if isinstance(exp, int) and -exp <= places:
        return str(d.quantize(Decimal(1).scaleb(-places)))
    return text
