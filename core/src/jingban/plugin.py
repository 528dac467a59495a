"""Everything a region plugin may use, in one module: ``from jingban.plugin import ...``.

The names in ``__all__`` are the plugin API of the core. The rest of ``jingban`` is internal and
may change in any release; the built-in regions import from this module only (a test checks),
exactly as a third party's city plugin should. See docs/writing-a-region.md.

Compatibility. This module follows semantic versioning of the ``jingban`` distribution: from 1.0 on,
a name listed here is removed, or changed so that a plugin using it as documented breaks, only in
a new major version; new names, new optional keyword arguments and new hooks come in minor
versions. Before 1.0 (now: 0.x) the same holds between patch releases (0.1.0 to 0.1.x), and a minor
release (0.2) says in its notes what changed. A plugin states the versions it was written for:
``dependencies = ["jingban>=0.1,<0.2"]``. Hook specifications (``jingban.hookspecs``) are part of
the promise: their names and arguments; a hook implementation may take fewer arguments than the
specification lists (pluggy's rule), so an argument added later breaks no plugin.

Every name, by purpose:

registering a region
  ``hookimpl`` (the marker of hook implementations, also ``@hookimpl(wrapper=True)`` to adjust the
  core's answer), ``RegionSpec`` (id, titles, rules file, ``needs_agreement``, dated ``versions``),
  ``spec_from_rules`` (a RegionSpec read from the rules file's ``[region]``).
reading rules (a region joining its rules file with another, like Tianjin's agreement)
  ``load_rules`` (a rules file to a RuleSet), ``check_ruleset`` (the cross-checks of a RuleSet),
  ``every_reading`` (build once per option reading a ``when`` names), the section readers
  ``read_categories``, ``read_citation``, ``read_clause``, ``read_consequences``, ``read_grades``,
  ``read_requirement``, ``read_settlement``; ``Node`` (a TOML table being read, errors naming file
  and key), ``load_toml`` (a file read strictly), ``suggest`` (the nearest id, for a message).
the records of a rule set (``jingban.model``), frozen
  ``RuleSet``, ``Region``, ``Item``, ``Clause``, ``Requirement``, ``Category``, ``Dimension``,
  ``Indicator``, ``Grade``, ``Band``, ``BonusRule``, ``Consequence``, ``SettlementRule``, ``Citation``;
  ``InputError`` (bad input: file, key, message; exit 2).
closed sets (``jingban.kinds``)
  ``Answer``, ``FactKind``, ``Op``, ``PartialStep``, ``Per``, ``Proration``, ``SettlementKind``,
  ``Severity``.
units: a rule shape, an evidence section, an aggregation, and what they build
  ``Shape``, ``Section``, ``Aggregation``, ``Deferred`` (a unit imported when first named),
  ``Totals``, ``ItemScore`` (built with ``ItemScore.of``), ``Deduction``, ``CheckOutcome``,
  ``Notice``, ``ScoringContext`` (what an item's scoring sees), and the shared primitives
  ``clause_outcome``, ``apply_cap``, ``check_requirements``.
operator text
  ``Message`` (an id of the core's catalog), ``Text`` (text a data file gives in both languages).
facts
  ``FACTS`` (the catalog), ``Fact`` (one fact with its source), ``FactBatch`` (facts and notices a
  collector hands back); ``FactSpec`` (a region's own fact, ``RuleSet.facts``, from the rules
  file's ``[[facts]]``) and ``read_fact_name`` (a shape's key naming a fact, the catalog's or the
  region's own).
the issue-14 shapes
  ``EvidenceInput`` (what a shape declares the evidence must give, ``Shape.inputs``), and the
  closed sets of their settings ``Better``, ``Beyond``, ``Rounding``, ``VetoEffect``,
  ``ZeroDenominator``.
exact amounts
  ``ZERO``, ``ONE``, ``money`` (rounded to 0.01 yuan), ``round_points``, ``parse_decimal``,
  ``plain`` (a Decimal as written, for messages).
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
