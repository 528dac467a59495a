"""Shape `dimensions`: an item judged on weighted dimensions (Taicang: 有制度 50%, 有落实 30%,
服务好 20%).

The inspectors rate each dimension from 0 to 1 (the evidence's `[ratings]` section); the item
scores max x sum(weight x rating). Numeric requirements the item states are checked from facts: a
failed requirement caps the rating of its dimension at 1 - (sum of the failed requirements'
shares), so a shortfall the facts prove costs points even when the rating was generous, and never
twice when the rating already took it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from ..amounts import ONE, ZERO, plain
from ..errors import InputError
from ..messages import Message, Text, fact_name, joined
from ..model import Item
from ..parts import Section, Shape
from ..result import Deduction, ItemScore
from ..rulesfile import read_requirement
from ..scoring.context import ScoringContext
from ..scoring.requirements import check_requirements
from ..tomlread import Node
from . import ById, check_section_ids


@attrs.frozen
class Rating:
    values: tuple[tuple[str, Decimal], ...]
    note: str | None = None

    def get(self, dim: str) -> Decimal | None:
        return dict(self.values).get(dim)


@attrs.frozen
class Ratings(ById):
    """The `[ratings]` section: item id -> its dimensions' ratings."""


class RatingsSection(Section):
    key = "ratings"
    title = "dimension ratings of dimension items"

    def read(self, top: Node) -> Ratings | None:
        t = top.table("ratings", None)
        if t is None:
            return None
        out = []
        for item_id, raw in t.items_of():
            sub = t.child(raw if isinstance(raw, dict) else {}, t.key_path(item_id))
            if not isinstance(raw, dict):
                raise t.error(item_id, Message.of("error.evidence.expected_ratings_table"))
            note = sub.str("note", None)
            values = []
            for dim in raw:
                if dim == "note":
                    continue
                values.append((dim, sub.decimal(dim, minimum=ZERO, maximum=Decimal(1))))
            sub.done()
            # by dimension id: the ratings of an item are a mapping, and the record is the same
            # whatever order the file (or a workbook's columns) gives them in
            out.append((item_id, Rating(tuple(sorted(values)), note)))
        return Ratings(tuple(out))

    def check(self, rs, record: Ratings, ev) -> None:
        check_section_ids(rs, ev, self.key, record, DimensionsShape.id)


class DimensionsShape(Shape):
    id = "dimensions"
    keys = ("requirements",)

    def sections(self):
        return (RatingsSection(),)

    def read(self, node, item_id, products):
        return {"requirements": tuple(read_requirement(q, with_dimension=True) for q in node.tables("requirements"))}

    def check_rules(self, rs, item: Item, file: str) -> None:
        if not rs.dimensions:
            raise InputError(file, f"items {item.id}", Message.of("error.scoring.dimensions_missing"))

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        rs = ctx.ruleset
        ratings = ctx.section("ratings")
        rating = ratings.get(item.id) if ratings is not None else None
        checks = check_requirements(ctx, item.requirements)
        if rating is None:
            return ItemScore.of(item, score=None, why=Message.of("why.no_ratings"), checks=checks)
        dim_ids = [d.id for d in rs.dimensions]
        for dim, _ in rating.values:
            if dim not in dim_ids:
                raise InputError(ctx.evidence.file, f"ratings.{item.id}.{dim}", Message.of(
                    "error.scoring.unknown_dimension", dimensions=joined(*dim_ids, zh="、", en=", ")))
        missing = [d for d in dim_ids if rating.get(d) is None]
        if missing:
            return ItemScore.of(item, score=None, checks=checks,
                                why=Message.of("why.dimensions_not_rated", dimensions=", ".join(missing)))
        deductions = self._lines(item, rs, rating, checks, lambda c: c.passed is False)
        lost = sum((d.points for d in deductions), ZERO)
        floor = None
        if any(c.passed is None for c in checks):
            # a requirement whose fact is missing may still fail: the item can score as low as that
            worst = self._lines(item, rs, rating, checks, lambda c: c.passed is not True)
            floor = item.max - sum((d.points for d in worst), ZERO)
        return ItemScore.of(item, score=item.max - lost, deductions=deductions, checks=checks, floor=floor)

    @staticmethod
    def _lines(item: Item, rs, rating: Rating, checks, fails) -> list[Deduction]:
        """The deduction lines for the ratings, with the requirements `fails` says failed."""
        deductions = []
        for dim in rs.dimensions:
            r = rating.get(dim.id)
            failed = [(c, q) for c, q in zip(checks, item.requirements) if q.dimension == dim.id and fails(c)]
            # shares are exact fractions (a third stays a third); points come back to Decimal at the end
            cap = max(Fraction(0), 1 - sum((q.share for _, q in failed), Fraction(0)))
            effective = min(Fraction(r), cap)
            share_pts = item.max * dim.weight
            title = Text(dim.title_zh, dim.title_en)
            if r < ONE:
                deductions.append(Deduction(
                    clause_id=f"{item.id}.{dim.id}", title=title, points=share_pts * (ONE - r), citation=dim.citation,
                    count=ONE, evidence=joined(Message.of("evidence.rating", rating=plain(r)), rating.note),
                ))
            if effective < Fraction(r):
                lost = Fraction(share_pts) * (Fraction(r) - effective)
                text = joined(*(Message.of("evidence.requirement", fact=fact_name(c.fact), actual=c.actual, op=c.op,
                                           value=c.value) for c, _ in failed),
                              Message.of("evidence.rating_capped", cap=_show(effective)))
                deductions.append(Deduction(
                    clause_id=f"{item.id}.{dim.id}.requirements",
                    title=Message.of("deduction.requirements_title", title=title),
                    points=Decimal(lost.numerator) / Decimal(lost.denominator), citation=failed[0][1].citation,
                    count=Decimal(len(failed)), evidence=text,
                ))
        return deductions

    def workbook_inputs(self, rs):
        from ..workbook.cells import CellKind
        from ..workbook.layout import Input, word

        return tuple(Input(d.id, Text(d.title_zh, d.title_en), CellKind.DECIMAL, minimum=ZERO, maximum=ONE, width=9,
                           hint=word("hint.rating")) for d in rs.dimensions) + (
            Input("note", word("col.rating_note"), CellKind.TEXT, width=30),)

    def workbook_key(self, item, input_id):
        return ("ratings", item.id, input_id)

    def template(self, rs, items, lang: str) -> list[str]:
        out = []
        for i in items:
            out.append(f"[ratings.{i.id}]    # {Text(i.title_zh, i.title_en).render(lang)} ({plain(i.max)})")
            for d in rs.dimensions:
                out.append(f'# {d.id} = "1"    # {Text(d.title_zh, d.title_en).render(lang)} {plain(d.weight)}')
            out.append("")
        return out


def _show(x: Fraction) -> str:
    """A cap as the document would write it: a decimal when it has at most two places (0.8, 0.75),
    else the fraction (2/3)."""
    if 100 % x.denominator:
        return str(x)
    return plain(Decimal(x.numerator) / Decimal(x.denominator))
