"""Reading a region's rules file (docs/rules-format.md) into a RuleSet.

The readers for each section are public so a plugin that takes part of its rules from another file
(Tianjin's agreement) reads them with the same code and the same error messages.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Mapping

import attrs

from .amounts import ONE, ZERO
from .errors import InputError, reason
from .facts import FACTS, FactSpec, declare, declaring, known, names_in_scope
from .kinds import (
    Beyond,
    FactKind,
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
from .messages import Message, Text, joined
from .model import (
    Band,
    BonusKind,
    ComputedBonus,
    BonusRule,
    ClaimDeadline,
    HospitalDeadline,
    LedgerRules,
    Category,
    Citation,
    Clause,
    Consequence,
    Dimension,
    Document,
    FORM_COLUMNS,
    FORM_HEADER_KEYS,
    Form,
    FormField,
    FormSignature,
    Grade,
    Item,
    Option,
    Product,
    Region,
    Requirement,
    RuleSet,
    SettlementRule,
)
from .tomlread import Node, load_toml, suggest


def default(record: type, field: str):
    """A record's own default for a key the file leaves out: one source for each default."""
    return getattr(attrs.fields(record), field).default


def read_citation(node: Node, key: str = "citation") -> Citation:
    c = node.table(key)
    cit = Citation(
        document=c.str("document"),
        article=c.str("article", None),
        item=c.str("item", None),
        note=c.str("note", None),
        note_zh=c.str("note_zh", None),
    )
    # a report is in one language: a note in one only would show English in a Chinese report (or none)
    if cit.note is not None and cit.note_zh is None:
        raise c.error("note", Message.of("error.rules.note_without_zh"))
    if cit.note_zh is not None and cit.note is None:
        raise c.error("note_zh", Message.of("error.rules.note_zh_without_en"))
    c.done()
    return cit


def read_options(node: Node, chosen: Mapping[str, str], file: str) -> tuple[tuple[Option, ...], dict[str, str]]:
    """The file's options and the values in force (file defaults overridden by `chosen`)."""
    options = []
    for o in node.tables("options"):
        oid, value, allowed = o.str("id"), o.str("value"), o.strs("allowed")
        # checked before the record is made: its validator would raise a bare ValueError, which
        # `assess regions` cannot list as a broken rules file
        if value not in allowed:
            raise o.error("value", Message.of("error.rules.option_not_allowed", value=value,
                                              allowed=_allowed_tuple(allowed)))
        title, titles = None, ()
        if o.has("title_zh") or o.has("title_en") or o.has("allowed_zh") or o.has("allowed_en"):
            title = Text(o.str("title_zh"), o.str("title_en"))
            zh, en = o.strs("allowed_zh"), o.strs("allowed_en")
            for key, names in (("allowed_zh", zh), ("allowed_en", en)):
                if len(names) != len(allowed):
                    raise o.error(key, Message.of("error.rules.option_titles", count=len(names), allowed=len(allowed)))
            titles = tuple(Text(z, e) for z, e in zip(zh, en))
        opt = Option(id=oid, value=value, allowed=allowed, description=o.str("description"),
                     citation=read_citation(o), title=title, allowed_titles=titles)
        o.done()
        options.append(opt)
    selected = {o.id: o.value for o in options}
    for oid, value in chosen.items():
        opt = next((o for o in options if o.id == oid), None)
        if opt is None:
            raise InputError(None, f"--option {oid}",
                             Message.of("error.rules.no_such_option", hint=suggest(oid, selected)) if selected
                             else Message.of("error.rules.no_options"))
        if value not in opt.allowed:
            raise InputError(None, f"--option {oid}", Message.of(
                "error.rules.option_value", value=value, allowed=Text("、".join(opt.allowed), ", ".join(opt.allowed))))
        selected[oid] = value
    return tuple(options), selected


