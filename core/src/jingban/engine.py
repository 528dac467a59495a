"""One assessment from start to end: rules, evidence, facts, items, total, settlement.

The stages call the plugin hooks in the order of ``hookspecs``: rule set, fact collection, item
scoring, weighting, settlement. What the hooks return is assembled into a ``Result``.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Mapping

import structlog

from .amounts import ZERO, plain
from .errors import InputError
from .evidence import Evidence
from .facts import Fact, FactBatch
from .model import RuleSet
from .registry import Registry
from .result import Notice, Result, Settlement
from .scoring.bonus import bonus_lines
from .scoring.context import ScoringContext
from .scoring.findings import charge_findings
from .tomlread import suggest

log = structlog.get_logger("jingban.engine")


def ruleset_for(reg: Registry, region_id: str, options: Mapping[str, str] | None,
                evidence: Evidence | None = None, agreement: Path | None = None) -> RuleSet:
    loaded = reg.load(region_id)
    if agreement is None and evidence is not None:
        agreement = evidence.agreement_path()
    if loaded.spec.needs_agreement and agreement is None:
        where = (evidence.file, "agreement") if evidence is not None else (None, "--agreement")
        raise InputError(*where, f"region {region_id} takes its indicators and weights from an agreement file;"
                         " name it (agreement = \"file.toml\" in the evidence, or --agreement FILE)")
    rs = reg.pm.hook.jingban_ruleset(region_id=region_id, spec=loaded.spec, options=dict(options or {}),
                                     evidence=evidence, agreement=agreement)
    if rs is None:
        raise InputError(str(loaded.spec.rules_file), None, f"region {region_id} produced no rule set")
    return rs


def check_evidence(rs: RuleSet, ev: Evidence, foreign: bool) -> None:
    """Ids in the evidence must be the region's; a typo is refused with the nearest id."""
    if rs.products and not foreign:
        ids = [p.id for p in rs.products]
        if ev.product is None:
            raise InputError(ev.file, "product", f"this region assesses one product per file: {', '.join(ids)}")
        if ev.product not in ids:
            raise InputError(ev.file, "product", f"unknown product {ev.product!r}{suggest(ev.product, ids)}")
    if foreign:
        return
    item_ids = [i.id for i in rs.items]
    for x in ev.inspected:
        if x not in item_ids:
            raise InputError(ev.file, "inspected", f"unknown item {x!r}{suggest(x, item_ids)}")
    shapes = {i.id: i.shape for i in rs.items}
    for key, table, shape in (("ratings", ev.ratings, "dimensions"), ("scores", ev.scores, "rating"),
                              ("checklist", ev.checklist, "check")):
        for item_id, _ in table:
            if item_id not in shapes:
                raise InputError(ev.file, f"{key}.{item_id}", f"unknown item{suggest(item_id, item_ids)}")
            if shapes[item_id] != shape:
                raise InputError(ev.file, f"{key}.{item_id}", f"item {item_id} is not scored by {key}")


def collect_facts(reg: Registry, region_id: str, rs: RuleSet, ev: Evidence,
                  sources=None) -> tuple[tuple[Fact, ...], list[Notice]]:
    facts = {f.name: f for f in ev.facts}
    notices: list[Notice] = []
    for batch in reg.pm.hook.jingban_collect_facts(region_id=region_id, ruleset=rs, evidence=ev, sources=sources):
        if isinstance(batch, FactBatch):
            notices.extend(Notice(z, e) for z, e in zip(batch.notices_zh, batch.notices_en))
            batch = batch.facts
        for f in batch or ():
            if f.name in facts:
                raise InputError(ev.file, f"facts.{f.name}", f"also collected from {f.source}; keep one")
            facts[f.name] = f
    return tuple(facts.values()), notices


def inputs_digest(rs: RuleSet, ev: Evidence, options: Mapping[str, str]) -> str:
    """SHA-256 over the evidence, every rules file used and the options in force."""
    h = hashlib.sha256()
    h.update(ev.sha256.encode())
    for f in rs.source_files:
        h.update(Path(f).read_bytes())
    h.update(json.dumps(sorted(dict(rs.selected).items())).encode())
    return h.hexdigest()


