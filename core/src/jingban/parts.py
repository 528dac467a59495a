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
    from .workbook.layout import Field, Input, Table


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

    # -- the evidence workbook (jingban.workbook; docs/evidence-format.md "The workbook") -----------
    def workbook_fields(self, rs: "RuleSet", present: bool) -> tuple["Field", ...]:
        """Cells of the workbook's header sheet this section reads (each with its evidence key
        path), when the rule set uses the section or `present` (the evidence converted has it)."""
        return ()

    def workbook_tables(self, rs: "RuleSet", present: bool) -> tuple["Table", ...]:
        """Sheets of rows this section reads (the survey, the commitments' milestones)."""
        return ()


@attrs.frozen
class EvidenceInput:
    """One thing the evidence must give for an item to be assessed, as a shape declares it
    (`Shape.inputs`): what a workbook's input cell or a form's blank asks for.

    `kind` is "fact" (a value of fact `key`, catalog or the region's own), "choice" (exactly one of
    `choices` under the evidence key `key`, e.g. `scale."3"`), or "findings" (findings naming the
    item or one of its clauses, or the item listed in `inspected` when there are none)."""

    kind: str = attrs.field(validator=attrs.validators.in_(("fact", "choice", "findings")))
    key: str
    title: Any  # a Text or Message: what the input is, in the reader's language
    choices: tuple[str, ...] = ()


class Shape:
    """A rule shape: one kind of item. Subclass, set `id`, and register an instance."""

    id: ClassVar[str]
    # the item keys of the rules file this shape reads, beside the ones every item has
    keys: ClassVar[tuple[str, ...]] = ()
    # items of this shape may be listed in the evidence's `inspected` (the template lists them)
    lists_inspected: ClassVar[bool] = False
    # items of this shape may decide the whole result (a veto item, 一票否决): the engine asks
    # `jingban.scoring.veto` about them after weighing
    decides_total: ClassVar[bool] = False

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

    def standard(self, item: "Item", lang: str) -> list[str] | None:
        """The item's scoring rule as the forms' `standard` column gives it (a scale's levels, a
        ratio's formula); None: its clauses and requirements, each with its points."""
        return None

    def inputs(self, rs: "RuleSet", item: "Item") -> tuple[EvidenceInput, ...]:
        """What the evidence must give to assess the item (a workbook's input cells)."""
        return ()

    # -- the evidence workbook (jingban.workbook; docs/evidence-format.md "The workbook") -----------
    def workbook_inputs(self, rs: "RuleSet") -> tuple["Input", ...]:
        """The columns of the workbook's items sheet an inspector fills for items of this shape,
        after 已检查 (the dimensions' ratings, a leaf's score, a point's answer)."""
        return ()

    def workbook_key(self, item: "Item", input_id: str) -> tuple[str, ...] | None:
        """Where the cell `input_id` of `item`'s row goes in the evidence (a key path such as
        ("ratings", item.id, "system")); None: the column is not this item's."""
        return None


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


class Deferred:
    """A unit registered by where it lives, imported the first time it is looked up: the core
    registers its own so, and `assess` imports only the units the region's rules and evidence use
    (a Taicang assessment imports no checklist, survey or commitments module).

    ``register(Deferred("check", "jingban.shapes.check", "CheckShape", sections=("checklist",
    "report")))``: `id` is the shape's or aggregation's id or the section's key, `module` and `name`
    the class, made with no arguments; a shape names the keys of its `sections()`, which stand
    for it until it is imported. What allows a unit to wait: an evidence section is read only when
    the file has its key (`load_evidence` imports the section then), so its `read` must return
    None when the key is absent, and its `result` must return None when it read nothing, unless
    the rule set uses the section's shape (which was imported to read the rules: the report of
    a checklist).

    A plain class, not an attrs record: it is made at every start, before anything else needs
    attrs, and attrs' generated methods are what start-up spends most on (docs/performance.md).
    """

    __slots__ = ("id", "module", "name", "sections")

    def __init__(self, id: str, module: str, name: str, sections: tuple[str, ...] = ()) -> None:
        self.id, self.module, self.name, self.sections = id, module, name, tuple(sections)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Deferred) and (self.id, self.module, self.name, self.sections) == \
            (other.id, other.module, other.name, other.sections)

    def __hash__(self) -> int:
        return hash((self.id, self.module, self.name, self.sections))

    def __repr__(self) -> str:
        return f"Deferred({self.id!r}, {self.module!r}, {self.name!r}, sections={self.sections!r})"

    def make(self) -> Any:
        import importlib

        unit = getattr(importlib.import_module(self.module), self.name)()
        own = unit.key if isinstance(unit, Section) else getattr(unit, "id", None)
        if own != self.id:  # it would take another unit's place, or none
            raise PartConflict(f"{self!r}: {self.module}.{self.name} has the id {own!r}")
        return unit