def read_region(node: Node) -> Region:
    r = node.table("region")
    d = r.table("document")
    doc = Document(
        id=d.str("id"), title=d.str("title"), issuer=d.str("issuer", None), date=d.date("date", None),
        source_file=d.str("source_file", None),
    )
    d.done()
    same_issue = r.bool("same_issue_once", False)
    region = Region(
        id=r.str("id"),
        title_zh=r.str("title_zh"),
        title_en=r.str("title_en"),
        document=doc,
        rules_version=r.str("rules_version"),
        effective_from=r.date("effective_from"),
        effective_to=r.date("effective_to", None),
        last_verified=r.date("last_verified", None),
        max=r.decimal("max", minimum=ZERO),
        points_places=r.int("points_places", default(Region, "points_places")),
        aggregation=r.choice("aggregation", _registered("aggregations")),
        same_issue_once=same_issue,
        same_issue_citation=read_citation(r, "same_issue_citation") if same_issue else None,
        note=r.str("note", None),
        note_zh=r.str("note_zh", None),
    )
    r.done()
    return region


def read_clause(c: Node, item_id: str, products: set[str] | None) -> Clause:
    fact = c.str("fact", None)
    minus = c.str("minus_fact", None)
    for key, name in (("fact", fact), ("minus_fact", minus)):
        if name is not None and known(name) is None:
            raise c.error(key, _unknown_fact(name))
    prods = c.strs("products", ())
    common = c.str("common", None)
    if common is not None:
        # only a clause tagged `common` needs the catalog of violations (most rules files have none)
        from .violations import check_common

        if (problem := check_common(common)) is not None:
            raise c.error("common", problem)
    if common is not None and fact is not None:
        raise c.error("common", Message.of("error.rules.common_with_fact", fact=fact))
    for p in prods:
        if products is not None and p not in products:
            raise c.error("products", Message.of("error.rules.unknown_product", product=p, hint=suggest(p, products)))
    try:
        clause = Clause(
            id=c.str("id"),
            item_id=item_id,
            title_zh=c.str("title_zh"),
            title_en=c.str("title_en"),
            points=c.decimal("points", minimum=ZERO),
            per=c.choice("per", Per),
            citation=read_citation(c),
            fact=fact,
            minus_fact=minus,
            minimum=c.decimal("minimum", None, minimum=ZERO),
            products=prods,
            consequence=c.str("consequence", None),
            common=common,
        )
    except ValueError as exc:
        raise c.error(None, reason(exc)) from None
    c.done()
    return clause


def read_share(q: Node) -> Fraction:
    """A share of a dimension: a decimal string ("0.2") or an exact fraction ("1/3")."""
    raw = q.raw("share")
    if isinstance(raw, str) and "/" in raw:
        num, _, den = raw.partition("/")
        try:
            share = Fraction(int(num), int(den))
        except (ValueError, ZeroDivisionError):
            raise q.error("share", Message.of("error.rules.share_fraction", value=raw)) from None
    else:
        share = Fraction(q.decimal("share"))
    if not 0 <= share <= 1:
        raise q.error("share", Message.of("error.rules.share_range", value=repr(raw)))
    return share


def read_requirement(q: Node, *, with_dimension: bool) -> Requirement:
    fact = q.str("fact")
    if known(fact) is None:
        raise q.error("fact", _unknown_fact(fact))
    req = Requirement(
        id=q.str("id", fact),
        title_zh=q.str("title_zh"),
        title_en=q.str("title_en"),
        fact=fact,
        op=q.choice("op", Op),
        value=q.decimal("value"),
        citation=read_citation(q),
        dimension=q.str("dimension") if with_dimension else None,
        share=read_share(q) if with_dimension else None,
    )
    q.done()
    return req


def read_item(it: Node, products: set[str] | None) -> Item:
    """One `[[items]]` entry: the keys every item has, then its shape's own (`Shape.read`)."""
    from .parts import parts

    shape = parts().shapes[it.choice("shape", _registered("shapes"))]
    item_id = it.str("id")
    fields = dict(
        id=item_id,
        category=it.str("category"),
        title_zh=it.str("title_zh"),
        title_en=it.str("title_en"),
        max=it.decimal("max", minimum=ZERO),
        shape=shape.id,
        citation=read_citation(it),
        method_zh=it.str("method_zh", None),
        method_en=it.str("method_en", None),
    )
    fields.update(shape.read(it, item_id, products))
    item = Item(**fields)
    it.done()
    return item


