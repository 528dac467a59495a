"""What is at stake in a result: the settlement's arithmetic step by step, what each finding and
each counted fact cost, and the scores nearby where the payout changes.

- **Steps** (`settlement_steps`): fee, proration, withheld share, the band's rate, deducted, paid,
  returned to the fund, each a catalog message with its numbers, the Decimal figures and the
  citation. They are read from the settlement rule and the band's own arithmetic
  (`Band.rate_at`), the same that settled the money, so no region has arithmetic of its own here.
- **Costs** (`stakes_of`): the evidence assessed again without one finding (or with one counted
  fact at zero cases), and settled again: the points the total rises by, the deduction rate and
  the money that moves. Never a proportion: removing a finding that shares a same-issue deduction
  can move the deduction to another item, and only the engine knows that.
- **Neighbours**: the nearest scores above and below where the deduction rate, the settlement
  band or the grade change, and what the settlement pays there; for a provisional result, the
  range the final score and the payout can still take (the outlook's).

Everything is deterministic: costs are listed by kind and id, never in the evidence's order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

import attrs

from .amounts import ZERO, money
from .evidence import Evidence
from .facts import FACTS, Fact
from .kinds import FactKind, Per, SettlementKind
from .messages import Message, Text
from .model import Citation, Grade, RuleSet
from .result import Result, Settlement


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


def _pct(rate: Decimal) -> str:
    text = format((rate * 100).normalize(), "f")
    return ("0" if text in ("-0",) else text) + "%"


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0",) else text


@attrs.frozen
class Step:
    """One step of a settlement's arithmetic."""

    id: str  # fee, proration, withheld, rate, deducted, paid, returned, fund_losses, kept
    text: Message  # the step in words and numbers
    value: Decimal  # what the step comes to
    figures: tuple[tuple[str, Decimal], ...]  # the numbers it is computed from, by name
    citation: Citation


@attrs.frozen
class Span:
    """A figure a provisional result leaves open: the lowest and the highest it can be (equal when
    decided)."""

    low: Decimal
    high: Decimal

    @property
    def exact(self) -> bool:
        return self.low == self.high


@attrs.frozen
class Cost:
    """What one piece of evidence cost: the total without it is `points` higher, the deduction rate
    `rate` lower and the deducted money `money` less (None where the region settles no money)."""

    kind: str  # "finding" or "fact"
    id: str  # the finding's id or the fact's name
    points: Span
    rate: Span | None
    money: Span | None
    grade: Grade | None = None  # the grade without it, when that is another one (a final result)


@attrs.frozen
class Neighbour:
    """A score near the agency's where the settlement changes, and what it pays there."""

    direction: str  # "up" or "down"
    score: Decimal
    points: Decimal  # how far from the agency's score
    changes: tuple[str, ...]  # what changes there: "rate", "band", "grade"
    grade: Grade | None
    rate: Decimal | None
    paid: Decimal | None
    deducted: Decimal | None
    citation: Citation | None  # the band's


@attrs.frozen
class Outlook:
    """A provisional result: the range the final score and the payout can still take."""

    low: Decimal
    high: Decimal
    grades: tuple[Grade, ...]
    rate: Span | None
    paid: Span | None


@attrs.frozen
class Stakes:
    steps: tuple[Step, ...]
    costs: tuple[Cost, ...]
    neighbours: tuple[Neighbour, ...]
    outlook: Outlook | None = None  # provisional results only
    provisional: bool = False


# ---------------------------------------------------------------------------------- the steps