class Units:
    """The units of one kind by id, in registration order. Looking one up (`[id]`, `get`) imports
    it if it was deferred; `values()` and `items()` import every one; the ids (iteration, `in`,
    `len`) import nothing."""

    def __init__(self, load: Callable[[Deferred], None]) -> None:
        self._table: dict[str, Any] = {}
        self._load = load

    def __getitem__(self, key: str) -> Any:
        unit = self._table[key]
        if isinstance(unit, Deferred):
            self._load(unit)
            unit = self._table[key]
        return unit

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self._table else default

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def __iter__(self):
        return iter(list(self._table))

    def __len__(self) -> int:
        return len(self._table)

    def keys(self) -> list[str]:
        return list(self._table)

    def values(self) -> list[Any]:
        return [self[key] for key in list(self._table)]

    def items(self) -> list[tuple[str, Any]]:
        return [(key, self[key]) for key in list(self._table)]

    def imported(self) -> list[Any]:
        """The units imported so far, in registration order; the deferred ones are left out."""
        return [unit for unit in self._table.values() if not isinstance(unit, Deferred)]

    def deferred(self, key: str) -> bool:
        return isinstance(self._table.get(key), Deferred)


class Parts:
    """The registered units of this process, in registration order."""

    def __init__(self) -> None:
        self.shapes = Units(self._import)
        self.sections = Units(self._import)
        self.aggregations = Units(self._import)
        self._importing: Deferred | None = None

    def _add(self, units: Units, key: str, unit: Any, what: str) -> None:
        table = units._table
        old = table.get(key)
        if isinstance(old, Deferred):
            if old is self._importing:  # the unit it stood for (or its shape's section) takes its place
                table[key] = unit
                return
            self._import(old)  # another unit under a deferred one's id: compared as imported units are
            old = table.get(key)
        if old is not None and type(old) is not type(unit):
            raise PartConflict(f"{what} {key!r} is registered twice: by {type(old).__module__}."
                               f"{type(old).__qualname__} and by {type(unit).__module__}.{type(unit).__qualname__}")
        table[key] = unit

    def _defer(self, units: Units, deferred: Deferred, keys: tuple[tuple[Units, str], ...]) -> bool:
        """Enter a deferred unit under its id (and a shape's section keys); False when one is taken
        by another unit, which the caller then registers imported, so the conflict reads as before."""
        old = units._table.get(deferred.id)
        if old == deferred or (old is not None and type(old).__module__ == deferred.module
                               and type(old).__qualname__ == deferred.name):
            return True  # the same unit again (the core's hooks answer at start and in the plugin manager)
        if old is not None or any(key in other._table for other, key in keys):
            return False
        for other, key in ((units, deferred.id),) + keys:
            other._table[key] = deferred
        return True

    def _import(self, deferred: Deferred) -> None:
        """Import a deferred unit and register it in its place (a shape with its sections)."""
        unit = deferred.make()
        outer, self._importing = self._importing, deferred
        try:
            if self.shapes._table.get(deferred.id) is deferred:
                self.add_shape(unit)
            elif self.aggregations._table.get(deferred.id) is deferred:
                self.add_aggregation(unit)
            else:
                self.add_section(unit)
        finally:
            self._importing = outer
        left = [key for units in (self.shapes, self.sections, self.aggregations)
                for key, u in units._table.items() if u is deferred]
        if left:  # a shape whose sections() are not the keys its registration named
            raise PartConflict(f"{deferred!r} stands for {', '.join(left)}, which "
                               f"{deferred.module}.{deferred.name} does not register")

    def add_shape(self, shape: Shape | Deferred) -> None:
        if isinstance(shape, Deferred):
            if not self._defer(self.shapes, shape, tuple((self.sections, key) for key in shape.sections)):
                self.add_shape(shape.make())
            return
        if not isinstance(shape, Shape):
            raise TypeError(f"register() takes a jingban.parts.Shape, got {type(shape).__name__}")
        self._add(self.shapes, shape.id, shape, "shape")
        for section in shape.sections():
            self.add_section(section)

    def add_section(self, section: Section | Deferred) -> None:
        if isinstance(section, Deferred):
            if not self._defer(self.sections, section, ()):
                self.add_section(section.make())
            return
        if not isinstance(section, Section):
            raise TypeError(f"register() takes a jingban.parts.Section, got {type(section).__name__}")
        self._add(self.sections, section.key, section, "evidence section")

    def add_aggregation(self, aggregation: Aggregation | Deferred) -> None:
        if isinstance(aggregation, Deferred):
            if not self._defer(self.aggregations, aggregation, ()):
                self.add_aggregation(aggregation.make())
            return
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