def _registered(kind: str) -> tuple[str, ...]:
    """The ids of the registered shapes or aggregations, the core's and the loaded plugins'."""
    from .parts import parts

    return tuple(getattr(parts(), kind))


def read_categories(node: Node, key: str = "categories") -> tuple[Category, ...]:
    out = []
    for c in node.tables(key):
        scope = _labels(c, "scope_")
        out.append(Category(
            id=c.str("id"), title_zh=c.str("title_zh"), title_en=c.str("title_en"),
            max=c.decimal("max", ZERO, minimum=ZERO), citation=read_citation(c),
            weight=c.decimal("weight", None, minimum=ZERO, maximum=ONE),
            scope_zh=scope[0] if scope else None, scope_en=scope[1] if scope else None,
        ))
        c.done()
    return tuple(out)


def read_grades(node: Node) -> tuple[Grade, ...]:
    out = []
    for g in node.tables("grades"):
        out.append(Grade(
            id=g.str("id"), title_zh=g.str("title_zh"), title_en=g.str("title_en"),
            citation=read_citation(g), min=g.decimal("min", None), max=g.decimal("max", None),
        ))
        g.done()
    return tuple(out)


def read_consequences(node: Node) -> tuple[Consequence, ...]:
    out = []
    for c in node.tables("consequences"):
        out.append(Consequence(
            id=c.str("id"), title_zh=c.str("title_zh"), title_en=c.str("title_en"),
            citation=read_citation(c),
            severity=c.choice("severity", Severity, default(Consequence, "severity")),
        ))
        c.done()
    return tuple(out)


def read_settlement(node: Node, selected: Mapping[str, str]) -> SettlementRule:
    s = node.table("settlement")
    kind = s.choice("kind", SettlementKind)
    bands = []
    for b in s.tables("bands"):
        bands.append(Band(
            citation=read_citation(b),
            min=b.decimal("min", None),
            max=b.decimal("max", None),
            reference=b.decimal("reference", None),
            base_rate=b.decimal("base_rate", ZERO, minimum=ZERO, maximum=ONE),
            rate_per_step=b.decimal("rate_per_step", ZERO, minimum=ZERO, maximum=ONE),
            rate=b.decimal("rate", None, minimum=ZERO, maximum=ONE),
            consequences=b.strs("consequences", ()),
        ))
        if bands[-1].rate_per_step and bands[-1].reference is None:
            raise b.error("reference", Message.of("error.rules.band_reference"))
        b.done()
    partial = s.choice("partial_step", PartialStep, default(SettlementRule, "partial_step"))
    # The option of the same name, when the file declares one, is the operator's switch.
    partial = PartialStep(selected.get("partial_step", partial))
    rule = SettlementRule(
        kind=kind,
        citation=read_citation(s),
        fee_title_zh=s.str("fee_title_zh", default(SettlementRule, "fee_title_zh")),
        fee_title_en=s.str("fee_title_en", default(SettlementRule, "fee_title_en")),
        withheld_rate=s.decimal("withheld_rate", None, minimum=ZERO, maximum=ONE),
        withheld_title_zh=s.str("withheld_title_zh", default(SettlementRule, "withheld_title_zh")),
        withheld_title_en=s.str("withheld_title_en", default(SettlementRule, "withheld_title_en")),
        returned_to_fund=s.bool("returned_to_fund", False),
        step=s.decimal("step", default(SettlementRule, "step"), minimum=Decimal("0.0001")),
        partial_step=partial,
        bands=tuple(bands),
        proration=s.choice("proration", Proration, default(SettlementRule, "proration")),
        none_reason_zh=s.str("none_reason_zh", None),
        none_reason_en=s.str("none_reason_en", None),
        fund_loss_consequence=s.str("fund_loss_consequence", None),
    )
    if kind is SettlementKind.WITHHELD_SHARE and rule.withheld_rate is None:
        raise s.error("withheld_rate", Message.of("error.rules.withheld_rate"))
    s.done()
    return rule


def read_dimensions(node: Node) -> tuple[Dimension, ...]:
    out = []
    for d in node.tables("dimensions"):
        out.append(Dimension(
            id=d.str("id"), title_zh=d.str("title_zh"), title_en=d.str("title_en"),
            weight=d.decimal("weight", minimum=ZERO, maximum=ONE), citation=read_citation(d),
        ))
        d.done()
    return tuple(out)


