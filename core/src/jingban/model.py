"""The rule set of a region: frozen records read from its rules file (and, for Tianjin, an agreement).

Nothing here computes; `scoring` and `settlement` do. Every record that states a number carries the
citation it comes from, so a result can say which article produced each point and each yuan.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import attrs
from attrs import validators as v

from .amounts import ONE, ZERO
from .errors import BadValue
from .kinds import (
    HospitalCount,
    HospitalDeadlineKind,
    Op,
    PartialStep,
    Per,
    Proration,
    RestDayRule,
    SettlementKind,
    Severity,
)
from .messages import Message, Text

_str = v.instance_of(str)
_dec = v.instance_of(Decimal)
_opt_dec = v.optional(v.instance_of(Decimal))


def _non_negative(inst, attr, value):
    if value is not None and value < 0:
        raise BadValue(Message.of("error.rules.negative", name=attr.name, value=value))


def _unit_interval(inst, attr, value):
    if value is not None and not (ZERO <= value <= ONE):
        raise BadValue(Message.of("error.rules.not_unit_interval", name=attr.name, value=value))


def _tuple_of(kind):
    return v.deep_iterable(v.instance_of(kind), v.instance_of(tuple))


@attrs.frozen
class Citation:
    """Where a rule is written: document, article, item; `note` (English) and `note_zh` (Chinese)
    say what was interpreted, both or neither (the reader refuses one without the other)."""

    document: str = attrs.field(validator=_str)
    article: str | None = None
    item: str | None = None
    note: str | None = None
    note_zh: str | None = None

    def short(self) -> str:
        return " ".join(p for p in (self.document, self.article, self.item) if p)


@attrs.frozen
class Document:
    id: str = attrs.field(validator=_str)
    title: str = attrs.field(validator=_str)
    issuer: str | None = None
    date: dt.date | None = None
    source_file: str | None = None


@attrs.frozen
class Region:
    """Metadata of a region's rule set."""

    id: str = attrs.field(validator=_str)
    title_zh: str = attrs.field(validator=_str)
    title_en: str = attrs.field(validator=_str)
    document: Document = attrs.field(validator=v.instance_of(Document))
    rules_version: str = attrs.field(validator=_str)
    effective_from: dt.date = attrs.field(validator=v.instance_of(dt.date))
    effective_to: dt.date | None = None
    last_verified: dt.date | None = None
    max: Decimal = attrs.field(default=Decimal(100), validator=[_dec, _non_negative])
    points_places: int = 2
    # an aggregation registered in jingban.parts ("sum", "weighted_tree", "checklist", or a plugin's)
    aggregation: str = attrs.field(default="sum", validator=_str)
    same_issue_once: bool = False
    same_issue_citation: Citation | None = None
    note: str | None = None
    note_zh: str | None = None


@attrs.frozen
class Product:
    id: str
    title_zh: str
    title_en: str


@attrs.frozen
class Option:
    """An interpretation switch: the reading chosen and the others the rules file also encodes."""

    id: str
    value: str
    allowed: tuple[str, ...] = attrs.field(validator=_tuple_of(str))
    description: str
    citation: Citation
    # what an operator reads: the question the option answers and each reading, in both languages
    # (`allowed_zh[i]` names `allowed[i]`); a rules file without them shows `id=value`
    title: Text | None = None
    allowed_titles: tuple[Text, ...] = ()

    def __attrs_post_init__(self):
        if self.value not in self.allowed:
            raise BadValue(Message.of("error.rules.option_default_not_allowed", option=self.id, value=self.value,
                                      allowed=Text("、".join(self.allowed), str(self.allowed))))

    def shown(self, value: str) -> Text:
        """The option and a reading as an operator reads it: "不足一档的下降：不计"."""
        if self.title is None or len(self.allowed_titles) != len(self.allowed) or value not in self.allowed:
            return Text(f"{self.id}={value}", f"{self.id}={value}")
        reading = self.allowed_titles[self.allowed.index(value)]
        return Text(f"{self.title.zh}：{reading.zh}", f"{self.title.en}: {reading.en}")


