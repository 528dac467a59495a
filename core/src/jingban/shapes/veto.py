"""Shape `veto` (一票否决): an item worth no points whose finding decides the whole result.

A finding charged to the item (`items = ["V1"]`, or one of its clauses), or its `fact` counting at
least one case, triggers the veto. What a triggered veto does is `effect`: the total becomes 0
(`zero`), or the grade becomes the lowest (`lowest_grade`); either way the money is settled as for
a score of 0 and the item's own `consequences` replace those of the settlement band
(`jingban.scoring.veto`, docs/interpretations.md V1). A veto item nobody looked at is not
assessed: the result is provisional and says the veto is possible, never that it is cleared.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ZERO
from ..errors import InputError
from ..kinds import Per, VetoEffect
from ..messages import Message, Text, fact_name
from ..model import Clause, Item
from ..parts import EvidenceInput, Shape
from ..result import Deduction, ItemScore
from ..rulesfile import read_citation, read_clause, read_fact_name
from ..scoring.clauses import _finding_text
from ..scoring.context import ScoringContext
from ..tomlread import suggest


@attrs.frozen
class VetoConfig:
    """A veto item's settings (`Item.config`)."""

    effect: VetoEffect = attrs.field(converter=VetoEffect)
    consequences: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()


@attrs.frozen
class VetoResult:
    """`ItemScore.detail` of a veto item: triggered (True), cleared (False), undecided (None)."""

    vetoed: bool | None
    effect: VetoEffect = attrs.field(converter=VetoEffect)


class VetoShape(Shape):
    id = "veto"
    keys = ("clauses", "fact", "effect", "consequences")
    lists_inspected = True
    decides_total = True

    def read(self, node, item_id, products):
        clauses = [read_clause(c, item_id, products) for c in node.tables("clauses")]
        fact = read_fact_name(node, "fact") if node.has("fact") else None
        title = (node.str("title_zh"), node.str("title_en"))
        if not any(c.fact is None for c in clauses):  # findings may name the item: it needs one open clause
            clauses.insert(0, Clause(id=f"{item_id}.veto", item_id=item_id, title_zh=title[0], title_en=title[1],
                                     points=ZERO, per=Per.ONCE, citation=read_citation(node)))
        if fact is not None:
            clauses.append(Clause(id=f"{item_id}.fact", item_id=item_id, title_zh=title[0], title_en=title[1],
                                  points=ZERO, per=Per.ONCE, citation=read_citation(node), fact=fact))
        config = VetoConfig(effect=node.choice("effect", VetoEffect), consequences=node.strs("consequences", ()),
                            facts=tuple(c.fact for c in clauses if c.fact))
        return {"clauses": tuple(clauses), "config": config}

    def check_rules(self, rs, item: Item, file: str) -> None:
        if item.max != 0 or any(c.points != 0 for c in item.clauses):  # it decides the result, not points
            raise InputError(file, f"items {item.id}", Message.of("error.rules.veto_points"))
        known = {c.id for c in rs.consequences}
        for cid in item.config.consequences:
            if cid not in known:
                raise InputError(file, f"items {item.id}", Message.of(
                    "error.rules.unknown_consequence", consequence=cid, hint=suggest(cid, known)))
        if item.config.effect is VetoEffect.LOWEST_GRADE and not rs.grades:
            raise InputError(file, f"items {item.id}", Message.of("error.rules.veto_no_grades"))

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        cfg: VetoConfig = item.config
        product = ctx.evidence.product
        lines: list[Deduction] = []
        missing: list[str] = []
        touched = False
        note = Message.of(f"deduction.veto_{cfg.effect}")
        for clause in (c for c in item.clauses if c.applies_to(product)):
            title = Text(clause.title_zh, clause.title_en)
            if clause.fact is not None:
                value = ctx.fact_value(clause.fact)
                if value is None:
                    missing.append(clause.fact)
                elif value > 0:
                    lines.append(Deduction(clause_id=clause.id, title=title, points=ZERO, citation=clause.citation,
                                           count=value, note=note, evidence=Message.of(
                                               "evidence.fact", fact=fact_name(clause.fact), value=value)))
                continue
            for ch in ctx.charges_for(clause.id):
                touched = True
                if ch.finding.count > 0:
                    lines.append(Deduction(clause_id=clause.id, title=title, points=ZERO, citation=clause.citation,
                                           count=Decimal(ch.finding.count), finding_id=ch.finding.id,
                                           evidence=_finding_text(ch.finding), note=note))
        consequences = {c.consequence for c in item.clauses if c.consequence and any(
            d.clause_id == c.id for d in lines)}
        if lines:
            return ItemScore.of(item, score=ZERO, deductions=lines, consequences=consequences,
                                detail=VetoResult(True, cfg.effect))
        if missing:
            why = Message.of("why.missing_facts", facts=", ".join(sorted(set(missing))))
            return ItemScore.of(item, score=None, why=why, detail=VetoResult(None, cfg.effect))
        if item.id in ctx.inspected or touched or cfg.facts:
            return ItemScore.of(item, score=ZERO, detail=VetoResult(False, cfg.effect))
        return ItemScore.of(item, score=None, why=Message.of("why.veto_not_in_evidence"),
                            detail=VetoResult(None, cfg.effect))

    def item_json(self, score: ItemScore, lang: str) -> dict:
        d = score.detail
        return {"vetoed": d.vetoed if d is not None else None}

    def standard(self, item: Item, lang: str) -> list[str]:
        return [Message.of(f"standard.veto_{item.config.effect}").render(lang)]

    def inputs(self, rs, item: Item) -> tuple[EvidenceInput, ...]:
        out = [EvidenceInput(kind="findings", key=item.id, title=Text(item.title_zh, item.title_en))]
        out += [EvidenceInput(kind="fact", key=n, title=fact_name(n)) for n in item.config.facts]
        return tuple(out)