def read_bonus(node: Node) -> BonusRule | None:
    b = node.table("bonus", None)
    if b is None:
        return None
    kinds = []
    for k in b.tables("kinds"):
        computed = None
        if k.has("fact"):  # computed from a fact (docs/rules-format.md, `[bonus]`)
            computed = ComputedBonus(
                fact=read_fact_name(k, "fact"), beyond=k.choice("beyond", Beyond),
                threshold=k.decimal("threshold"), points=k.decimal("points", minimum=ZERO),
                unit=k.decimal("unit", ONE, minimum=Decimal("0.0001")), fractions=k.bool("fractions", False),
                cap=k.decimal("cap", None, minimum=ZERO), places=k.int("places", default(ComputedBonus, "places")))
        kinds.append(BonusKind(id=k.str("id"), title_zh=k.str("title_zh"), title_en=k.str("title_en"),
                               citation=read_citation(k), computed=computed))
        k.done()
    rule = BonusRule(cap=b.decimal("cap", minimum=ZERO), citation=read_citation(b), kinds=tuple(kinds))
    b.done()
    return rule


def read_ledger_rules(node: Node, selected: Mapping[str, str]) -> LedgerRules:
    t = node.table("ledger", None)
    if t is None:
        return LedgerRules()
    deadlines = []
    for d in t.tables("claim_deadlines"):
        fact, vul = d.str("fact"), d.str("vulnerable_fact", None)
        for key, name in (("fact", fact), ("vulnerable_fact", vul)):
            if name is not None and name not in FACTS:
                raise d.error(key, _unknown_fact(name))
        days = d.int("days", None, minimum=1)
        deadlines.append(ClaimDeadline(
            fact=fact, in_city_days=d.int("in_city_days", days, minimum=1),
            out_of_city_days=d.int("out_of_city_days", days, minimum=1), citation=read_citation(d),
            vulnerable_fact=vul, products=d.strs("products", ()),
        ))
        if deadlines[-1].in_city_days is None or deadlines[-1].out_of_city_days is None:
            raise d.error("days", Message.of("error.rules.deadline_days"))
        d.done()
    h = t.table("hospital_settlements", None)
    hospital = None
    if h is not None:
        hospital = HospitalDeadline(
            fact=h.str("fact"), deadline=h.choice("deadline", HospitalDeadlineKind),
            citation=read_citation(h), days=h.int("days", None, minimum=1),
            count=h.choice("count", HospitalCount, default(HospitalDeadline, "count")),
        )
        if hospital.deadline is HospitalDeadlineKind.WORKING_DAYS and hospital.days is None:
            raise h.error("days", Message.of("error.rules.working_days_days"))
        h.done()
    products = t.strs("products", ())
    titles: list[tuple[str, str]] = []
    pt = t.table("product_titles", None)
    if pt is not None:
        for code in pt.keys():
            if products and code not in products:
                raise pt.error(code, Message.of("error.rules.product_title_code", code=code,
                                                known=joined(*products, zh="、", en=", ")))
            for title in pt.strs(code):
                if any(t_ == title for t_, _ in titles):
                    raise pt.error(code, Message.of("error.rules.product_title_twice", title=title))
                titles.append((title, code))
        pt.done()
    rules = LedgerRules(
        claim_deadlines=tuple(deadlines), hospital=hospital, products=products, product_titles=tuple(titles),
        rest_day_rule=selected.get("rest_day_submission",
                                   t.choice("rest_day_rule", RestDayRule, default(LedgerRules, "rest_day_rule"))),
    )
    t.done()
    return rules


def _labels(n: Node, prefix: str = "") -> tuple[str, str] | None:
    """A label in both languages (`zh`, `en`, or `group_zh`, `group_en`): a form prints in one
    language, so a label given in one only is refused. None when neither is given."""
    zh_key, en_key = f"{prefix}zh", f"{prefix}en"
    if n.has(zh_key) != n.has(en_key):
        missing = en_key if n.has(zh_key) else zh_key
        raise n.error(missing, Message.of("error.rules.form_label_language", key=missing))
    if not n.has(zh_key) and prefix:
        return None
    return n.str(zh_key), n.str(en_key)


