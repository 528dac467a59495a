"""Aggregation `checklist` (Kaifeng): no total and no grade; each area's points counted by answer."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ZERO
from ..kinds import Answer
from ..messages import label, pick, say
from ..parts import Aggregation, Totals
from ..report.tables import table
from ..result import CategoryScore


@attrs.frozen
class AreaSummary:
    """How the points of one area were answered."""

    category_id: str
    title_zh: str
    title_en: str
    compliant: int
    partly: int
    non_compliant: int
    not_applicable: int
    unanswered: int

    @property
    def total(self) -> int:
        return self.compliant + self.partly + self.non_compliant + self.not_applicable + self.unanswered


@attrs.frozen
class Areas:
    """A checklist's areas (`Result.breakdown`)."""

    areas: tuple[AreaSummary, ...]


def _answer(i):
    return i.detail.answer if i.detail is not None else None


class ChecklistAggregation(Aggregation):
    id = "checklist"
    scored = False

    def weigh(self, rs, items, bonus_total: Decimal, provisional: bool) -> Totals:
        categories, areas = [], []
        for cat in rs.categories:
            members = [i for i in items if i.category == cat.id]
            done = [i for i in members if i.assessed]
            categories.append(CategoryScore(category=cat, score=None,
                                            assessed_max=sum((i.max * i.weight for i in done), ZERO),
                                            complete=len(done) == len(members)))
            count = lambda a: sum(1 for i in members if _answer(i) == a)  # noqa: E731
            areas.append(AreaSummary(
                category_id=cat.id, title_zh=cat.title_zh, title_en=cat.title_en, compliant=count(Answer.COMPLIANT),
                partly=count(Answer.PARTLY), non_compliant=count(Answer.NON_COMPLIANT),
                not_applicable=count(Answer.NOT_APPLICABLE), unanswered=sum(1 for i in members if _answer(i) is None)))
        return Totals(total=None, categories=tuple(categories), grade=None,
                      provisional=provisional or any(not i.assessed for i in items), unassessed_max=ZERO,
                      breakdown=Areas(tuple(areas)))

    def table_body(self, r, lang: str, blocks: list[str]) -> list[str]:
        L = lambda k: label(k, lang)  # noqa: E731
        rows = []
        for i in r.items:
            answer = _answer(i)
            rows.append([i.id, pick(i.title_zh, i.title_en, lang), L(answer) if answer else L("unanswered"),
                         say(i.detail.reason, lang) if i.detail is not None else ""])
        out = [table([L("item"), L("title"), L("answer"), L("reason")], rows)]
        out.append("")
        out.append(L("areas"))
        out.append(table(
            [L("title"), L("compliant"), L("partly"), L("non_compliant"), L("not_applicable"), L("unanswered")],
            [[pick(a.title_zh, a.title_en, lang), str(a.compliant), str(a.partly), str(a.non_compliant),
              str(a.not_applicable), str(a.unanswered)] for a in r.breakdown.areas], right={1, 2, 3, 4, 5}))
        out.extend(blocks)
        out.append("")
        out.append(f"【{L('provisional') if r.provisional else L('final')}】")
        return out

    def json(self, r, lang: str) -> dict:
        return {"areas": [
            {"id": a.category_id, "title": pick(a.title_zh, a.title_en, lang), "compliant": a.compliant,
             "partly": a.partly, "non_compliant": a.non_compliant, "not_applicable": a.not_applicable,
             "unanswered": a.unanswered}
            for a in r.breakdown.areas]}
