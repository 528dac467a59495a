"""Deduction clauses: per case, once, or per unit below a minimum; the item's cap ("扣完为止").

A rule primitive of the core, used by every shape whose items carry clauses (`deductions`, and
`rating` leaves). Clauses that name a fact take their count from it; the others from findings.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ONE, ZERO
from ..errors import InputError
from ..kinds import Per
from ..messages import Message, Text, fact_name, joined
from ..model import Clause, Item
from ..result import Deduction
from .context import ScoringContext


@attrs.frozen
class ClauseOutcome:
    """What an item's clauses make of the evidence, before the item's cap."""

    deductions: tuple[Deduction, ...]
    missing: tuple[str, ...]  # facts a clause needs that the evidence lacks, sorted, each once
    touched: bool  # a finding was charged to one of the item's clauses
    fact_only: bool  # every clause that applies is counted from a fact
    consequences: tuple[str, ...]  # consequence ids of clauses that findings were charged to


def clause_outcome(item: Item, ctx: ScoringContext) -> ClauseOutcome:
    """The item's clause deductions for the evidence, and what they say about its coverage."""
    product = ctx.evidence.product
    applicable = [c for c in item.clauses if c.applies_to(product)]
    out: list[Deduction] = []
    missing: list[str] = []
    touched = False
    triggered: set[str] = set()  # consequence ids: of clauses a finding was charged to, or a fact counts
    for clause in applicable:
        if clause.fact is not None:
            d, cases = _from_fact(clause, ctx, missing)
            if d is not None:
                out.append(d)
            if clause.consequence and cases:  # the fact counts at least one case, whatever it deducts
                triggered.add(clause.consequence)
            continue
        once_done = False
        for ch in ctx.charges_for(clause.id):
            touched = True
            f = ch.finding
            title = Text(clause.title_zh, clause.title_en)
            if ch.again:
                out.append(Deduction(
                    clause_id=clause.id, title=title, points=ZERO,
                    citation=ctx.ruleset.region.same_issue_citation or clause.citation, count=Decimal(f.count),
                    finding_id=f.id, evidence=f.description, deducted_again_elsewhere=True,
                    note=Message.of("deduction.same_issue", item=ch.first_item),
                ))
                continue
            # option same_issue_rows = counted_fact: the claims a count of another item deducts
            # already are no cases of the finding here
            counted = _counted_elsewhere(f, ctx)
            cases = f.count - len(counted)
            if clause.per is Per.ONCE:
                points = clause.points if (cases >= 1 and not once_done) else ZERO
                once_done = once_done or cases >= 1
            else:
                points = clause.points * cases
            note = None
            if not points and clause.per is Per.ONCE:
                note = Message.of("deduction.once_taken")
            elif ch.also:  # the same issue falls under other items too: say why it is deducted here
                note = Message.of("deduction.same_issue_here", items="、".join(ch.also),
                                  rule=Message.of(f"same_issue.{ch.rule}"))
            if f.claims:
                note = joined(note, _claims_note(f, ctx, counted))
            out.append(Deduction(
                clause_id=clause.id, title=title, points=points, citation=clause.citation, count=Decimal(cases),
                finding_id=f.id, evidence=_finding_text(f), note=note,
            ))
    # a consequence follows from the problem, so a same-issue repeat that deducts nothing still carries it
    triggered |= {c.consequence for c in applicable if c.consequence and ctx.charges_for(c.id)}
    consequences = tuple(sorted(triggered))
    return ClauseOutcome(deductions=tuple(out), missing=tuple(sorted(set(missing))), touched=touched,
                         fact_only=bool(applicable) and all(c.fact is not None for c in applicable),
                         consequences=consequences)


def _counted_elsewhere(f, ctx: ScoringContext) -> set[str]:
    """The claims of finding `f` that a count of claims keeps and deducts (same_issue_rows =
    counted_fact); empty under the default, where the counts leave them out instead."""
    return {cid for fact in ctx.facts for cid, fid in fact.kept if fid == f.id}


def _claims_note(f, ctx: ScoringContext, counted: set[str]):
    """Where the claims a finding names stand: which counts of other items left them out, or deduct
    them instead, so that the report shows on both items where the deduction went."""
    def names(pairs_of) -> list[str]:
        return sorted({fact.name for fact in ctx.facts for cid, fid in pairs_of(fact) if fid == f.id})

    claims = Text("、".join(f.claims), ", ".join(f.claims))
    if counted:
        there = Text("、".join(sorted(counted)), ", ".join(sorted(counted)))
        return Message.of("deduction.claims_counted_there", claims=there,
                          facts=joined(*(fact_name(n) for n in names(lambda x: x.kept)), zh="、", en=", "))
    left = names(lambda x: x.left_out or ())
    if not left:
        return Message.of("deduction.claims_named", claims=claims)
    return Message.of("deduction.claims_left_out", claims=claims,
                      facts=joined(*(fact_name(n) for n in left), zh="、", en=", "))


def _finding_text(f) -> str:
    parts = [f.description]
    if f.location:
        parts.append(f"({f.location})")
    if f.reference:
        parts.append(f"[{f.reference}]")
    if f.date:
        parts.append(str(f.date))
    return " ".join(parts)


def _from_fact(clause: Clause, ctx: ScoringContext, missing: list[str]) -> tuple[Deduction | None, Decimal]:
    """The clause's deduction from its fact (None when it deducts nothing) and the cases (units) the
    fact counts; (None, 0) when the fact is missing."""
    value = ctx.fact_value(clause.fact)  # type: ignore[arg-type]
    if value is None:
        missing.append(clause.fact)  # type: ignore[arg-type]
        return None, ZERO
    source = ctx.fact(clause.fact)  # type: ignore[arg-type]
    parts: list = [Message.of("evidence.fact", fact=fact_name(clause.fact), value=value)]  # type: ignore[arg-type]
    if clause.minus_fact:
        sub = ctx.fact_value(clause.minus_fact)
        if sub is None:
            missing.append(clause.minus_fact)
            return None, ZERO
        if sub > value:
            raise InputError(ctx.evidence.file, f"facts.{clause.minus_fact}",
                             Message.of("error.scoring.part_over_whole", part=sub, fact=clause.fact, value=value))
        value = value - sub
        parts.append(Message.of("evidence.minus_fact", fact=fact_name(clause.minus_fact), value=sub))
    if clause.per is Per.UNIT_BELOW:
        units = max(ZERO, clause.minimum - value)  # type: ignore[operator]
        parts.append(Message.of("evidence.minimum", minimum=clause.minimum))
    elif clause.per is Per.ONCE:
        units = ONE if value > 0 else ZERO
    else:
        units = value
    text = joined(joined(*parts, zh="", en=""), source.detail if source is not None else None)
    if source is not None and source.source:
        text = joined(text, Message.of("evidence.source", source=source.source), zh=" ", en=" ")
    points = clause.points * units
    if points == 0:
        return None, units
    return Deduction(clause_id=clause.id, title=Text(clause.title_zh, clause.title_en), points=points,
                     citation=clause.citation, count=units, finding_id=None, evidence=text), units


def apply_cap(deductions, cap: Decimal) -> list:
    """Cut deductions so their sum never exceeds the item's points ("扣完为止"). Takes any frozen
    records with `points` and `capped` (deduction lines, `compare --rules`' priced hits)."""
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
