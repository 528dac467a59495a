"""Results as JSON documents: decimals as strings, personal data masked unless asked."""

from __future__ import annotations

import json

from ..amounts import plain, round_points
from ..model import Citation, Grade
from ..result import Result, Settlement
from .labels import pick


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def citation(c: Citation | None) -> dict | None:
    if c is None:
        return None
    return {k: v for k, v in (("document", c.document), ("article", c.article), ("item", c.item),
                              ("note", c.note)) if v}


def grade(g: Grade | None, lang: str) -> str | None:
    return None if g is None else g.id


def settlement_doc(s: Settlement | None, lang: str) -> dict | None:
    if s is None:
        return None
    return {
        "kind": s.kind,
        "fee_title": pick(s.fee_title_zh, s.fee_title_en, lang),
        "annual_fee": plain(s.annual_fee),
        "base": plain(s.base),
        "proration": s.proration_note,
        "withheld_title": pick(s.withheld_title_zh, s.withheld_title_en, lang),
        "withheld": plain(s.withheld),
        "steps": plain(s.steps),
        "deduction_rate": plain(s.deduction_rate),
        "deducted": plain(s.deducted),
        "paid": plain(s.paid),
        "returned_to_fund": plain(s.returned_to_fund),
        "fund_losses": plain(s.fund_losses),
        "consequences": [
            {"id": h.consequence.id, "title": pick(h.consequence.title_zh, h.consequence.title_en, lang),
             "severity": h.consequence.severity, "reason": pick(h.reason_zh, h.reason_en, lang),
             "citation": citation(h.consequence.citation)}
            for h in s.consequences
        ],
        "citation": citation(s.citation),
        "band_citation": citation(s.band_citation),
        "no_money_reason": pick(s.none_reason_zh, s.none_reason_en, lang) if s.kind == "none" else None,
        "provisional": s.provisional,
    }


def result_doc(r: Result, lang: str) -> dict:
    places = r.region.points_places

    def pt(v):
        """Points at the region's places when that loses nothing (8 -> "8.00"), else the exact value."""
        if v is None:
            return None
        q = round_points(v, places)
        return plain(q) if q == v else plain(v)

    doc = {
        "region": r.region.id,
        "region_title": pick(r.region.title_zh, r.region.title_en, lang),
        "document": r.region.document.id,
        "rules_version": r.rules_version,
        "agency": r.agency,
        "product": r.product,
        "period": None if r.period is None else {"from": r.period[0], "to": r.period[1]},
        "total": plain(r.total),
        "max": pt(r.region.max),
        "grade": grade(r.grade, lang),
        "grade_title": None if r.grade is None else pick(r.grade.title_zh, r.grade.title_en, lang),
        "provisional": r.provisional,
        "not_assessed": list(r.not_assessed),
        "categories": [
            {"id": c.category.id, "title": pick(c.category.title_zh, c.category.title_en, lang),
             "max": pt(c.category.max), "score": pt(c.score), "complete": c.complete}
            for c in r.categories
        ],
        "items": [
            {
                "id": i.id,
                "category": i.category,
                "title": pick(i.title_zh, i.title_en, lang),
                "max": pt(i.max),
                "score": pt(i.score),
                "assessed": i.assessed,
                "why_not_assessed": i.why_not_assessed,
                "weight": plain(i.weight),
                "group": i.group,
                "citation": citation(i.citation),
                "answer": i.answer,
                "reason": i.reason,
                "rectification": i.rectification,
                "checks": [
                    {"id": c.id, "title": pick(c.title_zh, c.title_en, lang), "fact": c.fact,
                     "actual": plain(c.actual), "op": c.op, "value": plain(c.value), "passed": c.passed,
                     "citation": citation(c.citation)}
                    for c in i.checks
                ],
                "deductions": [
                    {"finding": d.finding_id, "clause": d.clause_id, "title": pick(d.title_zh, d.title_en, lang),
                     "points": pt(d.points), "count": plain(d.count.normalize()), "rule": citation(d.citation),
                     "evidence": d.evidence, "deducted_again_elsewhere": d.deducted_again_elsewhere,
                     "capped": d.capped, "note": pick(d.note_zh, d.note_en, lang) or None}
                    for d in i.deductions
                ],
            }
            for i in r.items
        ],
        "bonus": {
            "claimed": pt(r.bonus_claimed),
            "counted": pt(r.bonus_total),
            "lines": [{"kind": b.kind, "title": pick(b.title_zh, b.title_en, lang), "points": pt(b.points),
                       "description": b.description, "citation": citation(b.citation)} for b in r.bonus_lines],
        },
        "groups": [{"id": g.id, "title": pick(g.title_zh, g.title_en, lang), "weight": plain(g.weight),
                    "score": pt(s)} for g, s in r.groups],
        "areas": [
            {"id": a.category_id, "title": pick(a.title_zh, a.title_en, lang), "compliant": a.compliant,
             "partly": a.partly, "non_compliant": a.non_compliant, "not_applicable": a.not_applicable,
             "unanswered": a.unanswered}
            for a in r.areas
        ],
        "report": {k: v for k, v in r.report_sections},
        "settlement": settlement_doc(r.settlement, lang),
        "facts": [{"name": n, "value": plain(v), "source": s, "detail": d or None} for n, v, s, d in r.facts_used],
        "notices": [pick(n.zh, n.en, lang) for n in r.notices],
        "options": dict(r.options),
        "inputs_sha256": r.inputs_sha256,
    }
    return doc
