"""What a provisional result can still become, so that nothing is shown as a fact that the
evidence has not decided.

The aggregation gives the range the final total can take (`Totals.low`..`Totals.high`: an item
not assessed counts 0 to its points, one that depends on a missing fact from its floor to its
score, the bonus up to its cap). Here that range becomes the grades it spans, the settlement at
each end (the payout rises with the score, so the ends bound it), and the consequences split in
two: **certain** ones follow whatever the final score (a finding's, a fund loss's, a band's that
every band of the range lists) and **possible** ones follow only for some scores of the range,
with the scores that lead to them.
"""

from __future__ import annotations

from decimal import Decimal

from .messages import Message, joined
from .model import Band, Grade, RuleSet
from .result import ConsequenceHit, Outlook, Settlement


def _overlaps(lo: Decimal | None, hi: Decimal | None, low: Decimal, high: Decimal) -> bool:
    """Whether the band [lo, hi) holds some score of [low, high]."""
    return (hi is None or hi > low) and (lo is None or lo <= high)


def spanned_grades(rs: RuleSet, low: Decimal, high: Decimal) -> tuple[Grade, ...]:
    return tuple(g for g in rs.grades if _overlaps(g.min, g.max, low, high))


def spanned_bands(rs: RuleSet, low: Decimal, high: Decimal) -> tuple[Band, ...]:
    return tuple(b for b in rs.settlement.bands if _overlaps(b.min, b.max, low, high))


def make_outlook(rs: RuleSet, low: Decimal, high: Decimal, at_low: Settlement | None,
                 at_high: Settlement | None) -> Outlook:
    bands = spanned_bands(rs, low, high)
    band_ids = {cid for b in bands for cid in b.consequences}
    in_every = set.intersection(*(set(b.consequences) for b in bands)) if bands else set()
    certain: list[ConsequenceHit] = []
    # what the settlement at the low end lists that no band brings (a finding's, a fact's, a fund
    # loss's) is certain, even where some band brings the same consequence too
    for hit in (at_low.consequences if at_low is not None else ()):
        if not (isinstance(hit.reason, Message) and hit.reason.id == "consequence.band"):
            certain.append(hit)
    follows = {h.id for h in certain}
    possible: list[ConsequenceHit] = []
    for cid in sorted(band_ids, key=lambda c: [c2.id for c2 in rs.consequences].index(c)):
        consequence = rs.consequence(cid)
        if cid in follows:  # it follows whatever the score: not "possible" as well
            continue
        if cid in in_every:
            certain.append(ConsequenceHit(consequence, Message.of("consequence.band_range", low=low, high=high)))
            continue
        # the scores that lead to it: the union of the bands that bring it, within the range (a
        # consequence several bands bring, a talk at 70-80 and below, is one stretch, not the
        # intersection of its bands)
        spans = _merged([(low if b.min is None else max(low, b.min), high if b.max is None else min(high, b.max))
                         for b in bands if cid in b.consequences])
        scores = [Message.of("consequence.scores_below", score=top) if lo <= low and top < high
                  else Message.of("consequence.scores_from", score=lo) if top >= high
                  else Message.of("consequence.scores_between", low=lo, high=top) for lo, top in spans]
        possible.append(ConsequenceHit(consequence, joined(*scores, zh="，或", en=", or ")))
    return Outlook(low=low, high=high, grades=spanned_grades(rs, low, high), at_low=at_low, at_high=at_high,
                   certain=tuple(certain), possible=tuple(possible))


def _merged(spans: list[tuple[Decimal, Decimal]]) -> list[tuple[Decimal, Decimal]]:
    """Score stretches [from, to) joined where they touch or overlap, in order; empty ones dropped."""
    out: list[list[Decimal]] = []
    for lo, top in sorted(x for x in spans if x[0] <= x[1]):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], top)
        else:
            out.append([lo, top])
    return [(a, b) for a, b in out]
