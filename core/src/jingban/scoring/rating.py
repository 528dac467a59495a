"""Leaves scored directly by the evidence (Tianjin's indicators), less any clause deductions."""

from __future__ import annotations

from ..amounts import ZERO
from ..errors import InputError
from ..model import Item
from ..result import Deduction, ItemScore
from .clauses import apply_cap, clause_deductions
from .context import ScoringContext


def score_rating_item(item: Item, ctx: ScoringContext) -> ItemScore:
    given = None if ctx.foreign else ctx.evidence.score(item.id)
    deductions, missing, touched = clause_deductions(item, ctx)
    base = dict(id=item.id, category=item.category, title_zh=item.title_zh, title_en=item.title_en,
                max=item.max, citation=item.citation, weight=item.weight, group=item.group)
    if given is not None and given.value > item.max:
        raise InputError(ctx.evidence.file, f"scores.{item.id.replace(':', '.')}",
                         f"{given.value} is above the indicator's maximum {item.max}")
    applicable = [c for c in item.clauses if c.applies_to(ctx.evidence.product)]
    fact_only = bool(applicable) and all(c.fact is not None for c in applicable)
    if missing:
        return ItemScore(score=None, assessed=False, why_not_assessed="missing facts: " + ", ".join(missing),
                         **base)
    if given is None and not (fact_only or touched or item.id in ctx.inspected):
        return ItemScore(score=None, assessed=False, why_not_assessed="no score in the evidence", **base)
    start = item.max if given is None else given.value
    lines: list[Deduction] = []
    if given is not None and given.value < item.max:
        lines.append(Deduction(clause_id=f"{item.id}.score", title_zh="评分", title_en="score given",
                               points=item.max - given.value, citation=item.citation, count=given.value,
                               evidence=f"scored {given.value} of {item.max}" + (f"; {given.note}" if given.note else "")))
    capped = apply_cap(deductions, start)
    lines.extend(capped)
    lost = sum((d.points for d in capped), ZERO)
    return ItemScore(score=start - lost, assessed=True, deductions=tuple(lines), **base)
