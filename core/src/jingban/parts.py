"""The units the core is assembled from: rule shapes, evidence sections and aggregations.

A **shape** is one kind of item of a scoring table (per-case deductions, weighted dimensions, a
score given by the evidence, a checklist point). It is one unit: it reads its item's keys from the
rules file, names the evidence sections it needs, scores an item, and renders what is its own in
the reports and the evidence template. An **evidence section** is one top-level key of the
evidence file that only some regions use (dimension ratings, leaf scores, checklist answers, the
survey, commitments): it reads the key, may derive facts from it, checks its ids against the rule
set, and may add a record of its own to the result. An **aggregation** turns item scores into the
total (a sum, a weighted tree, a checklist summary) and renders its part of the report.

The core's own units and a plugin's are registered through the same door, the registration hooks
of ``hookspecs`` (``jingban_register_shapes``, ``jingban_register_sections``,
``jingban_register_aggregations``), in the way llm's ``register_models`` and datasette's
``register_*`` hooks work. Ids are unique in a process: two different units claiming one id is an
error naming both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, ClassVar

import attrs

if TYPE_CHECKING:
    from .evidence import Evidence
    from .facts import Fact
    from .model import Item, RuleSet
    from .result import ItemScore, Notice, Result
    from .scoring.context import ScoringContext
    from .tomlread import Node


class PartConflict(Exception):
    """Two different units registered under one id."""


class Section:
    """A top-level key of the evidence file that some regions use. Subclass and register."""

    key: ClassVar[str]
    title: ClassVar[str] = ""  # what the key holds, for the docs and `assess regions`

    def read(self, top: "Node") -> Any:
        """Read the key from the evidence's top-level node (marking it read); None when absent."""
        raise NotImplementedError

    def facts(self, record: Any) -> tuple["Fact", ...]:
        """Facts the section derives from what it read (the survey's answer counts)."""
        return ()

    def check(self, rs: "RuleSet", record: Any, ev: "Evidence") -> None:
        """Refuse ids the region does not have (raise InputError naming the evidence key)."""

    def result(self, rs: "RuleSet", record: Any, items: tuple["ItemScore", ...], foreign: bool) -> Any:
        """What the section adds to the Result (a record of its own), or None. Called for every
        registered section, with `record` None when the evidence has no such key."""
        return None

    def table_lines(self, record: Any, lang: str, show_personal: bool) -> list[str]:
        """Lines of the printed report for the section's result record."""
        return []

    def json(self, record: Any, lang: str) -> dict[str, Any]:
        """Top-level keys of the JSON document for the section's result record."""
        return {}

    def template(self, rs: "RuleSet", lang: str) -> list[str]:
        """Lines of the evidence template, when the rule set uses the section."""
        return []


class Shape:
    """A rule shape: one kind of item. Subclass, set `id`, and register an instance."""

    id: ClassVar[str]
    # the item keys of the rules file this shape reads, beside the ones every item has
    keys: ClassVar[tuple[str, ...]] = ()
    # items of this shape may be listed in the evidence's `inspected` (the template lists them)
    lists_inspected: ClassVar[bool] = False

    def sections(self) -> tuple[Section, ...]:
        """The evidence sections this shape reads; registered with it."""
        return ()

    def read(self, node: "Node", item_id: str, products: set[str] | None) -> dict[str, Any]:
        """Read this shape's keys of one `[[items]]` entry; returns Item fields (clauses, ...)."""
        return {}

    def check_rules(self, rs: "RuleSet", item: "Item", file: str) -> None:
        """Consistency of an item with the rest of the rule set (raise InputError)."""

    def score(self, item: "Item", ctx: "ScoringContext") -> "ItemScore":
        raise NotImplementedError

    def template(self, rs: "RuleSet", items: tuple["Item", ...], lang: str) -> list[str]:
        """Lines of the evidence template for the items of this shape."""
        return []

    def item_json(self, score: "ItemScore", lang: str) -> dict[str, Any]:
        """The JSON keys of an item that are this shape's (from `score.detail`)."""
        return {}


