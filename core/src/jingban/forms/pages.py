"""The HTML pages of `assess settle` and `assess compare`: kept simple, on the same layout.

settle: the settlement page of a score alone (no result, so no agency and no stamp digest).
compare: one table per evidence file, a row per region, the cells the terminal table shows.
compare --rules: the rules comparison as the terminal prints it, kept as preformatted text.
"""

from __future__ import annotations

from ..messages import label, pick
from ..model import RuleSet
from ..result import Result, Settlement
from .build import options_footnote
from .layout import Cell, Column, Forms, Row, Sheet, Stamp
from .settlement_page import settlement_sheet


def settle_page(rs: RuleSet, s: Settlement, lang: str) -> Forms:
    sheet = settlement_sheet(rs, s, lang, footnote=options_footnote(rs, lang))
    stamp = Stamp(((label("document", lang), rs.region.document.id),
                   (label("rules_version", lang), f"{rs.region.id} {rs.region.rules_version}"),
                   (label("options", lang), ", ".join(f"{k}={v}" for k, v in rs.selected) or label("none", lang))))
    return Forms(title=f"{pick(rs.region.title_zh, rs.region.title_en, lang)} · {label('settlement', lang)}",
                 lang=lang, sheets=(sheet,), stamp=stamp)


def compare_page(results: list[Result], lang: str) -> Forms:
    from ..report.compare import _heads, _notes, _row

    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.evidence_file, []).append(r)
    heads = _heads(lang)
    right = {1, 5, 6}
    sheets = []
    for n, (file, group) in enumerate(groups.items(), start=1):
        rows = tuple(Row(tuple(Cell(text=v) for v in _row(r, lang))) for r in group)
        notes = tuple(line.strip() for r in group for line in _notes(r, lang) if line.strip())
        sheets.append(Sheet(id=f"compare-{n}", title=label("compare", lang), citation=file, kind="table",
                            fields=((label("agency", lang), group[0].agency), (label("evidence_file", lang), file)),
                            columns=tuple(Column(h, None, 3 if k in (0, 7) else 2, k in right)
                                          for k, h in enumerate(heads)),
                            rows=rows, notes=notes))
    stamp = Stamp(tuple((label("inputs_sha256", lang) + f" {r.region.id}", r.inputs_sha256) for r in results))
    return Forms(title=label("compare", lang), lang=lang, sheets=tuple(sheets), stamp=stamp)


def rules_page(cmp, lang: str) -> Forms:
    from ..report.rules_compare import render_rules

    sheet = Sheet(id="rules", title=label("rules_compare", lang), citation="", kind="text",
                  paragraphs=(("", render_rules(cmp, lang)),))
    return Forms(title=label("rules_compare", lang), lang=lang, sheets=(sheet,), stamp=Stamp(()))
