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
from ..messages import Text, label, pick, say
from ..parts import aggregation_of, parts
from ..result import Outlook, Result, Settlement
from .items import keep
from .tables import table
from .text import LINE, fields, labelled, pct, punct, wrap, yuan


def header(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    reg = r.region
    lines = wrap(f"{pick(reg.title_zh, reg.title_en, lang)}{LP}{reg.id}{RP}", LINE, "  ")
    lines += fields([f"{L('document')}{C}{reg.document.id} {reg.document.title}",
                     f"{L('rules_version')}{C}{r.rules_version}"])
    lines += fields([f"{L('agency')}{C}{r.agency}"]
                    + ([f"{L('product')}{C}{say(r.product_title, lang) or r.product}"] if r.product else [])
                    + ([f"{L('period')}{C}{r.period[0]} ~ {r.period[1]}"] if r.period else []))
    if r.options:
        shown = r.options_shown or tuple(Text(f"{k}={v}", f"{k}={v}") for k, v in r.options)
        lines += labelled(f"{L('options')}{C}", ("；" if lang == "zh" else "; ").join(t.render(lang) for t in shown))
    for n in r.notices:
        lines += wrap("※ " + n.render(lang), LINE, "  ")
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
    out.extend(settlement_lines(r.settlement, lang, r.outlook))
    if r.stakes is not None:
        from .stakes import stakes_lines  # only when the result carries its stakes

        out.extend(stakes_lines(r, lang))
    out.append("")
    out.extend(labelled(f"{L('inputs_sha256')}{C}", r.inputs_sha256))
    out.append("")
    out.extend(fields(L("signatures").split("    ")))
    text = "\n".join(out)
    return text if show_personal else scrub(text)


def settlement_lines(s: Settlement | None, lang: str, outlook: Outlook | None = None) -> list[str]:
    """The money and what follows. For a provisional result (`outlook`), each amount the final
    score can still change is shown as the range between the two ends of the score's range, and a
    consequence only some final scores lead to is listed as possible, with those scores."""
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    if s is None:
        return []
    high = outlook.at_high if outlook is not None else None

    def span(field: str, show) -> str:
        a = getattr(s, field)
        b = getattr(high, field) if high is not None else a
        if a is None or b is None or a == b:
            return show(a)
        return label("range", lang, low=show(min(a, b)), high=show(max(a, b)))

    out = [L("settlement")]
    if s.kind is SettlementKind.NONE:
        out.extend(labelled(f"  {L('no_money')}{C}", pick(s.none_reason_zh, s.none_reason_en, lang) or ""))
    else:
        fee = pick(s.fee_title_zh, s.fee_title_en, lang)
        wh = pick(s.withheld_title_zh, s.withheld_title_en, lang)
        rows = []
        if s.annual_fee is not None and s.proration_note:
            rows.append([fee, yuan(s.annual_fee)])
            rows.append([f"{L('proration')}{LP}{say(s.proration_note, lang)}{RP}", yuan(s.base)])
        else:
            rows.append([fee, yuan(s.base)])
        rows.append([wh, yuan(s.withheld)])
        steps = ""
        if s.steps is not None and (high is None or high.steps is not None):
            steps = f"{LP}{L('steps')} {span('steps', plain)}{RP}"
        rows.append([L("deduction_rate") + steps, span("deduction_rate", pct)])
        rows.append([L("deducted"), span("deducted", yuan)])
        rows.append([L("paid"), span("paid", yuan)])
        if s.fund_losses:
            rows.append([L("fund_losses"), yuan(s.fund_losses)])
        rows.append([L("returned_to_fund"), span("returned_to_fund", yuan) if s.returned_to_fund is not None
                     else L("not_stated")])
        out.append(table(["", ""], rows, right={1}))
        cite = s.band_citation or s.citation
        out.extend(wrap(f"  〔{cite.short()}〕", LINE, "    ", keep(cite)))
        if outlook is not None:
            out.extend(wrap(L("provisional_settlement_range"), LINE, "  "))

    def listed(hits, with_reason: bool) -> str:
        return ("；" if lang == "zh" else "; ").join(
            f"{pick(h.consequence.title_zh, h.consequence.title_en, lang)}"
            + (f"{LP}{h.reason.render(lang)}{RP}" if with_reason else "")
            + f"〔{h.consequence.citation.short()}〕" for h in hits) or L("none")

    cites = keep(*(h.consequence.citation for h in s.consequences + (outlook.possible if outlook else ())))
    if outlook is None:
        out.extend(labelled(f"{L('consequences')}{C}", listed(s.consequences, False), keep=cites))
    else:
        out.extend(labelled(f"{L('consequences_certain')}{C}", listed(s.consequences, False), keep=cites))
        if outlook.possible:
            out.append(f"{L('consequences_possible')}{C}")
            for h in outlook.possible:
                out.extend(wrap(f"  - {listed((h,), True)}", LINE, "    ", cites))
    return out
