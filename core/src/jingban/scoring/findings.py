"""Charging findings to clauses, and the same-issue rule.

Qinhuangdao's table says a problem that falls under several items is deducted once
("各考核项目属于同一问题时不重复扣分"). With `same_issue_once`, a finding naming clauses of several
items is deducted under one item, chosen by the option `same_issue_item` and never by the order in
which the inspector wrote the clauses: the item the table lists first (the default), or the one
whose clauses deduct the most. All clauses of that item apply; the other items get a zero line
saying where the deduction went, and the deducting item says which others the issue falls under.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from ..errors import InputError
from ..evidence import Evidence, Finding
from ..kinds import Per, SameIssueItem
from ..messages import Message, joined
from ..model import RuleSet
from ..tomlread import suggest
from .context import Charge


# a clause as the paper form numbers it: "5(3)", "5（3）", "第5项第3条", "第5项(3)", "5.3"; `(item, point)`
_FORM_NUMBER = (
    re.compile(r"(\d+)\((\d+)\)"),
    re.compile(r"第(\d+)项第(\d+)[条款目点]?"),
    re.compile(r"第(\d+)项\((\d+)\)"),
    re.compile(r"(\d+)\.(\d+)"),
)


def form_number(text: str | None) -> tuple[str, str] | None:
    """The (item, point) of a clause number written the form's way, or None. Full-width digits and
    brackets are read as their ASCII forms (Unicode NFKC), spaces ignored."""
    if not text:
        return None
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    for pattern in _FORM_NUMBER:
        m = pattern.fullmatch(t)
        if m:
            return str(int(m.group(1))), str(int(m.group(2)))
    return None


def find_clause(rs: RuleSet, written: str, product: str | None):
    """The clause a finding names: by its id in the rules file, or by the form's own numbering of it
    (its citation's item, "5(3)"). Among clauses the number fits, those of the evidence's product."""
    for it in rs.items:
        c = it.clause(written)
        if c is not None:
            return c
    number = form_number(written)
    if number is None:
        return None
    fits = [c for it in rs.items for c in it.clauses if number in (form_number(c.id), form_number(c.citation.item))]
    for_product = [c for c in fits if c.applies_to(product)]
    fits = for_product or fits
    open_ = [c for c in fits if c.fact is None]  # a finding counts for a clause counted from findings
    fits = open_ if len(open_) == 1 else fits
    return fits[0] if len(fits) == 1 else None


def _unknown_clause(rs: RuleSet, written: str, product: str | None) -> Message:
    """The message for a clause nobody has: the valid clauses of the item it seems to mean."""
    number = form_number(written)
    head = number[0] if number else re.split(r"[.(（]", unicodedata.normalize("NFKC", written))[0].strip()
    item = rs.item(head)
    if item is not None and item.clauses:
        ids = [c.id for c in item.clauses if c.applies_to(product)]
        return Message.of("error.scoring.unknown_clause_of_item", clause=written, item=item.id, clauses=_ids(ids))
    return Message.of("error.scoring.unknown_clause", clause=written,
                      hint=suggest(written, [c.id for it in rs.items for c in it.clauses]))


def _ids(ids) -> object:
    """Ids listed in a message: "a, b" in English, "a、b" in Chinese."""
    return joined(*ids, zh="、", en=", ")


def resolve_clauses(finding: Finding, rs: RuleSet, ev: Evidence) -> list[str]:
    """The clause ids a finding is charged to, checked against the region's rules."""
    clause_ids: list[str] = []
    all_clauses = {c.id: c for it in rs.items for c in it.clauses}
    for written in finding.rules:
        clause = find_clause(rs, written, ev.product)
        if clause is None:
            raise InputError(ev.file, f"{finding.key}.rules", _unknown_clause(rs, written, ev.product))
        clause_ids.append(clause.id)
    for item_id in finding.items:
        item = rs.item(item_id)
        if item is None:
            raise InputError(ev.file, f"{finding.key}.items", Message.of(
                "error.evidence.unknown_item_named", item=item_id, hint=suggest(item_id, [i.id for i in rs.items])))
        open_clauses = [c for c in item.clauses if c.fact is None and c.applies_to(ev.product)]
        if not open_clauses:
            # an item counted only from facts (Qinhuangdao 7, 8): no finding can deduct under it
            raise InputError(ev.file, f"{finding.key}.items", Message.of(
                "error.scoring.item_counted_from_facts", item=item_id,
                clauses=_ids(c.id for c in item.clauses if c.applies_to(ev.product))))
        if len(open_clauses) != 1:
            raise InputError(ev.file, f"{finding.key}.items", Message.of(
                "error.scoring.item_several_clauses", item=item_id, clauses=_ids(c.id for c in open_clauses)))
        clause_ids.append(open_clauses[0].id)
    for cid in clause_ids:
        clause = all_clauses[cid]
        if clause.fact is not None:
            raise InputError(ev.file, f"{finding.key}.rules",
                             Message.of("error.scoring.clause_from_fact", clause=cid, fact=clause.fact))
        if not clause.applies_to(ev.product):
            raise InputError(ev.file, f"{finding.key}.rules", Message.of(
                "error.scoring.clause_other_product", clause=cid, products=_ids(clause.products), product=ev.product))
    seen = set()
    for cid in clause_ids:
        if cid in seen:
            raise InputError(ev.file, f"{finding.key}.rules", Message.of("error.scoring.clause_twice", clause=cid))
        seen.add(cid)
    return clause_ids


def charge_findings(rs: RuleSet, ev: Evidence) -> tuple[Charge, ...]:
    charges: list[Charge] = []
    order = {it.id: n for n, it in enumerate(rs.items)}
    rule = SameIssueItem(rs.option_value("same_issue_item") or SameIssueItem.FIRST_IN_TABLE)
    for finding in ev.findings:
        clause_ids = resolve_clauses(finding, rs, ev)
        item_of = {cid: rs.clause(cid).item_id for cid in clause_ids}  # type: ignore[union-attr]
        items = sorted(set(item_of.values()), key=order.__getitem__)
        if not rs.region.same_issue_once or len(items) < 2:
            charges.extend(Charge(finding, cid) for cid in clause_ids)
            continue
        target = _deducting_item(rs, finding, item_of, items, rule)
        others = tuple(i for i in items if i != target)
        for cid in clause_ids:
            if item_of[cid] == target:
                charges.append(Charge(finding, cid, also=others, rule=rule))
            else:
                charges.append(Charge(finding, cid, again=True, first_item=target))
    return tuple(charges)


def _deducting_item(rs: RuleSet, finding: Finding, item_of: dict[str, str], items: list[str],
                    rule: SameIssueItem) -> str:
    """The item that takes the deduction: `items` are in the table's order, so ties go to the
    item listed first."""
    if rule is SameIssueItem.FIRST_IN_TABLE:
        return items[0]

    def worth(item_id: str) -> Decimal:
        total = Decimal(0)
        for cid, it in item_of.items():
            if it == item_id:
                clause = rs.clause(cid)
                total += clause.points * (1 if clause.per is Per.ONCE else finding.count)  # type: ignore[union-attr]
        return min(total, rs.item(item_id).max)  # type: ignore[union-attr]

    best = max(worth(i) for i in items)
    return next(i for i in items if worth(i) == best)
