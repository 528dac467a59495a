"""Numeric requirements and checks: a number an item states, checked against a fact."""

from __future__ import annotations

from ..model import Requirement
from ..result import CheckOutcome
from .context import ScoringContext


def check_requirements(ctx: ScoringContext, reqs: tuple[Requirement, ...]) -> list[CheckOutcome]:
    """Each requirement against its fact: passed, failed, or None when the fact is missing."""
    out = []
    for q in reqs:
        actual = ctx.fact_value(q.fact)
        out.append(CheckOutcome(
            id=q.id, title_zh=q.title_zh, title_en=q.title_en,
            passed=None if actual is None else q.holds(actual), fact=q.fact, actual=actual, op=q.op,
            value=q.value, citation=q.citation,
        ))
    return out
