"""Bonus points: each claim of a kind the rules list, added up and capped (Taicang: 5 in all)."""

from __future__ import annotations

from ..amounts import ZERO
from ..errors import InputError
from ..evidence import Evidence
from ..model import RuleSet
from ..result import BonusLine
from ..tomlread import suggest


def bonus_lines(rs: RuleSet, ev: Evidence, foreign: bool) -> tuple[tuple[BonusLine, ...], object, object]:
    """The bonus lines, the total after the cap, and the total claimed."""
    if foreign or not ev.bonus:
        return (), ZERO, ZERO
    if rs.bonus is None:
        raise InputError(ev.file, ev.bonus[0].key, f"region {rs.region.id} has no bonus points")
    kinds = {k.id: k for k in rs.bonus.kinds}
    lines = []
    for claim in ev.bonus:
        kind = kinds.get(claim.kind)
        if kind is None:
            raise InputError(ev.file, f"{claim.key}.kind", f"unknown bonus kind {claim.kind!r}{suggest(claim.kind, kinds)}")
        if claim.points > rs.bonus.cap:
            raise InputError(ev.file, f"{claim.key}.points",
                             f"{claim.points} is more than the bonus cap of {rs.bonus.cap} ({rs.bonus.citation.short()})")
        lines.append(BonusLine(kind=kind.id, title_zh=kind.title_zh, title_en=kind.title_en, points=claim.points,
                               description=claim.description, citation=kind.citation))
    claimed = sum((b.points for b in lines), ZERO)
    return tuple(lines), min(claimed, rs.bonus.cap), claimed
