"""The item table of the printed report and the lines under an item: why it is not assessed, each
deduction with its rule and evidence, and each numeric check that did not pass. Shared by every
shape and by the sum and weighted-tree aggregations.

A deduction reads "points, rule, title, citation ← evidence" on one line when that fits the page;
otherwise the evidence starts its own line under the rule, and every continuation line is indented
deeper than the line it continues, so an entry reads as one block.
"""

from __future__ import annotations

from ..amounts import plain
from ..messages import label, pick, say
from ..result import Deduction, ItemScore, Result
from .tables import table
from .text import LINE, pts, punct, width, wrap

ENTRY = " " * 6  # where a line under an item starts
HANG = " " * 8  # its continuation lines, and the evidence of a deduction on a line of its own
HANG_EVIDENCE = " " * 10  # the evidence's continuation lines: under the text after "← "


def keep(*citations, room: int = LINE - len(HANG)) -> tuple[str, ...]:
    """What a line must not break inside: a document's id (秦医保〔2023〕91号) is one name, and a
    whole citation stays on one line when a line can hold it."""
    whole = tuple(f"〔{c.short()}〕" for c in citations if c is not None and width(c.short()) + 4 <= room)
    return whole + tuple(c.document for c in citations if c is not None)


def deduction_tag(d: Deduction, lang: str) -> str:
    """What a deduction's line adds in brackets: deducted under another item (the same-issue rule),
    cut by the item's cap, or its own note; the table and the forms say it alike."""
    if d.deducted_again_elsewhere:
        return f" [{say(d.note, lang) or label('not_again', lang)}]"
    if d.capped:
        return f" [{label('capped', lang)}]"
    if d.note:
        return f" [{say(d.note, lang)}]"
    return ""


def deduction_lines(d: Deduction, lang: str, places: int, cite: str | None = None) -> list[str]:
    """One deduction. `cite`: the citation a heading above already gives (the weighted-tree grid
    names each indicator's); a deduction under that citation does not repeat it."""
    tag = deduction_tag(d, lang)
    where = "" if d.citation.short() == cite else f"〔{d.citation.short()}〕"
    rule = f"{ENTRY}−{pts(d.points, places)} {d.clause_id} {say(d.title, lang)}{where}{tag}"
    src = f"{d.finding_id}: " if d.finding_id else ""
    evidence = f"← {src}{say(d.evidence, lang)}"
    keep_ = keep(d.citation)
    if width(f"{rule} {evidence}") <= LINE:
        return [f"{rule} {evidence}"]
    return wrap(rule, LINE, HANG, keep_) + wrap(HANG + evidence, LINE, HANG_EVIDENCE, keep_)


def item_lines(i: ItemScore, lang: str, places: int, cite: str | None = None, who: str = "") -> list[str]:
    """The lines under one item. `who` names the item where the lines stand apart from its row
    (the level of a weighted-tree leaf, in the deductions after the grid)."""
    L = lambda k: label(k, lang)  # noqa: E731
    C, LP, RP = punct(lang)
    rows = []
    if not i.assessed and i.why_not_assessed:
        rows.extend(wrap(f"{ENTRY}· {who}{L('why')}{C}{say(i.why_not_assessed, lang)}", LINE, HANG))
    for d in i.deductions:
        rows.extend(deduction_lines(d, lang, places, cite))
    for c in i.checks:
        if c.passed is not True:
            state = L("check_failed") if c.passed is False else L("check_missing")
            rows.extend(wrap(f"{ENTRY}! {who}{pick(c.title_zh, c.title_en, lang)}{C}{c.fact} = {plain(c.actual) or '—'}"
                             f"{LP}{c.op} {plain(c.value)}{RP} {state}", LINE, HANG, keep(c.citation)))
    return rows


def item_table(r: Result, lang: str, weights: bool) -> str:
    """Every item on a row (id, title, max, weight when the rules weigh items, score) with its
    lines under it."""
    L = lambda k: label(k, lang)  # noqa: E731
    places = r.region.points_places
    rows: list = []
    for i in r.items:
        score = pts(i.score, places) if i.assessed else L("not_assessed")
        row = [i.id, pick(i.title_zh, i.title_en, lang), pts(i.max, places), score]
        if weights:
            row.insert(3, plain(i.weight.normalize()) or "")
        rows.append(row)
        rows.extend(item_lines(i, lang, places))
    headers = [L("item"), L("title"), L("max"), L("score")]
    if weights:
        headers.insert(3, L("weight"))
    return table(headers, rows, right={2, 3, 4} if weights else {2, 3})
