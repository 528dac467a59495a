"""The core's own hook implementations: they serve every region whose rules file says what to do.

Registered last-resort (``trylast``), so a region plugin's implementation of the same hook answers
first for its own region.
"""

from __future__ import annotations

from decimal import Decimal

from .amounts import ZERO
from .hookspecs import hookimpl
from .rulesfile import load_rules
from .scoring.checklist import score_check_item
from .scoring.clauses import score_deductions_item
from .scoring.dimensions import score_dimensions_item
from .scoring.rating import score_rating_item
from .scoring.totals import weigh
from .settlement import settle

_SHAPES = {
    "deductions": score_deductions_item,
    "dimensions": score_dimensions_item,
    "rating": score_rating_item,
    "check": score_check_item,
}


@hookimpl(trylast=True)
def jingban_ruleset(region_id, spec, options, evidence, agreement):
    return load_rules(spec.rules_file, options)


@hookimpl(trylast=True)
def jingban_collect_facts(region_id, ruleset, evidence, sources):
    if sources is None or sources.folder is None:
        return None
    from .ledgers.collect import collect_batch  # DuckDB is imported only when ledgers are used

    return collect_batch(ruleset, evidence, sources)


@hookimpl(trylast=True)
def jingban_score_item(region_id, item, context):
    return _SHAPES[item.shape](item, context)


@hookimpl(trylast=True)
def jingban_weigh(region_id, ruleset, items, bonus_total, provisional):
    return weigh(ruleset, items, bonus_total, provisional)


@hookimpl(trylast=True)
def jingban_settle(region_id, ruleset, score, fee, evidence, items, provisional):
    losses = sum((f.amount for f in evidence.fund_losses), ZERO) if evidence is not None else ZERO
    pairs = tuple((cid, i.id) for i in items for cid in i.consequences)
    return settle(
        ruleset, score, fee,
        period=evidence.period if evidence is not None else None,
        served=evidence.service_period if evidence is not None else None,
        fund_losses=Decimal(losses), item_consequences=pairs, provisional=provisional,
    )
