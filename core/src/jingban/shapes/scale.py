"""Shape `scale`: a rating scale. The assessor picks exactly one level of several, each worth its
points (好 10 / 较好 7 / 一般 4 / 差 0); the item scores the level's points.

The levels are the item's `[[items.levels]]`; the pick is the evidence's `[scale]` section
(`"3" = "good"`, or a list, as a form's ticks are: `"3" = ["good"]`). No level picked (the item
absent, or an empty list) leaves the item not assessed, never full marks; two levels picked is bad
input: which one counts would be a guess.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ONE, ZERO, plain
from ..errors import InputError
from ..messages import Message, Text, joined
from ..model import Citation, Item
from ..parts import EvidenceInput, Section, Shape
from ..result import Deduction, ItemScore
from ..rulesfile import read_citation
from ..scoring.context import ScoringContext
from ..tomlread import Node, suggest
from . import ById, check_section_ids


@attrs.frozen
class Level:
    id: str
    title_zh: str
    title_en: str
    points: Decimal = attrs.field(validator=attrs.validators.instance_of(Decimal))
    citation: Citation


@attrs.frozen
class ScaleConfig:
    """A scale item's settings (`Item.config`): its levels, in the rules file's order."""

    levels: tuple[Level, ...]
    facts: tuple[str, ...] = ()  # a scale reads no fact

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)


@attrs.frozen
class Picked:
    """The levels the evidence picks for one item (a form's ticks), with the assessor's note."""

    levels: tuple[str, ...]
    key: str  # where in the evidence file, for messages
    note: str | None = None


@attrs.frozen
class Picks(ById):
    """The `[scale]` section: item id -> the levels picked."""


@attrs.frozen
class LevelResult:
    """A scale item's outcome: `ItemScore.detail`; None level: none picked."""

    level: str | None


class ScaleSection(Section):
    key = "scale"
    title = "the level picked for each rating-scale item"

    def read(self, top: Node) -> Picks | None:
        t = top.table("scale", None)
        if t is None:
            return None
        out = []
        for item_id, raw in t.items_of():
            note = None
            where = t.key_path(item_id)
            if isinstance(raw, dict):  # long form: { level = "good", note = "..." }
                sub = t.child(raw, where)
                picked = _levels(sub, "level", sub.raw("level", []))
                note = sub.str("note", None)
                sub.done()
            else:
                picked = _levels(t, item_id, raw)
            out.append((item_id, Picked(levels=picked, key=where, note=note)))
        return Picks(tuple(out))

    def check(self, rs, record: Picks, ev) -> None:
        check_section_ids(rs, ev, self.key, record, ScaleShape.id)


def _levels(node: Node, key: str, raw) -> tuple[str, ...]:
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list) and all(isinstance(x, str) for x in raw):
        return tuple(raw)
    raise node.error(key, Message.of("error.evidence.expected_level"))


class ScaleShape(Shape):
    id = "scale"
    keys = ("levels",)

    def sections(self):
        return (ScaleSection(),)

    def read(self, node, item_id, products):
        levels = []
        for lv in node.tables("levels"):
            level = Level(id=lv.str("id"), title_zh=lv.str("title_zh"), title_en=lv.str("title_en"),
                          points=lv.decimal("points", minimum=ZERO),
                          # a level's points are the item's unless its own article is cited
                          citation=read_citation(lv) if lv.has("citation") else read_citation(node))
            if any(x.id == level.id for x in levels):
                raise lv.error("id", Message.of("error.rules.level_twice", level=level.id))
            levels.append(level)
            lv.done()
        if len(levels) < 2:
            raise node.error("levels", Message.of("error.rules.scale_levels"))
        return {"config": ScaleConfig(levels=tuple(levels))}

    def check_rules(self, rs, item: Item, file: str) -> None:
        for lv in item.config.levels:
            if lv.points > item.max:
                raise InputError(file, f"items {item.id}", Message.of(
                    "error.rules.level_above_max", level=lv.id, points=lv.points, max=item.max))

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        cfg: ScaleConfig = item.config
        picks = ctx.section("scale")
        picked = picks.get(item.id) if picks is not None else None
        if picked is None or not picked.levels:
            return ItemScore.of(item, score=None, why=Message.of("why.no_level"), detail=LevelResult(None))
        for level_id in picked.levels:
            if cfg.level(level_id) is None:
                raise InputError(ctx.evidence.file, picked.key, Message.of(
                    "error.evidence.unknown_level", level=level_id, hint=suggest(level_id, [x.id for x in cfg.levels])))
        if len(set(picked.levels)) > 1:
            raise InputError(ctx.evidence.file, picked.key, Message.of(
                "error.evidence.levels_picked", levels=joined(*sorted(set(picked.levels)), zh="、", en=", ")))
        level = cfg.level(picked.levels[0])
        lines = []
        name = Text(level.title_zh, level.title_en)
        if level.points < item.max:
            lines.append(Deduction(
                clause_id=f"{item.id}.level", title=Message.of("deduction.level", level=name),
                points=item.max - level.points, citation=level.citation, count=ONE,
                evidence=joined(Message.of("evidence.level", level=name, points=level.points, max=item.max),
                                picked.note)))
        return ItemScore.of(item, score=level.points, deductions=lines, detail=LevelResult(level.id))

    def item_json(self, score: ItemScore, lang: str) -> dict:
        return {"level": score.detail.level if score.detail is not None else None}

    def workbook_inputs(self, rs):
        """One column: the level picked, a drop-down of the levels of the region's scale items."""
        from ..workbook.cells import CellKind
        from ..workbook.layout import Choice, Input

        seen: dict[str, Level] = {}
        for i in rs.items:
            if i.shape == self.id:
                for lv in i.config.levels:
                    seen.setdefault(lv.id, lv)
        choices = tuple(Choice(lv.id, Text(f"{lv.title_zh} {plain(lv.points)}", f"{lv.title_en} {plain(lv.points)}"))
                        for lv in seen.values())
        return (Input("level", Message.of("deduction.level", level=""), CellKind.CHOICE, choices, width=12),)

    def workbook_key(self, item, input_id):
        return ("scale", item.id) if input_id == "level" else None

    def standard(self, item: Item, lang: str) -> list[str]:
        return [" / ".join(f"{Text(lv.title_zh, lv.title_en).render(lang)} {plain(lv.points)}"
                           for lv in item.config.levels)]

    def inputs(self, rs, item: Item) -> tuple[EvidenceInput, ...]:
        return (EvidenceInput(kind="choice", key=f'scale."{item.id}"', title=Text(item.title_zh, item.title_en),
                              choices=tuple(lv.id for lv in item.config.levels)),)

    def template(self, rs, items, lang: str) -> list[str]:
        if not items:
            return []
        out = ["[scale]"]
        for i in items:
            levels = " | ".join(f"{lv.id} {plain(lv.points)}" for lv in i.config.levels)
            title = Text(i.title_zh, i.title_en).render(lang)
            out.append(f'# "{i.id}" = "{i.config.levels[0].id}"    # {title}: {levels}')
        out.append("")
        return out
