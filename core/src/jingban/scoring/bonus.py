"""Bonus points: each claim of a kind the rules list, and each kind computed from a fact, added up
and capped (Taicang: 5 in all).

A kind computed from a fact (`[[bonus.kinds]]` with `fact`) is never claimed: the evidence gives
the measure, the rules give +points per unit beyond the threshold, and a claim of that kind (a
hand-computed bonus) is bad input. A computed kind whose fact is missing adds nothing and leaves
the result provisional: the total's range reaches up to the cap.
"""

from __future__ import annotations

from ..amounts import ZERO, plain
from ..errors import InputError
from ..evidence import Evidence
from ..messages import Message, fact_name
from ..model import BonusKind, RuleSet
from ..result import BonusLine
from ..tomlread import suggest


def bonus_lines(rs: RuleSet, ev: Evidence, foreign: bool, facts=()) -> tuple[tuple[BonusLine, ...], object, object]:
    """The bonus lines, the total after the cap, and the total claimed."""
    lines, total, claimed, _ = bonus_outcome(rs, ev, foreign, facts)
    return lines, total, claimed


def bonus_outcome(rs: RuleSet, ev: Evidence, foreign: bool, facts=()):
    """The bonus lines, the total after the cap, the total before it, and the facts a computed
    kind needs that the evidence lacks (the result is then provisional)."""
    computed = [k for k in rs.bonus.kinds if k.computed is not None] if rs.bonus is not None else []
    values = {f.name: f for f in facts}
    lines: list[BonusLine] = []
    missing: list[str] = []
    for kind in computed:
        fact = values.get(kind.computed.fact)
        if fact is None:
            missing.append(kind.computed.fact)
            continue
        line = computed_line(kind, fact.value)
        if line is not None:
            lines.append(line)
    if not foreign and ev.bonus:
        if rs.bonus is None:
            raise InputError(ev.file, ev.bonus[0].key, Message.of("error.scoring.no_bonus", region=rs.region.id))
        kinds = {k.id: k for k in rs.bonus.kinds}
        for claim in ev.bonus:
            kind = kinds.get(claim.kind)
            if kind is None:
                raise InputError(ev.file, f"{claim.key}.kind", Message.of(
                    "error.scoring.unknown_bonus_kind", kind=claim.kind, hint=suggest(claim.kind, kinds)))
            if kind.computed is not None:  # the rules compute it from the fact: no hand-computed claim
                raise InputError(ev.file, f"{claim.key}.kind", Message.of(
                    "error.scoring.bonus_computed", kind=claim.kind, fact=fact_name(kind.computed.fact)))
            if claim.points > rs.bonus.cap:
                raise InputError(ev.file, f"{claim.key}.points", Message.of(
                    "error.scoring.bonus_over_cap", points=claim.points, cap=rs.bonus.cap,
                    citation=rs.bonus.citation.short()))
            lines.append(BonusLine(kind=kind.id, title_zh=kind.title_zh, title_en=kind.title_en, points=claim.points,
                                   description=claim.description, citation=kind.citation))
    if not lines:
        return (), ZERO, ZERO, tuple(sorted(set(missing)))
    claimed = sum((b.points for b in lines), ZERO)
    return tuple(lines), min(claimed, rs.bonus.cap), claimed, tuple(sorted(set(missing)))


def computed_line(kind: BonusKind, value) -> BonusLine | None:
    """The bonus a measure earns: points x units beyond the threshold, at most the kind's cap,
    rounded half up to its places; None when it earns nothing."""
    from ..amounts import round_points

    c = kind.computed
    units = c.units(value)
    raw = c.points * units
    points = round_points(min(raw, c.cap) if c.cap is not None else raw, c.places)
    if points <= 0:
        return None
    text = Message.of("bonus.computed", fact=fact_name(c.fact), value=value, threshold=c.threshold,
                      beyond=Message.of(f"bonus.beyond_{c.beyond}"), units=plain(units.normalize()),
                      points=c.points, unit=c.unit)
    if c.cap is not None and raw > c.cap:
        text = Message.of("bonus.computed_capped", text=text, cap=c.cap)
    return BonusLine(kind=kind.id, title_zh=kind.title_zh, title_en=kind.title_en, points=points,
                     description=text, citation=kind.citation)
