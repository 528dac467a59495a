"""What an assessment produces: item scores with their deductions, totals, grade and settlement.

Each deduction keeps the rule (clause and citation) and the evidence (finding or fact) behind it,
so a report reads "rule -> evidence -> points".
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from attrs import validators as v

from .model import Category, Citation, Consequence, Grade, Region


@attrs.frozen
class Deduction:
    """Points taken off an item by one clause for one piece of evidence."""

    clause_id: str
    title_zh: str
    title_en: str
    points: Decimal = attrs.field(validator=v.instance_of(Decimal))
    citation: Citation
    count: Decimal  # cases, or units below a minimum, or 1 for once / dimension losses
    finding_id: str | None = None  # None when the count came from a fact
    evidence: str = ""  # what the finding or fact says, for the reader
    deducted_again_elsewhere: bool = False  # same issue already deducted on another item: points 0
    note_zh: str | None = None
    note_en: str | None = None
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
    id: str
    category: str
    title_zh: str
    title_en: str
    max: Decimal
    score: Decimal | None  # None: not assessed
    assessed: bool
    citation: Citation
    deductions: tuple[Deduction, ...] = ()
    weight: Decimal = Decimal(1)
    group: str | None = None
    answer: str | None = None  # checklist points
    reason: str | None = None
    rectification: str | None = None
    checks: tuple[CheckOutcome, ...] = ()
    why_not_assessed: str | None = None
    consequences: tuple[str, ...] = ()  # consequence ids triggered by findings on this item

    @property
    def weighted(self) -> Decimal | None:
        return None if self.score is None else self.score * self.weight


@attrs.frozen
class CategoryScore:
    category: Category
    score: Decimal | None  # None when any item in it is not assessed … shown as partial
    assessed_max: Decimal
    complete: bool


@attrs.frozen
class AreaSummary:
    """Checklist regions: how the points of one area were answered."""

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
    reason_zh: str
    reason_en: str

    @property
    def id(self) -> str:
        return self.consequence.id


@attrs.frozen
class Settlement:
    """The money that depends on the score."""

    kind: str  # "withheld_share" | "none"
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
    proration_note: str | None = None
    none_reason_zh: str | None = None
    none_reason_en: str | None = None
    provisional: bool = False


@attrs.frozen
class Notice:
    """Something the reader must know that is not a deduction (ignored evidence, banners)."""

    zh: str
    en: str


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
    areas: tuple[AreaSummary, ...] = ()
    groups: tuple[tuple[Category, Decimal | None], ...] = ()  # weighted trees: score per level
    notices: tuple[Notice, ...] = ()
    report_sections: tuple[tuple[str, str], ...] = ()
    facts_used: tuple[tuple[str, Decimal, str, str], ...] = ()  # name, value, source, detail
    evidence_file: str = ""
    survey_dissatisfied: tuple = ()  # SurveyAnswer rows answered "dissatisfied" (personal data inside)

    @property
    def not_assessed(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items if not i.assessed)

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
