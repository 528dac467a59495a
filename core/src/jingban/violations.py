"""The common violations (violations.toml) and what one of each costs under a rule set.

A violation is one event described as data: the facts it raises together (one late claim:
``late_claims`` + 1), a ledger it leaves one person short on (one fewer on one staff count), and
the clauses a rules file tags with ``common = "<id>"`` (one case of the clause). Pricing reads
the rule set only, never evidence: from full marks, where every rule holds at its edge, the
violation costs

- a clause counted from a fact: points x the change of its count (``per = "case"``: the fact's
  change less its ``minus_fact``'s; ``once``: its points; ``unit_below``: one unit per person
  fewer); a tagged clause: one case (its points);
- a numeric requirement of a weighted dimension that the change breaks (the rule held exactly,
  so one more case or one person fewer breaks it): item max x dimension weight x share, the
  shares of one dimension together never more than the whole dimension;
- a checklist check the change breaks: no points, the point becomes non-compliant;

each item never more than its points ("扣完为止") and weighted by the item's weight (a tree's
leaves). Where the violation can happen in several ways (which staff count is one short, which
tagged clause the case falls under), each way is priced and the cost is the range they span.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs

from .amounts import ZERO, parse_decimal
from .facts import FACTS
from .kinds import FactKind, Op, Per
from .scoring.clauses import apply_cap
from .messages import Message, Text, fact_name
from .model import Citation, Item, RuleSet


@attrs.frozen
class Violation:
    """A common violation of the catalog: the facts it raises, the ledger it is one person short on."""

    id: str
    raises: tuple[tuple[str, Decimal], ...] = ()
    one_short: str | None = None  # a ledger (docs/ledgers.md): one fewer on one count of it

    @property
    def title(self) -> Message:
        return Message.of(f"violation.{self.id}")


def _load() -> dict[str, Violation]:
    from .ledgers.schema import LEDGERS

    # read beside this module, as messages.toml and facts.toml are: importlib.resources imports zipfile
    # and tempfile
    data = tomllib.loads(Path(__file__).with_name("violations.toml").read_text(encoding="utf-8"))
    out = {}
    for vid, spec in data.items():
        unknown = set(spec) - {"raises", "one_short"}
        if unknown:
            raise ValueError(f"violations.toml: {vid}: unknown keys {sorted(unknown)}")
        raises = tuple((name, parse_decimal(value)) for name, value in spec.get("raises", {}).items())
        for name, _ in raises:
            if name not in FACTS:
                raise ValueError(f"violations.toml: {vid}.raises: unknown fact {name!r}")
        ledger = spec.get("one_short")
        if ledger is not None and ledger not in LEDGERS:
            raise ValueError(f"violations.toml: {vid}.one_short: unknown ledger {ledger!r}")
        out[vid] = Violation(id=vid, raises=raises, one_short=ledger)
    return out


VIOLATIONS: dict[str, Violation] = _load()


@attrs.frozen
class Hit:
    """One rule a way of the violation meets, and what it takes off the total."""

    item_id: str
    rule_id: str  # clause id, requirement id, or the check's fact
    title: Text
    citation: Citation
    points: Decimal  # taken off the item (after the item's cap), unweighted
    weight: Decimal  # the item's weight in the total (a tree leaf's product of weights; 1 in a sum)
    kind: str  # "clause", "requirement" or "check" (no points: the checklist point fails)
    note: Message | None = None
    capped: bool = False  # the item's cap cut this rule's points

    @property
    def weighted(self) -> Decimal:
        return self.points * self.weight


@attrs.frozen
class Way:
    """One way the violation happens: the facts it changes (or the tagged clause), and its cost."""

    changes: tuple[tuple[str, Decimal], ...]
    clause: str | None  # a clause tagged `common = <violation>`: one case of it
    hits: tuple[Hit, ...]

    @property
    def points(self) -> Decimal:
        """What the way takes off the total: each item capped, weighted."""
        return sum((h.weighted for h in self.hits), ZERO)


@attrs.frozen
class Price:
    """What one violation costs under a rule set, for one product (None: every product alike)."""

    violation: Violation
    product: str | None
    ways: tuple[Way, ...]  # only the ways some rule meets

    @property
    def scored(self) -> bool:
        """Some rule fixes points for it (a check alone fixes none)."""
        return any(h.kind != "check" for w in self.ways for h in w.hits)

    @property
    def low(self) -> Decimal | None:
        return min((w.points for w in self.ways), default=None) if self.scored else None

    @property
    def high(self) -> Decimal | None:
        return max((w.points for w in self.ways), default=None) if self.scored else None


def _breaks(op: Op, change: Decimal) -> bool:
    """Whether moving a fact by `change` from where the requirement holds exactly breaks it."""
    if change == 0:
        return False
    if op in (Op.GE, Op.GT):
        return change < 0
    if op in (Op.LE, Op.LT):
        return change > 0
    return True  # "==": any change


def _clause_hits(item: Item, changes: dict[str, Decimal], clause_id: str | None, product: str | None) -> list[Hit]:
    hits = []
    for c in item.clauses:
        if not c.applies_to(product):
            continue
        note = None
        if c.fact is None:
            units = Decimal(1) if c.id == clause_id else ZERO
        elif c.per is Per.UNIT_BELOW:
            units = max(ZERO, -changes.get(c.fact, ZERO))
        else:
            units = changes.get(c.fact, ZERO) - (changes.get(c.minus_fact, ZERO) if c.minus_fact else ZERO)
            if c.per is Per.ONCE:
                units = Decimal(1) if units > 0 else ZERO
            if units > 0 and c.minus_fact and not changes.get(c.minus_fact):
                note = Message.of("rules_compare.not_of", fact=fact_name(c.minus_fact))
        if units > 0:
            hits.append(Hit(item_id=item.id, rule_id=c.id, title=Text(c.title_zh, c.title_en), citation=c.citation,
                            points=c.points * units, weight=item.weight, kind="clause", note=note))
    return hits


def _requirement_hits(rs: RuleSet, item: Item, changes: dict[str, Decimal]) -> list[Hit]:
    dims = {d.id: d for d in rs.dimensions}
    hits, taken = [], {}
    for q in item.requirements:
        if q.dimension not in dims or not _breaks(q.op, changes.get(q.fact, ZERO)):
            continue
        dim = dims[q.dimension]
        share = min(q.share or Fraction(0), 1 - taken.get(dim.id, Fraction(0)))  # a dimension is lost once
        taken[dim.id] = taken.get(dim.id, Fraction(0)) + share
        lost = Fraction(item.max * dim.weight) * share
        cap = 1 - taken[dim.id]
        hits.append(Hit(item_id=item.id, rule_id=q.id, title=Text(q.title_zh, q.title_en), citation=q.citation,
                        points=Decimal(lost.numerator) / Decimal(lost.denominator), weight=item.weight,
                        kind="requirement", note=Message.of("rules_compare.caps", dimension=Text(dim.title_zh,
                                                            dim.title_en), cap=_fraction(cap)),
                        capped=share < (q.share or 0)))
    return hits


def _check_hits(item: Item, changes: dict[str, Decimal]) -> list[Hit]:
    return [Hit(item_id=item.id, rule_id=q.fact, title=Text(q.title_zh, q.title_en), citation=q.citation,
                points=ZERO, weight=item.weight, kind="check",
                note=Message.of("rules_compare.check_fails", item=item.id))
            for q in item.checks if _breaks(q.op, changes.get(q.fact, ZERO))]


def way(rs: RuleSet, changes: tuple[tuple[str, Decimal], ...], clause_id: str | None,
        product: str | None) -> Way:
    """Price one way: every item's rules against the changes (and the tagged clause)."""
    delta = dict(changes)
    hits: list[Hit] = []
    for item in rs.items:
        found = _clause_hits(item, delta, clause_id, product) + _requirement_hits(rs, item, delta)
        hits.extend(apply_cap(found, item.max))
        hits.extend(_check_hits(item, delta))
    return Way(changes=changes, clause=clause_id, hits=tuple(hits))


