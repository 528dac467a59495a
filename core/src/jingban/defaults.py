"""The core's own hook implementations: they serve every region whose rules file says what to do.

Registered last-resort (``trylast``), so a region plugin's implementation of the same hook answers
first for its own region. The core's shapes, evidence sections and aggregations are registered
here through the same hooks a plugin uses for its own, each by where it lives.
"""

from __future__ import annotations

from decimal import Decimal

from .amounts import ZERO
from .hookspecs import hookimpl
from .parts import Deferred, aggregation_of, shape_of
from .rulesfile import load_rules
from .settlement import settle

# Each unit is imported when a rules or evidence file first uses it (jingban.parts.Deferred): a
# region whose rules name no checklist imports no checklist code. The order is the units' order in
# reports, templates and `parts()`.


@hookimpl
def jingban_register_sections(register):
    register(Deferred("survey", "jingban.sections.survey", "SurveySection"))
    register(Deferred("commitments", "jingban.sections.commitments", "CommitmentsSection"))


@hookimpl
def jingban_register_shapes(register):
    register(Deferred("deductions", "jingban.shapes.deductions", "DeductionsShape"))
    register(Deferred("dimensions", "jingban.shapes.dimensions", "DimensionsShape", sections=("ratings",)))
    register(Deferred("rating", "jingban.shapes.rating", "RatingShape", sections=("scores",)))
    register(Deferred("check", "jingban.shapes.check", "CheckShape", sections=("checklist", "report")))
    register(Deferred("scale", "jingban.shapes.scale", "ScaleShape", sections=("scale",)))
    register(Deferred("ratio", "jingban.shapes.ratio", "RatioShape"))
    register(Deferred("share", "jingban.shapes.share", "ShareShape"))
    register(Deferred("veto", "jingban.shapes.veto", "VetoShape"))


@hookimpl
def jingban_register_aggregations(register):
    register(Deferred("sum", "jingban.aggregations.sums", "SumAggregation"))
    register(Deferred("weighted_tree", "jingban.aggregations.sums", "WeightedTreeAggregation"))
    register(Deferred("checklist", "jingban.aggregations.checklist", "ChecklistAggregation"))


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
    return shape_of(item.shape).score(item, context)


@hookimpl(trylast=True)
def jingban_weigh(region_id, ruleset, items, bonus_total, provisional):
    return aggregation_of(ruleset.region.aggregation).weigh(ruleset, items, bonus_total, provisional)


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
