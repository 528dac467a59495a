"""The unscored forms: the self-inspection checklist and its report (Kaifeng), and the
satisfaction survey (Qinhuangdao 附件1)."""

from __future__ import annotations

from ..masking import mask_id, mask_name, mask_phone
from ..messages import label, pick, say
from ..model import Form, Item, RuleSet
from ..result import Result
from ..report.text import punct
from .layout import Cell, Row, Sheet
from .scoring import _columns, item_cite
from .words import _t, cite, lines

TICK = "√"  # how a paper form is ticked


def _standard(item: Item, lang: str, form: Form) -> str:
    """What the rules require of a point: its numeric checks (the hard numbers the document
    states), and the point's citation."""
    return lines(*(pick(q.title_zh, q.title_en, lang) for q in item.checks), item_cite(item, form))


def checklist_sheet(form: Form, r: Result, rs: RuleSet, lang: str, fields, signatures) -> Sheet:
    cols = _columns(form, rs, r, lang)
    scores = {i.id: i for i in r.items}
    rows: list[Row] = []
    for cat in rs.categories:
        members = [it for it in rs.items if it.category == cat.id and it.id in scores]
        for n, item in enumerate(members):
            i = scores[item.id]
            answer = i.detail.answer if i.detail is not None else None
            cells = []
            for key, _, _ in cols:
                if key in ("category", "scope"):  # one merged cell per area
                    if n == 0:
                        text = (pick(cat.title_zh, cat.title_en, lang) if key == "category"
                                else pick(cat.scope_zh, cat.scope_en, lang) if cat.scope_zh else "")
                        cells.append(Cell(text=text, rowspan=len(members)))
                    continue
                if key == "seq":
                    cells.append(Cell(text=item.id))
                elif key == "title":  # the point's requirement, and the numbers it states
                    cells.append(Cell(text=lines(pick(item.title_zh, item.title_en, lang),
                                                 *(pick(q.title_zh, q.title_en, lang) for q in item.checks))))
                elif key == "standard":
                    cells.append(Cell(text=_standard(item, lang, form)))
                elif key == "answer":
                    cells.append(Cell(text=label(answer, lang) if answer else label("unanswered", lang)))
                elif key == "reason":
                    why = "" if i.assessed else _t("not_assessed", lang, why=say(i.why_not_assessed, lang) or "—")
                    cells.append(Cell(text=lines(say(i.detail.reason, lang) if i.detail is not None else "", why)))
            rows.append(Row(tuple(cells)))
    notes = [_t("checklist_summary", lang)] + [
        f"{pick(a.title_zh, a.title_en, lang)}{_t('colon', lang)}"
        + _t("comma", lang).join(f"{label(k, lang)} {getattr(a, k)}" for k in
                   ("compliant", "partly", "non_compliant", "not_applicable", "unanswered"))
        for a in r.breakdown.areas]
    return Sheet(id=form.id, title=pick(form.title_zh, form.title_en, lang), citation=form.citation.short(),
                 fields=fields, columns=tuple(c for _, _, c in cols), rows=tuple(rows), notes=tuple(notes),
                 signatures=signatures)


def report_sheet(r: Result, lang: str, fields, signatures) -> Sheet | None:
    """The self-inspection report's five sections, when the result has one (Kaifeng)."""
    record = r.section("report")
    if record is None:
        return None
    paras = tuple((label(key, lang), say(body, lang) or "—") for key, body in record.parts)
    return Sheet(id="report", title=label("report", lang), citation=r.region.document.id, kind="report",
                 fields=fields, paragraphs=paras, signatures=signatures)


def _yes_no(value: bool | None, lang: str, extra: str | None = None) -> str:
    if value is None:
        return ""
    word = _t("yes", lang) if value else _t("no", lang)
    _, LP, RP = punct(lang)
    return f"{word}{LP}{extra}{RP}" if extra and not value else word


def survey_sheet(form: Form, r: Result, rs: RuleSet, lang: str, fields, signatures, show_personal: bool) -> Sheet:
    """Every survey answer in the annex's columns; names, ID and phone numbers masked unless asked."""
    cols = _columns(form, rs, r, lang)
    record = r.section("survey")
    rows: list[Row] = []
    for a in (record.rows if record is not None else ()):
        name, idn, phone = (a.name, a.id_number, a.phone) if show_personal else \
            (mask_name(a.name), mask_id(a.id_number), mask_phone(a.phone))
        values = {
            "seq": f"{a.row:02d}", "file_no": a.file_no or "", "name": name or "", "id_number": idn or "",
            "phone": phone or "", "is_self": _yes_no(a.is_self, lang, a.relation),
            "received_payment": _yes_no(a.received_payment, lang), "attitude": a.attitude or "",
            "improvement": a.improvement or "", "satisfied": TICK if a.satisfied else "",
            "dissatisfied": "" if a.satisfied else TICK,
        }
        rows.append(Row(tuple(Cell(text=values[key]) for key, _, _ in cols)))
    notes = () if rows else (_t("survey_none", lang),)
    return Sheet(id=form.id, title=pick(form.title_zh, form.title_en, lang), citation=form.citation.short(),
                 fields=fields, columns=tuple(c for _, _, c in cols), rows=tuple(rows), notes=notes,
                 signatures=signatures)
