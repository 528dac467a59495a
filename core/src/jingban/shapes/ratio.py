"""Shape `ratio`: an item scored by how a measure compares with its target.

Lower is better (the average days to settle a hospital's monthly bill): points x min(1, target /
actual). Higher is better (a review coverage): points x min(1, actual / target). The measure is a
fact (the catalog's or the region's own), the score is rounded as the rules say (`places`,
`rounding`), and exact Decimals are used until then. An actual of 0 scores full points when lower
is better (nothing to wait for: target / 0 is taken as above 1) and 0 when higher is better
(docs/interpretations.md, R1). A missing fact leaves the item not assessed.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ONE, ZERO, plain
from ..kinds import Better, Rounding
from ..messages import Message, Text, fact_name
from ..model import Item
from ..parts import EvidenceInput, Shape
from ..result import Deduction, ItemScore
from ..rulesfile import read_fact_name
from ..scoring.context import ScoringContext
from . import read_places


@attrs.frozen
class RatioConfig:
    """A ratio item's settings (`Item.config`)."""

    fact: str
    target: Decimal
    better: Better = attrs.field(converter=Better)
    places: int = 2
    rounding: Rounding = attrs.field(default=Rounding.HALF_UP, converter=Rounding)

    @property
    def facts(self) -> tuple[str, ...]:
        return (self.fact,)

    def factor(self, actual: Decimal) -> Decimal:
        """min(1, target / actual) or min(1, actual / target), exact to Decimal's precision."""
        if self.better is Better.LOWER:
            return ONE if actual <= self.target else self.target / actual
        return ONE if actual >= self.target else actual / self.target

    def points(self, max_points: Decimal, actual: Decimal) -> Decimal:
        return self.rounding.apply(max_points * self.factor(actual), self.places)


@attrs.frozen
class RatioResult:
    """`ItemScore.detail` of a ratio item: the measure and the factor it gave."""

    actual: Decimal | None
    factor: Decimal | None


class RatioShape(Shape):
    id = "ratio"
    keys = ("fact", "target", "better", "places", "rounding")

    def read(self, node, item_id, products):
        places, rounding = read_places(node, item_id)
        return {"config": RatioConfig(fact=read_fact_name(node, "fact"),
                                      target=node.decimal("target", minimum=Decimal("0.000001")),
                                      better=node.choice("better", Better), places=places, rounding=rounding)}

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        cfg: RatioConfig = item.config
        fact = ctx.fact(cfg.fact)
        if fact is None:
            return ItemScore.of(item, score=None, why=Message.of("why.missing_facts", facts=cfg.fact),
                                detail=RatioResult(None, None))
        factor = cfg.factor(fact.value)
        score = cfg.points(item.max, fact.value)
        lines = []
        if score < item.max:
            formula = Message.of(f"evidence.ratio_{cfg.better}", fact=fact_name(cfg.fact), actual=fact.value,
                                 target=cfg.target, max=item.max, score=score)
            lines.append(Deduction(clause_id=f"{item.id}.ratio", title=Message.of(f"deduction.ratio_{cfg.better}"),
                                   points=item.max - score, citation=item.citation, count=ONE, evidence=formula))
        return ItemScore.of(item, score=score, deductions=lines, detail=RatioResult(fact.value, factor))

    def item_json(self, score: ItemScore, lang: str) -> dict:
        d = score.detail
        return {"measure": plain(d.actual) if d is not None and d.actual is not None else None}

    def standard(self, item: Item, lang: str) -> list[str]:
        cfg: RatioConfig = item.config
        return [Message.of(f"standard.ratio_{cfg.better}", fact=fact_name(cfg.fact), target=cfg.target,
                           max=item.max, places=cfg.places).render(lang)]

    def inputs(self, rs, item: Item) -> tuple[EvidenceInput, ...]:
        return (EvidenceInput(kind="fact", key=item.config.fact, title=fact_name(item.config.fact)),)

    def template(self, rs, items, lang: str) -> list[str]:
        return []  # the measure is a fact: the template's [facts] lists it with the rules' other facts
