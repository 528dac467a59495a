"""Charts as inline SVG, for the HTML forms: category scores against their maximum, the region's
payout curve with the agency's score marked, and a weighted tree's levels.

A small module of ours rather than a library (docs/charts.md says why): each function takes the
result (and the rules for the curve) and a language and returns one SVG string that is
byte-identical for the same input: coordinates are Decimals printed to two places, never floats;
text is escaped; the viewBox has a fixed width and a height given by the data; the font-family
lists CJK fonts first; nothing outside the string is referred to (no fonts, images or scripts).
Every mark carries its numbers as data-* attributes, so a test (or a reader of the HTML) can check
a bar or the marker against the result.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape, quoteattr

from ..amounts import ZERO, plain
from ..kinds import SettlementKind
from ..messages import label, pick
from ..model import RuleSet
from ..result import Result
from .text import pct, pts, yuan

WIDTH = Decimal(640)
FONT = ('"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", '
        '"PingFang SC", "Hiragino Sans GB", sans-serif')
INK, TRACK, BAR, MARK, GRID = "#222222", "#e6e6e6", "#4a78b0", "#c0392b", "#bbbbbb"
LEVEL_COLOURS = ("#4a78b0", "#e08a2c", "#5a9e5a", "#8e6bb0", "#b05a5a")


def _n(x: Decimal | int) -> str:
    """A coordinate: two places at most, no exponent, no trailing zeros (12.50 -> 12.5)."""
    q = Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = format(q.normalize(), "f")
    return "0" if text in ("-0", "") else text


def _text(x, y, s: str, *, anchor: str = "start", size: int = 12, cls: str = "", fill: str = INK) -> str:
    extra = f' class="{cls}"' if cls else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{escape(s)}</text>")


def _rect(x, y, w, h, fill: str, **data: str) -> str:
    attrs_ = "".join(f" data-{k.replace('_', '-')}={quoteattr(v)}" for k, v in sorted(data.items()))
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"{attrs_}/>'


def _svg(height: Decimal, title: str, body: list[str], cls: str) -> str:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="jingban-chart {cls}" viewBox="0 0 {_n(WIDTH)} '
            f'{_n(height)}" width="{_n(WIDTH)}" height="{_n(height)}" role="img" font-family={quoteattr(FONT)}>')
    return "\n".join([head, f"<title>{escape(title)}</title>", *body, "</svg>"]) + "\n"


def _share(value: Decimal | None, top: Decimal) -> Decimal:
    if value is None or top <= 0:
        return ZERO
    return max(ZERO, min(Decimal(1), value / top))


# ---------------------------------------------------------------------------------- (a) categories


def category_bars(r: Result, lang: str = "zh") -> str:
    """Each category's score against its maximum: one track per category (its maximum), the bar
    filled to score / maximum. An empty string for a region whose categories carry no points (a
    checklist)."""
    cats = [c for c in r.categories if c.category.max > 0]
    if not cats:
        return ""
    places = r.region.points_places
    left, track, row = Decimal(170), Decimal(340), Decimal(28)
    body = [_text(0, 18, label("chart_categories", lang), size=14)]
    y = Decimal(34)
    for c in cats:
        share = _share(c.score, c.category.max)
        title = pick(c.category.title_zh, c.category.title_en, lang)
        body.append(_text(left - 8, y + 14, title, anchor="end"))
        body.append(_rect(left, y, track, 18, TRACK, max=plain(c.category.max) or "0"))
        body.append(_rect(left, y, track * share, 18, BAR, score=plain(c.score) or "", max=plain(c.category.max)
                          or "0", category=c.category.id))
        shown = f"{pts(c.score, places)} / {pts(c.category.max, places)}" + ("" if c.complete else " *")
        body.append(_text(left + track + 8, y + 14, shown))
        y += row
    return _svg(y + 6, label("chart_categories", lang), body, "categories")


# ---------------------------------------------------------------------------------- (b) payout curve


def _curve_scores(rs: RuleSet, extra: tuple[Decimal, ...]) -> list[Decimal]:
    """The scores the curve is drawn through: every quarter point from 0 to the highest score,
    and every score where the settlement can change with its neighbours one unit either side
    (jingban.stakes), so each step of a band shows as a step."""
    from ..stakes import _candidates

    top = rs.score_max
    quarter = Decimal("0.25")
    grid = {quarter * k for k in range(int(top / quarter) + 1)} | {top}
    for x in extra:
        grid.update(_candidates(rs, x))
    return sorted(x for x in grid if ZERO <= x <= top)


def payout_curve(r: Result, rs: RuleSet, lang: str = "zh", fee: Decimal | None = None) -> str:
    """What the settlement pays against the score, 0 to the highest score, with the agency's
    score marked (a provisional result: the range its final score can take). The payout is the
    withheld share's part paid out; without a fee, the share of it (100% - the deduction rate).
    `fee`: the fee the withheld share is taken from (default: the result's, after proration). An
    empty string where the region settles no money on the score."""
    from ..settlement import settle

    if rs.settlement.kind is SettlementKind.NONE:
        return ""
    s = r.settlement
    base = fee if fee is not None else (s.base if s is not None else None)

    def paid(x: Decimal) -> Decimal:
        st = settle(rs, x, base)
        return st.paid if st.paid is not None else Decimal(1) - (st.deduction_rate or ZERO)

    top_y = paid(rs.score_max)
    marks = tuple(x for x in (r.total, *( (r.outlook.low, r.outlook.high) if r.outlook else ())) if x is not None)
    scores = _curve_scores(rs, marks)
    left, right, top, height = Decimal(70), Decimal(20), Decimal(34), Decimal(220)
    plot_w = WIDTH - left - right
    bottom = top + height

    def X(x: Decimal) -> Decimal:
        return left + plot_w * x / rs.score_max

    def Y(v: Decimal) -> Decimal:
        return bottom - height * _share(v, top_y)

    show = yuan if base is not None else pct
    title = label("chart_payout", lang)
    body = [_text(0, 18, title, size=14)]
    # axes, the bands' edges and the payout's ends
    body.append(f'<path d="M{_n(left)} {_n(top)} V{_n(bottom)} H{_n(left + plot_w)}" stroke="{INK}" fill="none"/>')
    edges = sorted({e for b in rs.settlement.bands for e in (b.min, b.max) if e is not None and 0 < e < rs.score_max}
                   | {ZERO, rs.score_max})
    for e in edges:
        body.append(f'<path d="M{_n(X(e))} {_n(top)} V{_n(bottom)}" stroke="{GRID}" stroke-dasharray="3 3" '
                    f'fill="none" data-edge="{plain(e)}"/>')
        body.append(_text(X(e), bottom + 16, pts(e), anchor="middle", size=11))
    for v in sorted({ZERO, top_y}):
        body.append(_text(left - 6, Y(v) + 4, show(v), anchor="end", size=11))
    body.append(_text(left + plot_w / 2, bottom + 34, label("chart_score_axis", lang), anchor="middle", size=11))
    # the curve: a line through every sampled score (a step shows as a jump one unit wide)
    path, last = [], None
    for k, x in enumerate(scores):
        v = paid(x)
        if k in (0, len(scores) - 1) or v != last or paid(scores[k + 1]) != v:
            path.append(f"{'M' if not path else 'L'}{_n(X(x))} {_n(Y(v))}")
        last = v
    body.append(f'<path class="curve" d="{" ".join(path)}" stroke="{BAR}" stroke-width="2" fill="none"/>')
    places = r.region.points_places
    if r.outlook is not None:
        lo, hi = r.outlook.low, r.outlook.high
        body.append(_rect(X(lo), top, max(Decimal(2), X(hi) - X(lo)), height, MARK, low=plain(lo), high=plain(hi))
                    .replace("/>", ' fill-opacity="0.15" class="agency-range"/>'))
        body.append(_text(X(lo), top - 4, f"{label('chart_agency', lang)} {label('range', lang, low=pts(lo, places), high=pts(hi, places))}",
                          size=11, fill=MARK))
    elif r.total is not None:
        v = paid(r.total)
        body.append(f'<circle class="agency" cx="{_n(X(r.total))}" cy="{_n(Y(v))}" r="5" fill="{MARK}" '
                    f'data-score="{plain(r.total)}" data-paid="{plain(v)}"/>')
        anchor = "end" if r.total > rs.score_max / 2 else "start"
        dx = -8 if anchor == "end" else 8
        body.append(_text(X(r.total) + dx, Y(v) + 18, f"{label('chart_agency', lang)} {pts(r.total, places)} → "
                          f"{show(v)}", anchor=anchor, size=11, fill=MARK))
    return _svg(bottom + 44, title, body, "payout")


# ---------------------------------------------------------------------------------- (c) levels


def levels_chart(r: Result, lang: str = "zh") -> str:
    """A weighted tree's levels (Tianjin's agency, district and city): each level's total, then
    every indicator with one bar per level, all out of the indicator's maximum. An empty string
    for a result without levels."""
    levels = getattr(r.breakdown, "levels", None)
    if not levels:
        return ""
    places = r.region.points_places
    left, track = Decimal(230), Decimal(330)
    title = label("chart_levels", lang)
    body = [_text(0, 18, title, size=14)]
    # the level rows name the colours: each indicator's bars follow in the same order
    y = Decimal(30)
    top = r.region.max
    for k, (g, score) in enumerate(levels):
        body.append(_text(left - 8, y + 13, pick(g.title_zh, g.title_en, lang), anchor="end"))
        body.append(_rect(left, y, track, 16, TRACK))
        body.append(_rect(left, y, track * _share(score, top), 16, LEVEL_COLOURS[k % len(LEVEL_COLOURS)],
                          level=g.id, score=plain(score) or "", max=plain(top) or ""))
        body.append(_text(left + track + 8, y + 13, pts(score, places)))
        y += 22
    y += 10
    items = {i.id: i for i in r.items}
    for row in r.breakdown.rows:
        # the indicator's id only: its title is in the grid of the form, and would not fit here
        body.append(_text(left - 8, y + 4 + 4 * len(levels), row.indicator.id, anchor="end", size=11))
        body.append(_rect(left, y, track, 8 * len(levels) - 1, TRACK))
        for k, leaf in enumerate(row.leaves):
            item = items.get(leaf) if leaf else None
            score = item.score if item is not None else None
            body.append(_rect(left, y, track * _share(score, row.max), 7, LEVEL_COLOURS[k % len(LEVEL_COLOURS)],
                              leaf=leaf or "", score=plain(score) or "", max=plain(row.max) or ""))
            y += 8
        y += 8
    return _svg(y + 4, title, body, "levels")
