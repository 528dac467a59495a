"""What follows the items in a scored report: subtotals by category, the bonus, the total and grade."""

from __future__ import annotations

from ..messages import label, pick, say
from ..result import Result
from .tables import table
from .text import LINE, labelled, pts, punct, wrap


def totals_lines(r: Result, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    places = r.region.points_places
    p = lambda v: pts(v, places)  # noqa: E731
    out = []
    if r.categories:
        out.append("")
        out.append(L("categories"))
        out.append(table([L("title"), L("max"), L("score")],
                         [[pick(c.category.title_zh, c.category.title_en, lang), p(c.category.max),
                           p(c.score) + ("" if c.complete else "*")] for c in r.categories], right={1, 2}))
    if r.bonus_lines:
        out.append("")
        out.extend(labelled(f"{L('bonus')}{C}", ("；" if lang == "zh" else "; ").join(
            f"{pick(b.title_zh, b.title_en, lang)} +{p(b.points)}{LP}{say(b.description, lang)}{RP}" for b in r.bonus_lines)))
        if r.bonus_claimed != r.bonus_total:
            out.extend(wrap(f"  {L('bonus_capped')} {p(r.bonus_total)}{LP}{p(r.bonus_claimed)}{RP}", LINE, "    "))
    out.append("")
    status = L("provisional") if r.provisional else L("final")
    status = f"【{status}】" if lang == "zh" else f"[{status}]"  # the brackets of the report's language
    if r.outlook is not None:  # provisional: what the final total and grade can still be
        o = r.outlook
        grades = L("or").join(pick(g.title_zh, g.title_en, lang) for g in o.grades) or "—"
        line = (f"{L('total')}{C}{label('range', lang, low=p(o.low), high=p(o.high))} / {p(r.region.max)}    "
                f"{L('grade_possible') if len(o.grades) > 1 else L('grade')}{C}{grades}    {status}")
    else:
        grade = pick(r.grade.title_zh, r.grade.title_en, lang) if r.grade else "—"
        line = f"{L('total')}{C}{p(r.total)} / {p(r.region.max)}    {L('grade')}{C}{grade}    {status}"
    out.extend(wrap(line, LINE, "    "))
    return out
