"""Everything a region plugin may use, in one module: ``from jingban.plugin import ...``.

The names in ``__all__`` are the plugin API of the core. The rest of ``jingban`` is internal and
may change between versions; the built-in regions import from this module only (a test checks),
exactly as a third party's city plugin should. See docs/writing-a-region.md.

What is here, by purpose:

- registering a region: ``hookimpl``, ``RegionSpec``, ``spec_from_rules``;
- reading rules (a region that joins its rules file with another, like Tianjin's agreement):
  ``load_rules``, ``check_ruleset``, the section readers ``read_*``, ``Node``, ``load_toml``;
- the records of a rule set and a result, and ``InputError`` for bad input;
- adding a rule shape, an evidence section or an aggregation: ``Shape``, ``Section``,
  ``Aggregation``, ``Totals``, ``ItemScore``, ``Deduction``, ``CheckOutcome``, ``Notice``,
  ``ScoringContext`` and the shared primitives ``clause_outcome``, ``apply_cap``,
  ``check_requirements``;
- operator text: ``Message`` (the core's catalog), ``Text`` (text a data file gives in both
  languages);
- facts a collector hands back: ``Fact``, ``FactBatch``; a region's own facts are ``FactSpec``
  records (``RuleSet.facts``, read from the rules file's ``[[facts]]``), and a shape that names a
  fact reads it with ``read_fact_name`` (the catalog's or the region's own);
- what a shape declares the evidence must give (``EvidenceInput``), and the closed sets of the
  issue-14 shapes' settings (``Better``, ``Beyond``, ``Rounding``, ``VetoEffect``, ``ZeroDenominator``);
- exact amounts: ``ZERO``, ``ONE``, ``money``, ``round_points``, ``parse_decimal``, ``plain``.
"""

from __future__ import annotations

from .amounts import ONE, ZERO, money, parse_decimal, plain, round_points
from .errors import InputError
from .facts import FACTS, Fact, FactBatch, FactSpec
from .hookspecs import hookimpl
from .kinds import (
    Answer,
    Better,
    Beyond,
    FactKind,
    Op,
    PartialStep,
    Per,
    Proration,
    Rounding,
    SettlementKind,
    Severity,
    VetoEffect,
    ZeroDenominator,
)
from .messages import Message, Text
from .model import (
    Band,
    BonusRule,
    Category,
    Citation,
    Clause,
    Consequence,
    Dimension,
    Grade,
    Indicator,
    Item,
    Region,
    Requirement,
    RuleSet,
    SettlementRule,
)
from .parts import Aggregation, Deferred, EvidenceInput, Section, Shape, Totals
from .registry import RegionSpec, spec_from_rules
from .result import CheckOutcome, Deduction, ItemScore, Notice
from .rulesfile import (
    check_ruleset,
    every_reading,
    load_rules,
    read_categories,
    read_citation,
    read_clause,
    read_consequences,
    read_fact_name,
    read_grades,
    read_requirement,
    read_settlement,
)
from .scoring.clauses import apply_cap, clause_outcome
from .scoring.context import ScoringContext
from .scoring.requirements import check_requirements
from .tomlread import Node, load_toml, suggest

__all__ = [
    # registering a region
    "hookimpl", "RegionSpec", "spec_from_rules",
    # reading rules
    "load_rules", "check_ruleset", "every_reading", "read_categories", "read_citation", "read_clause", "read_consequences",
    "read_fact_name", "read_grades", "read_requirement", "read_settlement", "Node", "load_toml",
    "suggest",
    # records
    "Band", "BonusRule", "Category", "Citation", "Clause", "Consequence", "Dimension", "Grade", "Indicator", "Item",
    "Region", "Requirement", "RuleSet", "SettlementRule", "InputError",
    # closed sets
    "Answer", "FactKind", "Op", "PartialStep", "Per", "Proration", "SettlementKind", "Severity",
    "Better", "Beyond", "Rounding", "VetoEffect", "ZeroDenominator",
    # units of the core and what they build
    "Shape", "Section", "Aggregation", "Deferred", "EvidenceInput", "Totals", "ItemScore", "Deduction",
    "CheckOutcome", "Notice",
    "ScoringContext", "clause_outcome", "apply_cap", "check_requirements",
    # operator text
    "Message", "Text",
    # facts
    "FACTS", "Fact", "FactBatch", "FactSpec",
    # amounts
    "ONE", "ZERO", "money", "round_points", "parse_decimal", "plain",
]
