"""What is at stake, in the printed report and the JSON document (`jingban.stakes`): the
settlement's arithmetic step by step with its citations, what each finding and counted fact cost
in points and money, and the scores nearby where the money changes."""

from __future__ import annotations

from ..amounts import plain
from ..messages import Text, label, pick, say
from ..result import Result
from ..stakes import Cost, Neighbour, Span, Stakes, Step
from .items import keep
from .tables import table
from .text import LINE, labelled, pct, pts, punct, wrap, yuan


def _span(s: Span | None, show, lang: str) -> str:
    if s is None:
        return "—"
    return show(s.low) if s.exact else label("range", lang, low=show(min(s.low, s.high)), high=show(max(s.low, s.high)))


def _what(c: Cost, r: Result, lang: str) -> str:
    """What the evidence is: a finding by the clauses it was charged to, a count by its title."""
    if c.kind == "finding":
        clauses = dict.fromkeys(d.clause_id for i in r.items for d in i.deductions if d.finding_id == c.id)
        return label("stakes_and", lang).join(clauses)
    from ..facts import FACTS

    spec = FACTS.get(c.id)
    return pick(spec.title_zh, spec.title_en, lang) if spec is not None else ""


def steps_lines(steps: tuple[Step, ...], lang: str, indent: str = "") -> list[str]:
    """The settlement's arithmetic, a step a line with its citation (`assess settle` prints it
    under the settlement, `assess` in its stakes section)."""
    if not steps:
        return []
    out = [f"{indent}{label('stakes_steps', lang)}"]
    for s in steps:
        out.extend(wrap(f"{indent}  {say(s.text, lang)}〔{s.citation.short()}〕", LINE, indent + "    ",
                        keep(s.citation)))
    return out


def steps_doc(steps: tuple[Step, ...], lang: str) -> list[dict]:
    from .jsondoc import citation

    return [{"id": s.id, "text": say(s.text, lang), "value": plain(s.value),
             "figures": {k: plain(v) for k, v in s.figures}, "citation": citation(s.citation, lang)}
            for s in steps]


def stakes_lines(r: Result, lang: str) -> list[str]:
    st: Stakes | None = r.stakes
    if st is None:
        return []
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    places = r.region.points_places
    out = ["", L("stakes")]
    out.extend(steps_lines(st.steps, lang, indent="  "))
    if st.outlook is not None:
        o = st.outlook
        grades = L("or").join(pick(g.title_zh, g.title_en, lang) for g in o.grades) or "—"
        out.extend(wrap("  " + label("stakes_outlook", lang, low=pts(o.low, places), high=pts(o.high, places),
                                     grades=grades, rate=_span(o.rate, pct, lang), paid=_span(o.paid, yuan, lang)),
                        LINE, "    "))
    if st.costs:
        out.append(f"  {L('stakes_costs')}")
        money = any(c.money is not None for c in st.costs)
        rows = []
        for c in st.costs:
            row = [c.id, _what(c, r, lang), "−" + _span(c.points, lambda v: pts(v, places), lang)]
            if money:
                row += [_span(c.rate, pct, lang), _span(c.money, yuan, lang)]
            row.append(pick(c.grade.title_zh, c.grade.title_en, lang) if c.grade is not None else "")
            rows.append(row)
        heads = [L("stakes_evidence"), L("stakes_what"), L("stakes_points")] + (
            [L("deduction_rate"), L("deducted")] if money else []) + [L("stakes_grade_without")]
        right = {2, 3, 4} if money else {2}
        out.extend("  " + x for x in table(heads, rows, right=right, fit=LINE - 2).splitlines())
    if st.neighbours:
        out.append(f"  {L('stakes_neighbours')}")
        rows = [[L(f"stakes_{n.direction}"), pts(n.score, places), pts(n.points, places),
                 L("stakes_and").join(L(f"stakes_change_{w}") for w in n.changes),
                 pick(n.grade.title_zh, n.grade.title_en, lang) if n.grade is not None else "—",
                 pct(n.rate), yuan(n.paid)] for n in st.neighbours]
        heads = [L("stakes_direction"), L("score"), L("stakes_points_away"), L("stakes_what_changes"), L("grade"),
                 L("deduction_rate"), L("paid")]
        out.extend("  " + x for x in table(heads, rows, right={1, 2, 5, 6}, fit=LINE - 2).splitlines())
    return out


def _span_doc(s: Span | None) -> dict | None:
    return None if s is None else {"min": plain(min(s.low, s.high)), "max": plain(max(s.low, s.high))}


def stakes_doc(r: Result, lang: str) -> dict | None:
    """The JSON document's `stakes`: decimals as strings, a figure a provisional result leaves
    open as {"min", "max"} (equal when decided), so one reader reads both."""
    st: Stakes | None = r.stakes
    if st is None:
        return None
    from .jsondoc import citation

    def neighbour(n: Neighbour) -> dict:
        return {"direction": n.direction, "score": plain(n.score), "points": plain(n.points),
                "changes": list(n.changes), "grade": n.grade.id if n.grade is not None else None,
                "deduction_rate": plain(n.rate), "deducted": plain(n.deducted), "paid": plain(n.paid),
                "citation": citation(n.citation, lang)}

    o = st.outlook
    return {
        "provisional": st.provisional,
        "steps": steps_doc(st.steps, lang),
        "costs": [{"kind": c.kind, "id": c.id, "points": _span_doc(c.points), "deduction_rate": _span_doc(c.rate),
                   "deducted": _span_doc(c.money), "grade_without": c.grade.id if c.grade is not None else None}
                  for c in st.costs],
        "neighbours": [neighbour(n) for n in st.neighbours],
        "outlook": None if o is None else {
            "total": {"min": plain(o.low), "max": plain(o.high)}, "grades": [g.id for g in o.grades],
            "deduction_rate": _span_doc(o.rate), "paid": _span_doc(o.paid)},
    }