def _form_field(n: Node, allowed: tuple[str, ...], what: str) -> FormField:
    key = n.str("key")
    if key not in allowed:
        params = dict(value=key, allowed=joined(*allowed, zh="、", en=", "), hint=suggest(key, allowed))
        raise n.error("key", Message.of("error.rules.form_unknown_column", **params) if what == "column"
                      else Message.of("error.rules.form_unknown_header", **params))
    zh, en = _labels(n)  # type: ignore[misc]
    group = _labels(n, "group_")
    field = FormField(key=key, zh=zh, en=en, group_zh=group[0] if group else None, group_en=group[1] if group else None)
    n.done()
    return field


def read_forms(node: Node) -> tuple[Form, ...]:
    """The `[[forms]]` a document defines: title, header fields, columns in the document's order,
    signature lines (docs/rules-format.md, docs/reports.md)."""
    out: list[Form] = []
    for f in node.tables("forms"):
        fid = f.str("id")
        if any(x.id == fid for x in out):
            raise f.error("id", Message.of("error.rules.form_duplicate", form=fid))
        rows = f.choice("rows", tuple(FORM_COLUMNS))
        header = tuple(_form_field(h, FORM_HEADER_KEYS, "header") for h in f.tables("header"))
        columns = tuple(_form_field(c, FORM_COLUMNS[rows], "column") for c in f.tables("columns"))
        if not columns:
            raise f.error("columns", Message.of("error.rules.form_no_columns"))
        signatures = []
        for sg in f.tables("signatures"):
            zh, en = _labels(sg)  # type: ignore[misc]
            signatures.append(FormSignature(zh=zh, en=en))
            sg.done()
        title = _labels(f, "title_")
        if title is None:
            raise f.error("title_zh", Message.of("error.toml.missing_key", hint=""))
        out.append(Form(id=fid, title_zh=title[0], title_en=title[1], rows=rows, citation=read_citation(f),
                        header=header, columns=columns, signatures=tuple(signatures)))
        f.done()
    return tuple(out)


def load_rules(path: Path | str, options: Mapping[str, str] | None = None) -> RuleSet:
    """Read and check a region's rules file with the selected options applied. The entries another
    reading would keep (`when = "option=value"` not selected) are read and checked too, each under
    its own reading (`every_reading`), so a broken entry is refused whatever the operator selects."""
    return load_rules_data(load_toml(path), str(path), options)


def load_rules_data(data: Mapping, file: str, options: Mapping[str, str] | None = None) -> RuleSet:
    """`load_rules` of a rules file already parsed (`assess rules lint` reads a file once and loads
    it again without each unknown key it finds); `file` names it in every error."""
    top = Node(data, file, allow_when=True)
    option_list, selected = read_options(top, options or {}, file)
    allowed = {o.id: o.allowed for o in option_list}
    return every_reading(selected, lambda sel, whens: _build(data, file, option_list, sel, allowed, whens))


def every_reading(selected: Mapping[str, str], build):
    """`build(selected, whens)` under the options in force, and again under every other reading
    that some entry's `when` names, so that no entry goes unread; the first build's result.

    `build` reads its file through Nodes given `whens`, which collect every `when` met with the
    options in force where it was met. An entry under `when = "o=v"` with `o` selected otherwise is
    read by a build with `o = v` and the rest as where the entry stands (a `when` inside an entry
    another `when` keeps is reached too). A problem found there is refused like any other, the
    reading named. Not every combination of readings is built: one per (option, value) named.
    """
    whens: dict[tuple[str, str], dict[str, str]] = {}
    result = build(dict(selected), whens)
    checked = set(selected.items())
    while pending := sorted(w for w in whens if w not in checked):
        for opt, value in pending:
            checked.add((opt, value))
            try:
                build({**whens[(opt, value)], opt: value}, whens)
            except InputError as exc:
                under = Message.of("error.rules.under_option", option=opt, value=value)
                raise InputError(exc.file, exc.where, joined(exc.message, under, zh="", en="")) from None
    return result


