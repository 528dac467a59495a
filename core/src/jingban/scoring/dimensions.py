"""Items judged on weighted dimensions (Taicang: 有制度 50%, 有落实 30%, 服务好 20%).

The inspectors rate each dimension from 0 to 1; the item scores max x sum(weight x rating).
Numeric requirements the item states are checked from facts: a failed requirement caps the rating
of its dimension at 1 - (sum of the failed requirements' shares), so a shortfall the facts prove
costs points even when the rating was generous, and never twice when the rating already took it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..amounts import ONE, ZERO, plain
from ..errors import InputError
from ..model import Item
from ..result import CheckOutcome, Deduction, ItemScore
from .context import ScoringContext


def check_requirements(item: Item, ctx: ScoringContext, reqs) -> list[CheckOutcome]:
    out = []
    for q in reqs:
        actual = ctx.fact_value(q.fact)
        out.append(CheckOutcome(
            id=q.id, title_zh=q.title_zh, title_en=q.title_en,
            passed=None if actual is None else q.holds(actual), fact=q.fact, actual=actual, op=q.op,
            value=q.value, citation=q.citation,
        ))
    return out


def score_dimensions_item(item: Item, ctx: ScoringContext) -> ItemScore:
    rs = ctx.ruleset
    rating = None if ctx.foreign else ctx.evidence.rating(item.id)
    checks = check_requirements(item, ctx, item.requirements)
    base = dict(id=item.id, category=item.category, title_zh=item.title_zh, title_en=item.title_en,
                max=item.max, citation=item.citation, weight=item.weight, group=item.group, checks=tuple(checks))
    if rating is None:
        return ItemScore(score=None, assessed=False, why_not_assessed="no dimension ratings in the evidence", **base)
    dim_ids = [d.id for d in rs.dimensions]
    for dim, _ in rating.values:
        if dim not in dim_ids:
            raise InputError(ctx.evidence.file, f"ratings.{item.id}.{dim}",
                             f"unknown dimension; this region rates {', '.join(dim_ids)}")
    missing = [d for d in dim_ids if rating.get(d) is None]
    if missing:
        return ItemScore(score=None, assessed=False,
                         why_not_assessed="dimensions not rated: " + ", ".join(missing), **base)
    deductions = []
    for dim in rs.dimensions:
        r = rating.get(dim.id)
        failed = [(c, q) for c, q in zip(checks, item.requirements) if q.dimension == dim.id and c.passed is False]
        # shares are exact fractions (a third stays a third); points come back to Decimal at the end
        cap = max(Fraction(0), 1 - sum((q.share for _, q in failed), Fraction(0)))
        effective = min(Fraction(r), cap)
        share_pts = item.max * dim.weight
        if r < ONE:
            deductions.append(Deduction(
                clause_id=f"{item.id}.{dim.id}", title_zh=dim.title_zh, title_en=dim.title_en,
                points=share_pts * (ONE - r), citation=dim.citation, count=ONE, evidence=
                f"rating {plain(r)}" + (f"; {rating.note}" if rating.note else ""),
            ))
        if effective < Fraction(r):
            lost = Fraction(share_pts) * (Fraction(r) - effective)
            text = "; ".join(f"{c.fact} = {plain(c.actual)}, required {c.op} {plain(c.value)}" for c, _ in failed)
            deductions.append(Deduction(
                clause_id=f"{item.id}.{dim.id}.requirements", title_zh=dim.title_zh + "（量化要求未达标）",
                title_en=dim.title_en + " (numeric requirement not met)",
                points=Decimal(lost.numerator) / Decimal(lost.denominator), citation=failed[0][1].citation,
                count=Decimal(len(failed)), evidence=text + f"; rating capped at {_show(effective)}",
            ))
    lost = sum((d.points for d in deductions), ZERO)
    return ItemScore(score=item.max - lost, assessed=True, deductions=tuple(deductions), **base)


def _show(x: Fraction) -> str:
    return str(x) if x.denominator not in (1, 2, 4, 5, 10, 20, 25, 50, 100) else plain(
        Decimal(x.numerator) / Decimal(x.denominator))
