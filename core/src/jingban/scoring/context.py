"""What an item's scoring sees: the evidence, the facts in force and the findings charged to it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ..evidence import Evidence, Finding
from ..facts import Fact
from ..model import RuleSet


@attrs.frozen
class Charge:
    """A finding charged to one clause; `again` marks a same-issue repeat that deducts nothing."""

    finding: Finding
    clause_id: str
    again: bool = False
    first_item: str | None = None  # where the same issue was deducted
    also: tuple[str, ...] = ()  # on the deducting item: the other items the same issue falls under
    rule: str | None = None  # the SameIssueItem reading that chose the deducting item


@attrs.frozen
class ScoringContext:
    ruleset: RuleSet
    evidence: Evidence
    facts: tuple[Fact, ...]
    charges: tuple[Charge, ...]
    foreign: bool = False  # the evidence was written for another region: its own ids are not used

    def fact(self, name: str) -> Fact | None:
        return next((f for f in self.facts if f.name == name), None)

    def fact_value(self, name: str) -> Decimal | None:
        f = self.fact(name)
        return None if f is None else f.value

    def charges_for(self, clause_id: str) -> tuple[Charge, ...]:
        return tuple(c for c in self.charges if c.clause_id == clause_id)

    def section(self, key: str) -> Any:
        """What an evidence section read; nothing from evidence written for another region."""
        return None if self.foreign else self.evidence.section(key)

    @property
    def inspected(self) -> tuple[str, ...]:
        return () if self.foreign else self.evidence.inspected
