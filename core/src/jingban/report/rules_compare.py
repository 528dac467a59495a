"""`assess compare --rules`: several regions' rules side by side, with no evidence.

Three parts, each read from the rule sets as data: the full marks by category (and the bonus cap;
a checklist has no points), what the common violations of ``violations.toml`` cost in points and
in money from full marks, and what is withheld and paid out at 100, 95, ... 60 points. Money
comes from the core's settlement (``jingban.api.settle``) with one reference fee for every region.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from ..amounts import ZERO, money, plain, round_points
from ..api import rules, settle
from ..kinds import SettlementKind
from ..messages import Message, Text, label, pick, say
from ..model import RuleSet
from ..parts import aggregation_of
from ..result import Settlement
from ..violations import VIOLATIONS, Hit, Price, Violation, Way, prices
from .items import keep
from .jsondoc import citation
from .tables import table
from .text import LINE, pct, pts, punct, width, wrap, yuan

REFERENCE_FEE = Decimal("1000000")
_ROOM = LINE  # text.wrap keeps every line within its width, closing marks included
SCORES = tuple(Decimal(s) for s in range(100, 59, -5))  # 100, 95, ... 60


@attrs.frozen
class Cost:
    """What one violation costs a region: its prices (one per product where they differ), and the
    payout lost from full marks at the low and the high end of the points (None: no money)."""

    violation: Violation
    prices: tuple[Price, ...]
    lost_low: Decimal | None = None
    lost_high: Decimal | None = None

    @property
    def scored(self) -> bool:
        return any(p.scored for p in self.prices)

    @property
    def low(self) -> Decimal | None:
        return min((p.low for p in self.prices if p.scored), default=None)

    @property
    def high(self) -> Decimal | None:
        return max((p.high for p in self.prices if p.scored), default=None)


@attrs.frozen
class RegionRules:
    """One region's rule set, read for the comparison."""

    ruleset: RuleSet
    scored: bool  # the aggregation gives a total (a checklist does not)
    costs: tuple[Cost, ...]
    full: Settlement  # at full marks, with the reference fee
    at: tuple[tuple[Decimal, Settlement | None], ...]  # each score of SCORES (None: above the range)

    @property
    def id(self) -> str:
        return self.ruleset.region.id

    @property
    def money(self) -> bool:
        return self.ruleset.settlement.kind is not SettlementKind.NONE


@attrs.frozen
class RulesComparison:
    fee: Decimal
    regions: tuple[RegionRules, ...]


def compare_rules(region_ids: list[str], fee: Decimal = REFERENCE_FEE,
                  agreement: str | Path | None = None) -> RulesComparison:
    """Read each region's rules and price the common violations and the scores from 100 to 60."""
    out = []
    for rid in region_ids:
        rs = rules(rid, agreement=agreement)
        places, top = rs.region.points_places, rs.region.max

        def pay(score: Decimal, rid: str = rid) -> Settlement:
            return settle(rid, score, fee, agreement=agreement)

        full = pay(top)
        pays = rs.settlement.kind is not SettlementKind.NONE
        costs = []
        for v in VIOLATIONS.values():
            c = Cost(violation=v, prices=prices(rs, v))
            if pays and c.scored:
                # the payout lost: at full marks, less at full marks minus the points (total rounded as scored)
                lost_low, lost_high = (full.paid - pay(max(ZERO, round_points(top - p, places))).paid
                                       for p in (c.low, c.high))
                c = attrs.evolve(c, lost_low=lost_low, lost_high=lost_high)
            costs.append(c)
        at = tuple((s, pay(s) if s <= rs.score_max else None) for s in SCORES)
        out.append(RegionRules(ruleset=rs, scored=aggregation_of(rs.region.aggregation).scored, costs=tuple(costs),
                               full=full, at=at))
    return RulesComparison(fee=fee, regions=tuple(out))


# ---------------------------------------------------------------------------------------- text


def _wrap(text: str, indent: str = "", keep: tuple[str, ...] = ()) -> list[str]:
    return wrap(text, _ROOM, indent, keep)


def _range(low, high, show, lang: str) -> str:
    return show(low) if low == high else label("range", lang, low=show(low), high=show(high))


def _changes(w: Way, rs: RuleSet, lang: str) -> str:
    """What the way changes, as the rules read it: the facts some rule reads, or the tagged clause."""
    used = rs.facts_used()
    parts = [f"{name} {'+' if d > 0 else '−'}{plain(abs(d))}" for name, d in w.changes if name in used]
    if w.clause is not None:
        parts.append(Message.of("rules_compare.tagged", clause=w.clause).render(lang))
    return ", ".join(parts)


