"""Shape `rating`: a leaf the evidence scores directly (Tianjin's indicators), less any clause
deductions, which come off the given score and never below 0.

The scores are the evidence's `[scores]` section: `"leaf" = "92"` at the top level, or grouped by
assessing level (`[scores.city] "D1.1" = "92"`, the leaf `city:D1.1`).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ZERO, plain
from ..errors import InputError
from ..messages import Message, Text, joined
from ..model import Item
from ..parts import Section, Shape
from ..result import Deduction, ItemScore
from ..rulesfile import read_clause
from ..scoring.clauses import apply_cap, clause_outcome
from ..scoring.context import ScoringContext
from ..tomlread import Node
from . import ById, check_section_ids


@attrs.frozen
class LeafScore:
    value: Decimal
    note: str | None = None


@attrs.frozen
class Scores(ById):
    """The `[scores]` section: leaf id -> the score given."""


class ScoresSection(Section):
    key = "scores"
    title = "scores given to rating leaves"

    def read(self, top: Node) -> Scores | None:
        t = top.table("scores", None)
        if t is None:
            return None
        out = []
        at: dict[str, str] = {}  # leaf id -> the key that scores it
        for key, raw in t.items_of():
            if isinstance(raw, dict):  # a group (Tianjin level): [scores.city] "D1.1" = "92"
                sub = t.child(raw, t.key_path(key))
                for leaf, _ in sub.items_of():
                    out.append((f"{key}:{leaf}", LeafScore(sub.decimal(leaf, minimum=ZERO))))
                    _once(at, out[-1][0], sub, leaf)
            else:
                out.append((key, LeafScore(t.decimal(key, minimum=ZERO))))
                _once(at, key, t, key)
        return Scores(tuple(out))

    def check(self, rs, record: Scores, ev) -> None:
        check_section_ids(rs, ev, self.key, record, RatingShape.id)


def _once(at: dict[str, str], leaf: str, node: Node, key: str) -> None:
    """A leaf is scored in one place: `"city:D1.1"` at the top level and `"D1.1"` under
    `[scores.city]` are the same leaf, and which of two scores counts would be a guess."""
    where = node.key_path(key)
    if leaf in at:
        raise node.error(key, Message.of("error.evidence.leaf_scored_twice", leaf=leaf, other=at[leaf]))
    at[leaf] = where


class RatingShape(Shape):
    id = "rating"
    keys = ("clauses",)

    def sections(self):
        return (ScoresSection(),)

    def read(self, node, item_id, products):
        return {"clauses": tuple(read_clause(c, item_id, products) for c in node.tables("clauses"))}

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        scores = ctx.section("scores")
        given = scores.get(item.id) if scores is not None else None
        found = clause_outcome(item, ctx)
        if given is not None and given.value > item.max:
            raise InputError(ctx.evidence.file, f"scores.{item.id.replace(':', '.')}",
                             Message.of("error.scoring.above_leaf_max", value=given.value, max=item.max))
        consequences = found.consequences
        if found.missing:
            return ItemScore.of(item, score=None, why=Message.of("why.missing_facts", facts=", ".join(found.missing)),
                                consequences=consequences)
        if given is None and not (found.fact_only or found.touched or item.id in ctx.inspected):
            return ItemScore.of(item, score=None, why=Message.of("why.no_score"), consequences=consequences)
        start = item.max if given is None else given.value
        lines: list[Deduction] = []
        if given is not None and given.value < item.max:
            lines.append(Deduction(clause_id=f"{item.id}.score", title=Message.of("deduction.score_given"),
                                   points=item.max - given.value, citation=item.citation, count=given.value,
                                   evidence=joined(Message.of("evidence.scored", score=given.value, max=item.max),
                                                   given.note)))
        capped = apply_cap(found.deductions, start)
        lines.extend(capped)
        lost = sum((d.points for d in capped), ZERO)
        return ItemScore.of(item, score=start - lost, deductions=lines, consequences=consequences)

    def workbook_inputs(self, rs):
        from ..workbook.cells import CellKind
        from ..workbook.layout import Input, word

        return (Input("score", word("col.leaf_score"), CellKind.DECIMAL, minimum=ZERO, width=9, hint=word("hint.leaf_score")),)

    def workbook_key(self, item, input_id):
        # a leaf of an assessing level under its group, as the TOML template writes it
        return ("scores", item.group, item.id.split(":", 1)[1]) if item.group else ("scores", item.id)

    def template(self, rs, items, lang: str) -> list[str]:
        groups: dict[str, list[Item]] = {}
        for i in items:
            if i.group:
                groups.setdefault(i.group, []).append(i)
        out = []
        flat = [i for i in items if not i.group]  # leaves of no assessing level: `"3" = "27"` at the top
        if flat:
            out.append("[scores]")
            out.extend(f'# "{i.id}" = "{plain(i.max)}"    # {Text(i.title_zh, i.title_en).render(lang)}' for i in flat)
            out.append("")
        for g, members in groups.items():
            out.append(f"[scores.{g}]")
            for i in members:
                leaf = i.id.partition(":")[2]
                out.append(f'# "{leaf}" = "100"    # {Text(i.title_zh, i.title_en).render(lang)}')
            out.append("")
        return out