def _build(data, file: str, option_list, selected: Mapping[str, str], allowed, whens) -> RuleSet:
    top = Node(data, file, options=selected, option_ids=frozenset(selected), allow_when=True, allowed=allowed,
               whens=whens)
    top.tables("options")  # already read by load_rules; mark as read
    region = read_region(top)
    products = tuple(
        Product(id=p.str("id"), title_zh=p.str("title_zh"), title_en=p.str("title_en"))
        for p in _done_each(top.tables("products"))
    )
    product_ids = {p.id for p in products} if products else None
    categories = read_categories(top)
    own_facts = read_region_facts(top, region.id)
    with declaring(own_facts):  # the items may name the region's own facts
        items = tuple(read_item(it, product_ids) for it in top.tables("items"))
        bonus = read_bonus(top)
    ruleset = RuleSet(
        region=region,
        items=items,
        categories=categories,
        grades=read_grades(top),
        settlement=read_settlement(top, selected),
        consequences=read_consequences(top),
        products=products,
        options=option_list,
        selected=tuple(sorted(selected.items())),
        dimensions=read_dimensions(top),
        bonus=bonus,
        source_files=(file,),
        ledger=read_ledger_rules(top, selected),
        forms=read_forms(top),
        facts=own_facts,
    )
    top.done()
    check_ruleset(ruleset, file)
    return ruleset


def _done_each(nodes: list[Node]):
    for n in nodes:
        yield n
        n.done()


def check_ruleset(rs: RuleSet, file: str) -> None:
    """Consistency the TOML syntax cannot express; each failure names the file and the entry."""
    from .parts import parts

    cat_ids = {c.id for c in rs.categories}
    seen_items: set[str] = set()
    seen_clauses: set[str] = set()
    consequence_ids = {c.id for c in rs.consequences}
    dim_ids = {d.id for d in rs.dimensions}
    for it in rs.items:
        where = f"items {it.id}"
        if it.id in seen_items:
            raise InputError(file, where, Message.of("error.rules.duplicate_item"))
        seen_items.add(it.id)
        if cat_ids and it.category not in cat_ids:
            raise InputError(file, where, Message.of("error.rules.unknown_category", category=it.category,
                                                     hint=suggest(it.category, cat_ids)))
        for c in it.clauses:
            at = Message.of("error.rules.where_clause", item=it.id, clause=c.id)
            if c.id in seen_clauses:
                raise InputError(file, at, Message.of("error.rules.duplicate_clause"))
            seen_clauses.add(c.id)
            if c.consequence and c.consequence not in consequence_ids:
                raise InputError(file, at, _unknown_consequence(c.consequence, consequence_ids))
        for q in it.requirements:
            if q.dimension not in dim_ids:
                raise InputError(file, Message.of("error.rules.where_requirement", item=it.id, requirement=q.id),
                                 Message.of("error.rules.unknown_dimension", dimension=q.dimension,
                                            hint=suggest(q.dimension or "", dim_ids)))
        shape = parts().shapes.get(it.shape)
        if shape is None:  # an item a plugin built by hand, with a shape nobody registered
            raise InputError(file, where, Message.of("error.rules.unknown_shape", shape=it.shape,
                                                     hint=suggest(it.shape, parts().shapes)))
        shape.check_rules(rs, it, file)
    if rs.dimensions:
        total = sum((d.weight for d in rs.dimensions), ZERO)
        if total != ONE:
            raise InputError(file, "dimensions", Message.of("error.rules.weights_sum", total=total))
    aggregation = parts().aggregations.get(rs.region.aggregation)
    if aggregation is None:
        raise InputError(file, "region.aggregation", Message.of(
            "error.rules.unknown_aggregation", aggregation=rs.region.aggregation,
            hint=suggest(rs.region.aggregation, parts().aggregations)))
    aggregation.check_rules(rs, file)
    loss = rs.settlement.fund_loss_consequence
    if loss and loss not in consequence_ids:
        raise InputError(file, "settlement.fund_loss_consequence", _unknown_consequence(loss, consequence_ids))
    for b in rs.settlement.bands:
        for cid in b.consequences:
            if cid not in consequence_ids:
                raise InputError(file, "settlement.bands", _unknown_consequence(cid, consequence_ids))
    _check_bands(file, "grades", [(g.min, g.max) for g in rs.grades], rs.score_max)
    if rs.settlement.kind is SettlementKind.WITHHELD_SHARE:
        if not rs.settlement.bands:  # no score could be settled: refused here, in the file that says so
            raise InputError(file, "settlement.bands", Message.of("error.rules.no_bands"))
        _check_bands(file, "settlement.bands", [(b.min, b.max) for b in rs.settlement.bands], rs.score_max)


