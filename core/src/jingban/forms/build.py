"""From a result and its rule set to the sheets of its official forms (`layout.Forms`): each form
of the rules file's `[[forms]]` in the document's order, the self-inspection report where the
result has one, and the settlement page where money depends on the score."""

from __future__ import annotations

import attrs

from ..engine import DATING
from ..kinds import SettlementKind
from ..messages import Message, label, pick, say
from ..model import Form, RuleSet
from ..report.text import punct
from ..result import Result
from .annexes import checklist_sheet, report_sheet, survey_sheet
from .layout import Forms, Sheet, Stamp
from .scoring import grid_sheet, items_sheet
from .settlement_page import settlement_sheet
from .words import _t


def header_fields(form: Form | None, r: Result, lang: str) -> tuple[tuple[str, str], ...]:
    """The form's header: the agency, the product by its title (not its code), the period, and a
    date left blank (年 月 日) for the day the form is signed: the output itself carries no date, so
    the same inputs print the same bytes."""
    if form is None:
        return ((label("agency", lang), r.agency),)
    out = []
    for f in form.header:
        if f.key == "agency":
            value = r.agency
        elif f.key == "product":
            value = (say(r.product_title, lang) or r.product) if r.product else "—"
        elif f.key == "period":
            value = f"{r.period[0]} ~ {r.period[1]}" if r.period else "—"
        else:
            value = _t("date_blank", lang)
        out.append((pick(f.zh, f.en, lang), value))
    return tuple(out)


def options_footnote(rs: RuleSet, lang: str) -> str:
    """The interpretation options in force: id = value, and what the reading is, with its citation."""
    if not rs.selected:
        return _t("options_none", lang)
    described = {o.id: o for o in rs.options}
    parts = []
    for (oid, _), shown in zip(rs.selected, rs.options_shown()):
        o = described.get(oid)
        parts.append(shown.render(lang) + (f"〔{o.citation.short()}〕" if o is not None else ""))
    return _t("options_footnote", lang, options="；".join(parts) if lang == "zh" else "; ".join(parts))


def stamp(r: Result, lang: str) -> Stamp:
    opts = ", ".join(f"{k}={v}" for k, v in r.options) or label("none", lang)
    return Stamp((
        (label("document", lang), r.region.document.id),
        (label("rules_version", lang), f"{r.region.id} {r.rules_version}"),
        (label("options", lang), opts),
        (label("inputs_sha256", lang), r.inputs_sha256),
    ))


def build(r: Result, rs: RuleSet, lang: str = "zh", show_personal: bool = False) -> Forms:
    caveats = dating(r, lang)
    out = sheets(r, rs, lang, show_personal)
    if caveats:  # the first note of every form (a chart page has no notes), as the table says it first
        out = tuple(s if s.kind == "charts" else attrs.evolve(s, notes=caveats + s.notes) for s in out)
    return Forms(title=f"{pick(r.region.title_zh, r.region.title_en, lang)} · {r.agency}", lang=lang,
                 sheets=out, stamp=stamp(r, lang), footnote=options_footnote(rs, lang), caveats=caveats)


def dating(r: Result, lang: str) -> tuple[str, ...]:
    """The period outside the rules' dates, or past their last check against the document."""
    return tuple(f"{label('rules_dates', lang)}{punct(lang)[0]}{n.render(lang)}" for n in r.notices
                 if isinstance(n.text, Message) and n.text.id in DATING)


def sheets(r: Result, rs: RuleSet, lang: str = "zh", show_personal: bool = False) -> tuple[Sheet, ...]:
    out: list[Sheet] = []
    for form in rs.forms:
        fields = header_fields(form, r, lang)
        sigs = tuple(pick(s.zh, s.en, lang) for s in form.signatures)
        if form.rows == "items":
            out.append(items_sheet(form, r, rs, lang, fields, sigs))
        elif form.rows == "grid":
            if r.breakdown is not None and getattr(r.breakdown, "rows", ()):
                out.append(grid_sheet(form, r, rs, lang, fields, sigs))
        elif form.rows == "checklist":
            out.append(checklist_sheet(form, r, rs, lang, fields, sigs))
            rep = report_sheet(r, lang, fields, sigs)
            if rep is not None:
                out.append(rep)
        elif form.rows == "survey":
            out.append(survey_sheet(form, r, rs, lang, fields, sigs, show_personal))
    if r.settlement is not None and r.settlement.kind is not SettlementKind.NONE:
        main = rs.forms[0] if rs.forms else None
        from ..report.charts import category_bars, levels_chart, payout_curve

        # where people would rather look than read: the categories against their maximum (the
        # levels for a weighted tree) and the payout curve with this agency's score on it
        charts = (levels_chart(r, lang) or category_bars(r, lang), payout_curve(r, rs, lang))
        out.append(settlement_sheet(rs, r.settlement, lang, r=r, outlook=r.outlook,
                                    fields=header_fields(main, r, lang), footnote=options_footnote(rs, lang)))
        # a page of their own: under the settlement's figures they would push its notes and stamp
        # onto a page alone
        out.append(Sheet(id="charts", title=_t("charts_title", lang), citation="", kind="charts",
                         fields=header_fields(main, r, lang), figures=tuple(x for x in charts if x)))
    return tuple(out)
