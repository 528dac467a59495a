"""One assessment from start to end: rules, evidence, facts, items, total, settlement.

The stages call the plugin hooks in the order of ``hookspecs``: rule set, fact collection, item
scoring, weighting, settlement. What the hooks return, with the records the evidence sections add,
is assembled into a ``Result``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Mapping

import attrs

from .amounts import ZERO, plain
from .errors import InputError
from .evidence import Evidence, resolve_own_facts, sha256
from .facts import Fact, FactBatch
from .kinds import SettlementKind
from .logsetup import get_logger
from .messages import Message, Text, joined
from .model import RuleSet
from .outlook import make_outlook
from .parts import aggregation_of, parts
from .registry import Registry
from .result import Notice, Result, Settlement
from .scoring.bonus import bonus_outcome
from .scoring.context import ScoringContext
from .scoring.findings import charge_findings
from .tomlread import suggest

log = get_logger("jingban.engine")


def ruleset_for(reg: Registry, region_id: str, options: Mapping[str, str] | None,
                evidence: Evidence | None = None, agreement: Path | None = None,
                rules_version: str | None = None) -> RuleSet:
    """The rule set of the region for the evidence: the dated version its period picks (or
    `rules_version`, jingban.versions), through the rule-set hook with the options."""
    from .versions import rules_file_for

    loaded = reg.load(region_id)
    spec = loaded.spec
    period_end = evidence.period.end if evidence is not None and evidence.period else None
    chosen = rules_file_for(spec, period_end, rules_version)
    if chosen != spec.rules_file:  # the hook reads `spec.rules_file`: the version chosen
        spec = attrs.evolve(spec, rules_file=chosen)
    if agreement is None and evidence is not None:
        agreement = evidence.agreement_path()
    if loaded.spec.needs_agreement and agreement is None:
        where = (evidence.file, "agreement") if evidence is not None else (None, "--agreement")
        raise InputError(*where, Message.of("error.evidence.needs_agreement", region=region_id))
    rs = reg.call("jingban_ruleset", region_id=region_id, spec=spec, options=dict(options or {}),
                  evidence=evidence, agreement=agreement)
    if rs is None:
        raise InputError(str(loaded.spec.rules_file), None, Message.of("error.scoring.no_ruleset", region=region_id))
    return rs


def check_evidence(rs: RuleSet, ev: Evidence, foreign: bool) -> None:
    """Ids in the evidence must be the region's; a typo is refused with the nearest id."""
    if rs.products and not foreign:
        ids = [p.id for p in rs.products]
        if ev.product is None:
            raise InputError(ev.file, "product",
                             Message.of("error.evidence.one_product", products=joined(*ids, zh="、", en=", ")))
        if ev.product not in ids:
            raise InputError(ev.file, "product", Message.of("error.evidence.unknown_product", product=ev.product,
                                                            hint=suggest(ev.product, ids)))
    if foreign:
        return
    item_ids = [i.id for i in rs.items]
    for x in ev.inspected:
        if x not in item_ids:
            raise InputError(ev.file, "inspected",
                             Message.of("error.evidence.unknown_item_named", item=x, hint=suggest(x, item_ids)))
    for key, record in ev.sections:
        parts().sections[key].check(rs, record, ev)


def collect_facts(reg: Registry, region_id: str, rs: RuleSet, ev: Evidence,
                  sources=None) -> tuple[tuple[Fact, ...], list[Notice]]:
    facts = {f.name: f for f in ev.facts}
    notices: list[Notice] = []
    for batch in reg.call("jingban_collect_facts", region_id=region_id, ruleset=rs, evidence=ev, sources=sources):
        if isinstance(batch, FactBatch):
            notices.extend(Notice(n) for n in batch.notices)
            batch = batch.facts
        for f in batch or ():
            if f.name in facts:
                raise InputError(ev.file, f"facts.{f.name}", Message.of("error.evidence.also_collected", source=f.source))
            facts[f.name] = f
    return tuple(facts.values()), notices


def inputs_digest(rs: RuleSet, ev: Evidence, options: Mapping[str, str]) -> str:
    """SHA-256 over the evidence, every rules file used and the options in force."""
    h = sha256()
    h.update(ev.sha256.encode())
    for f in rs.source_files:
        h.update(Path(f).read_bytes())
    h.update(json.dumps(sorted(dict(rs.selected).items())).encode())
    return h.hexdigest()


def assess_evidence(reg: Registry, region_id: str, ev: Evidence, options: Mapping[str, str] | None = None,
                    *, foreign_ok: bool = False, sources=None, agreement: Path | None = None,
                    stakes: bool = False, rules_version: str | None = None) -> Result:
    """Assess the evidence. With `stakes`, the result also carries what is at stake
    (`jingban.stakes`): the settlement's arithmetic, what each finding and counted fact cost, and
    the scores where the payout changes; found by assessing again without each piece of evidence."""
    try:
        return _assess(reg, region_id, ev, options, foreign_ok, sources, agreement, stakes, rules_version)
    except InputError as exc:  # an id the region lacks, found in a workbook: named by its cell
        raise ev.located(exc) from None