def settlement_steps(rs: RuleSet, s: Settlement | None) -> tuple[Step, ...]:
    """The arithmetic of a settled score, from the settlement rule and its band's data. Nothing
    for a region that settles no money, a score not settled, or a provisional settlement (its
    amounts are not facts: the outlook gives their range)."""
    if s is None or s.kind is SettlementKind.NONE or s.score is None or s.provisional:
        return ()
    rule = rs.settlement
    from .settlement import band_for

    band = band_for(rs, s.score)
    if band is None:
        return ()
    how = band.rate_at(s.score, rule.step, rule.partial_step)
    cite, bcite = rule.citation, band.citation
    fee_title = Text(s.fee_title_zh, s.fee_title_en)
    held_title = Text(s.withheld_title_zh, s.withheld_title_en)
    out: list[Step] = []
    if s.base is not None:
        if s.annual_fee is not None and s.proration_note is not None and s.base != s.annual_fee:
            out.append(Step("fee", Message.of("stakes.step.fee", title=fee_title, amount=_yuan(s.annual_fee)),
                            s.annual_fee, (("fee", s.annual_fee),), cite))
            out.append(Step("proration", Message.of("stakes.step.proration", how=s.proration_note,
                                                    amount=_yuan(s.base)), s.base, (("base", s.base),), cite))
        else:
            out.append(Step("fee", Message.of("stakes.step.fee", title=fee_title, amount=_yuan(s.base)),
                            s.base, (("fee", s.base),), cite))
    if s.withheld is not None and s.base is not None and rule.withheld_rate is not None:
        out.append(Step("withheld", Message.of("stakes.step.withheld", title=held_title, base=_yuan(s.base),
                                               rate=_pct(rule.withheld_rate), amount=_yuan(s.withheld)),
                        s.withheld, (("base", s.base), ("withheld_rate", rule.withheld_rate)), cite))
    out.append(_rate_step(how, s.score, bcite, rs.region.points_places))
    if s.withheld is None or s.deducted is None or s.paid is None:
        return tuple(out)
    out.append(Step("deducted", Message.of("stakes.step.deducted", withheld=_yuan(s.withheld), rate=_pct(how.rate),
                                           amount=_yuan(s.deducted)),
                    s.deducted, (("withheld", s.withheld), ("deduction_rate", how.rate)), bcite))
    out.append(Step("paid", Message.of("stakes.step.paid", withheld=_yuan(s.withheld), deducted=_yuan(s.deducted),
                                       amount=_yuan(s.paid)),
                    s.paid, (("withheld", s.withheld), ("deducted", s.deducted)), bcite))
    losses = s.fund_losses or ZERO
    loss_cite = cite
    if rule.fund_loss_consequence and rs.consequence(rule.fund_loss_consequence) is not None:
        loss_cite = rs.consequence(rule.fund_loss_consequence).citation  # type: ignore[union-attr]
    if losses > 0:
        out.append(Step("fund_losses", Message.of("stakes.step.fund_losses", amount=_yuan(losses)),
                        losses, (("fund_losses", losses),), loss_cite))
    if s.returned_to_fund is not None:
        text = (Message.of("stakes.step.returned_losses", deducted=_yuan(s.deducted), losses=_yuan(losses),
                           amount=_yuan(s.returned_to_fund)) if losses > 0
                else Message.of("stakes.step.returned", amount=_yuan(s.returned_to_fund)))
        out.append(Step("returned", text, s.returned_to_fund,
                        (("deducted", s.deducted), ("fund_losses", losses)), cite))
    if losses > 0 and s.base is not None:
        kept = s.base - s.deducted - losses
        out.append(Step("kept", Message.of("stakes.step.kept", title=fee_title, base=_yuan(s.base),
                                           deducted=_yuan(s.deducted), losses=_yuan(losses), amount=_yuan(kept)),
                        kept, (("base", s.base), ("deducted", s.deducted), ("fund_losses", losses)), loss_cite))
    return tuple(out)


def _points(value: Decimal, places: int) -> str:
    """Points at the region's places when that loses nothing (85 -> 85.00), else exact."""
    from .amounts import round_points

    q = round_points(value, places)
    return format(q if q == value else value.normalize(), "f")


