"""Bonus points: each claim of a kind the rules list, added up and capped (Taicang: 5 in all)."""

from __future__ import annotations

from ..amounts import ZERO
from ..errors import InputError
from ..evidence import Evidence
from ..messages import Message
from ..model import RuleSet
from ..result import BonusLine
from ..tomlread import suggest


def bonus_lines(rs: RuleSet, ev: Evidence, foreign: bool) -> tuple[tuple[BonusLine, ...], object, object]:
    """The bonus lines, the total after the cap, and the total claimed."""
    if foreign or not ev.bonus:
        return (), ZERO, ZERO
    if rs.bonus is None:
        raise InputError(ev.file, ev.bonus[0].key, Message.of("error.scoring.no_bonus", region=rs.region.id))
    kinds = {k.id: k for k in rs.bonus.kinds}
    lines = []
    for claim in ev.bonus:
        kind = kinds.get(claim.kind)
        if kind is None:
            raise InputError(ev.file, f"{claim.key}.kind", Message.of(
                "error.scoring.unknown_bonus_kind", kind=claim.kind, hint=suggest(claim.kind, kinds)))
        if claim.points > rs.bonus.cap:
            raise InputError(ev.file, f"{claim.key}.points", Message.of(
                "error.scoring.bonus_over_cap", points=claim.points, cap=rs.bonus.cap, citation=rs.bonus.citation.short()))
        lines.append(BonusLine(kind=kind.id, title_zh=kind.title_zh, title_en=kind.title_en, points=claim.points,
                               description=claim.description, citation=kind.citation))
    claimed = sum((b.points for b in lines), ZERO)
    return tuple(lines), min(claimed, rs.bonus.cap), claimed
