"""Results as JSON documents: decimals as strings, personal data masked unless asked.

The document's keys are stable (schema 1): every item carries `answer`, `reason` and
`rectification` (null unless its shape gives them), and every document `groups`, `areas` and
`report` (empty unless the aggregation or an evidence section fills them), so a program reading
one region's documents reads every region's. A shape's other keys follow on its own items.
"""

from __future__ import annotations

import json

from ..amounts import plain, round_points
from ..kinds import SettlementKind
from ..messages import pick, say
from ..model import Citation
from ..result import ItemScore, Result, Settlement

ITEM_DETAIL_KEYS = ("answer", "reason", "rectification")
RESULT_PART_KEYS = (("groups", list), ("areas", list), ("report", dict))


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2)


def citation(c: Citation | None, lang: str) -> dict | None:
    """A citation as JSON; its note in the document's language (the rules file gives both)."""
    if c is None:
        return None
    note = pick(c.note_zh, c.note, lang) if c.note or c.note_zh else None
    return {k: v for k, v in (("document", c.document), ("article", c.article), ("item", c.item),
                              ("note", note)) if v}


def json_points(v, places: int) -> str | None:
    """Points at the region's places when that loses nothing (8 -> "8.00"), else the exact value."""
    if v is None:
        return None
    q = round_points(v, places)
    return plain(q) if q == v else plain(v)


def settlement_doc(s: Settlement | None, lang: str) -> dict | None:
    """The settlement as JSON. For a provisional result what depends on the final score (steps,
    rate, deducted, paid, returned, the band and its consequences) is null, never the low end of
    the range: a program reading `paid` must not take a floor for the amount. The range is in the
    document's `outlook.settlement`, the consequences in `outlook.certain` / `outlook.possible`."""
    if s is None:
        return None
    doc = _settlement_fields(s, lang)
    if s.provisional:
        for key in ("steps", "deduction_rate", "deducted", "paid", "returned_to_fund", "band_citation"):
            doc[key] = None
        doc["consequences"] = []
    return doc


def _settlement_fields(s: Settlement, lang: str) -> dict:
    return {
        "kind": s.kind,
        "fee_title": pick(s.fee_title_zh, s.fee_title_en, lang),
        "annual_fee": plain(s.annual_fee),
        "base": plain(s.base),
        "proration": say(s.proration_note, lang) or None,
        "withheld_title": pick(s.withheld_title_zh, s.withheld_title_en, lang),
        "withheld": plain(s.withheld),
        "steps": plain(s.steps),
        "deduction_rate": plain(s.deduction_rate),
        "deducted": plain(s.deducted),
        "paid": plain(s.paid),
        "returned_to_fund": plain(s.returned_to_fund),
        "fund_losses": plain(s.fund_losses),
        "consequences": [_consequence(h, lang) for h in s.consequences],
        "citation": citation(s.citation, lang),
        "band_citation": citation(s.band_citation, lang),
        "no_money_reason": pick(s.none_reason_zh, s.none_reason_en, lang) if s.kind is SettlementKind.NONE else None,
        "provisional": s.provisional,
    }


def _item_doc(i: ItemScore, pt, lang: str) -> dict:
    from ..parts import parts

    doc = {
        "id": i.id,
        "category": i.category,
        "title": pick(i.title_zh, i.title_en, lang),
        "max": pt(i.max),
        "score": pt(i.score),
        "assessed": i.assessed,
        "why_not_assessed": say(i.why_not_assessed, lang) or None,
        "weight": plain(i.weight),
        "group": i.group,
        "citation": citation(i.citation, lang),
    }
    shape = parts().shapes.get(i.shape)
    own = shape.item_json(i, lang) if shape is not None else {}
    doc.update({k: own.pop(k, None) for k in ITEM_DETAIL_KEYS})
    doc["checks"] = [
        {"id": c.id, "title": pick(c.title_zh, c.title_en, lang), "fact": c.fact,
         "actual": plain(c.actual), "op": c.op, "value": plain(c.value), "passed": c.passed,
         "citation": citation(c.citation, lang)}
        for c in i.checks
    ]
    doc["deductions"] = [
        {"finding": d.finding_id, "clause": d.clause_id, "title": say(d.title, lang),
         "points": pt(d.points), "count": plain(d.count.normalize()), "rule": citation(d.citation, lang),
         "evidence": say(d.evidence, lang), "deducted_again_elsewhere": d.deducted_again_elsewhere,
         "capped": d.capped, "note": say(d.note, lang) or None}
        for d in i.deductions
    ]
    doc.update(own)
    return doc


