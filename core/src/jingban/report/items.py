"""The lines under an item in the printed report: why it is not assessed, each deduction with its
rule and evidence, and each numeric check that did not pass. Shared by every shape."""

from __future__ import annotations

from ..amounts import plain
from ..messages import label, pick, say
from ..result import ItemScore
from .text import pts, punct


def item_lines(i: ItemScore, lang: str) -> list[str]:
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    rows = []
    if not i.assessed and i.why_not_assessed:
        rows.append(f"      · {L('why')}{C}{say(i.why_not_assessed, lang)}")
    for d in i.deductions:
        tag = ""
        if d.deducted_again_elsewhere:
            tag = f" [{say(d.note, lang) or L('not_again')}]"
        elif d.capped:
            tag = f" [{L('capped')}]"
        elif d.note:
            tag = f" [{say(d.note, lang)}]"
        src = f"{d.finding_id}: " if d.finding_id else ""
        line = (f"  −{pts(d.points)} {d.clause_id} {say(d.title, lang)}"
                f"〔{d.citation.short()}〕{tag} ← {src}{say(d.evidence, lang)}")
        rows.append("    " + line)
    for c in i.checks:
        if c.passed is not True:
            state = L("check_failed") if c.passed is False else L("check_missing")
            rows.append(f"      ! {pick(c.title_zh, c.title_en, lang)}{C}{c.fact} = {plain(c.actual) or '—'}"
                        f"{LP}{c.op} {plain(c.value)}{RP} {state}")
    return rows