def _short_counts(rs: RuleSet, ledger: str) -> list[str]:
    """The person counts of `ledger` the rule set reads, in the table's order."""
    seen: list[str] = []
    for it in rs.items:
        names = [n for c in it.clauses for n in (c.fact, c.minus_fact) if n]
        names += [q.fact for q in it.requirements + it.checks]
        for n in names:
            spec = FACTS.get(n)
            if spec is not None and spec.ledger == ledger and spec.kind in (FactKind.COUNT, FactKind.NUMBER) \
                    and n not in seen:
                seen.append(n)
    return seen


def _tagged(rs: RuleSet, vid: str, product: str | None) -> list[str]:
    return [c.id for it in rs.items for c in it.clauses if c.common == vid and c.applies_to(product)]


def price(rs: RuleSet, v: Violation, product: str | None = None) -> Price:
    """What the violation costs under the rule set, for one product."""
    raised = v.raises
    alternatives: list[tuple[tuple[tuple[str, Decimal], ...], str | None]] = []
    if v.one_short:
        alternatives += [(raised + ((n, Decimal(-1)),), None) for n in _short_counts(rs, v.one_short)]
    alternatives += [(raised, cid) for cid in _tagged(rs, v.id, product)]
    if not alternatives and raised:
        alternatives = [(raised, None)]
    ways = [way(rs, changes, cid, product) for changes, cid in alternatives]
    return Price(violation=v, product=product, ways=tuple(w for w in ways if w.hits))


def prices(rs: RuleSet, v: Violation) -> tuple[Price, ...]:
    """One price when every product pays the same through the same rules, else one per product."""
    if not rs.products:
        return (price(rs, v),)
    each = [price(rs, v, p.id) for p in rs.products]
    if all(p.ways == each[0].ways for p in each):
        return (attrs.evolve(each[0], product=None),)
    return tuple(each)


def _fraction(x: Fraction) -> str:
    if x.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 50, 100):
        return format(Decimal(x.numerator) / Decimal(x.denominator), "f")
    return f"{x.numerator}/{x.denominator}"


def check_common(value: str) -> Message | None:
    """An error message when `value` names no violation of the catalog; None when it does."""
    if value in VIOLATIONS:
        return None
    from .tomlread import suggest

    return Message.of("error.rules.unknown_common", value=value, hint=suggest(value, VIOLATIONS),
                      ids=Text("、".join(VIOLATIONS), ", ".join(VIOLATIONS)))

