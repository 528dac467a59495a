"""Settlement: how much of the withheld money a score pays, and what else follows.

A share of the year's fee is withheld (a deposit, a 考核暂留款). The band the score falls in gives the
deduction rate: a flat rate, or a base rate plus a rate for every step the score lies below the
band's reference score. Money is rounded to 0.01 yuan at each amount; paid = withheld - deducted,
so the parts always add up to what was withheld.
"""

from __future__ import annotations

from decimal import Decimal

from .amounts import ZERO, money
from .errors import InputError
from .evidence import Period
from .kinds import Proration, SettlementKind
from .messages import Message
from .model import Band, RuleSet
from .result import ConsequenceHit, Settlement


def band_for(rs: RuleSet, score: Decimal) -> Band | None:
    return next((b for b in rs.settlement.bands if b.contains(score)), None)


def deduction_rate(rs: RuleSet, score: Decimal) -> tuple[Decimal, Decimal | None, Band]:
    band = band_for(rs, score)
    if band is None:
        # the settlement is read from the last file joined (Tianjin's agreement after its rules file)
        raise InputError(rs.source_files[-1] if rs.source_files else None, "settlement.bands",
                         Message.of("error.scoring.no_band", score=score))
    how = band.rate_at(score, rs.settlement.step, rs.settlement.partial_step)
    return how.rate, how.steps, band


def prorate(rs: RuleSet, fee: Decimal, period: Period | None, served: Period | None) -> tuple[Decimal, Message | None]:
    """The fee for the part of the year an agency served (mid-year change), by the agreement's rule."""
    mode = rs.settlement.proration
    if mode is Proration.NONE or served is None or period is None or served == period:
        return money(fee), None
    if mode is Proration.DAYS:
        base = fee * Decimal(served.days()) / Decimal(period.days())
        return money(base), Message.of("proration.days", served=served.days(), total=period.days())
    months = (served.end.year - served.start.year) * 12 + served.end.month - served.start.month + 1
    whole = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    return money(fee * Decimal(months) / Decimal(whole)), Message.of("proration.months", served=months, total=whole)


def settle(
    rs: RuleSet,
    score: Decimal | None,
    fee: Decimal | None,
    *,
    period: Period | None = None,
    served: Period | None = None,
    fund_losses: Decimal = ZERO,
    item_consequences: tuple[tuple[str, str], ...] = (),
    provisional: bool = False,
) -> Settlement:
    """Settle a score. `item_consequences` are (consequence id, item id) pairs findings triggered."""
    s = rs.settlement
    grade = rs.grade_for(score) if score is not None else None
    hits = [_hit(rs, cid, Message.of("consequence.finding", item=item)) for cid, item in item_consequences]
    common = dict(citation=s.citation, fee_title_zh=s.fee_title_zh, fee_title_en=s.fee_title_en,
                  withheld_title_zh=s.withheld_title_zh, withheld_title_en=s.withheld_title_en,
                  none_reason_zh=s.none_reason_zh, none_reason_en=s.none_reason_en, provisional=provisional)
    if s.kind is SettlementKind.NONE or score is None:
        return Settlement(kind=SettlementKind.NONE, score=score, grade=grade, base=None, withheld=None, deduction_rate=None,
                          deducted=None, paid=None, returned_to_fund=None, fund_losses=money(fund_losses),
                          consequences=tuple(hits), **common)
    if score < 0 or score > rs.score_max:
        raise InputError(None, "score", Message.of("error.scoring.score_outside", score=score, max=rs.score_max))
    rate, steps, band = deduction_rate(rs, score)
    for cid in band.consequences:
        hits.append(_hit(rs, cid, Message.of("consequence.band", score=str(score))))
    if fee is None:
        return Settlement(kind=s.kind, score=score, grade=grade, base=None, withheld=None, deduction_rate=rate,
                          deducted=None, paid=None, returned_to_fund=None, fund_losses=money(fund_losses),
                          consequences=tuple(hits), steps=steps, band_citation=band.citation, **common)
    if fund_losses > 0 and s.fund_loss_consequence:
        hits.append(_hit(rs, s.fund_loss_consequence, Message.of("consequence.fund_loss", amount=money(fund_losses))))
    base, note = prorate(rs, fee, period, served)
    withheld = money(base * s.withheld_rate)  # type: ignore[operator]
    deducted = money(withheld * rate)
    returned = deducted + money(fund_losses) if s.returned_to_fund else None
    return Settlement(
        kind=s.kind, score=score, grade=grade, base=base, withheld=withheld, deduction_rate=rate,
        deducted=deducted, paid=withheld - deducted, returned_to_fund=returned, fund_losses=money(fund_losses),
        consequences=tuple(hits), steps=steps, band_citation=band.citation, annual_fee=money(fee),
        proration_note=note, **common,
    )


def _hit(rs: RuleSet, cid: str, why: Message) -> ConsequenceHit:
    c = rs.consequence(cid)
    if c is None:  # checked when the rules were read; a plugin building rules by hand may slip
        raise InputError(rs.source_files[0] if rs.source_files else None, "consequences",
                         Message.of("error.scoring.unknown_consequence", consequence=cid))
    return ConsequenceHit(consequence=c, reason=why)
