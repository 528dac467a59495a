"""Reading the calendar data: the built-in mainland calendar and the operator's override files.

An override file (`--calendar FILE`, docs/calendar.md) has the built-in file's shape:

    [years.2027]                 # a year the State Council has published
    source = "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕N号）"
    holidays = [2027-01-01, ...] # every day off of the notice
    workdays = [2027-02-06, ...] # weekend make-up working days (调休上班)
    # replace = true             # required to override a year already built in (or given earlier)

    [layers.xinjiang]            # regional days off on top of the national calendar (--calendar-layer xinjiang)
    source = "..."
    holidays = [...]
    # workdays = [...]           # regional make-up days, if the region moved weekends too

Everything is checked when read, each problem one InputError line naming the file and the key:
every year and layer names its source; a date lies in its year (a layer's dates in known years);
a make-up day falls on a Saturday or Sunday and is not also a day off; no date is listed twice.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from ..messages import Message, Text
from ..tomlread import Node, load_toml, suggest
from .model import Calendar, Layer, YearData, known_years

BUILTIN = Path(__file__).with_name("cn_mainland.toml")

WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def _dates(node: Node, key: str, year: int | None, required: bool) -> frozenset[dt.date]:
    """A list of dates (TOML dates or "YYYY-MM-DD" strings); in `year` when given; no repeats."""
    if not node.has(key):
        if required:
            near = difflib.get_close_matches(key, [k for k in node.keys() if isinstance(k, str)], n=1, cutoff=0.6)
            found = Message.of("error.calendar.found_key", found=near[0], key=key) if near else ""
            raise node.error(key, Message.of("error.calendar.missing_dates", hint=found))
        node.raw(key, None)
        return frozenset()
    value = node.raw(key)
    if not isinstance(value, list):
        raise node.error(key, Message.of("error.calendar.not_a_list"))
    out: set[dt.date] = set()
    for i, v in enumerate(value):
        where = f"{key}[{i}]"
        if isinstance(v, dt.datetime):
            raise node.error(where, Message.of("error.calendar.date_with_time", value=v))
        if isinstance(v, str):
            try:
                v = dt.date.fromisoformat(v)
            except ValueError:
                raise node.error(where, Message.of("error.calendar.not_a_date", value=repr(v))) from None
        if not isinstance(v, dt.date):
            raise node.error(where, Message.of("error.calendar.not_a_date", value=repr(v)))
        if year is not None and v.year != year:
            raise node.error(where, Message.of("error.calendar.wrong_year", date=v, year=year, date_year=v.year))
        if v in out:
            raise node.error(where, Message.of("error.calendar.listed_twice", date=v))
        out.add(v)
    return frozenset(out)


def _check_workdays(node: Node, holidays: frozenset[dt.date], workdays: frozenset[dt.date],
                    national_off: frozenset[dt.date] = frozenset()) -> None:
    raw = node.raw("workdays", [])
    order = {d: i for i, d in enumerate(_as_dates(raw))}
    for d in sorted(workdays, key=lambda x: order.get(x, 0)):
        where = f"workdays[{order.get(d, 0)}]"
        if d.weekday() < 5:
            weekday = Text(WEEKDAY_ZH[d.weekday()], WEEKDAY_EN[d.weekday()])
            raise node.error(where, Message.of("error.calendar.workday_weekday", date=d, weekday=weekday))
        if d in holidays:
            raise node.error(where, Message.of("error.calendar.workday_and_holiday", date=d))
        if d in national_off:
            raise node.error(where, Message.of("error.calendar.workday_national_off", date=d))


def _as_dates(raw: object) -> list[dt.date | None]:
    out: list[dt.date | None] = []
    for v in raw if isinstance(raw, list) else []:
        if isinstance(v, str):
            try:
                v = dt.date.fromisoformat(v)
            except ValueError:
                v = None
        out.append(v if isinstance(v, dt.date) else None)
    return out


def _source(node: Node, what: Message) -> str:
    if not node.has("source"):
        raise node.error("source", Message.of("error.calendar.source_missing", what=what))
    text = node.str("source")
    if not text.strip():
        raise node.error("source", Message.of("error.calendar.source_empty", what=what))
    return text.strip()


def _read_year(parent: Node, key: str) -> tuple[YearData, bool]:
    if not re.fullmatch(r"\d{4}", key) or not 1949 <= int(key) <= 2199:
        raise parent.error(key, Message.of("error.calendar.not_a_year"))
    year = int(key)
    node = parent.table(key)
    source = _source(node, Message.of("error.calendar.a_year"))
    replace = node.bool("replace", False)
    holidays = _dates(node, "holidays", year, required=True)
    workdays = _dates(node, "workdays", year, required=False)
    _check_workdays(node, holidays, workdays)
    node.done()
    return YearData(year, source, holidays, workdays, node.file), replace


def _read_file(path: Path | str) -> tuple[list[tuple[YearData, bool, str]], list[tuple[Node, str]]]:
    """The years of a file (with replace flags and key paths) and its layer tables, unchecked."""
    file = str(path)
    root = Node(load_toml(path), file)
    years_node = root.table("years", None)
    layers_node = root.table("layers", None)
    root.done()
    if years_node is None and layers_node is None:
        raise InputError(file, None, Message.of("error.calendar.no_tables"))
    years = []
    if years_node is not None:
        for key in years_node.keys():
            yd, replace = _read_year(years_node, key)
            years.append((yd, replace, years_node.key_path(key)))
        years_node.done()
    layers = []
    if layers_node is not None:
        for key in layers_node.keys():
            layers.append((layers_node.table(key), key))
        layers_node.done()
    return years, layers


@functools.lru_cache(maxsize=1)
def builtin_years() -> tuple[YearData, ...]:
    """The built-in mainland years (cn_mainland.toml), checked like any override."""
    years, layers = _read_file(BUILTIN)
    if layers:
        raise InputError(str(BUILTIN), "layers", "the built-in calendar has no layers")
    return tuple(y for y, _, _ in years)


def _read_layer(node: Node, name: str, known: dict[int, YearData]) -> Layer:
    source = _source(node, Message.of("error.calendar.a_layer"))
    holidays = _dates(node, "holidays", None, required=True)
    workdays = _dates(node, "workdays", None, required=False)
    for key, dates in (("holidays", holidays), ("workdays", workdays)):
        order = {d: i for i, d in enumerate(_as_dates(node.raw(key, [])))}
        for d in sorted(dates):
            if d.year not in known:
                raise node.error(f"{key}[{order.get(d, 0)}]", Message.of(
                    "error.calendar.unknown_year", date=d, year=d.year, known=known_years(known)))
    national_off = frozenset().union(*(known[y].holidays for y in {d.year for d in workdays}))
    _check_workdays(node, holidays, workdays, national_off)
    node.done()
    return Layer(name, source, holidays, workdays, node.file)


def load_calendar(overrides: Iterable[Path | str] = (), layer: str | None = None) -> Calendar:
    """The built-in mainland calendar, plus the years and layers of the override files, in order.

    `layer` names a regional layer defined in one of the override files; its days off are added
    to the national ones. Any problem is an InputError naming the file and the key.
    """
    years: dict[int, YearData] = {y.year: y for y in builtin_years()}
    origin: dict[int, str] = {y: str(BUILTIN) for y in years}
    layer_nodes: dict[str, tuple[Node, str]] = {}
    for path in overrides:
        file_years, file_layers = _read_file(path)
        for yd, replace, key in file_years:
            if yd.year in years and not replace:
                message = (Message.of("error.calendar.year_built_in", year=yd.year) if origin[yd.year] == str(BUILTIN)
                           else Message.of("error.calendar.year_given", year=yd.year, file=origin[yd.year]))
                raise InputError(str(path), key, message)
            years[yd.year] = yd
            origin[yd.year] = str(path)
        for node, name in file_layers:
            if name in layer_nodes:
                raise node.error(None, Message.of("error.calendar.layer_twice", layer=name,
                                                  file=layer_nodes[name][0].file))
            layer_nodes[name] = (node, name)
    chosen = None
    # every layer is checked, the one in use or not, so a broken file is found the day it is written
    for name, (node, _) in layer_nodes.items():
        lay = _read_layer(node, name, years)
        if name == layer:
            chosen = lay
    if layer is not None and chosen is None:
        if not layer_nodes:
            raise InputError(None, "--calendar-layer", Message.of("error.calendar.no_layers", layer=layer))
        raise InputError(None, "--calendar-layer", Message.of("error.calendar.unknown_layer", layer=layer,
                                                     defined=", ".join(sorted(layer_nodes)),
                                                     hint=suggest(layer, layer_nodes)))
    return Calendar(tuple(years.values()), chosen)
