"""Deduction clauses: per case, once, or per unit below a minimum; the item's cap ("扣完为止").

An item of shape `deductions` starts at its maximum and loses the sum of its clauses' deductions,
never more than the maximum. Clauses that name a fact take their count from it; the others from
findings. An item is assessed only when the evidence covers it: it is listed as inspected, has a
finding, or every clause is counted from a fact that is present. A fact the item needs but the
evidence lacks leaves the item not assessed, whatever the inspected list says.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ONE, ZERO, plain
from ..errors import InputError
from ..model import Clause, Item
from ..result import Deduction, ItemScore
from .context import ScoringContext


def clause_deductions(item: Item, ctx: ScoringContext) -> tuple[list[Deduction], list[str], bool]:
    """Deductions before the cap, the facts that were missing, and whether a finding touched the item."""
    product = ctx.evidence.product
    out: list[Deduction] = []
    missing: list[str] = []
    touched = False
    for clause in item.clauses:
        if not clause.applies_to(product):
            continue
        if clause.fact is not None:
            d = _from_fact(clause, ctx, missing)
            if d is not None:
                out.append(d)
            continue
        charges = ctx.charges_for(clause.id)
        once_done = False
        for ch in charges:
            touched = True
            f = ch.finding
            if ch.again:
                out.append(Deduction(
                    clause_id=clause.id, title_zh=clause.title_zh, title_en=clause.title_en, points=ZERO,
                    citation=ctx.ruleset.region.same_issue_citation or clause.citation, count=Decimal(f.count),
                    finding_id=f.id, evidence=f.description, deducted_again_elsewhere=True,
                    note_zh=f"同一问题已在第{ch.first_item}项扣分，不重复扣分",
                    note_en=f"same issue already deducted under item {ch.first_item}; not deducted again",
                ))
                continue
            if clause.per == "once":
                points = clause.points if (f.count >= 1 and not once_done) else ZERO
                once_done = once_done or f.count >= 1
            else:
                points = clause.points * f.count
            out.append(Deduction(
                clause_id=clause.id, title_zh=clause.title_zh, title_en=clause.title_en, points=points,
                citation=clause.citation, count=Decimal(f.count), finding_id=f.id,
                evidence=_finding_text(f),
                note_zh=None if points or clause.per != "once" else "本项为一次性扣分，已扣过",
                note_en=None if points or clause.per != "once" else "a one-off deduction, already taken",
            ))
    return out, missing, touched


def _finding_text(f) -> str:
    parts = [f.description]
    if f.location:
        parts.append(f"({f.location})")
    if f.reference:
        parts.append(f"[{f.reference}]")
    if f.date:
        parts.append(str(f.date))
    return " ".join(parts)


def _from_fact(clause: Clause, ctx: ScoringContext, missing: list[str]) -> Deduction | None:
    value = ctx.fact_value(clause.fact)  # type: ignore[arg-type]
    if value is None:
        missing.append(clause.fact)  # type: ignore[arg-type]
        return None
    source = ctx.fact(clause.fact)  # type: ignore[arg-type]
    text = f"{clause.fact} = {plain(value)}"
    if clause.minus_fact:
        sub = ctx.fact_value(clause.minus_fact)
        if sub is None:
            missing.append(clause.minus_fact)
            return None
        if sub > value:
            raise InputError(ctx.evidence.file, f"facts.{clause.minus_fact}",
                             f"{plain(sub)} is more than {clause.fact} ({plain(value)}), of which it is a part")
        value = value - sub
        text += f" - {clause.minus_fact} = {plain(sub)}"
    if clause.per == "unit_below":
        units = max(ZERO, clause.minimum - value)  # type: ignore[operator]
        text += f" (minimum {plain(clause.minimum)})"
    elif clause.per == "once":
        units = ONE if value > 0 else ZERO
    else:
        units = value
    if source is not None and source.detail:
        text += f"; {source.detail}"
    if source is not None and source.source:
        text += f" <{source.source}>"
    points = clause.points * units
    if points == 0:
        return None
    return Deduction(clause_id=clause.id, title_zh=clause.title_zh, title_en=clause.title_en, points=points,
                     citation=clause.citation, count=units, finding_id=None, evidence=text)


def apply_cap(deductions: list[Deduction], cap: Decimal) -> list[Deduction]:
    """Cut deductions so their sum never exceeds the item's points ("扣完为止")."""
    left = cap
    out = []
    for d in deductions:
        if d.points <= left:
            out.append(d)
            left -= d.points
        else:
            out.append(attrs.evolve(d, points=left, capped=True))
            left = ZERO
    return out


def score_deductions_item(item: Item, ctx: ScoringContext) -> ItemScore:
    deductions, missing, touched = clause_deductions(item, ctx)
    applicable = [c for c in item.clauses if c.applies_to(ctx.evidence.product)]
    fact_only = bool(applicable) and all(c.fact is not None for c in applicable)
    listed = item.id in ctx.inspected
    why = None
    if missing:
        why = "missing facts: " + ", ".join(sorted(set(missing)))
    elif not (listed or touched or fact_only):
        why = "not in the evidence (not inspected, no finding)"
    capped = apply_cap(deductions, item.max)
    # a consequence follows from the problem, so a same-issue repeat that deducts nothing still carries it
    consequences = tuple(sorted({c.consequence for c in applicable if c.consequence and ctx.charges_for(c.id)}))
    if why is not None:
        return ItemScore(id=item.id, category=item.category, title_zh=item.title_zh, title_en=item.title_en,
                         max=item.max, score=None, assessed=False, citation=item.citation,
                         deductions=tuple(capped), weight=item.weight, group=item.group, why_not_assessed=why,
                         consequences=consequences)
    lost = sum((d.points for d in capped), ZERO)
    return ItemScore(id=item.id, category=item.category, title_zh=item.title_zh, title_en=item.title_en,
                     max=item.max, score=item.max - lost, assessed=True, citation=item.citation,
                     deductions=tuple(capped), weight=item.weight, group=item.group, consequences=consequences)
