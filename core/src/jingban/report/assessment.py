"""The assessment as a printable table: every item, every deduction with its rule and evidence,
subtotals, total, grade, settlement, and a signature line.

The body (items, subtotals, total) is the aggregation's (`Aggregation.table_body`); what an
evidence section adds to the result (the survey's dissatisfied rows, the self-inspection report)
is that section's (`Section.table_lines`).
"""

from __future__ import annotations

from ..amounts import plain
from ..kinds import SettlementKind
from ..masking import scrub
from ..messages import label, pick
from ..parts import aggregation_of, parts
from ..result import Result, Settlement
from .text import pct, punct, table, yuan


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
        lines.append("※ " + n.render(lang))
    return lines


def render(r: Result, lang: str = "zh", show_personal: bool = False) -> str:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    out = header(r, lang)
    out.append("")
    blocks: list[str] = []
    for key, record in r.sections:
        blocks.extend(parts().sections[key].table_lines(record, lang, show_personal))
    out.extend(aggregation_of(r.region.aggregation).table_body(r, lang, blocks))
    out.append("")
    out.extend(settlement_lines(r.settlement, lang))
    out.append("")
    out.append(f"{L('inputs_sha256')}{C}{r.inputs_sha256}")
    out.append("")
    out.append(L("signatures"))
    text = "\n".join(out)
    return text if show_personal else scrub(text)


def settlement_lines(s: Settlement | None, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    if s is None:
        return []
    out = [L("settlement")]
    if s.kind is SettlementKind.NONE:
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
    if s.provisional and s.kind is not SettlementKind.NONE:
        out.append(L("provisional_settlement"))
    out.append(f"{L('consequences')}{C}" + ("；".join(
        f"{pick(h.consequence.title_zh, h.consequence.title_en, lang)}〔{h.consequence.citation.short()}〕"
        for h in s.consequences) or L("none")))
    return out

