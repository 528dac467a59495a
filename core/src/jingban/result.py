"""What an assessment produces: item scores with their deductions, totals, grade and settlement.

Each deduction keeps the rule (clause and citation) and the evidence (finding or fact) behind it,
so a report reads "rule -> evidence -> points". What only one shape or aggregation produces (a
checklist answer, the areas of a checklist, the levels of a tree, the survey's rows) is that
unit's own record, carried in `ItemScore.detail`, `Result.breakdown` and `Result.sections`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

import attrs
from attrs import validators as v

from .messages import Message, Text
from .model import Category, Citation, Consequence, Grade, Item, Region

@attrs.frozen
class Deduction:
    """Points taken off an item by one clause for one piece of evidence."""

    clause_id: str
    title: Text | Message  # the clause's title (data), or a message for lines the core adds
    points: Decimal = attrs.field(validator=v.instance_of(Decimal))
    citation: Citation
    count: Decimal  # cases, or units below a minimum, or 1 for once / dimension losses
    finding_id: str | None = None  # None when the count came from a fact
    evidence: Any = ""  # what the finding says (the inspector's words), or a message on the fact counted
    deducted_again_elsewhere: bool = False  # same issue already deducted on another item: points 0
    note: Message | None = None
    capped: bool = False  # the item's cap ("扣完为止") cut this deduction


@attrs.frozen
class CheckOutcome:
    """A numeric check on a checklist point or item requirement, with the fact it used."""

    id: str
    title_zh: str
    title_en: str
    passed: bool | None  # None: the fact is missing
    fact: str
    actual: Decimal | None
    op: str
    value: Decimal
    citation: Citation


@attrs.frozen
class ItemScore:
    """One item's result. Built by `ItemScore.of` from the item and what its scoring found."""

    id: str
    category: str
    title_zh: str
    title_en: str
    max: Decimal
    score: Decimal | None  # None: not assessed
    citation: Citation
    deductions: tuple[Deduction, ...] = ()
    weight: Decimal = Decimal(1)
    group: str | None = None
    checks: tuple[CheckOutcome, ...] = ()
    why_not_assessed: Message | None = None
    consequences: tuple[str, ...] = ()  # consequence ids triggered by findings on this item
    detail: Any = None  # the shape's own record (a checklist point's answer), or None
    shape: str = ""  # the item's shape, whose unit renders `detail`
    # the lowest score the item can still take, when the evidence leaves it open (a requirement whose
    # fact is missing, a fact counted with rows set aside); None: the score is decided
    floor: Decimal | None = None

    @classmethod
    def of(cls, item: Item, *, score: Decimal | None, why: Message | None = None,
           deductions: Iterable[Deduction] = (), checks: Iterable[CheckOutcome] = (),
           consequences: Iterable[str] = (), detail: Any = None, floor: Decimal | None = None) -> "ItemScore":
        """The one constructor the shapes use: the item's identity, weight and group come from the
        item; an item without a score says why (`why`), and one with a score has no `why`."""
        if (score is None) == (why is None):
            raise ValueError(f"item {item.id}: give a score or the reason it is not assessed, not both")
        return cls(id=item.id, category=item.category, title_zh=item.title_zh, title_en=item.title_en,
                   max=item.max, score=score, citation=item.citation, deductions=tuple(deductions),
                   weight=item.weight, group=item.group, checks=tuple(checks), why_not_assessed=why,
                   consequences=tuple(sorted(set(consequences))), detail=detail, shape=item.shape,
                   floor=None if floor is None or score is None or floor >= score else floor)

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def weighted(self) -> Decimal | None:
        return None if self.score is None else self.score * self.weight

    @property
    def weighted_range(self) -> tuple[Decimal, Decimal]:
        """The weighted points the item can still contribute: (lowest, highest)."""
        if self.score is None:
            return Decimal(0), self.max * self.weight
        low = self.score if self.floor is None else self.floor
        return low * self.weight, self.score * self.weight


@attrs.frozen
class CategoryScore:
    category: Category
    score: Decimal | None  # None when any item in it is not assessed … shown as partial
    assessed_max: Decimal
    complete: bool


@attrs.frozen
class BonusLine:
    kind: str
    title_zh: str
    title_en: str
    points: Decimal
    description: str
    citation: Citation


@attrs.frozen
class ConsequenceHit:
    consequence: Consequence
    reason: Message

    @property
    def id(self) -> str:
        return self.consequence.id


@attrs.frozen
class Settlement:
    """The money that depends on the score."""

    kind: str  # a SettlementKind
    score: Decimal | None
    grade: Grade | None
    base: Decimal | None  # the fee the withheld share is taken from (after proration)
    withheld: Decimal | None
    deduction_rate: Decimal | None
    deducted: Decimal | None
    paid: Decimal | None
    returned_to_fund: Decimal | None
    fund_losses: Decimal
    consequences: tuple[ConsequenceHit, ...]
    citation: Citation
    fee_title_zh: str = ""
    fee_title_en: str = ""
    withheld_title_zh: str = ""
    withheld_title_en: str = ""
    steps: Decimal | None = None
    band_citation: Citation | None = None
    annual_fee: Decimal | None = None  # before proration
    proration_note: Any = None  # a Message: how the fee was cut for a part of the period
    none_reason_zh: str | None = None
    none_reason_en: str | None = None
    provisional: bool = False


@attrs.frozen
class Outlook:
    """What a provisional result can still become: the range of the total, the grades and
    settlement bands it spans, what the settlement pays at each end, and the consequences that
    follow whatever the final score (`certain`) or only for some scores (`possible`)."""

    low: Decimal
    high: Decimal
    grades: tuple[Grade, ...]
    at_low: Settlement | None
    at_high: Settlement | None
    certain: tuple[ConsequenceHit, ...]
    possible: tuple[ConsequenceHit, ...]


@attrs.frozen
class Notice:
    """Something the reader must know that is not a deduction (ignored evidence, banners)."""

    text: Message | Text

    def render(self, lang: str) -> str:
        return self.text.render(lang)


@attrs.frozen
class Result:
    region: Region
    rules_version: str
    agency: str
    product: str | None
    period: tuple[str, str] | None
    items: tuple[ItemScore, ...]
    categories: tuple[CategoryScore, ...]
    total: Decimal | None
    grade: Grade | None
    provisional: bool
    bonus_lines: tuple[BonusLine, ...]
    bonus_total: Decimal
    bonus_claimed: Decimal
    settlement: Settlement | None
    inputs_sha256: str
    options: tuple[tuple[str, str], ...]
    breakdown: Any = None  # the aggregation's own record (a tree's levels, a checklist's areas)
    outlook: Outlook | None = None  # a provisional result: what can still change
    # what is at stake (jingban.stakes.Stakes): asked for with `assess_evidence(..., stakes=True)`
    stakes: Any = None
    notices: tuple[Notice, ...] = ()
    sections: tuple[tuple[str, Any], ...] = ()  # evidence sections' own records (survey rows, report)
    facts_used: tuple[tuple[str, Decimal, Any, Any], ...] = ()  # name, value, source, detail (Said)
    product_title: Text | None = None  # the product's title from the rules file
    evidence_file: str = ""
    options_shown: tuple[Text, ...] = ()  # the readings in force, as an operator reads them

    @property
    def not_assessed(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items if not i.assessed)

    def section(self, key: str) -> Any:
        return dict(self.sections).get(key)

    def item(self, item_id: str) -> ItemScore:
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def category(self, category_id: str) -> CategoryScore:
        for c in self.categories:
            if c.category.id == category_id:
                return c
        raise KeyError(category_id)
