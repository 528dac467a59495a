"""Charging findings to clauses, and the same-issue rule.

Qinhuangdao's table says a problem that falls under several items is deducted once
("各考核项目属于同一问题时不重复扣分"). With `same_issue_once`, a finding naming clauses of several
items is deducted under the first item it names; the other items get a zero line saying why.
"""

from __future__ import annotations

from ..errors import InputError
from ..evidence import Evidence, Finding
from ..model import RuleSet
from ..tomlread import suggest
from .context import Charge


def resolve_clauses(finding: Finding, rs: RuleSet, ev: Evidence) -> list[str]:
    """The clause ids a finding is charged to, checked against the region's rules."""
    clause_ids: list[str] = []
    all_clauses = {c.id: c for it in rs.items for c in it.clauses}
    for cid in finding.rules:
        clause = all_clauses.get(cid)
        if clause is None:
            raise InputError(ev.file, f"{finding.key}.rules", f"unknown clause {cid!r}{suggest(cid, all_clauses)}")
        clause_ids.append(cid)
    for item_id in finding.items:
        item = rs.item(item_id)
        if item is None:
            raise InputError(ev.file, f"{finding.key}.items",
                             f"unknown item {item_id!r}{suggest(item_id, [i.id for i in rs.items])}")
        open_clauses = [c for c in item.clauses if c.fact is None and c.applies_to(ev.product)]
        if len(open_clauses) != 1:
            ids = ", ".join(c.id for c in open_clauses) or "none"
            raise InputError(ev.file, f"{finding.key}.items",
                             f"item {item_id} has several clauses; name one in rules = [...] ({ids})")
        clause_ids.append(open_clauses[0].id)
    for cid in clause_ids:
        clause = all_clauses[cid]
        if clause.fact is not None:
            raise InputError(ev.file, f"{finding.key}.rules",
                             f"clause {cid} is counted from the fact {clause.fact!r}; record the number under [facts]")
        if not clause.applies_to(ev.product):
            raise InputError(ev.file, f"{finding.key}.rules",
                             f"clause {cid} applies to {', '.join(clause.products)}, not to product {ev.product!r}")
    seen = set()
    for cid in clause_ids:
        if cid in seen:
            raise InputError(ev.file, f"{finding.key}.rules", f"clause {cid} is named twice")
        seen.add(cid)
    return clause_ids


def charge_findings(rs: RuleSet, ev: Evidence) -> tuple[Charge, ...]:
    charges: list[Charge] = []
    for finding in ev.findings:
        clause_ids = resolve_clauses(finding, rs, ev)
        first_item: str | None = None
        for cid in clause_ids:
            item_id = rs.clause(cid).item_id  # type: ignore[union-attr]
            # The rule speaks of items: clauses of the first item the finding names all apply (a wrong
            # payment and its intent, 5(3) and 5(6)); other items record it without deducting again.
            if rs.region.same_issue_once and first_item is not None and item_id != first_item:
                charges.append(Charge(finding, cid, again=True, first_item=first_item))
                continue
            charges.append(Charge(finding, cid))
            first_item = first_item or item_id
    return tuple(charges)