def _assess(reg: Registry, region_id: str, ev: Evidence, options: Mapping[str, str] | None, foreign_ok: bool,
            sources, agreement: Path | None, stakes: bool, rules_version: str | None) -> Result:
    reg.load(region_id)  # an unknown or broken region is reported before anything about the evidence
    foreign = ev.region is not None and ev.region != region_id
    if foreign and not foreign_ok:
        raise InputError(ev.file, "region",
                         Message.of("error.evidence.foreign_region", evidence=ev.region, region=region_id))
    rs = ruleset_for(reg, region_id, options, ev, agreement, rules_version)
    ev = resolve_own_facts(rs, ev, foreign)  # the facts outside the catalog: this region's own, or refused
    check_evidence(rs, ev, foreign)
    if sources is None and ev.ledgers is not None:
        from .ledgers.sources import Sources
        sources = Sources(folder=Path(ev.base_dir) / ev.ledgers)
    facts, collected_notices = collect_facts(reg, region_id, rs, ev, sources)
    result = score_evidence(reg, region_id, rs, ev, facts, collected_notices, options, foreign)
    # logged once: the assessments again without a piece of evidence (the stakes) are not logged
    log.info("assessed", region=region_id, items=len(result.items), provisional=result.provisional,
             total=plain(result.total))
    if stakes and not foreign:
        from .stakes import Rerun, stakes_of

        rerun = Rerun(reg=reg, region_id=region_id, ruleset=rs, evidence=ev, facts=facts, options=options,
                      sources=sources)
        result = attrs.evolve(result, stakes=stakes_of(result, rerun))
    return result


def _in_table_order(rs: RuleSet, facts: tuple[Fact, ...]) -> list[Fact]:
    """The facts in the order the region's table first reads them, the rest by name: never in the
    order the inspector wrote them (a workbook's 事实 sheet and a TOML file list them differently)."""
    first: dict[str, int] = {}
    for name, _, _ in rs.fact_readers():
        first.setdefault(name, len(first))
    return sorted(facts, key=lambda f: (first.get(f.name, len(first)), f.name))


def score_evidence(reg: Registry, region_id: str, rs: RuleSet, ev: Evidence, facts: tuple[Fact, ...],
                   collected_notices, options: Mapping[str, str] | None, foreign: bool) -> Result:
    """The stages after the facts are collected: items, total, settlement, the result."""
    used = rs.facts_used()
    incomplete = any(not f.complete for f in facts if f.name in used)
    charges = () if foreign else charge_findings(rs, ev)
    ctx = ScoringContext(ruleset=rs, evidence=ev, facts=facts, charges=charges, foreign=foreign)
    partial = {f.name for f in facts if not f.complete}  # counted with ledger rows set aside
    items = []
    for item in rs.items:
        score = reg.call("jingban_score_item", region_id=region_id, item=item, context=ctx)
        if score.assessed and partial & _facts_of(item):
            score = attrs.evolve(score, floor=ZERO)  # the rows set aside may hold more cases
        items.append(score)
    items_t = tuple(items)
    lines, bonus_total, claimed, bonus_open = bonus_outcome(rs, ev, foreign, facts)
    unverified = any(c.passed is None for i in items_t for c in i.checks)
    totals = reg.call("jingban_weigh", region_id=region_id, ruleset=rs, items=items_t, bonus_total=bonus_total,
                      provisional=unverified or incomplete or bool(bonus_open))
    veto = None
    if any(getattr(parts().shapes.get(i.shape), "decides_total", False) for i in rs.items):
        from .scoring import veto as vetoes  # a veto item (一票否决) decides the result whatever the rest scores

        veto = vetoes.veto_state(items_t)
        totals = vetoes.veto_totals(rs, veto, totals)
    at = (lambda score: vetoes.settle_at(veto, score)) if veto is not None else (lambda score: score)
    settlement: Settlement | None = reg.call(
        "jingban_settle", region_id=region_id, ruleset=rs, score=at(totals.total), fee=ev.fee, evidence=ev,
        items=items_t, provisional=totals.provisional)
    if veto is not None:
        settlement = vetoes.replaced(rs, veto, settlement)
    grade, outlook = totals.grade, None
    if totals.provisional and totals.low is not None:
        at_high = reg.call("jingban_settle", region_id=region_id, ruleset=rs, score=at(totals.high), fee=ev.fee,
                           evidence=ev, items=items_t, provisional=True)
        if veto is not None:
            at_high = vetoes.replaced(rs, veto, at_high)
        outlook = make_outlook(rs, totals.low, totals.high, settlement, at_high)
        if veto is not None:
            outlook = vetoes.veto_outlook(rs, veto, outlook)
        # shown as facts only what every final score leads to
        settlement = attrs.evolve(settlement, consequences=outlook.certain) if settlement is not None else None
        grade = outlook.grades[0] if len(outlook.grades) == 1 else None
    notices = _notices(rs, ev, foreign, items_t, totals, unverified) + tuple(collected_notices) \
        + _unchecked_claims(rs, ev, facts) + (vetoes.notices(veto) if veto is not None else ())
    sections = []
    # a section not yet imported read nothing and its shape is not in the rule set: it adds nothing
    for unit in parts().sections.imported():
        record = unit.result(rs, ev.section(unit.key), items_t, foreign)
        if record is not None:
            sections.append((unit.key, record))
    return Result(
        region=rs.region, rules_version=rs.region.rules_version, agency=ev.agency, product=ev.product,
        period=(str(ev.period.start), str(ev.period.end)) if ev.period else None, items=items_t,
        categories=totals.categories, total=totals.total, grade=grade, provisional=totals.provisional,
        bonus_lines=lines, bonus_total=bonus_total, bonus_claimed=claimed, settlement=settlement,
        inputs_sha256=inputs_digest(rs, ev, options or {}), options=rs.selected, options_shown=rs.options_shown(),
        breakdown=totals.breakdown,
        outlook=outlook,
        notices=notices, sections=tuple(sections),
        facts_used=tuple((f.name, f.value, f.source or "", f.detail or "") for f in _in_table_order(rs, facts)),
        evidence_file=ev.file,
        product_title=next((Text(p.title_zh, p.title_en) for p in rs.products if p.id == ev.product), None),
    )


