"""Aggregations `sum` (Qinhuangdao, Taicang) and `weighted_tree` (Tianjin's three levels).

A provisional result's total counts only the items that were assessed: it is the lowest the final
total can be (an item cannot score below zero), never a guess of full marks for the rest.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ZERO, plain, round_points
from ..errors import InputError
from ..messages import Message, pick
from ..model import Category, Indicator
from ..parts import Aggregation, Totals
from ..report.items import item_table
from ..report.totals import totals_lines
from ..result import CategoryScore, Notice


class SumAggregation(Aggregation):
    id = "sum"

    def check_rules(self, rs, file: str) -> None:
        for cat in rs.categories:
            s = sum((i.max for i in rs.items if i.category == cat.id), ZERO)
            if s != cat.max:
                raise InputError(file, f"categories {cat.id}",
                                 Message.of("error.rules.category_sum", total=s, max=cat.max))
        s = sum((i.max for i in rs.items), ZERO)
        if rs.items and s != rs.region.max:
            raise InputError(file, "region.max", Message.of("error.rules.region_sum", total=s, max=rs.region.max))

    def weigh(self, rs, items, bonus_total: Decimal, provisional: bool) -> Totals:
        places = rs.region.points_places
        categories = []
        for cat in rs.categories:
            members = [i for i in items if i.category == cat.id]
            done = [i for i in members if i.assessed]
            categories.append(CategoryScore(category=cat, score=round_points(sum((i.weighted for i in done), ZERO), places),
                                            assessed_max=sum((i.max * i.weight for i in done), ZERO),
                                            complete=len(done) == len(members)))
        provisional = provisional or any(not i.assessed for i in items)
        unassessed = sum((i.max * i.weight for i in items if not i.assessed), ZERO)
        low = high = None
        if provisional:
            # what every item can still contribute, and the bonus the cap still leaves room for
            headroom = (rs.bonus.cap - bonus_total) if rs.bonus else ZERO
            low = round_points(sum((i.weighted_range[0] for i in items), ZERO) + bonus_total, places)
            high = round_points(min(rs.score_max, sum((i.weighted_range[1] for i in items), ZERO) + bonus_total
                                    + headroom), places)
        # a provisional total is the lowest the final total can be, never a guess of full marks
        total = low if low is not None else round_points(sum((i.weighted for i in items if i.assessed), ZERO)
                                                          + bonus_total, places)
        return Totals(total=total, categories=tuple(categories), grade=rs.grade_for(total),
                      provisional=provisional, unassessed_max=unassessed, breakdown=self.breakdown(rs, items),
                      low=low, high=high)

    def breakdown(self, rs, items):
        return None

    def notices(self, rs, items, totals: Totals) -> list[Notice]:
        missing = [i for i in items if not i.assessed]
        if not missing:
            return []
        points = round_points(totals.unassessed_max, rs.region.points_places)
        return [Notice(Message.of("notice.provisional", count=len(missing), points=points,
                                  low=totals.low, high=totals.high))]

    def table_body(self, r, lang: str, blocks: list[str]) -> list[str]:
        return [item_table(r, lang, weights=False)] + totals_lines(r, lang) + blocks


@attrs.frozen
class Row:
    """One indicator of a weighted tree across its levels: the grid's row."""

    indicator: Indicator
    category: str
    max: Decimal
    leaves: tuple[str | None, ...]  # per level: the item scoring the indicator there (None: the level does not)
    weights: tuple[Decimal | None, ...]  # per level: the indicator's weight within the level


@attrs.frozen
class Levels:
    """A weighted tree's assessing levels with their scores (`Result.breakdown`). With `rows`, the
    report prints the items as a grid, one row per indicator and one column per level: every
    weighted tree whose leaves name their indicator gets it, whatever its region."""

    levels: tuple[tuple[Category, Decimal | None], ...]
    rows: tuple[Row, ...] = ()
    # per level: what it adds to the total, exactly (level weight x its unrounded score); the total
    # is their sum rounded once, which a sum of the rounded level scores may miss by a cent
    weighted: tuple[Decimal, ...] = ()


class WeightedTreeAggregation(SumAggregation):
    """Leaves weighted by the product of the weights on their path (level x dimension x indicator);
    the total is the weighted average of the levels."""

    id = "weighted_tree"

    def check_rules(self, rs, file: str) -> None:
        """The tree's weights are checked where the tree is read (the agreement file)."""

    def breakdown(self, rs, items) -> Levels:
        out, weighted = [], []
        for g in rs.groups:
            members = [i for i in items if i.group == g.id]
            weight = g.weight or Decimal(1)
            part = sum((i.weighted for i in members if i.assessed), ZERO)
            weighted.append(part)
            out.append((g, round_points(part / weight, rs.region.points_places)))
        return Levels(tuple(out), _rows(rs), tuple(weighted))

    def table_body(self, r, lang: str, blocks: list[str]) -> list[str]:
        # the grid's module is loaded by the regions that weigh a tree, not by every assessment
        from ..report.grid import grid_lines, level_lines

        if not r.breakdown.rows:  # levels without shared indicators: the flat table, weights shown
            return [item_table(r, lang, weights=True)] + level_lines(r, lang) + totals_lines(r, lang) + blocks
        return grid_lines(r, lang) + totals_lines(r, lang) + blocks

    def json(self, r, lang: str) -> dict:
        from ..report.jsondoc import json_points

        return {"groups": [{"id": g.id, "title": pick(g.title_zh, g.title_en, lang), "weight": plain(g.weight),
                            "score": json_points(s, r.region.points_places)} for g, s in r.breakdown.levels]}


def _rows(rs) -> tuple[Row, ...]:
    """The indicators in the order the rules list them, each with its leaf at every level."""
    if not rs.groups or any(i.indicator is None for i in rs.items):
        return ()
    levels = [g.id for g in rs.groups]
    rows: dict[str, list] = {}
    for i in rs.items:
        row = rows.setdefault(i.indicator.id, [i.indicator, i.category, i.max, [None] * len(levels),
                                               [None] * len(levels)])
        k = levels.index(i.group)
        row[3][k] = i.id
        row[4][k] = i.weight / (rs.groups[k].weight or Decimal(1))
    return tuple(Row(ind, cat, top, tuple(leaves), tuple(w)) for ind, cat, top, leaves, w in rows.values())
