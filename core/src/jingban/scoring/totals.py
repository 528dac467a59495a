"""From item scores to the total: plain sums, weighted trees, checklists; then the grade.

A provisional result's total counts only the items that were assessed: it is the lowest the final
total can be (an item cannot score below zero), never a guess of full marks for the rest.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ZERO, round_points
from ..model import Category, Grade, RuleSet
from ..result import AreaSummary, CategoryScore, ItemScore


@attrs.frozen
class Totals:
    total: Decimal | None
    categories: tuple[CategoryScore, ...]
    groups: tuple[tuple[Category, Decimal | None], ...]
    areas: tuple[AreaSummary, ...]
    grade: Grade | None
    provisional: bool
    unassessed_max: Decimal  # weighted points the not-assessed items could still add


def weigh(rs: RuleSet, items: tuple[ItemScore, ...], bonus_total: Decimal, extra_provisional: bool) -> Totals:
    provisional = extra_provisional or any(not i.assessed for i in items)
    categories = []
    for cat in rs.categories:
        members = [i for i in items if i.category == cat.id]
        done = [i for i in members if i.assessed]
        score = round_points(sum((i.weighted for i in done), ZERO), rs.region.points_places) \
            if rs.region.aggregation != "checklist" else None
        categories.append(CategoryScore(category=cat, score=score,
                                        assessed_max=sum((i.max * i.weight for i in done), ZERO),
                                        complete=len(done) == len(members)))
    groups = []
    for g in rs.groups:
        members = [i for i in items if i.group == g.id]
        weight = g.weight or Decimal(1)
        s = sum((i.weighted for i in members if i.assessed), ZERO) / weight
        groups.append((g, round_points(s, rs.region.points_places)))
    areas = ()
    if rs.region.aggregation == "checklist":
        areas = tuple(_area(cat, [i for i in items if i.category == cat.id]) for cat in rs.categories)
        return Totals(None, tuple(categories), tuple(groups), areas, None, provisional, ZERO)
    raw = sum((i.weighted for i in items if i.assessed), ZERO) + bonus_total
    total = round_points(raw, rs.region.points_places)
    unassessed = sum((i.max * i.weight for i in items if not i.assessed), ZERO)
    return Totals(total, tuple(categories), tuple(groups), areas, rs.grade_for(total), provisional, unassessed)


def _area(cat: Category, members: list[ItemScore]) -> AreaSummary:
    count = lambda a: sum(1 for i in members if i.answer == a)  # noqa: E731
    return AreaSummary(category_id=cat.id, title_zh=cat.title_zh, title_en=cat.title_en,
                       compliant=count("compliant"), partly=count("partly"), non_compliant=count("non_compliant"),
                       not_applicable=count("not_applicable"), unanswered=sum(1 for i in members if i.answer is None))