def _check_bands(file: str, where: str, bands: list[tuple[Decimal | None, Decimal | None]], top: Decimal) -> None:
    """Bands must not overlap and must cover every score from 0 to the maximum."""
    if not bands:
        return
    lo = lambda b: b[0] if b[0] is not None else Decimal("-Infinity")  # noqa: E731
    ordered = sorted(bands, key=lo)
    if ordered[0][0] is not None and ordered[0][0] > 0:
        raise InputError(file, where, Message.of("error.rules.band_below", score=ordered[0][0]))
    for a, b in zip(ordered, ordered[1:]):
        if a[1] is None or b[0] is None or a[1] != b[0]:
            raise InputError(file, where, Message.of("error.rules.band_gap", a=_bounds(a), b=_bounds(b)))
    last_max = ordered[-1][1]
    if last_max is not None and last_max <= top:
        raise InputError(file, where, Message.of("error.rules.band_above", score=last_max, top=top))


def _bounds(band: tuple[Decimal | None, Decimal | None]) -> str:
    """A band as its file writes it: `min = 60, max = 80` (a bound left out is not shown)."""
    text = ", ".join(f"{k} = {format(v, 'f')}" for k, v in zip(("min", "max"), band) if v is not None)
    return text or "—"


def _unknown_fact(name: str) -> Message:
    return Message.of("error.rules.unknown_fact", fact=name, hint=suggest(name, names_in_scope()))


def read_fact_name(n: Node, key: str) -> str:
    """A fact a shape's key names (a ratio's measure, a share's numerator): the catalog's or the
    region's own."""
    name = n.str(key)
    if known(name) is None:
        raise n.error(key, _unknown_fact(name))
    return name


_FACT_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


def read_region_facts(node: Node, region_id: str) -> tuple[FactSpec, ...]:
    """The region's own facts (`[[facts]]`): a measure only its document defines. A name of the
    catalog, one given twice, or one another region read in this process declares differently is
    refused, naming the file and the key."""
    out: list[FactSpec] = []
    for f in node.tables("facts"):
        name = f.str("name")
        if not _FACT_NAME.match(name):
            raise f.error("name", Message.of("error.rules.fact_name", name=name))
        if name in FACTS:
            raise f.error("name", Message.of("error.rules.fact_in_catalog", name=name))
        if any(o.name == name for o in out):
            raise f.error("name", Message.of("error.rules.fact_twice", name=name))
        unit = _labels(f, "unit_")
        counts = _labels(f, "counts_")
        if counts is None:  # what counts is the point of declaring a measure: never left to guess
            raise f.error("counts_zh", Message.of("error.toml.missing_key", hint=""))
        spec = FactSpec(name=name, kind=f.choice("kind", FactKind), title_zh=f.str("title_zh"),
                        title_en=f.str("title_en"), region=region_id, unit_zh=unit[0] if unit else None,
                        unit_en=unit[1] if unit else None, counts_zh=counts[0], counts_en=counts[1],
                        citation=read_citation(f))
        f.done()
        other = declare(spec)
        if other is not None:
            raise f.error("name", Message.of("error.rules.fact_other_region", name=name, region=other.region))
        out.append(spec)
    return tuple(out)


def _unknown_consequence(cid: str, known: set[str]) -> Message:
    return Message.of("error.rules.unknown_consequence", consequence=cid, hint=suggest(cid, known))


def _allowed_tuple(allowed: tuple[str, ...]) -> Text:
    """An option's allowed values: `a、b` in Chinese, as the tuple `('a', 'b')` in English."""
    return Text("、".join(allowed), str(allowed))