@attrs.frozen
class Category:
    id: str
    title_zh: str
    title_en: str
    max: Decimal = attrs.field(validator=[_dec, _non_negative])
    citation: Citation
    weight: Decimal | None = None  # weighted trees: the category's weight within its parent
    # what a checklist's area asks as a whole (Kaifeng's 自查项目, one per area), in our own words
    scope_zh: str | None = None
    scope_en: str | None = None


@attrs.frozen
class Clause:
    """One deduction rule of an item: points per case, once, or per unit below a minimum."""

    id: str
    item_id: str
    title_zh: str
    title_en: str
    points: Decimal = attrs.field(validator=[_dec, _non_negative])
    per: Per = attrs.field(converter=Per)
    citation: Citation
    fact: str | None = None
    minus_fact: str | None = None
    minimum: Decimal | None = attrs.field(default=None, validator=[_opt_dec, _non_negative])
    products: tuple[str, ...] = ()
    consequence: str | None = None
    # a common violation of the catalog (violations.toml) one case of this clause is, for
    # `assess compare --rules`; only for clauses counted from findings
    common: str | None = None

    def __attrs_post_init__(self):
        if self.common is not None and self.fact is not None:
            raise BadValue(Message.of("error.rules.clause_common_with_fact", clause=self.id, fact=self.fact))
        if self.per is Per.UNIT_BELOW and (self.minimum is None or self.fact is None):
            raise BadValue(Message.of("error.rules.clause_unit_below", clause=self.id))
        if self.minus_fact and not self.fact:
            raise BadValue(Message.of("error.rules.clause_minus_fact", clause=self.id))

    def applies_to(self, product: str | None) -> bool:
        return not self.products or product in self.products


@attrs.frozen
class Requirement:
    """A number an item states, checked from a fact (Taicang: caps a dimension's rating)."""

    id: str
    title_zh: str
    title_en: str
    fact: str
    op: Op = attrs.field(converter=Op)
    value: Decimal = attrs.field(validator=_dec)
    citation: Citation
    dimension: str | None = None
    # a share of the dimension, exact: "1/3" stays a third (Fraction), so three failed thirds are 1
    share: Fraction | None = attrs.field(default=None, validator=[v.optional(v.instance_of(Fraction)),
                                                                  _unit_interval])

    def holds(self, actual: Decimal) -> bool:
        return self.op.holds(actual, self.value)


@attrs.frozen
class Indicator:
    """Weighted trees: what a leaf scores, the same at every assessing level (Tianjin's D1.1 is
    scored by the agency, the district and the city: three leaves, one indicator)."""

    id: str = attrs.field(validator=_str)  # the indicator's id within a level ("D1.1" of "agency:D1.1")
    title_zh: str
    title_en: str


