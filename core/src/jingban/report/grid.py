"""A weighted tree's items as a grid: one row per indicator, one column per assessing level.

Every level of a tree like Tianjin's scores the same indicators, so a flat table repeats each
indicator once per level (45 rows for 15 indicators). The grid puts an indicator's title once and
its level scores side by side, the level totals and their weighted sum under them, and the
deductions after the grid, grouped by indicator. What the grid needs is the aggregation's
(`aggregations.sums.Levels.rows`): any region whose weighted tree names its leaves' indicators
gets it.
"""

from __future__ import annotations

from decimal import Decimal

from ..amounts import ZERO, plain, round_points
from ..messages import Message, label, pick
from ..result import Result
from .items import item_lines, keep
from .tables import table
from .text import LINE, labelled, pts, wrap

LEVEL_COLUMN = 16  # a level's column: its title wraps to this many columns (委托经办机构 / （自查）)
WEIGHT_COLUMN = 8  # "Weight in level" wraps to two lines over its numbers


def _weight(w: Decimal | None) -> str:
    return "—" if w is None else plain(w.normalize()) or "0"


def grid_lines(r: Result, lang: str) -> list[str]:
    return _grid(r, lang) + _deductions(r, lang)


def _grid(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    places = r.region.points_places
    p = lambda v: pts(v, places)  # noqa: E731
    levels = r.breakdown.levels
    rows = r.breakdown.rows
    # one weight column when each indicator weighs the same in every level (as in Tianjin), else one per level
    shared = all(len({w for w in row.weights if w is not None}) <= 1 for row in rows)
    tops = {row.max for row in rows}
    one_max = len(tops) == 1

    def cell(leaf: str | None) -> str:
        if leaf is None:
            return "—"  # the level does not score this indicator
        i = r.item(leaf)
        return p(i.score) if i.assessed else L("not_assessed")

    heads = [L("indicator"), L("title")] + ([] if one_max else [L("max")])
    if shared:
        heads.append(L("weight_in_level"))
    for g, _ in levels:
        title = pick(g.title_zh, g.title_en, lang)
        heads.extend([title] if shared else [f"{title} {L('weight')}", title])
    body: list = []
    for row in rows:
        line = [row.indicator.id, pick(row.indicator.title_zh, row.indicator.title_en, lang)]
        line += [] if one_max else [p(row.max)]
        if shared:
            line.append(_weight(next((w for w in row.weights if w is not None), None)))
        for leaf, w in zip(row.leaves, row.weights):
            line.extend([cell(leaf)] if shared else [_weight(w), cell(leaf)])
        body.append(line)
    lead = len(heads) - len(levels) * (1 if shared else 2)  # the columns before the levels'

    def total_row(name: str, values: list[str]) -> list[str]:
        cells = [v for value in values for v in ([value] if shared else ["", value])]
        return ["", name] + [""] * (lead - 2) + cells

    # a level that scored nothing yet has no score (its 0 is no result): not assessed, as its cells
    scored = [any(leaf is not None and r.item(leaf).assessed for leaf in (row.leaves[k] for row in rows))
              for k in range(len(levels))]
    shown = lambda k, v: p(v) if scored[k] else L("not_assessed")  # noqa: E731
    body.append("")
    body.append(total_row(L("level_score"), [shown(k, s) for k, (_, s) in enumerate(levels)]))
    body.append(total_row(L("level_weight"), [_weight(g.weight) for g, _ in levels]))
    if r.breakdown.weighted:
        body.append(total_row(L("weighted_points"), [shown(k, w) for k, w in enumerate(r.breakdown.weighted)]))
    level_cols = range(lead, len(heads))
    widths = {c: LEVEL_COLUMN for c in level_cols}
    if shared:
        widths[lead - 1] = WEIGHT_COLUMN
    caption = (Message.of("grid.caption", max=p(next(iter(tops)))) if one_max and rows
               else Message.of("grid.caption_no_max")).render(lang)
    out = wrap(caption, LINE, "  ")
    out.append(table(heads, body, right=set(range(lead - (1 if shared else 0), len(heads))), widths=widths))
    out.extend(_weighted_total(r, lang))
    return out


def _weighted_total(r: Result, lang: str) -> list[str]:
    """How the levels make the total (第十四条 in Tianjin): their exact weighted scores added up and
    rounded once. Only where that is how the total came out (a final total with no bonus)."""
    places = r.region.points_places
    weighted = r.breakdown.weighted
    if not weighted or r.outlook is not None or r.total is None or r.bonus_total:
        return []
    exact = sum(weighted, ZERO)
    if round_points(exact, places) != r.total:
        return []
    terms = " + ".join(pts(w, places) for w in weighted)
    if exact == r.total:
        text = Message.of("grid.weighted_total_exact", terms=terms, total=pts(r.total, places))
    else:
        text = Message.of("grid.weighted_total", terms=terms, sum=pts(exact, places), places=places,
                          total=pts(r.total, places))
    out = [""] + wrap(text.render(lang), LINE, "  ")
    cites = {g.citation.short() for g, _ in r.breakdown.levels}
    if len(cites) == 1:  # under the sum, as the settlement gives its article
        out.extend(wrap(f"  〔{cites.pop()}〕", LINE, "    ", keep(r.breakdown.levels[0][0].citation)))
    return out


def _deductions(r: Result, lang: str) -> list[str]:
    """The lines under each leaf, grouped by indicator. The heading gives the indicator's citation
    once; a deduction under that citation does not repeat it (a clause with its own citation, such
    as a commitment rule, still shows its own)."""
    places = r.region.points_places
    levels = r.breakdown.levels
    out: list[str] = []
    for row in r.breakdown.rows:
        leaves = [(g, r.item(leaf)) for (g, _), leaf in zip(levels, row.leaves) if leaf is not None]
        cites = {i.citation.short() for _, i in leaves}
        cite = cites.pop() if len(cites) == 1 else None
        sep = "，" if lang == "zh" else ", "
        lines = [x for g, i in leaves
                 for x in item_lines(i, lang, places, cite=cite, who=pick(g.title_zh, g.title_en, lang) + sep)]
        if not lines:
            continue
        heading = f"{row.indicator.id} {pick(row.indicator.title_zh, row.indicator.title_en, lang)}"
        heading += f"〔{cite}〕" if cite else ""
        out.extend(labelled(f"{row.indicator.id} ", heading[len(row.indicator.id) + 1:], LINE,
                            keep(*(i.citation for _, i in leaves))))
        out.extend(lines)
    return ["", label("deductions", lang)] + out if out else []


def level_lines(r: Result, lang: str) -> list[str]:
    """The levels' weights and scores as a table of their own, under a flat item table (a weighted
    tree whose leaves name no indicator)."""
    L = lambda k: label(k, lang)  # noqa: E731
    if not r.breakdown.levels:
        return []
    places = r.region.points_places
    return ["", L("groups"), table([L("title"), L("weight"), L("score")],
                                   [[pick(g.title_zh, g.title_en, lang), plain(g.weight), pts(s, places)]
                                    for g, s in r.breakdown.levels], right={1, 2})]