def assess_evidence(reg: Registry, region_id: str, ev: Evidence, options: Mapping[str, str] | None = None,
                    *, foreign_ok: bool = False, sources=None) -> Result:
    reg.load(region_id)  # an unknown or broken region is reported before anything about the evidence
    foreign = ev.region is not None and ev.region != region_id
    if foreign and not foreign_ok:
        raise InputError(ev.file, "region", f"this evidence is written for {ev.region!r}, not {region_id!r}"
                         " (use --region accordingly, or `assess compare` to score it under other regions)")
    rs = ruleset_for(reg, region_id, options, ev)
    check_evidence(rs, ev, foreign)
    if sources is None and ev.ledgers is not None:
        from .ledgers.sources import Sources
        sources = Sources(folder=Path(ev.base_dir) / ev.ledgers)
    facts, collected_notices = collect_facts(reg, region_id, rs, ev, sources)
    used = rs.facts_used()
    incomplete = any(not f.complete for f in facts if f.name in used)
    charges = () if foreign else charge_findings(rs, ev)
    ctx = ScoringContext(ruleset=rs, evidence=ev, facts=facts, charges=charges, foreign=foreign)
    items = []
    for item in rs.items:
        score = reg.pm.hook.jingban_score_item(region_id=region_id, item=item, context=ctx)
        items.append(score)
    items_t = tuple(items)
    lines, bonus_total, claimed = bonus_lines(rs, ev, foreign)
    unverified = any(c.passed is None for i in items_t for c in i.checks)
    totals = reg.pm.hook.jingban_weigh(region_id=region_id, ruleset=rs, items=items_t, bonus_total=bonus_total,
                                       provisional=unverified or incomplete)
    settlement: Settlement | None = reg.pm.hook.jingban_settle(
        region_id=region_id, ruleset=rs, score=totals.total, fee=ev.fee, evidence=ev, items=items_t,
        provisional=totals.provisional)
    notices = _notices(rs, ev, foreign, items_t, totals.unassessed_max, unverified) + tuple(collected_notices)
    log.info("assessed", region=region_id, items=len(items_t), provisional=totals.provisional,
             total=plain(totals.total))
    return Result(
        region=rs.region, rules_version=rs.region.rules_version, agency=ev.agency, product=ev.product,
        period=(str(ev.period.start), str(ev.period.end)) if ev.period else None, items=items_t,
        categories=totals.categories, total=totals.total, grade=totals.grade, provisional=totals.provisional,
        bonus_lines=lines, bonus_total=bonus_total, bonus_claimed=claimed, settlement=settlement,
        inputs_sha256=inputs_digest(rs, ev, options or {}), options=rs.selected, areas=totals.areas,
        groups=totals.groups, notices=notices, report_sections=_report_sections(rs, ev, items_t),
        facts_used=tuple((f.name, f.value, f.source or "", f.detail or "") for f in facts), evidence_file=ev.file,
        survey_dissatisfied=() if foreign else tuple(a for a in ev.survey if not a.satisfied),
    )


def _notices(rs: RuleSet, ev: Evidence, foreign: bool, items, unassessed_max: Decimal, unverified: bool):
    out = []
    if rs.region.note:
        out.append(Notice(rs.region.note_zh or rs.region.note, rs.region.note))
    if rs.banner_zh:
        out.append(Notice(rs.banner_zh, rs.banner_en or rs.banner_zh))
    if foreign:
        out.append(Notice(
            f"证据文件按“{ev.region}”编写：其检查清单、发现和评分不适用于本地区，仅使用共同事实",
            f"the evidence was written for {ev.region}: its findings, ratings and answers do not apply here;"
            " only the common facts are used"))
    missing = [i for i in items if not i.assessed]
    if missing and rs.region.aggregation != "checklist":
        out.append(Notice(
            f"临时结果：{len(missing)} 项未考核（共 {plain(unassessed_max)} 分），总分为已考核项目之和，"
            f"最终得分不低于此数，最多再加 {plain(unassessed_max)} 分",
            f"provisional: {len(missing)} items not assessed ({plain(unassessed_max)} points); the total counts"
            f" assessed items only, so the final total is at least this and at most {plain(unassessed_max)} more"))
    if unverified:
        out.append(Notice("临时结果：部分量化要求缺少事实，未能核验",
                          "provisional: some numeric requirements could not be checked (facts missing)"))
    if ev.period and (ev.period.start < rs.region.effective_from or
                      (rs.region.effective_to and ev.period.end > rs.region.effective_to)):
        out.append(Notice(
            f"考核期间 {ev.period.start}～{ev.period.end} 超出规则有效期（{rs.region.effective_from} 起）",
            f"the period {ev.period.start}..{ev.period.end} lies outside the rules' effective dates"
            f" (from {rs.region.effective_from}{' to ' + str(rs.region.effective_to) if rs.region.effective_to else ''})"))
    return tuple(out)


def _report_sections(rs: RuleSet, ev: Evidence, items) -> tuple[tuple[str, str], ...]:
    """The self-inspection report's sections, drawn from the checklist answers (checklist regions)."""
    if rs.region.aggregation != "checklist":
        return ()
    given = dict(ev.report)
    problems = [i for i in items if i.answer in ("partly", "non_compliant")]
    return (
        ("organisation", given.get("organisation", "")),
        ("problems", "\n".join(f"{i.id} {i.title_zh}" for i in problems)),
        ("causes", "\n".join(f"{i.id} {i.reason}" for i in problems if i.reason)),
        ("rectification", "\n".join(f"{i.id} {i.rectification}" for i in problems if i.rectification)),
        ("suggestions", given.get("suggestions", "")),
    )


def settle_score(reg: Registry, region_id: str, score: Decimal | None, fee: Decimal | None,
                 options: Mapping[str, str] | None = None, agreement: Path | None = None) -> Settlement:
    rs = ruleset_for(reg, region_id, options, None, agreement)
    if score is not None and rs.settlement.kind != "none" and not (ZERO <= score <= rs.score_max):
        raise InputError(None, "--score", f"{score} lies outside {region_id}'s range 0-{rs.score_max}")
    return reg.pm.hook.jingban_settle(region_id=region_id, ruleset=rs, score=score, fee=fee, evidence=None,
                                      items=(), provisional=False)