def _facts_of(item) -> set[str]:
    names = {n for c in item.clauses for n in (c.fact, c.minus_fact) if n}
    return names | {q.fact for q in item.requirements + item.checks}


def _notices(rs: RuleSet, ev: Evidence, foreign: bool, items, totals, unverified: bool) -> tuple[Notice, ...]:
    out = []
    if rs.region.note:
        out.append(Notice(Text(rs.region.note_zh or rs.region.note, rs.region.note)))
    if rs.banner_zh:
        out.append(Notice(Text(rs.banner_zh, rs.banner_en or rs.banner_zh)))
    if foreign:
        out.append(Notice(Message.of("notice.foreign", region=ev.region)))
    out.extend(aggregation_of(rs.region.aggregation).notices(rs, items, totals))
    if unverified:
        out.append(Notice(Message.of("notice.unverified")))
    reg = rs.region
    if ev.period and (ev.period.start < reg.effective_from or (reg.effective_to and ev.period.end > reg.effective_to)):
        dates = dict(start=ev.period.start, end=ev.period.end, effective_from=reg.effective_from)
        out.append(Notice(Message.of("notice.period_outside_until", effective_to=reg.effective_to, **dates)
                          if reg.effective_to else Message.of("notice.period_outside", **dates)))
    if ev.period and reg.last_verified and ev.period.end > reg.last_verified:
        out.append(Notice(Message.of("notice.rules_unverified", end=ev.period.end, last_verified=reg.last_verified,
                                     version=reg.rules_version)))
    return tuple(out)


# the notices that say the rules may not be the ones for the period: every output carries them,
# the forms as every form's first note (forms/build.py)
DATING = frozenset({"notice.period_outside", "notice.period_outside_until", "notice.rules_unverified"})


def _unchecked_claims(rs: RuleSet, ev: Evidence, facts) -> tuple[Notice, ...]:
    """A finding names claims, and a count of claims the rules use was not counted against it in
    this run (stated by hand, or collected beforehand and included): the claims could be deducted
    twice, and only the inspector can tell. Said, never guessed."""
    from .facts import FACTS, ledger_of
    from .kinds import FactKind
    from .messages import fact_name

    if not rs.region.same_issue_once:  # no same-issue rule: a claim is deducted under each item
        return ()
    used = set(rs.facts_used())
    counts = [f for f in facts if f.name in used and f.left_out is None and ledger_of(f.name) == "claims"
              and FACTS[f.name].kind is FactKind.COUNT and f.value > 0]
    return tuple(Notice(Message.of("notice.claims_not_checked", finding=fnd.id, fact=fact_name(f.name),
                                   claims=Text("、".join(fnd.claims), ", ".join(fnd.claims))))
                 for fnd in ev.findings if fnd.claims for f in sorted(counts, key=lambda x: x.name))


def settle_score(reg: Registry, region_id: str, score: Decimal | None, fee: Decimal | None,
                 options: Mapping[str, str] | None = None, agreement: Path | None = None,
                 rules_version: str | None = None) -> Settlement:
    rs = ruleset_for(reg, region_id, options, None, agreement, rules_version)
    if score is not None and rs.settlement.kind is not SettlementKind.NONE and not (ZERO <= score <= rs.score_max):
        raise InputError(None, "--score", Message.of("error.scoring.score_outside_region", score=score,
                                                     region=region_id, max=rs.score_max))
    return reg.call("jingban_settle", region_id=region_id, ruleset=rs, score=score, fee=fee, evidence=None,
                    items=(), provisional=False)
