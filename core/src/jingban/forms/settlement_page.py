"""The settlement page: each figure of the money that depends on the score (fee, withheld, rate,
deducted, paid, returned to the fund, fund losses, what follows), each with its citation, read from
the `Settlement` record the engine computed; nothing is re-settled here. For a provisional result
a figure the final score can still move shows the two ends of its range (`Outlook.at_low`,
`Outlook.at_high`); a consequence only some final scores lead to is listed as possible.
"""

from __future__ import annotations

import functools
from decimal import Decimal

from ..kinds import SettlementKind
from ..messages import label, pick
from ..model import RuleSet
from ..report.text import pct, pts, punct, yuan
from ..result import Outlook, Result, Settlement
from .layout import Cell, Column, Row, Sheet
from .words import _t, cite, span_text


def _figure(name: str, a: Decimal | None, b: Decimal | None, kind: str, basis: str, places: int | None = None,
            role: str = "body", *, lang: str) -> Row:
    """One figure: a number cell when it is decided, its range as text when it is not."""
    show = {"money": yuan, "percent": pct}.get(kind, lambda v: pts(v, places))
    if a is None or b is None or a == b:
        amount = Cell(value=a, kind=kind, places=places, role=role) if a is not None else Cell(text="—", role=role)
    else:
        amount = Cell(text=span_text(show(min(a, b)), show(max(a, b)), lang), role=role)
    return Row((Cell(text=name, role=role), amount, Cell(text=basis, role=role)), role=role)


def _heading(text: str) -> Row:
    return Row((Cell(text=text, colspan=3, role="header"),), role="header")


def _span(sp, show, lang: str) -> str:
    if sp is None:
        return "—"
    return show(sp.low) if sp.exact else span_text(show(min(sp.low, sp.high)), show(max(sp.low, sp.high)), lang)


def arithmetic_rows(r: Result | None, rs: RuleSet, s: Settlement, lang: str) -> tuple[Row, ...]:
    """Under the figures: the settlement's arithmetic in words and numbers, a step a row with its
    citation ("90 - 79.5 = 10.5 分 ..."), what each finding and counted fact cost (re-assessed
    without it, jingban.stakes), and the scores nearby where the money changes. From the result's
    stakes when there is a result, else (assess settle) the steps of the score settled."""
    from ..messages import say
    from ..report.stakes import _what
    from ..stakes import settlement_steps

    L = lambda k: label(k, lang)  # noqa: E731
    places = rs.region.points_places
    st = r.stakes if r is not None else None
    steps = st.steps if st is not None else settlement_steps(rs, s)
    rows: list[Row] = []
    if steps:
        rows.append(_heading(L("stakes_steps")))
        rows += [Row((Cell(text=say(x.text, lang), colspan=2), Cell(text=cite(x.citation)))) for x in steps]
    if st is None or r is None:
        return tuple(rows)
    if st.costs:
        rows.append(_heading(L("stakes_costs")))
        C, LP, RP = punct(lang)
        for c in st.costs:
            what = _what(c, r, lang)
            money = "" if c.money is None else f" → {_span(c.rate, pct, lang)} → {_span(c.money, yuan, lang)}"
            grade = (f"{LP}{L('stakes_grade_without')}{C}{pick(c.grade.title_zh, c.grade.title_en, lang)}{RP}"
                     if c.grade is not None else "")
            # a finding by its id and the clauses it was charged to; a counted fact by its title
            shown = (f"{c.id}{LP}{what}{RP}" if what else c.id) if c.kind == "finding" else (what or c.id)
            rows.append(Row((Cell(text=shown),
                             Cell(text="−" + _span(c.points, lambda v: pts(v, places), lang) + money + grade),
                             Cell(text=""))))
    if st.neighbours:
        rows.append(_heading(L("stakes_neighbours")))
        C = punct(lang)[0]
        for n in st.neighbours:
            grade = pick(n.grade.title_zh, n.grade.title_en, lang) if n.grade is not None else "—"
            rows.append(Row((
                Cell(text=f"{L('stakes_up') if n.direction == 'up' else L('stakes_down')} "
                          f"{pts(n.points, places)}{C}{pts(n.score, places)}"),
                Cell(text=f"{grade} · {pct(n.rate) if n.rate is not None else '—'} · "
                          f"{yuan(n.paid) if n.paid is not None else '—'}"),
                Cell(text=cite(n.citation) if n.citation is not None else ""))))
    return tuple(rows)