def _hit(h: Hit, lang: str, places: int, cite: bool = True) -> str:
    """One rule a way meets: points (weighted), rule, title, citation (unless the next rule has
    the same one), and what the reader must know about it."""
    L = lambda k: label(k, lang)  # noqa: E731
    LP, RP = punct(lang)[1:]
    where = f"〔{h.citation.short()}〕" if cite else ""
    if h.kind == "check":
        return f"{say(h.title, lang)}{where} → {say(h.note, lang)}"
    notes = []
    if h.weight != 1:
        notes.append(Message.of("rules_compare.weighted", weight=h.weight.normalize(), points=pts(h.points, places))
                     .render(lang))
    if h.note is not None:
        notes.append(say(h.note, lang))
    if h.capped:
        notes.append(L("capped"))
    sep = "；" if lang == "zh" else "; "
    return f"−{pts(h.weighted, places)} {h.rule_id} {say(h.title, lang)}" + (
        f"{LP}{sep.join(notes)}{RP}" if notes else "") + where


def _way(w: Way, rs: RuleSet, lang: str) -> str:
    C = punct(lang)[0]
    sep = "；" if lang == "zh" else "; "
    hits = w.hits
    shown = [_hit(h, lang, rs.region.points_places, cite=k + 1 == len(hits) or hits[k + 1].citation != h.citation)
             for k, h in enumerate(hits)]
    text = f"{_changes(w, rs, lang)}{C}" + sep.join(shown)
    if sum(1 for h in hits if h.kind != "check") > 1:
        text += sep + Message.of("rules_compare.way_total", points=pts(w.points, rs.region.points_places)).render(lang)
    return text


def _cell(r: RegionRules, c: Cost, lang: str) -> str:
    if not r.scored:
        return Message.of("rules_compare.no_score").render(lang)
    if not c.scored:
        return Message.of("rules_compare.not_scored").render(lang)
    points = _range(c.low, c.high, lambda v: pts(v, r.ruleset.region.points_places), lang)
    if not r.money:
        return Message.of("rules_compare.cell_points", points=points).render(lang)
    return Message.of("rules_compare.cell", points=points, money=_range(c.lost_low, c.lost_high, yuan, lang)).render(lang)


def _cost_lines(r: RegionRules, c: Cost, lang: str) -> list[str]:
    C = punct(lang)[0]
    title = say(c.violation.title, lang)
    ways = [(p, w) for p in c.prices for w in p.ways]
    if not ways:
        why = Message.of("rules_compare.no_rule") if r.scored else Message.of("rules_compare.no_check")
        return _wrap(f"  {title}{C}{why.render(lang)}", indent="      ")
    out = [f"  {title}{C}".rstrip()]
    for p, w in ways:
        product = ""
        if p.product is not None:
            prod = next(x for x in r.ruleset.products if x.id == p.product)
            product = f"〈{pick(prod.title_zh, prod.title_en, lang)}〉"
        out.extend(_wrap(f"    · {product}{_way(w, r.ruleset, lang)}", "      ", keep(*(h.citation for h in w.hits))))
    return out


def _fits(text: str) -> bool:
    return all(width(line) <= LINE for line in text.splitlines())


def _tables(headers: list[str], first: list[str], columns: list[tuple[str, list[str]]], right: bool) -> list[str]:
    """A table of one label column and one column per region, split into several tables when the
    regions do not fit the line together."""
    out, rest = [], list(columns)
    while rest:
        n = len(rest)
        while True:
            cols = rest[:n]
            # measured at full width: regions that only fit with their cells wrapped go to the next table
            text = table(headers + [h for h, _ in cols], [[f] + [cells[k] for _, cells in cols]
                                                          for k, f in enumerate(first)],
                         right=set(range(1, n + 1)) if right else set(), fit=LINE if n == 1 else 10**6)
            if n == 1 or _fits(text):
                break
            n -= 1
        if out:
            out.append("")
        out.append(text)
        rest = rest[n:]
    return out