def _rate_step(how, score: Decimal, citation: Citation, places: int) -> Step:
    if not how.stepped:
        return Step("rate", Message.of("stakes.step.rate_flat", score=_points(score, places), rate=_pct(how.rate)),
                    how.rate, (("score", score), ("rate", how.rate)), citation)
    if how.steps == how.exact_steps:
        counted = Message.of("stakes.steps.whole", steps=_num(how.steps), steps_word=_step_word(how.steps))
    else:
        counted = Message.of(f"stakes.steps.{how.partial}", exact=_num(how.exact_steps), steps=_num(how.steps),
                             exact_word=_step_word(how.exact_steps), steps_word=_step_word(how.steps))
    params = dict(reference=_num(how.reference), score=_points(score, places),
                  distance=_points(how.distance, places), counted=counted,
                  steps=_num(how.steps), per_step=_pct(how.band.rate_per_step), rate=_pct(how.uncapped))
    if how.band.base_rate:
        text = Message.of("stakes.step.rate_base", base_rate=_pct(how.band.base_rate), **params)
    else:
        text = Message.of("stakes.step.rate_stepped", **params)
    if how.uncapped != how.rate:
        text = Message.of("stakes.step.rate_capped", arithmetic=text, rate=_pct(how.rate))
    figures = (("reference", how.reference), ("score", score), ("distance", how.distance), ("step", how.step),
               ("exact_steps", how.exact_steps), ("steps", how.steps), ("base_rate", how.band.base_rate),
               ("rate_per_step", how.band.rate_per_step), ("rate", how.rate))
    return Step("rate", text, how.rate, figures, citation)


# ---------------------------------------------------------------------------------- re-running


@attrs.frozen
class Rerun:
    """What assessing the same evidence again takes: the rule set, the evidence and the facts
    already collected (collected again only when a finding that names ledger rows goes, since the
    counts leave those rows out)."""

    reg: Any
    region_id: str
    ruleset: RuleSet
    evidence: Evidence
    facts: tuple[Fact, ...]
    options: Mapping[str, str] | None = None
    sources: Any = None

    def _score(self, ev: Evidence, facts: tuple[Fact, ...]) -> Result:
        from .engine import score_evidence

        return score_evidence(self.reg, self.region_id, self.ruleset, ev, facts, (), self.options, False)

    def without_finding(self, finding_id: str) -> Result:
        gone = [f for f in self.evidence.findings if f.id == finding_id]
        ev = attrs.evolve(self.evidence, findings=tuple(f for f in self.evidence.findings if f.id != finding_id))
        facts = self.facts
        if self.sources is not None and any(f.claims for f in gone):
            from .engine import collect_facts

            facts, _ = collect_facts(self.reg, self.region_id, self.ruleset, ev, self.sources)
        return self._score(ev, facts)

    def without_cases(self, name: str) -> Result:
        return self._score(self.evidence, without_cases(self.ruleset, self.facts, name))

    def settle_at(self, score: Decimal, result: Result) -> Settlement:
        return self.reg.call("jingban_settle", region_id=self.region_id, ruleset=self.ruleset, score=score,
                             fee=self.evidence.fee, evidence=self.evidence, items=result.items, provisional=False)


def _score_span(r: Result) -> Span | None:
    if r.outlook is not None:
        return Span(r.outlook.low, r.outlook.high)
    return None if r.total is None else Span(r.total, r.total)


def _money_span(r: Result, field: str) -> Span | None:
    if r.outlook is not None:
        a = getattr(r.outlook.at_low, field, None) if r.outlook.at_low is not None else None
        b = getattr(r.outlook.at_high, field, None) if r.outlook.at_high is not None else None
        return None if a is None or b is None else Span(a, b)
    v = getattr(r.settlement, field, None) if r.settlement is not None else None
    return None if v is None else Span(v, v)


def _less(before: Span | None, after: Span | None, places: int | None = None) -> Span | None:
    """How much lower `after` is than `before`, at each end."""
    if before is None or after is None:
        return None
    low, high = before.low - after.low, before.high - after.high
    if places is not None:
        low, high = money(low), money(high)
    return Span(low, high)


def cost_of(kind: str, cid: str, before: Result, after: Result) -> Cost | None:
    before_pts, after_pts = _score_span(before), _score_span(after)
    if before_pts is None or after_pts is None:
        return None
    grade = after.grade if (before.outlook is None and after.outlook is None and after.grade != before.grade) else None
    return Cost(kind=kind, id=cid, points=_less(after_pts, before_pts),  # type: ignore[arg-type]
                rate=_less(_money_span(before, "deduction_rate"), _money_span(after, "deduction_rate")),
                money=_less(_money_span(before, "deducted"), _money_span(after, "deducted"), 2), grade=grade)