def settlement_sheet(rs: RuleSet, s: Settlement, lang: str, *, r: Result | None = None,
                     outlook: Outlook | None = None, fields=(), signatures=(), footnote: str = "",
                     figures: tuple[str, ...] = ()) -> Sheet:
    L = lambda k: label(k, lang)  # noqa: E731
    figure = functools.partial(_figure, lang=lang)
    places = rs.region.points_places
    high = outlook.at_high if outlook is not None else None
    other = lambda f: getattr(high, f) if high is not None else getattr(s, f)  # noqa: E731
    rows: list[Row] = []
    sc = cite(s.citation)
    band = cite(s.band_citation or s.citation)
    if s.score is not None or outlook is not None:
        low_score = outlook.low if outlook is not None else s.score
        high_score = outlook.high if outlook is not None else s.score
        rows.append(figure(L("score"), low_score, high_score, "points", "", places))
        if outlook is not None:
            grades = label("or", lang).join(pick(g.title_zh, g.title_en, lang) for g in outlook.grades) or "—"
            rows.append(Row((Cell(text=L("grade_possible") if len(outlook.grades) > 1 else L("grade")),
                             Cell(text=grades), Cell(text=""))))
        elif s.grade is not None:
            rows.append(Row((Cell(text=L("grade")), Cell(text=pick(s.grade.title_zh, s.grade.title_en, lang)),
                             Cell(text=cite(s.grade.citation)))))
    if s.kind is SettlementKind.NONE:
        rows.append(Row((Cell(text=L("no_money")), Cell(text=pick(s.none_reason_zh, s.none_reason_en, lang) or ""),
                         Cell(text=sc))))
    else:
        fee = pick(s.fee_title_zh, s.fee_title_en, lang)
        if s.annual_fee is not None and s.proration_note:
            from ..messages import say

            rows.append(figure(fee, s.annual_fee, s.annual_fee, "money", sc))
            _, LP, RP = punct(lang)
            rows.append(figure(f"{L('proration')}{LP}{say(s.proration_note, lang)}{RP}", s.base, s.base, "money", sc))
        else:
            rows.append(figure(fee, s.base, s.base, "money", sc))
        wh = pick(s.withheld_title_zh, s.withheld_title_en, lang)
        if rs.settlement.withheld_rate is not None:
            wh = _t("withheld_rate", lang, title=wh, rate=pct(rs.settlement.withheld_rate))
        rows.append(figure(wh, s.withheld, s.withheld, "money", sc))
        if s.steps is not None and (high is None or high.steps is not None):
            rows.append(figure(L("steps"), s.steps, other("steps"), "points", band, None))
        rows.append(figure(L("deduction_rate"), s.deduction_rate, other("deduction_rate"), "percent", band))
        rows.append(figure(L("deducted"), s.deducted, other("deducted"), "money", band))
        rows.append(figure(L("paid"), s.paid, other("paid"), "money", band, role="total"))
        if s.fund_losses:
            rows.append(figure(L("fund_losses"), s.fund_losses, s.fund_losses, "money", sc))
        if s.returned_to_fund is not None:
            rows.append(figure(L("returned_to_fund"), s.returned_to_fund, other("returned_to_fund"), "money", sc))
        else:
            rows.append(Row((Cell(text=L("returned_to_fund")), Cell(text=L("not_stated")), Cell(text=sc))))
    hits = s.consequences
    if not hits and not (outlook and outlook.possible):
        rows.append(Row((Cell(text=L("consequences")), Cell(text=L("none")), Cell(text=""))))
    for h in hits:
        rows.append(Row((Cell(text=L("consequences_certain") if outlook is not None else L("consequences")),
                         Cell(text=pick(h.consequence.title_zh, h.consequence.title_en, lang)),
                         Cell(text=cite(h.consequence.citation)))))
    for h in (outlook.possible if outlook is not None else ()):
        rows.append(Row((Cell(text=L("consequences_possible")),
                         Cell(text=f"{pick(h.consequence.title_zh, h.consequence.title_en, lang)}"
                                   f"{punct(lang)[1]}{h.reason.render(lang)}{punct(lang)[2]}"),
                         Cell(text=cite(h.consequence.citation)))))
    rows.extend(arithmetic_rows(r, rs, s, lang))
    notes = []
    if outlook is not None:
        notes.append(L("provisional_settlement_range").lstrip("※ "))
    if footnote:
        notes.append(footnote)
    cols = (Column(_t("col_figure", lang), None, 3), Column(_t("col_amount", lang), None, 3, True),
            Column(_t("col_basis", lang), None, 4))
    return Sheet(id="settlement", title=_t("settlement_title", lang), citation=(s.band_citation or s.citation).short(),
                 kind="settlement", fields=fields, columns=cols, rows=tuple(rows), notes=tuple(notes),
                 signatures=signatures, figures=figures)
