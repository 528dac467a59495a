"""The JSON document's data as tables for a spreadsheet's pivot: one row per item (id, category,
title, max, score, deductions...), and every value of the document with its path.

Read from the JSON document (`report.jsondoc`), the same one `--format json` prints, so the
workbook's data and the JSON cannot disagree. Decimals, which the JSON carries as strings, come
back as `Decimal` where the key is a number's (max, score, points...); everything else stays as
the JSON has it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import attrs

from ..messages import label
from .words import _t

DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")
Value = str | Decimal | bool | None


@attrs.frozen
class DataTable:
    """A plain table for pivoting: a header row and rows of values (text, Decimal, bool or None);
    `kinds` says how each numeric column is shown (points, money, percent, weight or None)."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    kinds: tuple[str | None, ...] = ()


def _dec(x) -> Decimal | None:
    if isinstance(x, str) and DECIMAL.match(x):
        try:
            return Decimal(x)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numerals
            return None
    return None


def _cite(c: dict | None) -> str:
    if not c:
        return ""
    return " ".join(str(c[k]) for k in ("document", "article", "item") if c.get(k))


def items_table(doc: dict, lang: str) -> DataTable | None:
    """One row per item of an assessment's JSON document; None for a document without items."""
    items = doc.get("items")
    if not isinstance(items, list) or not items:
        return None
    cats = {c["id"]: c.get("title") or c["id"] for c in doc.get("categories") or ()}
    yes, no = _t("yes", lang), _t("no", lang)
    comma = _t("comma", lang)
    rows = []
    for it in items:
        deds = it.get("deductions") or []
        top, score = _dec(it.get("max")), _dec(it.get("score"))
        lost = top - score if top is not None and score is not None else None  # caps included
        detail = comma.join(
            f"{d.get('clause') or ''} {d.get('title') or ''} -{d.get('points')}"
            + (f" {d['finding']}" if d.get("finding") else "") for d in deds)
        rows.append((
            doc.get("region"), doc.get("agency"), it.get("id"), cats.get(it.get("category"), it.get("category")),
            it.get("title"), top, score, yes if it.get("assessed") else no,
            it.get("why_not_assessed") or "", _dec(it.get("weight")), label(it["answer"], lang) if it.get("answer") else "",
            Decimal(len(deds)), lost, detail, _cite(it.get("citation")),
        ))
    # each id named in full (label("...")): the catalog test finds the ids the code uses by them
    columns = (label("region", lang), label("agency", lang), label("item", lang), label("data_category", lang),
               label("title", lang), label("max", lang), label("score", lang), label("data_assessed", lang),
               label("data_why", lang), label("weight", lang), label("answer", lang),
               label("data_deduction_count", lang), label("data_points_lost", lang),
               label("data_deductions", lang), _t("col_basis", lang))
    kinds = (None, None, None, None, None, "points", "points", None, None, "weight", None, "weight", "points",
             None, None)
    return DataTable(name=label("data_sheet", lang), columns=columns, rows=tuple(rows), kinds=kinds)


def _walk(x, path: str, out: list):
    if isinstance(x, dict):
        for k, v in x.items():
            _walk(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(x, list):
        if not x:
            out.append((path, "[]", None))
        for n, v in enumerate(x):
            _walk(v, f"{path}[{n}]", out)
    else:
        text = "" if x is None else ("true" if x is True else "false" if x is False else str(x))
        out.append((path, text, _dec(x) if isinstance(x, str) else None))


def flat_table(doc: dict, lang: str) -> DataTable:
    """Every value of the JSON document, one row each: its path (settlement.paid, items[3].score),
    the value as the JSON writes it, and the number it reads as, where it is a numeral."""
    out: list = []
    _walk(doc, "", out)
    return DataTable(name="JSON", columns=(label("data_path", lang), label("data_value", lang), label("data_number", lang)),
                     rows=tuple(out), kinds=(None, None, "weight"))
