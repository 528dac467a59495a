"""Checklist points (Kaifeng): answered compliant / partly / non-compliant / not applicable.

Facts decide the points that state a number: a failed check makes the point non-compliant whatever
the answer says, with the fact as the reason. A passing check never answers a point by itself: most
points say more than their number (3.2 also asks for review of large single claims), so a point
nobody answered stays unanswered and the result provisional.
"""

from __future__ import annotations

from ..amounts import ZERO, plain
from ..model import Item
from ..result import ItemScore
from .context import ScoringContext
from .dimensions import check_requirements


def score_check_item(item: Item, ctx: ScoringContext) -> ItemScore:
    answer = None if ctx.foreign else ctx.evidence.answer(item.id)
    checks = check_requirements(item, ctx, item.checks)
    failed = [c for c in checks if c.passed is False]
    result = answer.result if answer else None
    reasons = [answer.reason] if answer and answer.reason else []
    if failed:
        result = "non_compliant"
        reasons.extend(f"{c.title_zh}：{c.fact} = {plain(c.actual)}，要求 {c.op} {plain(c.value)}" for c in failed)
    return ItemScore(
        id=item.id, category=item.category, title_zh=item.title_zh, title_en=item.title_en, max=item.max,
        score=ZERO if result else None, assessed=result is not None, citation=item.citation,
        weight=item.weight, group=item.group, answer=result, reason="；".join(reasons) or None,
        rectification=answer.rectification if answer else None, checks=tuple(checks),
        why_not_assessed=None if result else "not answered",
    )