@attrs.frozen
class Item:
    """One line of the official scoring table."""

    id: str
    category: str
    title_zh: str
    title_en: str
    max: Decimal = attrs.field(validator=[_dec, _non_negative])
    shape: str = attrs.field(validator=_str)  # a shape registered in jingban.parts
    citation: Citation
    clauses: tuple[Clause, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    checks: tuple[Requirement, ...] = ()
    method_zh: str | None = None
    method_en: str | None = None
    # weighted trees: product of the weights on the path to this leaf (1 for plain sums)
    weight: Decimal = attrs.field(default=ONE, validator=[_dec, _non_negative])
    group: str | None = None  # weighted trees: the assessing level this leaf belongs to
    # weighted trees: the indicator the leaf scores at its level, so a report can put the levels'
    # scores of one indicator on one row; None elsewhere (and for a tree whose levels share none)
    indicator: Indicator | None = None
    config: object = None  # a shape's own settings, read by its `read` (None for the built-in shapes)

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


@attrs.frozen
class Dimension:
    id: str
    title_zh: str
    title_en: str
    weight: Decimal = attrs.field(validator=[_dec, _unit_interval])
    citation: Citation


@attrs.frozen
class ComputedBonus:
    """A bonus computed from a fact, not claimed: `points` for every `unit` the measure lies
    `beyond` (below or above) `threshold`; a part of a unit counts (`fractions`) or not; at most
    `cap`; rounded to `places` half up."""

    fact: str = attrs.field(validator=_str)
    beyond: str  # a kinds.Beyond
    threshold: Decimal = attrs.field(validator=_dec)
    points: Decimal = attrs.field(validator=[_dec, _non_negative])
    unit: Decimal = attrs.field(default=ONE, validator=[_dec, _non_negative])
    fractions: bool = False
    cap: Decimal | None = attrs.field(default=None, validator=[_opt_dec, _non_negative])
    places: int = 2

    def units(self, value: Decimal) -> Decimal:
        """How many units the value lies beyond the threshold (0 on the other side)."""
        from .amounts import whole_steps

        distance = self.threshold - value if self.beyond == "below" else value - self.threshold
        if distance <= 0:
            return ZERO
        return distance / self.unit if self.fractions else whole_steps(distance, self.unit, "floor")


@attrs.frozen
class BonusKind:
    id: str
    title_zh: str
    title_en: str
    citation: Citation
    computed: ComputedBonus | None = None  # computed from a fact; None: claimed in the evidence


@attrs.frozen
class BonusRule:
    cap: Decimal = attrs.field(validator=[_dec, _non_negative])
    citation: Citation
    kinds: tuple[BonusKind, ...] = ()


@attrs.frozen
class Grade:
    """A score band with a name: [min, max)."""

    id: str
    title_zh: str
    title_en: str
    citation: Citation
    min: Decimal | None = None
    max: Decimal | None = None

    def contains(self, score: Decimal) -> bool:
        return (self.min is None or score >= self.min) and (self.max is None or score < self.max)


@attrs.frozen
class Consequence:
    id: str
    title_zh: str
    title_en: str
    citation: Citation
    severity: Severity = attrs.field(default=Severity.WARNING, converter=Severity)


@attrs.frozen
class Band:
    """A settlement band: [min, max), deduction rate = base_rate + steps below reference x rate_per_step."""

    citation: Citation
    min: Decimal | None = None
    max: Decimal | None = None
    reference: Decimal | None = None
    base_rate: Decimal = attrs.field(default=ZERO, validator=[_dec, _unit_interval])
    rate_per_step: Decimal = attrs.field(default=ZERO, validator=[_dec, _unit_interval])
    rate: Decimal | None = attrs.field(default=None, validator=[_opt_dec, _unit_interval])
    consequences: tuple[str, ...] = ()

    def contains(self, score: Decimal) -> bool:
        return (self.min is None or score >= self.min) and (self.max is None or score < self.max)

    def rate_at(self, score: Decimal, step: Decimal, partial: str) -> "BandRate":
        """The deduction rate of a score in this band, with every figure of its arithmetic: the
        reports and `jingban.stakes` print these, so the rate is derived once, from the band's data."""
        from .amounts import whole_steps

        if self.rate is not None:
            return BandRate(band=self, score=score, rate=self.rate.normalize())
        reference = self.reference if self.reference is not None else score
        distance = reference - score if reference > score else ZERO
        exact = distance / step if distance > 0 else ZERO
        steps = whole_steps(distance, step, partial)
        raw = self.base_rate + steps * self.rate_per_step
        return BandRate(band=self, score=score, rate=min(ONE, raw).normalize(), reference=reference,
                        distance=distance, step=step, exact_steps=exact, steps=steps, partial=str(partial),
                        uncapped=raw)


@attrs.frozen
class BandRate:
    """How a band gives a score's deduction rate: a flat `rate`, or `reference - score = distance`
    points, `exact_steps` of `step`, counted as `steps` (by `partial`), and
    `base_rate + steps x rate_per_step = uncapped`, at most 100% (`rate`)."""

    band: Band
    score: Decimal
    rate: Decimal
    reference: Decimal | None = None  # None: a flat-rate band
    distance: Decimal | None = None
    step: Decimal | None = None
    exact_steps: Decimal | None = None
    steps: Decimal | None = None
    partial: str | None = None
    uncapped: Decimal | None = None

    @property
    def stepped(self) -> bool:
        return self.reference is not None


@attrs.frozen
class SettlementRule:
    kind: SettlementKind = attrs.field(converter=SettlementKind)
    citation: Citation
    fee_title_zh: str = "经办费"
    fee_title_en: str = "handling fee"
    withheld_rate: Decimal | None = attrs.field(default=None, validator=[_opt_dec, _unit_interval])
    withheld_title_zh: str = "预留款"
    withheld_title_en: str = "amount withheld"
    returned_to_fund: bool = False
    step: Decimal = Decimal("0.5")
    partial_step: PartialStep = attrs.field(default=PartialStep.FLOOR, converter=PartialStep)
    bands: tuple[Band, ...] = ()
    proration: Proration = attrs.field(default=Proration.NONE, converter=Proration)
    none_reason_zh: str | None = None
    none_reason_en: str | None = None
    fund_loss_consequence: str | None = None  # consequence id that follows any fund loss deducted


@attrs.frozen
class ClaimDeadline:
    """A claim payment deadline in working days, from which a late-claims fact is counted."""

    fact: str
    in_city_days: int
    out_of_city_days: int
    citation: Citation
    vulnerable_fact: str | None = None  # of which 五保/低保/重度残疾 claimants
    products: tuple[str, ...] = ()  # only claims of these products ("" = all)


@attrs.frozen
class HospitalDeadline:
    """When institutions must be paid: by the end of the month after the services, or N working
    days after they declared; late batches counted per batch or per month of delay."""

    fact: str
    deadline: HospitalDeadlineKind = attrs.field(converter=HospitalDeadlineKind)
    citation: Citation = attrs.field(validator=v.instance_of(Citation))
    days: int | None = None
    count: HospitalCount = attrs.field(default=HospitalCount.BATCHES, converter=HospitalCount)


@attrs.frozen
class LedgerRules:
    """What a region's rules say about facts computed from ledgers."""

    claim_deadlines: tuple[ClaimDeadline, ...] = ()
    hospital: HospitalDeadline | None = None
    products: tuple[str, ...] = ()  # product codes the claims ledger may carry (empty: any)
    # (title, code): how an agency's export may write a product (城乡居民 for resident), besides
    # each product's own title_zh
    product_titles: tuple[tuple[str, str], ...] = ()
    rest_day_rule: RestDayRule = attrs.field(default=RestDayRule.NOT_COUNTED, converter=RestDayRule)


# What the rows of a form come from, and the column keys each kind of form can show (a small
# core vocabulary: a rules file names keys, the form builder knows what each key shows).
FORM_COLUMNS: dict[str, tuple[str, ...]] = {
    # one row per item, categories as merged cells (Qinhuangdao 附件2, Taicang)
    "items": ("category", "seq", "title", "method", "standard", "max", "dimensions", "score", "remarks"),
    # one row per checklist point (Kaifeng 自查表)
    "checklist": ("seq", "category", "scope", "title", "standard", "answer", "reason"),
    # one row per indicator, one column per assessing level (Tianjin)
    "grid": ("seq", "category", "title", "weight", "levels"),
    # one row per survey answer (Qinhuangdao 附件1)
    "survey": ("seq", "file_no", "name", "id_number", "phone", "is_self", "received_payment", "attitude",
               "improvement", "satisfied", "dissatisfied"),
}
FORM_HEADER_KEYS = ("agency", "product", "period", "date")


@attrs.frozen
class FormField:
    """A header field or a column of a form: a key of the core vocabulary and its label in both
    languages; `group_zh`/`group_en` put adjacent columns under one heading (综合评价: 满意 / 不满意)."""

    key: str = attrs.field(validator=_str)
    zh: str = attrs.field(validator=_str)
    en: str = attrs.field(validator=_str)
    group_zh: str | None = None
    group_en: str | None = None


@attrs.frozen
class FormSignature:
    """A line at the foot of a form for a signature, a seal or a date."""

    zh: str = attrs.field(validator=_str)
    en: str = attrs.field(validator=_str)


@attrs.frozen
class Form:
    """An official form the document defines (docs/reports.md): its title, header fields, columns
    in the document's order and signature lines. The builder (jingban.forms) fills it from a result."""

    id: str = attrs.field(validator=_str)
    title_zh: str = attrs.field(validator=_str)
    title_en: str = attrs.field(validator=_str)
    rows: str = attrs.field(validator=v.in_(tuple(FORM_COLUMNS)))
    citation: Citation = attrs.field(validator=v.instance_of(Citation))
    header: tuple[FormField, ...] = attrs.field(default=(), validator=_tuple_of(FormField))
    columns: tuple[FormField, ...] = attrs.field(default=(), validator=_tuple_of(FormField))
    signatures: tuple[FormSignature, ...] = attrs.field(default=(), validator=_tuple_of(FormSignature))


@attrs.frozen
class RuleSet:
    """Everything a region's assessment needs, after options were applied."""

    region: Region
    items: tuple[Item, ...]
    categories: tuple[Category, ...]
    grades: tuple[Grade, ...]
    settlement: SettlementRule
    consequences: tuple[Consequence, ...] = ()
    products: tuple[Product, ...] = ()
    options: tuple[Option, ...] = ()
    selected: tuple[tuple[str, str], ...] = ()  # option id -> value in force
    dimensions: tuple[Dimension, ...] = ()
    bonus: BonusRule | None = None
    groups: tuple[Category, ...] = ()  # weighted trees: the assessing levels
    source_files: tuple[str, ...] = ()  # rules file, agreement file: what the result was computed from
    banner_zh: str | None = None  # e.g. "example agreement" warnings shown on every report
    banner_en: str | None = None
    ledger: LedgerRules = LedgerRules()
    forms: tuple[Form, ...] = ()  # the official forms, in the document's order (docs/reports.md)
    # the region's own facts (`[[facts]]`: jingban.facts.FactSpec), beside the catalog's
    facts: tuple = ()

    def fact_readers(self) -> tuple[tuple[str, str, str | None], ...]:
        """Who reads each fact, in the table's order: (fact, item or bonus kind id, clause id or
        None) for every clause, requirement, check, shape setting (a ratio's measure) and bonus
        computed from a fact of this rule set."""
        out: list[tuple[str, str, str | None]] = []
        for it in self.items:
            for c in it.clauses:
                out.extend((n, it.id, c.id) for n in (c.fact, c.minus_fact) if n)
            out.extend((q.fact, it.id, None) for q in it.requirements + it.checks)
            out.extend((n, it.id, None) for n in getattr(it.config, "facts", ()))  # a shape's own settings
        if self.bonus is not None:
            out.extend((k.computed.fact, k.id, None) for k in self.bonus.kinds if k.computed is not None)
        return tuple(out)

    def facts_used(self) -> frozenset[str]:
        """Every fact some rule of this rule set reads (`fact_readers`)."""
        return frozenset(name for name, _, _ in self.fact_readers())

    def own_fact(self, name: str):
        """The region's own fact of that name (a FactSpec), or None."""
        return next((f for f in self.facts if f.name == name), None)
    def options_shown(self) -> tuple[Text, ...]:
        """The readings in force as an operator reads them (`Option.shown`), in the file's order."""
        described = {o.id: o for o in self.options}
        return tuple(described[oid].shown(value) if oid in described else Text(f"{oid}={value}", f"{oid}={value}")
                     for oid, value in self.selected)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def clause(self, clause_id: str) -> Clause | None:
        for it in self.items:
            c = it.clause(clause_id)
            if c is not None:
                return c
        return None

    def consequence(self, cid: str) -> Consequence | None:
        return next((c for c in self.consequences if c.id == cid), None)

    def option_value(self, oid: str) -> str | None:
        return dict(self.selected).get(oid)

    @property
    def score_max(self) -> Decimal:
        """Highest score possible: full marks plus the bonus cap."""
        return self.region.max + (self.bonus.cap if self.bonus else ZERO)

    def grade_for(self, score: Decimal) -> Grade | None:
        return next((g for g in self.grades if g.contains(score)), None)