def counted_facts(rs: RuleSet, r: Result) -> tuple[str, ...]:
    """The facts whose cases the rules deduct for: a count (facts.toml kind `count`) above zero,
    read as the cases of a per-case or once clause (or the part of them a clause subtracts), or
    by a requirement or check that zero cases would meet. A count read otherwise (a minimum to
    reach) is left out: zero would not mean "without these cases"."""
    values = {name: value for name, value, _, _ in r.facts_used}
    case_of, other = set(), set()
    for it in rs.items:
        for c in it.clauses:
            names = {n for n in (c.fact, c.minus_fact) if n}
            (case_of if c.per in (Per.CASE, Per.ONCE) else other).update(names)
        for q in it.requirements + it.checks:
            (case_of if q.holds(ZERO) else other).add(q.fact)
    return tuple(n for n in sorted(case_of - other) if n in values and values[n] > 0
                 and n in FACTS and FACTS[n].kind is FactKind.COUNT)


def without_cases(rs: RuleSet, facts: tuple[Fact, ...], name: str) -> tuple[Fact, ...]:
    """The facts with fact `name`'s cases gone: it is zero, so are the counts that are a part of
    it (a clause's `minus_fact`: the vulnerable claimants among the late claims), and a count it
    is a part of loses as many (the late claims lose the vulnerable claimants' ones)."""
    values = {f.name: f.value for f in facts}
    gone = values.get(name, ZERO)
    new = {name: ZERO}
    for it in rs.items:
        for c in it.clauses:
            if c.fact == name and c.minus_fact:
                new[c.minus_fact] = ZERO
            if c.minus_fact == name and c.fact and c.fact not in new:
                new[c.fact] = max(ZERO, values.get(c.fact, ZERO) - gone)
    return tuple(attrs.evolve(f, value=new[f.name]) if f.name in new else f for f in facts)


# ---------------------------------------------------------------------------------- neighbours


def _candidates(rs: RuleSet, score: Decimal) -> list[Decimal]:
    """The scores where the settlement or the grade can change: band and grade edges and every
    step below a band's reference, each with the score one unit (0.01 at two places) either side,
    and the agency's score one unit either side (a rate counted in exact steps changes there)."""
    unit = Decimal(1).scaleb(-rs.region.points_places)
    top = rs.score_max
    edges: set[Decimal] = {score - unit, score + unit}
    rule = rs.settlement
    for b in rule.bands:
        edges.update(x for x in (b.min, b.max) if x is not None)
        if b.rate is None and b.reference is not None and rule.step > 0:
            floor = b.min if b.min is not None else ZERO
            x = b.reference
            while x >= floor - rule.step:
                edges.add(x)
                x -= rule.step
    for g in rs.grades:
        edges.update(x for x in (g.min, g.max) if x is not None)
    out: set[Decimal] = set()
    for x in edges:
        for y in (x - unit, x, x + unit):
            if ZERO <= y <= top:
                out.add(y.quantize(unit))
    return sorted(out)