@attrs.frozen
class Totals:
    """What an aggregation makes of the item scores."""

    total: Decimal | None
    categories: tuple
    grade: Any
    provisional: bool
    unassessed_max: Decimal  # weighted points the not-assessed items could still add
    breakdown: Any = None  # the aggregation's own record (levels of a tree, areas of a checklist)
    # the range the final total can still take (provisional results); None: `total` is decided
    low: Decimal | None = None
    high: Decimal | None = None


class Aggregation:
    """How item scores become the total and the grade. Subclass, set `id`, and register."""

    id: ClassVar[str]
    scored: ClassVar[bool] = True  # False: the region gives no total (a checklist)

    def check_rules(self, rs: "RuleSet", file: str) -> None:
        """Consistency of the rule set this aggregation needs (raise InputError)."""

    def weigh(self, rs: "RuleSet", items: tuple["ItemScore", ...], bonus_total: Decimal,
              provisional: bool) -> Totals:
        raise NotImplementedError

    def notices(self, rs: "RuleSet", items: tuple["ItemScore", ...], totals: Totals) -> list["Notice"]:
        """What the reader must know about the total (how much is still open)."""
        return []

    def table_body(self, r: "Result", lang: str, blocks: list[str]) -> list[str]:
        """The report's body: items, subtotals, total; `blocks` are the sections' lines."""
        raise NotImplementedError

    def json(self, r: "Result", lang: str) -> dict[str, Any]:
        """Top-level keys of the JSON document that are this aggregation's."""
        return {}


class Parts:
    """The registered units of this process, in registration order."""

    def __init__(self) -> None:
        self.shapes: dict[str, Shape] = {}
        self.sections: dict[str, Section] = {}
        self.aggregations: dict[str, Aggregation] = {}

    @staticmethod
    def _add(table: dict, key: str, unit: Any, what: str) -> None:
        old = table.get(key)
        if old is not None and type(old) is not type(unit):
            raise PartConflict(f"{what} {key!r} is registered twice: by {type(old).__module__}."
                               f"{type(old).__qualname__} and by {type(unit).__module__}.{type(unit).__qualname__}")
        table[key] = unit

    def add_shape(self, shape: Shape) -> None:
        if not isinstance(shape, Shape):
            raise TypeError(f"register() takes a jingban.parts.Shape, got {type(shape).__name__}")
        self._add(self.shapes, shape.id, shape, "shape")
        for section in shape.sections():
            self.add_section(section)

    def add_section(self, section: Section) -> None:
        if not isinstance(section, Section):
            raise TypeError(f"register() takes a jingban.parts.Section, got {type(section).__name__}")
        self._add(self.sections, section.key, section, "evidence section")

    def add_aggregation(self, aggregation: Aggregation) -> None:
        if not isinstance(aggregation, Aggregation):
            raise TypeError(f"register() takes a jingban.parts.Aggregation, got {type(aggregation).__name__}")
        self._add(self.aggregations, aggregation.id, aggregation, "aggregation")

    def registrars(self) -> dict[str, Callable[[Any], None]]:
        """The `register` callbacks handed to each registration hook."""
        return {"jingban_register_shapes": self.add_shape, "jingban_register_sections": self.add_section,
                "jingban_register_aggregations": self.add_aggregation}


_PARTS: Parts | None = None


def parts() -> Parts:
    """The process's units: the core's, registered through its own hook implementations, and those
    of every plugin loaded since (the registry calls the hooks when it registers a plugin)."""
    global _PARTS
    if _PARTS is None:
        table = Parts()
        from . import defaults

        defaults.jingban_register_sections(table.add_section)
        defaults.jingban_register_shapes(table.add_shape)
        defaults.jingban_register_aggregations(table.add_aggregation)
        _PARTS = table
    return _PARTS


def shape_of(shape_id: str) -> Shape:
    return parts().shapes[shape_id]


def aggregation_of(aggregation_id: str) -> Aggregation:
    return parts().aggregations[aggregation_id]
