"""Hook specifications for jingban region plugins.

A region plugin is a module registered in the ``jingban.regions`` entry-point group under its region
id. It implements ``jingban_region`` and may implement any other hook below.

Two kinds of hook:

- **Registration** (``jingban_register_shapes``, ``jingban_register_sections``,
  ``jingban_register_aggregations``): a plugin adds rule shapes, evidence sections and aggregations
  (``jingban.parts``) that its rules file can then name, exactly as the core adds its own.
- **Stages** of an assessment, in order: rule set (``jingban_ruleset``), fact collection
  (``jingban_collect_facts``), item scoring (``jingban_score_item``), weighting (``jingban_weigh``)
  and settlement (``jingban_settle``). Each receives the region id of the assessment under way; an
  implementation for another region returns ``None`` so the next one answers. The core's own
  implementations run last (``trylast``) and serve every region whose rules file says what to do.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("jingban")
hookimpl = pluggy.HookimplMarker("jingban")


@hookspec
def jingban_region():
    """Describe the region this plugin provides.

    Called once when the plugin is loaded, and by ``assess regions``.

    :return: a :class:`jingban.registry.RegionSpec` (id, titles, rules file). The id must equal the
        plugin's entry-point name.
    """


@hookspec(historic=True)
def jingban_register_shapes(register):
    """Register rule shapes: call ``register(shape)`` with an instance of a
    :class:`jingban.parts.Shape` subclass for each.

    Called once for every plugin when the registry registers it (a historic hook: a plugin loaded
    later is called too), and for the core's own shapes. A shape's evidence sections are registered
    with it. Two different shapes with one id are refused, naming both.

    :param register: the callback; it raises for a duplicate id or a wrong type.
    :return: nothing.
    """


@hookspec(historic=True)
def jingban_register_sections(register):
    """Register evidence sections that are no shape's (the core's survey and commitments): call
    ``register(section)`` with an instance of a :class:`jingban.parts.Section` subclass for each.

    Called as ``jingban_register_shapes`` is.

    :param register: the callback.
    :return: nothing.
    """


@hookspec(historic=True)
def jingban_register_aggregations(register):
    """Register aggregations: call ``register(aggregation)`` with an instance of a
    :class:`jingban.parts.Aggregation` subclass for each; a rules file names it in
    ``[region] aggregation``.

    Called as ``jingban_register_shapes`` is.

    :param register: the callback.
    :return: nothing.
    """


@hookspec(firstresult=True)
def jingban_ruleset(region_id, spec, options, evidence, agreement):
    """Build the rule set an assessment uses.

    Called before scoring, once per assessment (and by ``settle`` and ``template`` with
    ``evidence=None``). The core implementation reads ``spec.rules_file`` with the selected options.
    A region whose numbers live partly elsewhere (Tianjin's agreement, named by the evidence)
    implements this hook.

    :param region_id: the region being assessed.
    :param spec: its :class:`~jingban.registry.RegionSpec`.
    :param options: ``dict`` of interpretation options chosen by the operator (``--option``).
    :param evidence: the :class:`~jingban.evidence.Evidence`, or ``None`` outside an assessment.
    :param agreement: ``Path`` of the agreement file the evidence names (or ``--agreement`` gives), or
        ``None``; only regions with ``needs_agreement`` use it.
    :return: a :class:`~jingban.model.RuleSet`, or ``None`` for another region.
    """


@hookspec
def jingban_collect_facts(region_id, ruleset, evidence, sources):
    """Collect facts from sources other than the evidence file (the agency's ledgers).

    Called after the evidence is read, before scoring. Every implementation's facts are merged into
    the evidence's; a fact named both in the evidence and by a collector is an error. The core's
    implementation computes the facts the rule set uses from the ledgers in ``sources.folder``.

    :param region_id: the region being assessed.
    :param ruleset: the region's :class:`~jingban.model.RuleSet`.
    :param evidence: the :class:`~jingban.evidence.Evidence`.
    :param sources: a :class:`~jingban.ledgers.sources.Sources` (ledgers folder, engine, calendar
        files, strictness), or ``None`` when no ledgers were given.
    :return: a list of :class:`~jingban.facts.Fact`, a :class:`~jingban.facts.FactBatch`, or ``None``.
    """


@hookspec(firstresult=True)
def jingban_score_item(region_id, item, context):
    """Score one item of the region's table.

    Called once per item, in the table's order. The core implementation asks the item's registered
    shape (``jingban.parts.Shape.score``). Implement it to score an item that no shape's data can
    express, or to adjust what the shape gives for your region.

    :param region_id: the region being assessed.
    :param item: the :class:`~jingban.model.Item`.
    :param context: the :class:`~jingban.scoring.context.ScoringContext` (rule set, evidence, facts,
        findings charged to clauses).
    :return: an :class:`~jingban.result.ItemScore` built with ``ItemScore.of`` (no score, and the
        reason, when the evidence does not cover the item: never full marks by default), or ``None``
        to let the next implementation try.
    """


@hookspec(firstresult=True)
def jingban_weigh(region_id, ruleset, items, bonus_total, provisional):
    """Combine item scores into the total and the grade.

    Called once after every item is scored. The core implementation asks the aggregation the rules
    name (``[region] aggregation``: ``"sum"``, ``"weighted_tree"``, ``"checklist"`` or a registered one).

    :param items: tuple of :class:`~jingban.result.ItemScore`.
    :param bonus_total: bonus points after the cap.
    :param provisional: whether something other than an unassessed item already makes it provisional.
    :return: a :class:`~jingban.parts.Totals`, or ``None``.
    """


@hookspec(firstresult=True)
def jingban_settle(region_id, ruleset, score, fee, evidence, items, provisional):
    """Settle the money that depends on the score, and list what follows.

    Called once after weighting, and by ``assess settle`` with ``evidence=None`` and ``items=()``.

    :param score: the total (``Decimal``), or ``None`` for a region without a score.
    :param fee: the year's fee the rules name (``Decimal``), or ``None`` when not given.
    :param evidence: the :class:`~jingban.evidence.Evidence` (service period, fund losses), or ``None``.
    :param items: the item scores (findings may trigger consequences), possibly empty.
    :return: a :class:`~jingban.result.Settlement`, or ``None``.
    """
