"""Several regions' results side by side, for one or several evidence files.

A region the evidence cannot assess at all gets no total, grade, money or consequence: its row
says so, and a line below says what it would need. A provisional row shows the range the total
and the payout can still take, and consequences only some final scores lead to as possible.
"""

from __future__ import annotations

from ..amounts import plain
from ..facts import spec_of
from ..kinds import SettlementKind
from ..messages import Message, label, pick
from ..result import Result
from .jsondoc import outlook_doc, settlement_doc
from .tables import table
from .text import fields, labelled, pts, width, wrap, yuan

# what an item not assessed waits for, by the reason it gives (the evidence key to fill)
_NEEDS = {"why.not_in_evidence": "needs.findings", "why.no_ratings": "needs.ratings",
          "why.dimensions_not_rated": "needs.ratings", "why.no_score": "needs.scores",
          "why.not_answered": "needs.checklist"}


def assessable(r: Result) -> bool:
    """Whether the evidence assessed any item of the region."""
    return any(i.assessed for i in r.items)


def needs(r: Result, lang: str) -> list[str]:
    """What the evidence would have to give for the items it does not cover: evidence keys, and
    facts by their names in the reader's language."""
    keys: list[str] = []
    facts: list[str] = []
    for i in r.items:
        why = i.why_not_assessed
        if why is None:
            continue
        if why.id == "why.missing_facts":
            for name in dict(why.params)["facts"].split(", "):
                if name not in facts:
                    facts.append(name)
        elif why.id in _NEEDS and _NEEDS[why.id] not in keys:
            keys.append(_NEEDS[why.id])
    spec = lambda n: pick(spec_of(n).title_zh, spec_of(n).title_en, lang) if spec_of(n) else n  # noqa: E731
    return [Message.of(k).render(lang) for k in keys] + [f"{spec(n)} ({n})" for n in facts]


def _money(r: Result, field: str, lang: str) -> str:
    s = r.settlement
    if s is None or s.kind is SettlementKind.NONE:
        return "—"
    a = getattr(s, field)
    if r.outlook is not None and r.outlook.at_high is not None:
        b = getattr(r.outlook.at_high, field)
        if a is not None and b is not None and a != b:
            return label("range", lang, low=yuan(min(a, b)), high=yuan(max(a, b)))
    return yuan(a)


def _consequences(r: Result, lang: str) -> str:
    L = lambda k: label(k, lang)  # noqa: E731
    s = r.settlement
    certain = [pick(h.consequence.title_zh, h.consequence.title_en, lang) for h in (s.consequences if s else ())]
    possible = [pick(h.consequence.title_zh, h.consequence.title_en, lang)
                for h in (r.outlook.possible if r.outlook else ())]
    sep = "；" if lang == "zh" else "; "
    parts = [sep.join(certain)] if certain else []
    if possible:
        parts.append(f"{L('possible')}{L('colon')}" + sep.join(possible))
    return " ".join(parts) or L("none")


def render_compare(results: list[Result], lang: str) -> str:
    """One block per evidence file (its agency and file), one row per region."""
    L = lambda k: label(k, lang)  # noqa: E731
    out = [L("compare")]
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.evidence_file, []).append(r)
    for file, group in groups.items():
        out.append("")
        out.extend(fields([f"{L('agency')}{L('colon')}{group[0].agency}", f"{L('evidence_file')}{L('colon')}{file}"]))
        rows = [_row(r, lang) for r in group]
        # a grade's name breaks badly (优秀或良好或合 / 格): its column narrows last
        text = table(_heads(lang), rows, right={1, 5, 6}, widths={7: 30}, last={2})
        aside = _squeezed(text, rows)
        if aside:  # what follows, under the table: a column a few words wide reads badly
            text = table(_heads(lang)[:-1], [row[:-1] for row in rows], right={1, 5, 6}, last={2})
        out.append(text)
        for r, row in zip(group, rows):
            if aside and row[-1] != "—":
                out.extend(labelled(f"{r.region.id} {L('consequences')}{L('colon')}", row[-1]))
        for r in group:
            out.extend(_notes(r, lang))
    return "\n".join(out)


def _squeezed(text: str, rows: list[list[str]]) -> bool:
    """Whether the table had to narrow its last column (what follows) below a readable width."""
    rule = next(line for line in text.splitlines() if line.startswith("-"))
    last = len(rule.split()[-1])
    return last < 20 and any(width(row[-1]) > last for row in rows)


def _heads(lang: str) -> list[str]:
    return [label("region", lang), label("total", lang), label("grade", lang), label("assessed_items", lang),
            label("status", lang), label("paid", lang), label("deducted", lang), label("consequences", lang)]


def _row(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    done = f"{sum(1 for i in r.items if i.assessed)}/{len(r.items)}"
    if not assessable(r):
        return [r.region.id, "—", "—", done, L("cannot_assess"), "—", "—", "—"]
    no_money = r.settlement is None or r.settlement.kind is SettlementKind.NONE
    places = r.region.points_places
    if r.outlook is not None:
        total = label("range", lang, low=pts(r.outlook.low, places), high=pts(r.outlook.high, places))
        grade = L("or").join(pick(g.title_zh, g.title_en, lang) for g in r.outlook.grades) or "—"
    else:
        total = pts(r.total, places) if r.total is not None else "—"
        grade = pick(r.grade.title_zh, r.grade.title_en, lang) if r.grade else "—"
    return [r.region.id, total, grade, done, L("provisional") if r.provisional else L("final"),
            L("no_money") if no_money else _money(r, "paid", lang), "—" if no_money else _money(r, "deducted", lang),
            "—" if no_money else _consequences(r, lang)]


def _notes(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    who = r.region.id
    if not assessable(r):
        what = "、".join(needs(r, lang)) if lang == "zh" else "; ".join(needs(r, lang))
        return wrap(f"{who} {L('cannot_assess')}{L('colon')}" + Message.of("compare.needs", what=what or "—").render(lang),
                    indent="  ")
    out = []
    if r.not_assessed:
        out.extend(wrap(f"{who} {L('not_assessed')}{L('colon')}{', '.join(r.not_assessed)}", indent="  "))
    for n in r.notices:
        out.extend(wrap(f"{who} ※ {n.render(lang)}", indent="  "))
    return out


def compare_doc(results: list[Result], lang: str) -> dict:
    docs = []
    for r in results:
        ok = assessable(r)
        docs.append({
            "agency": r.agency, "evidence": r.evidence_file, "region": r.region.id, "rules_version": r.rules_version,
            "assessable": ok, "needs": [] if ok else needs(r, lang),
            "total": plain(r.total) if ok else None, "grade": r.grade.id if ok and r.grade else None,
            "provisional": r.provisional, "not_assessed": list(r.not_assessed),
            "outlook": outlook_doc(r, lang) if ok else None,
            "settlement": settlement_doc(r.settlement, lang) if ok else None,
            "inputs_sha256": r.inputs_sha256,
        })
    return {"regions": docs}
