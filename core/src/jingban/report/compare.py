"""Several regions' results side by side."""

from __future__ import annotations

from ..amounts import plain
from ..kinds import SettlementKind
from ..messages import label, pick
from ..result import Result
from .jsondoc import settlement_doc
from .text import pct, pts, table, yuan


def render_compare(results: list[Result], lang: str) -> str:
    L = lambda k: label(k, lang)  # noqa: E731
    rows = []
    for r in results:
        s = r.settlement
        done = sum(1 for i in r.items if i.assessed)
        cons = "；".join(pick(h.consequence.title_zh, h.consequence.title_en, lang) for h in s.consequences) \
            if s else ""
        rows.append([
            r.region.id,
            pts(r.total) if r.total is not None else "—",
            pick(r.grade.title_zh, r.grade.title_en, lang) if r.grade else "—",
            f"{done}/{len(r.items)}",
            L("provisional") if r.provisional else L("final"),
            yuan(s.withheld) if s and s.kind is not SettlementKind.NONE else L("no_money"),
            pct(s.deduction_rate) if s and s.kind is not SettlementKind.NONE else "—",
            yuan(s.deducted) if s and s.kind is not SettlementKind.NONE else "—",
            cons or L("none"),
        ])
    head = [L("region"), L("total"), L("grade"), L("assessed_items"), L("status"), L("withheld"),
            L("deduction_rate"), L("deducted"), L("consequences")]
    out = [L("compare"), table(head, rows, right={1, 5, 6, 7})]
    for r in results:
        if r.not_assessed:
            out.append(f"{r.region.id} {L('not_assessed')}：{', '.join(r.not_assessed)}")
        for n in r.notices:
            out.append(f"{r.region.id} ※ {n.render(lang)}")
    return "\n".join(out)


def compare_doc(results: list[Result], lang: str) -> dict:
    return {
        "regions": [
            {"region": r.region.id, "rules_version": r.rules_version, "total": plain(r.total),
             "grade": r.grade.id if r.grade else None, "provisional": r.provisional,
             "not_assessed": list(r.not_assessed), "settlement": settlement_doc(r.settlement, lang),
             "inputs_sha256": r.inputs_sha256}
            for r in results
        ]
    }