def neighbours(rs: RuleSet, r: Result, settle_at) -> tuple[Neighbour, ...]:
    """The nearest scores above and below the agency's where the rate, the band or the grade
    change: the first of each kind in each direction, one record per score."""
    if r.total is None or r.outlook is not None or r.settlement is None or r.settlement.kind is SettlementKind.NONE:
        return ()
    if any(getattr(i.detail, "vetoed", None) is True for i in r.items):  # a veto (一票否决) decided it: no score helps
        return ()
    from .settlement import band_for

    def state(x: Decimal):
        s = settle_at(x)
        return s, {"rate": s.deduction_rate, "band": band_for(rs, x), "grade": rs.grade_for(x)}

    here, mine = state(r.total)
    out: list[Neighbour] = []
    points = _candidates(rs, r.total)
    for direction, scores in (("up", [x for x in points if x > r.total]),
                              ("down", [x for x in reversed(points) if x < r.total])):
        found: dict[Decimal, list[str]] = {}
        waiting = ["rate", "band", "grade"]
        seen: dict[Decimal, Any] = {}
        for x in scores:
            if not waiting:
                break
            s, there = state(x)
            seen[x] = s
            for what in list(waiting):
                if there[what] != mine[what]:
                    found.setdefault(x, []).append(what)
                    waiting.remove(what)
        for x in sorted(found, reverse=direction == "down"):
            s = seen[x]
            band = band_for(rs, x)
            out.append(Neighbour(direction=direction, score=x, points=abs(x - r.total), changes=tuple(found[x]),
                                 grade=rs.grade_for(x), rate=s.deduction_rate, paid=s.paid, deducted=s.deducted,
                                 citation=band.citation if band is not None else None))
    return tuple(out)


def _memo(fn):
    seen: dict = {}

    def call(x):
        if x not in seen:
            seen[x] = fn(x)
        return seen[x]
    return call


def _over_range(rs: RuleSet, r: Result, c: Cost, settle_at) -> Cost:
    """A provisional result's cost in money over every final score it can still take, not only at
    the two ends: the points are decided (`c.points` exact), but what they are worth depends on
    the band and step the final score lands in. The worth changes only where the rate does, so
    the scores where it can change (`_candidates`) and the ends of the range are enough."""
    if c.points is None or not c.points.exact or c.money is None or r.outlook is None:
        return c
    low, high, gain = r.outlook.low, r.outlook.high, c.points.low
    unit = Decimal(1).scaleb(-rs.region.points_places)
    scores = {low, high}
    for e in _candidates(rs, low) + _candidates(rs, high):
        for x in (e, e - gain, e - unit, e - gain - unit):
            if low <= x <= high:
                scores.add(x)
    rates, amounts = [], []
    for x in sorted(scores):
        top = min(rs.score_max, x + gain)
        a, b = settle_at(x), settle_at(top)
        if a.deduction_rate is None or b.deduction_rate is None or a.deducted is None or b.deducted is None:
            return c
        rates.append(a.deduction_rate - b.deduction_rate)
        amounts.append(a.deducted - b.deducted)
    return attrs.evolve(c, rate=Span(min(rates), max(rates)), money=Span(money(min(amounts)), money(max(amounts))))


# ---------------------------------------------------------------------------------- all of it


def stakes_of(r: Result, rerun: Rerun) -> Stakes | None:
    """What is at stake in `r`; None for a region that gives no score (a checklist)."""
    rs = rerun.ruleset
    from .parts import aggregation_of

    if not aggregation_of(rs.region.aggregation).scored:
        return None
    costs: list[Cost] = []
    for fid in sorted({f.id for f in rerun.evidence.findings}):
        c = cost_of("finding", fid, r, rerun.without_finding(fid))
        if c is not None:
            costs.append(c)
    for name in counted_facts(rs, r):
        c = cost_of("fact", name, r, rerun.without_cases(name))
        if c is not None:
            costs.append(c)
    if r.outlook is not None:
        settle_at = _memo(lambda x: rerun.settle_at(x, r))
        costs = [_over_range(rs, r, c, settle_at) for c in costs]
    outlook = None
    if r.outlook is not None:
        o = r.outlook
        outlook = Outlook(low=o.low, high=o.high, grades=o.grades, rate=_money_span(r, "deduction_rate"),
                          paid=_money_span(r, "paid"))
    return Stakes(steps=settlement_steps(rs, r.settlement), costs=tuple(costs),
                  neighbours=neighbours(rs, r, lambda x: rerun.settle_at(x, r)), outlook=outlook,
                  provisional=r.provisional)


def _step_word(n: Decimal) -> Message:
    """"step" after exactly 1, "steps" after any other count (0, 1.5, 2)."""
    return Message.of("stakes.steps.word_one") if n == 1 else Message.of("stakes.steps.word_many")
