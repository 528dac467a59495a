"""Shape `share`: an item scored by the share of two facts, points x numerator / denominator
(claims verified of all claims sampled), rounded as the rules say (`places`, `rounding`).

A numerator above its denominator is bad input (more verified than sampled). A denominator of 0
(nothing sampled) is what `zero_denominator` says: by default the item is not assessed, since
there was nothing to judge and full marks must not come from nobody looking; `full` or `zero` may
be chosen where a document says so (docs/interpretations.md, R2).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ONE, ZERO, plain
from ..errors import InputError
from ..kinds import Rounding, ZeroDenominator
from ..messages import Message, fact_name
from ..model import Item
from ..parts import EvidenceInput, Shape
from ..result import Deduction, ItemScore
from ..rulesfile import read_fact_name
from ..scoring.context import ScoringContext
from . import read_places


@attrs.frozen
class ShareConfig:
    """A share item's settings (`Item.config`)."""

    numerator: str
    denominator: str
    places: int = 2
    rounding: Rounding = attrs.field(default=Rounding.HALF_UP, converter=Rounding)
    zero_denominator: ZeroDenominator = attrs.field(default=ZeroDenominator.NOT_ASSESSED,
                                                    converter=ZeroDenominator)

    @property
    def facts(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def points(self, max_points: Decimal, num: Decimal, den: Decimal) -> Decimal:
        return self.rounding.apply(max_points * num / den, self.places)


@attrs.frozen
class ShareResult:
    """`ItemScore.detail` of a share item."""

    numerator: Decimal | None
    denominator: Decimal | None


class ShareShape(Shape):
    id = "share"
    keys = ("numerator", "denominator", "places", "rounding", "zero_denominator")

    def read(self, node, item_id, products):
        places, rounding = read_places(node, item_id)
        return {"config": ShareConfig(
            numerator=read_fact_name(node, "numerator"), denominator=read_fact_name(node, "denominator"),
            places=places, rounding=rounding,
            zero_denominator=node.choice("zero_denominator", ZeroDenominator, ZeroDenominator.NOT_ASSESSED))}

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        cfg: ShareConfig = item.config
        num, den = ctx.fact_value(cfg.numerator), ctx.fact_value(cfg.denominator)
        missing = [n for n, v in ((cfg.numerator, num), (cfg.denominator, den)) if v is None]
        if missing:
            return ItemScore.of(item, score=None, why=Message.of("why.missing_facts", facts=", ".join(sorted(missing))),
                                detail=ShareResult(num, den))
        if num > den:
            raise InputError(ctx.evidence.file, f"facts.{cfg.numerator}", Message.of(
                "error.scoring.part_over_whole", part=num, fact=cfg.denominator, value=den))
        detail = ShareResult(num, den)
        if den == 0:
            if cfg.zero_denominator is ZeroDenominator.NOT_ASSESSED:
                return ItemScore.of(item, score=None, detail=detail,
                                    why=Message.of("why.zero_denominator", fact=fact_name(cfg.denominator)))
            score = item.max if cfg.zero_denominator is ZeroDenominator.FULL else ZERO
        else:
            score = cfg.points(item.max, num, den)
        lines = []
        if score < item.max:
            text = Message.of("evidence.share", numerator=fact_name(cfg.numerator), num=num,
                              denominator=fact_name(cfg.denominator), den=den, max=item.max, score=score)
            lines.append(Deduction(clause_id=f"{item.id}.share", title=Message.of("deduction.share"),
                                   points=item.max - score, citation=item.citation, count=ONE, evidence=text))
        return ItemScore.of(item, score=score, deductions=lines, detail=detail)

    def item_json(self, score: ItemScore, lang: str) -> dict:
        d = score.detail
        return {"numerator": plain(d.numerator) if d is not None else None,
                "denominator": plain(d.denominator) if d is not None else None}

    def standard(self, item: Item, lang: str) -> list[str]:
        cfg: ShareConfig = item.config
        return [Message.of("standard.share", numerator=fact_name(cfg.numerator),
                           denominator=fact_name(cfg.denominator), max=item.max, places=cfg.places).render(lang)]

    def inputs(self, rs, item: Item) -> tuple[EvidenceInput, ...]:
        cfg: ShareConfig = item.config
        return tuple(EvidenceInput(kind="fact", key=n, title=fact_name(n)) for n in cfg.facts)