def _maxima(cmp: RulesComparison, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C = punct(lang)[0]
    sep = "；" if lang == "zh" else "; "
    rows = []
    for r in cmp.regions:
        rs = r.ruleset
        if not r.scored:
            areas = sep.join(Message.of("rules_compare.area_points", title=Text(c.title_zh, c.title_en),
                                        count=sum(1 for i in rs.items if i.category == c.id)).render(lang)
                             for c in rs.categories)
            what = Message.of("rules_compare.checklist", points=len(rs.items), areas=len(rs.categories)).render(lang)
            rows.append([r.id, Message.of("rules_compare.no_score").render(lang), "—", f"{what}{C}{areas}"])
            continue
        places = rs.region.points_places
        cats = sep.join(f"{pick(c.title_zh, c.title_en, lang)} {pts(c.max, places)}" for c in rs.categories)
        rows.append([r.id, pts(rs.region.max, places), pts(rs.bonus.cap, places) if rs.bonus else "—", cats])
    heads = [L("region"), L("full_marks"), L("bonus_cap"), L("category_max")]
    used = max(width(x) for x in [heads[0]] + [row[0] for row in rows])
    used += max(width(x) for x in [heads[1]] + [row[1] for row in rows])
    used += max(width(x) for x in [heads[2]] + [row[2] for row in rows])
    out = [table(heads, rows, right={1, 2}, widths={3: _ROOM - used - 6})]
    for r in cmp.regions:
        rs = r.ruleset
        if rs.groups:
            out.extend(_wrap(f"  {r.id} {L('level_weights')}{C}" + sep.join(
                f"{pick(g.title_zh, g.title_en, lang)} {plain(g.weight)}" for g in rs.groups), indent="    "))
        if rs.dimensions:
            out.extend(_wrap(f"  {r.id} {L('dimension_weights')}{C}" + sep.join(
                f"{pick(d.title_zh, d.title_en, lang)} {plain(d.weight)}" for d in rs.dimensions), indent="    "))
    return out


def _payouts(cmp: RulesComparison, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C = punct(lang)[0]
    out = []
    paying = [r for r in cmp.regions if r.money]
    if paying:
        rows = [[r.id, Message.of("rules_compare.withheld", withheld=Text(r.full.withheld_title_zh,
                                                                          r.full.withheld_title_en),
                                  fee=Text(r.full.fee_title_zh, r.full.fee_title_en),
                                  rate=pct(r.ruleset.settlement.withheld_rate)).render(lang), yuan(r.full.withheld)]
                for r in paying]
        heads = [L("region"), L("withheld"), L("withheld_amount")]
        used = sum(max(width(x) for x in [heads[c]] + [row[c] for row in rows]) for c in (0, 2))
        out.append(table(heads, rows, right={2}, widths={1: _ROOM - used - 4}))
        out.append("")
        out.append(Message.of("rules_compare.payout_cells").render(lang))
        LP, RP = punct(lang)[1:]
        first = [pts(s) for s in SCORES]
        cols = [(r.id, [f"{yuan(st.paid)}{LP}{pct(st.deduction_rate)}{RP}" if st is not None else "—"
                        for _, st in r.at]) for r in paying]
        out.extend(_tables([L("score")], first, cols, right=True))
        for r in paying:
            for band in r.ruleset.settlement.bands:
                if not band.consequences:
                    continue
                low = band.min or ZERO
                when = (Message.of("consequence.scores_from", score=low) if band.max is None
                        else Message.of("consequence.scores_below", score=band.max) if low == 0
                        else Message.of("consequence.scores_between", low=low, high=band.max))
                what = ("；" if lang == "zh" else "; ").join(
                    pick(c.title_zh, c.title_en, lang) for c in (r.ruleset.consequence(x) for x in band.consequences)
                    if c is not None)
                out.extend(_wrap(f"  {r.id} {when.render(lang)}{C}{what}", indent="    "))
    for r in cmp.regions:
        if not r.money:
            reason = pick(r.ruleset.settlement.none_reason_zh, r.ruleset.settlement.none_reason_en, lang)
            out.extend(_wrap(f"  {r.id}{C}{L('no_money')}" + (f"{C}{reason}" if reason else ""), indent="    "))
    return out


def _region_notes(r: RegionRules) -> list[Text]:
    """What every report of the region says about its rules (a draft, an example agreement)."""
    reg, rs = r.ruleset.region, r.ruleset
    out = []
    if reg.note:
        out.append(Text(reg.note_zh or reg.note, reg.note))
    if rs.banner_zh:
        out.append(Text(rs.banner_zh, rs.banner_en or rs.banner_zh))
    return out


def _notices(cmp: RulesComparison, lang: str) -> list[str]:
    return [line for r in cmp.regions for t in _region_notes(r)
            for line in _wrap(f"※ {r.id}{punct(lang)[0]}{t.render(lang)}", indent="  ")]


def render_rules(cmp: RulesComparison, lang: str) -> str:
    L = lambda k: label(k, lang)  # noqa: E731
    out = [L("rules_compare")]
    out.extend(_wrap(Message.of("rules_compare.intro", fee=yuan(cmp.fee)).render(lang)))
    out += ["", L("maxima")]
    out.extend(_maxima(cmp, lang))
    out += ["", L("violation_costs")]
    out.extend(_wrap(Message.of("rules_compare.cost_note").render(lang)))
    first = [say(v.title, lang) for v in VIOLATIONS.values()]
    cols = [(r.id, [_cell(r, c, lang) for c in r.costs]) for r in cmp.regions]
    out.extend(_tables([L("violation")], first, cols, right=False))
    for r in cmp.regions:
        out += ["", r.id]
        for c in r.costs:
            out.extend(_cost_lines(r, c, lang))
    out += ["", L("payouts")]
    out.extend(_payouts(cmp, lang))
    notices = _notices(cmp, lang)
    if notices:
        out += [""] + notices
    return "\n".join(out)


# ---------------------------------------------------------------------------------------- JSON


def _hit_doc(h: Hit, lang: str) -> dict:
    return {"item": h.item_id, "rule": h.rule_id, "kind": h.kind, "title": say(h.title, lang),
            "points": plain(h.points.normalize()) if h.kind != "check" else None, "weight": plain(h.weight.normalize()),
            "weighted": plain(h.weighted.normalize()) if h.kind != "check" else None, "capped": h.capped,
            "note": say(h.note, lang) or None, "citation": citation(h.citation, lang)}


def _cost_doc(r: RegionRules, c: Cost, lang: str) -> dict:
    status = "no_score" if not r.scored else "scored" if c.scored else "not_scored"
    norm = lambda x: plain(x.normalize()) if x is not None else None  # noqa: E731
    return {
        "id": c.violation.id, "title": say(c.violation.title, lang), "status": status,
        "points": {"low": norm(c.low), "high": norm(c.high)} if c.scored else None,
        "money_lost": {"low": plain(c.lost_low), "high": plain(c.lost_high)} if c.lost_low is not None else None,
        "prices": [{"product": p.product, "ways": [
            {"changes": {n: plain(d) for n, d in w.changes}, "clause": w.clause,
             "points": norm(w.points), "hits": [_hit_doc(h, lang) for h in w.hits]} for w in p.ways]}
            for p in c.prices],
    }


def _settled(s: Settlement | None) -> dict | None:
    if s is None:
        return None
    return {"score": plain(s.score), "deduction_rate": plain(s.deduction_rate), "deducted": plain(s.deducted),
            "paid": plain(s.paid), "returned_to_fund": plain(s.returned_to_fund),
            "consequences": [h.consequence.id for h in s.consequences]}


def rules_doc(cmp: RulesComparison, lang: str) -> dict:
    docs = []
    for r in cmp.regions:
        rs, s = r.ruleset, r.full
        docs.append({
            "region": r.id, "title": pick(rs.region.title_zh, rs.region.title_en, lang),
            "rules_version": rs.region.rules_version, "document": rs.region.document.id, "scored": r.scored,
            "max": plain(rs.region.max) if r.scored else None, "bonus_cap": plain(rs.bonus.cap) if rs.bonus else None,
            "categories": [{"id": c.id, "title": pick(c.title_zh, c.title_en, lang),
                            "max": plain(c.max) if r.scored else None,
                            "weight": plain(c.weight) if c.weight is not None else None,
                            "items": sum(1 for i in rs.items if i.category == c.id)} for c in rs.categories],
            "groups": [{"id": g.id, "title": pick(g.title_zh, g.title_en, lang), "weight": plain(g.weight)}
                       for g in rs.groups],
            "violations": [_cost_doc(r, c, lang) for c in r.costs],
            "settlement": {
                "kind": rs.settlement.kind, "fee_title": pick(s.fee_title_zh, s.fee_title_en, lang),
                "withheld_title": pick(s.withheld_title_zh, s.withheld_title_en, lang),
                "withheld_rate": plain(rs.settlement.withheld_rate), "withheld": plain(s.withheld),
                "no_money_reason": None if r.money else pick(s.none_reason_zh, s.none_reason_en, lang),
                "at": [_settled(st) for _, st in r.at] if r.money else [],
            },
            "notices": [t.render(lang) for t in _region_notes(r)],
        })
    return {"reference_fee": plain(money(cmp.fee)), "scores": [plain(s) for s in SCORES], "regions": docs}
