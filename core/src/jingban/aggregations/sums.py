"""Aggregations `sum` (Qinhuangdao, Taicang) and `weighted_tree` (Tianjin's three levels).

A provisional result's total counts only the items that were assessed: it is the lowest the final
total can be (an item cannot score below zero), never a guess of full marks for the rest.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ZERO, plain, round_points
from ..errors import InputError
from ..messages import Message, label, pick
from ..model import Category
from ..parts import Aggregation, Totals
from ..report.items import item_lines
from ..report.jsondoc import json_points
from ..report.text import pts, punct, table
from ..result import CategoryScore, Notice


class SumAggregation(Aggregation):
    id = "sum"
    show_weights = False  # the item table's weight column

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
        L = lambda k: label(k, lang)  # noqa: E731
        C, LP, RP = punct(lang)
        rows = []
        for i in r.items:
            score = pts(i.score) if i.assessed else L("not_assessed")
            row = [i.id, pick(i.title_zh, i.title_en, lang), pts(i.max), score]
            if self.show_weights:
                row.insert(3, plain(i.weight.normalize()) or "")
            rows.append(row)
            rows.extend(item_lines(i, lang))
        headers = [L("item"), L("title"), L("max"), L("score")]
        if self.show_weights:
            headers.insert(3, L("weight"))
        out = [table(headers, rows, right={2, 3, 4} if self.show_weights else {2, 3})]
        out.extend(self.breakdown_lines(r, lang))
        if r.categories:
            out.append("")
            out.append(L("categories"))
            out.append(table([L("title"), L("max"), L("score")],
                             [[pick(c.category.title_zh, c.category.title_en, lang), pts(c.category.max),
                               pts(c.score) + ("" if c.complete else "*")] for c in r.categories], right={1, 2}))
        if r.bonus_lines:
            out.append("")
            out.append(f"{L('bonus')}{C}" + "；".join(
                f"{pick(b.title_zh, b.title_en, lang)} +{pts(b.points)}{LP}{b.description}{RP}" for b in r.bonus_lines))
            if r.bonus_claimed != r.bonus_total:
                out.append(f"  {L('bonus_capped')} {pts(r.bonus_total)}{LP}{pts(r.bonus_claimed)}{RP}")
        out.append("")
        status = L("provisional") if r.provisional else L("final")
        if r.outlook is not None:  # provisional: what the final total and grade can still be
            o = r.outlook
            grades = L("or").join(pick(g.title_zh, g.title_en, lang) for g in o.grades) or "—"
            out.append(f"{L('total')}{C}{pts(o.low)}～{pts(o.high)} / {pts(r.region.max)}    "
                       f"{L('grade_possible') if len(o.grades) > 1 else L('grade')}{C}{grades}    【{status}】")
        else:
            grade = pick(r.grade.title_zh, r.grade.title_en, lang) if r.grade else "—"
            out.append(f"{L('total')}{C}{pts(r.total)} / {pts(r.region.max)}    {L('grade')}{C}{grade}    【{status}】")
        return out + blocks

    def breakdown_lines(self, r, lang: str) -> list[str]:
        return []


@attrs.frozen
class Levels:
    """A weighted tree's assessing levels with their scores (`Result.breakdown`)."""

    levels: tuple[tuple[Category, Decimal | None], ...]


class WeightedTreeAggregation(SumAggregation):
    """Leaves weighted by the product of the weights on their path (level x dimension x indicator);
    the total is the weighted average of the levels."""

    id = "weighted_tree"
    show_weights = True

    def check_rules(self, rs, file: str) -> None:
        """The tree's weights are checked where the tree is read (the agreement file)."""

    def breakdown(self, rs, items) -> Levels:
        out = []
        for g in rs.groups:
            members = [i for i in items if i.group == g.id]
            weight = g.weight or Decimal(1)
            s = sum((i.weighted for i in members if i.assessed), ZERO) / weight
            out.append((g, round_points(s, rs.region.points_places)))
        return Levels(tuple(out))

    def breakdown_lines(self, r, lang: str) -> list[str]:
        if not r.breakdown.levels:
            return []
        L = lambda k: label(k, lang)  # noqa: E731
        return ["", L("groups"), table([L("title"), L("weight"), L("score")],
                                       [[pick(g.title_zh, g.title_en, lang), plain(g.weight), pts(s)]
                                        for g, s in r.breakdown.levels], right={1, 2})]

    def json(self, r, lang: str) -> dict:
        return {"groups": [{"id": g.id, "title": pick(g.title_zh, g.title_en, lang), "weight": plain(g.weight),
                            "score": json_points(s, r.region.points_places)} for g, s in r.breakdown.levels]}

