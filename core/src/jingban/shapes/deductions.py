"""Shape `deductions`: an item that starts at its points and loses what its clauses deduct.

The item loses the sum of its clauses' deductions, never more than its points ("扣完为止").
It is assessed only when the evidence covers it: it is listed as inspected, has a finding, or
every clause is counted from a fact that is present. A fact the item needs but the evidence lacks
leaves the item not assessed, whatever the inspected list says.
"""

from __future__ import annotations

from ..amounts import ZERO
from ..messages import Message
from ..model import Item
from ..parts import Shape
from ..result import ItemScore
from ..rulesfile import read_clause
from ..scoring.clauses import apply_cap, clause_outcome
from ..scoring.context import ScoringContext


class DeductionsShape(Shape):
    id = "deductions"
    keys = ("clauses",)
    lists_inspected = True

    def read(self, node, item_id, products):
        return {"clauses": tuple(read_clause(c, item_id, products) for c in node.tables("clauses"))}

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        found = clause_outcome(item, ctx)
        capped = apply_cap(found.deductions, item.max)
        why = None
        if found.missing:
            why = Message.of("why.missing_facts", facts=", ".join(found.missing))
        elif not (item.id in ctx.inspected or found.touched or found.fact_only):
            why = Message.of("why.not_in_evidence")
        score = None if why else item.max - sum((d.points for d in capped), ZERO)
        return ItemScore.of(item, score=score, why=why, deductions=capped, consequences=found.consequences)
