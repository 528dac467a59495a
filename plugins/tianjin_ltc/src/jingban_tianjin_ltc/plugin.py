"""Registration of the `tianjin_ltc` region, and the one thing its rules file cannot say alone.

The 2024 draft leaves indicators and weights to the city centre (第十五条) and the fee link to the
service agreement (第十八条), so the rule set is the region's rules.toml (document, consequences)
joined with an agreement file the evidence names: three assessing levels (第十四条), six dimensions
(第五条) with their indicators, grades and settlement bands. Every level scores every indicator;
a leaf's weight is level x dimension x indicator, so the total is the three-level weighted average.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import attrs

from jingban.plugin import (
    ONE,
    ZERO,
    Category,
    Indicator,
    InputError,
    Item,
    Message,
    Node,
    RuleSet,
    check_ruleset,
    every_reading,
    hookimpl,
    load_rules,
    load_toml,
    read_categories,
    read_citation,
    read_clause,
    read_consequences,
    read_grades,
    read_settlement,
    spec_from_rules,
)

REGION = "tianjin_ltc"
RULES = Path(__file__).with_name("rules.toml")
LEAF_MAX = Decimal(100)  # 百分制 (第十四条): every level scores every indicator out of 100


@hookimpl
def jingban_region():
    return spec_from_rules(RULES, needs_agreement=True)


@hookimpl
def jingban_ruleset(region_id, spec, options, evidence, agreement):
    if region_id != REGION:
        return None
    return load_with_agreement(spec.rules_file, Path(agreement), options)


def _weights_sum(file: str, where, weights: list[Decimal]) -> None:
    total = sum(weights, ZERO)
    if total != ONE:
        raise InputError(file, where, Message.of("error.rules.weights_sum", total=total))


def load_with_agreement(rules_file: Path, agreement_file: Path, options) -> RuleSet:
    base = load_rules(rules_file, options)
    file = str(agreement_file)
    data = load_toml(agreement_file)
    allowed = {o.id: o.allowed for o in base.options}
    # every entry of the agreement is read, under the reading its `when` names (the core's rule)
    return every_reading(dict(base.selected), lambda selected, whens: _join(
        base if selected == dict(base.selected) else load_rules(rules_file, selected), data, file, allowed, whens))


def _join(base: RuleSet, data, file: str, allowed, whens) -> RuleSet:
    selected = dict(base.selected)
    top = Node(data, file, options=selected, option_ids=frozenset(selected), allow_when=True, allowed=allowed,
               whens=whens)

    meta = top.table("agreement")
    meta.str("id")
    example = meta.bool("example", False)
    title_zh, title_en = meta.str("title_zh"), meta.str("title_en")
    meta.date("signed", None)
    read_citation(meta)
    meta.done()

    levels = read_categories(top, "levels")
    if not levels:
        raise top.error("levels", Message.of("error.rules.tianjin_no_levels"))
    for i, lv in enumerate(levels):
        if lv.weight is None:
            raise InputError(file, f"levels[{i}].weight", Message.of("error.rules.tianjin_level_weight", level=lv.id))
    _weights_sum(file, "levels", [lv.weight for lv in levels])

    dims = top.tables("dimensions")
    if not dims:
        raise top.error("dimensions", Message.of("error.rules.tianjin_no_dimensions"))
    categories, indicators = [], []
    for d in dims:
        did = d.str("id")
        weight = d.decimal("weight", minimum=ZERO, maximum=ONE)
        cat = Category(id=did, title_zh=d.str("title_zh"), title_en=d.str("title_en"), max=weight * LEAF_MAX,
                       citation=read_citation(d), weight=weight)
        inds = d.tables("indicators")
        if not inds:
            raise d.error("indicators", Message.of("error.rules.tianjin_no_indicators", dimension=did))
        rows = []
        for ind in inds:
            rows.append((ind, ind.decimal("weight", minimum=ZERO, maximum=ONE)))
        _weights_sum(file, Message.of("error.rules.tianjin_where_indicators", dimension=did), [w for _, w in rows])
        categories.append(cat)
        indicators.append((cat, rows))
        d.done()
    _weights_sum(file, "dimensions", [c.weight for c in categories])

    items = []
    for lv in levels:
        for cat, rows in indicators:
            for ind, w in rows:
                leaf_id = f"{lv.id}:{ind.str('id')}"
                clauses = tuple(
                    attrs.evolve(cl, id=f"{lv.id}:{cl.id}")
                    for cl in (read_clause(c, leaf_id, None) for c in ind.tables("clauses"))
                )
                items.append(Item(
                    id=leaf_id, category=cat.id, title_zh=f"{lv.title_zh}·{ind.str('title_zh')}",
                    title_en=f"{lv.title_en}: {ind.str('title_en')}", max=LEAF_MAX, shape="rating",
                    citation=read_citation(ind), clauses=clauses, weight=lv.weight * cat.weight * w, group=lv.id,
                    indicator=Indicator(ind.str("id"), ind.str("title_zh"), ind.str("title_en")),
                ))
                ind.done()

    consequences = {c.id: c for c in base.consequences}
    consequences.update({c.id: c for c in read_consequences(top)})
    rs = attrs.evolve(
        base,
        items=tuple(items),
        categories=tuple(categories),
        groups=tuple(levels),
        grades=read_grades(top),
        settlement=read_settlement(top, selected),
        consequences=tuple(consequences.values()),
        source_files=base.source_files + (file,),
        banner_zh=f"示例协议：{title_zh}——权重与档次仅为示例，非天津实际约定" if example else None,
        banner_en=f"EXAMPLE agreement: {title_en} — weights and bands are illustrations, not Tianjin's" if example
        else None,
    )
    top.done()
    check_ruleset(rs, file)
    return rs