def _consequence(h, lang: str) -> dict:
    return {"id": h.consequence.id, "title": pick(h.consequence.title_zh, h.consequence.title_en, lang),
            "severity": h.consequence.severity, "reason": say(h.reason, lang),
            "citation": citation(h.consequence.citation, lang)}


def outlook_doc(r: Result, lang: str) -> dict | None:
    """A provisional result: the range of the total, the grades it spans, each amount's range and
    the consequences that follow whatever the final score (`certain`) or only for some (`possible`).
    None for a final result."""
    o = r.outlook
    if o is None:
        return None

    def span(field: str) -> dict | None:
        a = getattr(o.at_low, field) if o.at_low is not None else None
        b = getattr(o.at_high, field) if o.at_high is not None else None
        if a is None or b is None:
            return None
        return {"min": plain(min(a, b)), "max": plain(max(a, b))}

    return {
        "total": {"min": plain(o.low), "max": plain(o.high)},
        "grades": [g.id for g in o.grades],
        "settlement": {k: span(k) for k in ("deduction_rate", "deducted", "paid", "returned_to_fund")},
        "certain": [_consequence(h, lang) for h in o.certain],
        "possible": [_consequence(h, lang) for h in o.possible],
    }


def _stakes_doc(r: Result, lang: str) -> dict | None:
    if r.stakes is None:
        return None
    from .stakes import stakes_doc

    return stakes_doc(r, lang)


def result_doc(r: Result, lang: str) -> dict:
    from ..parts import aggregation_of, parts

    places = r.region.points_places

    def pt(v):
        return json_points(v, places)

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
        "grade": None if r.grade is None else r.grade.id,
        "grade_title": None if r.grade is None else pick(r.grade.title_zh, r.grade.title_en, lang),
        "provisional": r.provisional,
        "not_assessed": list(r.not_assessed),
        "outlook": outlook_doc(r, lang),
        "categories": [
            {"id": c.category.id, "title": pick(c.category.title_zh, c.category.title_en, lang),
             "max": pt(c.category.max), "score": pt(c.score), "complete": c.complete}
            for c in r.categories
        ],
        "items": [_item_doc(i, pt, lang) for i in r.items],
        "bonus": {
            "claimed": pt(r.bonus_claimed),
            "counted": pt(r.bonus_total),
            "lines": [{"kind": b.kind, "title": pick(b.title_zh, b.title_en, lang), "points": pt(b.points),
                       "description": say(b.description, lang), "citation": citation(b.citation, lang)} for b in r.bonus_lines],
        },
    }
    own = dict(aggregation_of(r.region.aggregation).json(r, lang))
    for key, record in r.sections:
        own.update(parts().sections[key].json(record, lang))
    doc.update({key: own.pop(key, empty()) for key, empty in RESULT_PART_KEYS})
    doc.update(own)
    doc.update({
        "settlement": settlement_doc(r.settlement, lang),
        "stakes": _stakes_doc(r, lang),
        "facts": [{"name": n, "value": plain(v), "source": say(s, lang), "detail": say(d, lang) or None}
                  for n, v, s, d in r.facts_used],
        "notices": [n.render(lang) for n in r.notices],
        "options": dict(r.options),
        "inputs_sha256": r.inputs_sha256,
    })
    return doc
