"""The assessment as a printable table: every item, every deduction with its rule and evidence,
subtotals, total, grade, settlement, and a signature line."""

from __future__ import annotations

from ..amounts import plain
from ..masking import mask_id, mask_name, mask_phone, scrub
from ..result import Result, Settlement
from .labels import label, pick, punct
from .text import pct, pts, table, yuan


def header(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    reg = r.region
    lines = [
        f"{pick(reg.title_zh, reg.title_en, lang)}{LP}{reg.id}{RP}",
        f"{L('document')}{C}{reg.document.id} {reg.document.title}    {L('rules_version')}{C}{r.rules_version}",
        f"{L('agency')}{C}{r.agency}" + (f"    {L('product')}{C}{r.product}" if r.product else "")
        + (f"    {L('period')}{C}{r.period[0]} ~ {r.period[1]}" if r.period else ""),
    ]
    if r.options:
        lines.append(f"{L('options')}{C}" + ", ".join(f"{k}={v}" for k, v in r.options))
    for n in r.notices:
        lines.append("※ " + pick(n.zh, n.en, lang))
    return lines


def render(r: Result, lang: str = "zh", show_personal: bool = False) -> str:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    out = header(r, lang)
    out.append("")
    if r.region.aggregation == "checklist":
        out.extend(_checklist(r, lang))
    else:
        out.extend(_items(r, lang))
    if r.survey_dissatisfied:
        out.append("")
        out.append(L("survey"))
        rows = []
        for a in r.survey_dissatisfied:
            name, idn, phone = (a.name, a.id_number, a.phone) if show_personal else \
                (mask_name(a.name), mask_id(a.id_number), mask_phone(a.phone))
            rows.append([str(a.row), a.file_no or "", name or "", idn or "", phone or "", a.attitude or "",
                         a.improvement or ""])
        out.append(table(["#", "档案编号" if lang == "zh" else "file", "姓名" if lang == "zh" else "name",
                          "身份证号" if lang == "zh" else "ID", "电话" if lang == "zh" else "phone",
                          "服务态度" if lang == "zh" else "attitude", "改进意见" if lang == "zh" else "improve"],
                         rows))
    out.append("")
    out.extend(settlement_lines(r.settlement, lang))
    out.append("")
    out.append(f"{L('inputs_sha256')}{C}{r.inputs_sha256}")
    out.append("")
    out.append(L("signatures"))
    text = "\n".join(out)
    return text if show_personal else scrub(text)


def _items(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    rows = []
    weighted = r.region.aggregation == "weighted_tree"
    for i in r.items:
        score = pts(i.score) if i.assessed else L("not_assessed")
        row = [i.id, pick(i.title_zh, i.title_en, lang), pts(i.max), score]
        if weighted:
            row.insert(3, plain(i.weight.normalize()) or "")
        rows.append(row)
        if not i.assessed and i.why_not_assessed:
            rows.append(f"      · {L('why')}{C}{i.why_not_assessed}")
        for d in i.deductions:
            tag = ""
            if d.deducted_again_elsewhere:
                tag = f" [{L('not_again')}{C}{pick(d.note_zh, d.note_en, lang)}]"
            elif d.capped:
                tag = f" [{L('capped')}]"
            elif d.note_zh and not d.points:
                tag = f" [{pick(d.note_zh, d.note_en, lang)}]"
            src = f"{d.finding_id}: " if d.finding_id else ""
            line = (f"  −{pts(d.points)} {d.clause_id} {pick(d.title_zh, d.title_en, lang)}"
                    f"〔{d.citation.short()}〕{tag} ← {src}{d.evidence}")
            rows.append("    " + line)
        for c in i.checks:
            if c.passed is not True:
                state = L("check_failed") if c.passed is False else L("check_missing")
                rows.append(f"      ! {pick(c.title_zh, c.title_en, lang)}{C}{c.fact} = {plain(c.actual) or '—'}"
                            f"{LP}{c.op} {plain(c.value)}{RP} {state}")
    headers = [L("item"), L("title"), L("max"), L("score")]
    if weighted:
        headers.insert(3, L("weight"))
    out = [table(headers, rows, right={2, 3, 4} if weighted else {2, 3})]
    if r.groups:
        out.append("")
        out.append(L("groups"))
        out.append(table([L("title"), L("weight"), L("score")],
                         [[pick(g.title_zh, g.title_en, lang), plain(g.weight), pts(s)] for g, s in r.groups],
                         right={1, 2}))
    if r.categories:
        out.append("")
        out.append(L("categories"))
        out.append(table([L("title"), L("max"), L("score")],
                         [[pick(c.category.title_zh, c.category.title_en, lang), pts(c.category.max),
                           pts(c.score) + ("" if c.complete else "*")] for c in r.categories], right={1, 2}))
    if r.bonus_lines:
        out.append("")
        out.append(f"{L('bonus')}{C}" + "；".join(
            f"{pick(b.title_zh, b.title_en, lang)} +{pts(b.points)}{LP}{b.description}{RP}" for b in r.bonus_lines))
        if r.bonus_claimed != r.bonus_total:
            out.append(f"  {L('bonus_capped')} {pts(r.bonus_total)}{LP}{pts(r.bonus_claimed)}{RP}")
    out.append("")
    status = L("provisional") if r.provisional else L("final")
    grade = pick(r.grade.title_zh, r.grade.title_en, lang) if r.grade else "—"
    out.append(f"{L('total')}{C}{pts(r.total)} / {pts(r.region.max)}    {L('grade')}{C}{grade}    【{status}】")
    return out


def _checklist(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    rows = []
    for i in r.items:
        ans = L(i.answer) if i.answer else L("unanswered")
        rows.append([i.id, pick(i.title_zh, i.title_en, lang), ans, i.reason or ""])
    out = [table([L("item"), L("title"), L("answer"), L("reason")], rows)]
    out.append("")
    out.append(L("areas"))
    out.append(table(
        [L("title"), L("compliant"), L("partly"), L("non_compliant"), L("not_applicable"), L("unanswered")],
        [[pick(a.title_zh, a.title_en, lang), str(a.compliant), str(a.partly), str(a.non_compliant),
          str(a.not_applicable), str(a.unanswered)] for a in r.areas], right={1, 2, 3, 4, 5}))
    if r.report_sections:
        out.append("")
        out.append(L("report"))
        for key, body in r.report_sections:
            out.append(L(key))
            out.extend("  " + line for line in (body or "—").splitlines())
    out.append("")
    out.append(f"【{L('provisional') if r.provisional else L('final')}】")
    return out


def settlement_lines(s: Settlement | None, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    if s is None:
        return []
    out = [L("settlement")]
    if s.kind == "none":
        out.append(f"  {L('no_money')}{C}{pick(s.none_reason_zh, s.none_reason_en, lang)}")
    else:
        fee = pick(s.fee_title_zh, s.fee_title_en, lang)
        wh = pick(s.withheld_title_zh, s.withheld_title_en, lang)
        rows = []
        if s.annual_fee is not None and s.proration_note:
            rows.append([fee, yuan(s.annual_fee)])
            rows.append([f"{L('proration')}{LP}{s.proration_note}{RP}", yuan(s.base)])
        else:
            rows.append([fee, yuan(s.base)])
        rows.append([wh, yuan(s.withheld)])
        steps = f"{LP}{L('steps')} {plain(s.steps)}{RP}" if s.steps is not None else ""
        rows.append([L("deduction_rate") + steps, pct(s.deduction_rate)])
        rows.append([L("deducted"), yuan(s.deducted)])
        rows.append([L("paid"), yuan(s.paid)])
        if s.fund_losses:
            rows.append([L("fund_losses"), yuan(s.fund_losses)])
        rows.append([L("returned_to_fund"), yuan(s.returned_to_fund) if s.returned_to_fund is not None
                     else L("not_stated")])
        out.append(table(["", ""], rows, right={1}))
        cite = s.band_citation or s.citation
        out.append(f"  〔{cite.short()}〕")
    if s.provisional and s.kind != "none":
        out.append(L("provisional_settlement"))
    out.append(f"{L('consequences')}{C}" + ("；".join(
        f"{pick(h.consequence.title_zh, h.consequence.title_en, lang)}〔{h.consequence.citation.short()}〕"
        for h in s.consequences) or L("none")))
    return out
