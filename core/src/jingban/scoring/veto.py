"""What veto items (一票否决, shape `veto`) do to the result once every item is scored.

A triggered veto decides the result whatever the other items score: the total becomes 0 (`effect
= "zero"`) or the grade the lowest (`"lowest_grade"`, the total as scored); the money is settled
as for a score of 0, and the veto item's own consequences replace those of the settlement band
(a finding's and a fund loss's still follow). Where two vetoes are triggered, `zero` is the
stronger. A veto item not assessed may still be triggered: the total's range reaches down to 0
(or the lowest grade), and its consequences are listed as possible, with the item that would
bring them (docs/interpretations.md V1).
"""

from __future__ import annotations

import attrs

from ..amounts import ZERO, round_points
from ..kinds import VetoEffect
from ..messages import Message, joined
from ..model import Grade, RuleSet
from ..parts import Totals
from ..result import ConsequenceHit, ItemScore, Notice, Outlook, Settlement


@attrs.frozen
class VetoState:
    vetoed: tuple[ItemScore, ...]  # veto items triggered
    open: tuple[ItemScore, ...]  # veto items not assessed: they may still be

    @property
    def effect(self) -> VetoEffect | None:
        items = self.vetoed or self.open
        if not items:
            return None
        return VetoEffect.ZERO if any(i.detail.effect is VetoEffect.ZERO for i in items) else VetoEffect.LOWEST_GRADE


def veto_state(items: tuple[ItemScore, ...]) -> VetoState:
    from ..shapes.veto import VetoResult

    vetoes = [i for i in items if isinstance(i.detail, VetoResult)]
    return VetoState(vetoed=tuple(i for i in vetoes if i.detail.vetoed),
                     open=tuple(i for i in vetoes if i.detail.vetoed is None))


def lowest_grade(rs: RuleSet) -> Grade | None:
    """The grade of the lowest scores (the one without a lower bound, else the lowest bound)."""
    if not rs.grades:
        return None
    return min(rs.grades, key=lambda g: (g.min is not None, g.min or ZERO))


def veto_totals(rs: RuleSet, state: VetoState, totals: Totals) -> Totals:
    """The totals after the vetoes: a triggered one decides the total or grade; an open one widens
    the range down to 0."""
    zero = round_points(ZERO, rs.region.points_places)
    if state.vetoed:
        if state.effect is VetoEffect.ZERO:
            both = (zero, zero) if totals.low is not None else (None, None)
            return attrs.evolve(totals, total=zero, grade=rs.grade_for(zero), low=both[0], high=both[1])
        return attrs.evolve(totals, grade=lowest_grade(rs))
    if state.open and totals.low is not None and state.effect is VetoEffect.ZERO:
        return attrs.evolve(totals, total=zero, low=zero, grade=rs.grade_for(zero))
    return totals


def settle_at(state: VetoState, score):
    """The score the money is settled at: 0 when a veto is triggered."""
    return ZERO if state.vetoed else score


def replaced(rs: RuleSet, state: VetoState, settlement: Settlement | None) -> Settlement | None:
    """A triggered veto's consequences in place of the band's."""
    if settlement is None or not state.vetoed:
        return settlement
    kept = [h for h in settlement.consequences if not _band(h)]
    return attrs.evolve(settlement, consequences=_unique(tuple(kept) + _hits(rs, state.vetoed, possible=False)))


def veto_outlook(rs: RuleSet, state: VetoState, outlook: Outlook | None) -> Outlook | None:
    """A provisional result's outlook with the vetoes: triggered, the band's consequences are
    replaced; open, the veto's consequences are possible and the lowest grade is among the grades."""
    if outlook is None:
        return None
    if state.vetoed:
        certain = tuple(h for h in outlook.certain if not _band(h)) + _hits(rs, state.vetoed, possible=False)
        certain = _unique(certain)
        grades = outlook.grades if state.effect is VetoEffect.ZERO else (lowest_grade(rs),)
        return attrs.evolve(outlook, certain=certain, possible=(), grades=grades)
    if not state.open:
        return outlook
    follows = {h.id for h in outlook.certain}
    possible = outlook.possible + tuple(h for h in _hits(rs, state.open, possible=True)
                                        if h.id not in follows)
    grades = outlook.grades
    low = lowest_grade(rs)
    if low is not None and low not in grades:
        grades = (low,) + grades
    return attrs.evolve(outlook, possible=_unique(possible), grades=grades)


def notices(state: VetoState) -> tuple[Notice, ...]:
    out = [Notice(Message.of(f"notice.veto_{i.detail.effect}", item=i.id)) for i in state.vetoed]
    out += [Notice(Message.of(f"notice.veto_open_{i.detail.effect}", item=i.id)) for i in state.open]
    return tuple(out)


def _band(hit: ConsequenceHit) -> bool:
    return isinstance(hit.reason, Message) and hit.reason.id in ("consequence.band", "consequence.band_range")


def _hits(rs: RuleSet, items, *, possible: bool) -> tuple[ConsequenceHit, ...]:
    by: dict[str, list[str]] = {}
    for i in items:
        item = rs.item(i.id)
        for cid in item.config.consequences:
            by.setdefault(cid, []).append(i.id)
    order = [c.id for c in rs.consequences]
    def why(ids):
        item = joined(*ids, zh="、", en=", ")
        if possible:
            return Message.of("consequence.veto_possible", item=item)
        return Message.of("consequence.veto", item=item)

    return tuple(ConsequenceHit(rs.consequence(cid), why(ids))
                 for cid, ids in sorted(by.items(), key=lambda kv: order.index(kv[0])))


def _unique(hits) -> tuple[ConsequenceHit, ...]:
    seen: set[str] = set()
    out = []
    for h in hits:
        if h.id not in seen:
            seen.add(h.id)
            out.append(h)
    return tuple(out)
