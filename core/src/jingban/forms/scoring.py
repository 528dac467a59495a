"""The scored forms: one row per item with its category as a merged cell (Qinhuangdao 附件2,
Taicang), and the indicator x level grid of a weighted tree (Tianjin).

Every number comes from the result; nothing is scored here. A provisional result shows the range
a score can still take (`ItemScore.floor`, `Result.outlook`), never its high end as a fact.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..amounts import ZERO, round_points
from ..kinds import Per
from ..messages import label, pick, say
from ..model import Form, Item, RuleSet
from ..result import Deduction, ItemScore, Result
from ..report.text import pts, punct
from .layout import Cell, Column, Row, Sheet
from .words import _t, cite, lines, span_text

NUMERIC = {"max", "score", "dimensions", "weight", "levels"}
# relative column widths, chosen by looking at the printed examples: long texts get the room
WIDTHS = {"category": 4, "seq": 2, "title": 7, "method": 9, "standard": 11, "max": 3, "score": 3,
          "remarks": 16, "weight": 3, "scope": 6, "answer": 3, "reason": 12, "file_no": 3, "name": 3, "id_number": 6,
          "phone": 5, "is_self": 4, "attitude": 3, "improvement": 6, "satisfied": 2, "dissatisfied": 2}


def _columns(form: Form, rs: RuleSet, r: Result, lang: str) -> list[tuple[str, str | None, Column]]:
    """The form's columns, `dimensions` and `levels` expanded to one column per dimension or level:
    (key, the dimension or level id, column)."""
    out = []
    for f in form.columns:
        group = pick(f.group_zh, f.group_en, lang) if f.group_zh else None
        if f.key == "dimensions":
            for d in rs.dimensions:
                pct = format((d.weight * 100).normalize(), "f")
                out.append((f.key, d.id, Column(f"{pick(d.title_zh, d.title_en, lang)} {pct}%", group, 3, True)))
        elif f.key == "levels":
            for g, _ in r.breakdown.levels:
                out.append((f.key, g.id, Column(pick(g.title_zh, g.title_en, lang), group, 4, True)))
        else:
            width = WIDTHS.get(f.key, 3)
            out.append((f.key, None, Column(pick(f.zh, f.en, lang), group, width, f.key in NUMERIC)))
    return out


def item_cite(item: Item, form: Form | None) -> str:
    """The item's citation; under a form of the same document only its article and item (the
    form's title already names the document), so the cell does not spend a line on it."""
    c = item.citation
    if form is not None and c.document == form.citation.document and (c.article or c.item):
        return "〔" + " ".join(p for p in (c.article, c.item) if p) + "〕"
    return cite(c)


def standard_text(item: Item, product: str | None, lang: str, form: Form | None = None) -> str:
    """The item's scoring rule in the rules file's words: each clause with its points, or each
    numeric requirement; and the item's citation."""
    from ..parts import parts as units

    shape = units().shapes.get(item.shape)
    own = shape.standard(item, lang) if shape is not None else None
    if own is not None:  # the shape's own rule (a scale's levels, a ratio's formula, a veto)
        return lines(*own, item_cite(item, form))
    parts = []
    clauses = [c for c in item.clauses if c.applies_to(product)]
    for n, c in enumerate(clauses, start=1):
        p = pts(c.points)
        how = (_t("per_once", lang, points=p) if c.per is Per.ONCE
               else _t("per_unit_below", lang, points=p, minimum=pts(c.minimum)) if c.per is Per.UNIT_BELOW
               else _t("per_case", lang, points=p))
        parts.append(f"({n}) {pick(c.title_zh, c.title_en, lang)}{_t('comma', lang)}{how}")
    for n, q in enumerate(item.requirements + item.checks, start=len(parts) + 1):
        parts.append(f"({n}) {pick(q.title_zh, q.title_en, lang)}")
    return lines(*parts, item_cite(item, form))


def deduction_text(d: Deduction, lang: str, places: int) -> str:
    """One deduction as the remarks cell gives it: points, clause, finding and what it says."""
    from ..report.items import deduction_tag

    tag = deduction_tag(d, lang)
    who = f"{d.finding_id} " if d.finding_id else ""
    C = punct(lang)[0]
    return f"−{pts(d.points, places)} {d.clause_id} {say(d.title, lang)}{tag}{C}{who}{say(d.evidence, lang)}"


def remarks_text(item: Item, i: ItemScore, lang: str, places: int) -> str:
    """How the item was checked and the findings behind each deduction; why it is not assessed."""
    how = pick(item.method_zh, item.method_en, lang) if item.method_zh else ""
    out = [_t("how_checked", lang, method=how) if how else ""]
    if not i.assessed:
        out.append(_t("not_assessed", lang, why=say(i.why_not_assessed, lang) or "—"))
    out.extend(deduction_text(d, lang, places) for d in i.deductions)
    for c in i.checks:
        if c.passed is not True:
            state = label("check_failed", lang) if c.passed is False else label("check_missing", lang)
            C, LP, RP = punct(lang)
            out.append(f"! {pick(c.title_zh, c.title_en, lang)}{C}{c.fact} = {pts(c.actual) if c.actual is not None else '—'}"
                       f"{LP}{c.op} {pts(c.value)}{RP} {state}")
    return lines(*out)


def score_cell(i: ItemScore, places: int, lang: str, role: str = "body") -> Cell:
    if not i.assessed:
        return Cell(text=label("not_assessed", lang), role=role)
    if i.floor is not None:  # the evidence leaves it open: from the floor to the score
        return Cell(text=span_text(pts(i.floor, places), pts(i.score, places), lang), role=role)
    return Cell(value=i.score, kind="points", places=places, role=role)


def _dimension_points(item: Item, i: ItemScore, dim_id: str, weight: Decimal) -> Decimal | None:
    """What a dimension contributes to the item: its share of the points less the deductions its
    rating and its failed requirements made (the dimensions shape names them item.dim[.requirements])."""
    if not i.assessed:
        return None
    lost = sum((d.points for d in i.deductions
                if d.clause_id in (f"{item.id}.{dim_id}", f"{item.id}.{dim_id}.requirements")), ZERO)
    return item.max * weight - lost


def items_sheet(form: Form, r: Result, rs: RuleSet, lang: str, fields, signatures) -> Sheet:
    places = r.region.points_places
    cols = _columns(form, rs, r, lang)
    keys = [k for k, _, _ in cols]
    dims = {d.id: d for d in rs.dimensions}
    rows: list[Row] = []
    scores = {i.id: i for i in r.items}
    order = [c.id for c in rs.categories]
    by_cat: dict[str, list[Item]] = {}
    for item in rs.items:
        if item.id in scores:
            by_cat.setdefault(item.category, []).append(item)
    cats = {c.id: c for c in rs.categories}
    for cat_id in order + [c for c in by_cat if c not in order]:
        members = by_cat.get(cat_id, [])
        for n, item in enumerate(members):
            i = scores[item.id]
            cells = []
            for key, sub, _ in cols:
                if key == "category":
                    if n == 0:
                        cat = cats.get(cat_id)
                        title = pick(cat.title_zh, cat.title_en, lang) if cat else cat_id
                        text = _t("category_points", lang, title=title, points=pts(cat.max)) if cat else title
                        cells.append(Cell(text=text, rowspan=len(members)))
                    continue
                cells.append(_item_cell(key, sub, item, i, r, lang, places, dims, form))
            rows.append(Row(tuple(cells)))
    if rs.bonus is not None:
        rows.extend(_bonus_rows(rs, r, keys, cols, lang, places))
    rows.extend(_total_rows(rs, r, keys, lang, places))
    notes = []
    if r.region.same_issue_once and r.region.same_issue_citation is not None:
        c = r.region.same_issue_citation
        notes.append(_t("same_issue", lang, note=pick(c.note_zh, c.note, lang) or "") + cite(c))
    if r.bonus_claimed != r.bonus_total:  # the bonus rows add up to more than the cap lets count
        notes.append(f"{label('bonus_capped', lang)} {pts(r.bonus_total, places)}{punct(lang)[1]}{pts(r.bonus_claimed, places)}{punct(lang)[2]}")
    if "remarks" not in keys:  # the form has no remarks column: the findings follow the table
        notes.extend(_deduction_notes(rs, r, lang, places))
    return Sheet(id=form.id, title=pick(form.title_zh, form.title_en, lang), citation=form.citation.short(),
                 fields=fields, columns=tuple(c for _, _, c in cols), rows=tuple(rows), notes=tuple(notes),
                 signatures=signatures)


def _item_cell(key, sub, item: Item, i: ItemScore, r: Result, lang, places, dims, form: Form) -> Cell:
    if key == "seq":
        return Cell(text=item.id)
    if key == "title":
        return Cell(text=pick(item.title_zh, item.title_en, lang))
    if key == "method":
        return Cell(text=pick(item.method_zh, item.method_en, lang) if item.method_zh else "")
    if key == "standard":
        return Cell(text=standard_text(item, r.product, lang, form))
    if key == "max":
        return Cell(value=item.max, kind="points", places=places)
    if key == "dimensions":
        d = dims[sub]
        got = _dimension_points(item, i, sub, d.weight)
        return Cell(value=got, kind="points", places=places) if got is not None else Cell(text="—")
    if key == "score":
        return score_cell(i, places, lang)
    if key == "remarks":
        return Cell(text=remarks_text(item, i, lang, places))
    return Cell(text="")


def _bonus_rows(rs: RuleSet, r: Result, keys, cols, lang, places) -> list[Row]:
    """The bonus kinds as rows of their own, under a merged category cell (Taicang 其他（附加分）)."""
    got = {b.kind: b for b in r.bonus_lines}
    kinds = rs.bonus.kinds
    out = []
    for n, k in enumerate(kinds):
        cells = []
        for key, sub, _ in cols:
            if key == "category":
                if n == 0:
                    cells.append(Cell(text=_t("bonus_category", lang, cap=pts(rs.bonus.cap)), rowspan=len(kinds)))
                continue
            line = got.get(k.id)
            if key == "title":
                cells.append(Cell(text=pick(k.title_zh, k.title_en, lang)))
            elif key == "standard":
                cells.append(Cell(text=lines(say(line.description, lang) if line else "", cite(k.citation))))
            elif key == "max":
                cells.append(Cell(text="/"))
            elif key == "score":
                cells.append(Cell(value=line.points if line else ZERO, kind="points", places=places))
            else:
                cells.append(Cell(text=""))
        out.append(Row(tuple(cells)))
    return out


def _total_rows(rs: RuleSet, r: Result, keys, lang, places) -> list[Row]:
    """总分 and 得分 (with the bonus: 合计（100分+附加分）), then the grade with its citation."""
    width = len(keys)
    # the label spans every column before the points (or before the score when there are none)
    head = keys.index("max") if "max" in keys else keys.index("score") if "score" in keys else width - 1
    label_text = (_t("total_with_bonus", lang, max=pts(rs.region.max), cap=pts(rs.bonus.cap)) if rs.bonus
                  else _t("total", lang, max=pts(rs.region.max)))
    cells = [Cell(text=label_text, colspan=max(1, head), role="total")]
    for key in keys[head:]:
        if key == "max":
            text = f"{pts(rs.region.max)}+{pts(rs.bonus.cap)}" if rs.bonus else ""
            cells.append(Cell(text=text, role="total") if text else
                         Cell(value=rs.region.max, kind="points", places=places, role="total"))
        elif key == "score":
            cells.append(total_cell(r, places, lang))
        else:
            cells.append(Cell(text="", role="total"))
    out = [Row(tuple(cells), role="total")]
    out.append(Row((Cell(text=grade_text(r, lang), colspan=width, role="total"),), role="total"))
    return out


def total_cell(r: Result, places: int, lang: str) -> Cell:
    if r.outlook is not None:
        return Cell(text=span_text(pts(r.outlook.low, places), pts(r.outlook.high, places), lang), role="total")
    return Cell(value=r.total, kind="points", places=places, role="total") if r.total is not None \
        else Cell(text="—", role="total")


def grade_text(r: Result, lang: str) -> str:
    """The grade with its citation; a provisional result's possible grades, said to be possible."""
    C, LP, RP = punct(lang)
    status = label("provisional", lang) if r.provisional else label("final", lang)
    if r.outlook is not None:
        grades = label("or", lang).join(pick(g.title_zh, g.title_en, lang) for g in r.outlook.grades) or "—"
        name = label("grade_possible", lang) if len(r.outlook.grades) > 1 else label("grade", lang)
        return f"{name}{C}{grades}{LP}{status}{RP}"
    if r.grade is None:
        return f"{label('grade', lang)}{C}—{LP}{status}{RP}"
    g = r.grade
    return f"{label('grade', lang)}{C}{pick(g.title_zh, g.title_en, lang)}{LP}{status}{RP}{cite(g.citation)}"


def _deduction_notes(rs: RuleSet, r: Result, lang: str, places: int) -> list[str]:
    out = []
    for item in rs.items:
        try:
            i = r.item(item.id)
        except KeyError:
            continue
        text = remarks_text(attr_without_method(item), i, lang, places)
        if text:
            sep = "；" if lang == "zh" else "; "  # the lines of one item's remarks, run together
            out.append(f"{pick(item.title_zh, item.title_en, lang)}{_t('colon', lang)}{text.replace(chr(10), sep)}")
    return [_t("deductions_heading", lang)] + out if out else []


def attr_without_method(item: Item) -> Item:
    """The item without its method: under a form that prints the method in a column of its own,
    the notes give only the findings."""
    return attrs.evolve(item, method_zh=None, method_en=None)


def grid_sheet(form: Form, r: Result, rs: RuleSet, lang: str, fields, signatures) -> Sheet:
    """One row per indicator, one column per level; level scores, level weights and weighted
    points under them; the weighted total of the levels (Tianjin 第十四条)."""
    places = r.region.points_places
    cols = _columns(form, rs, r, lang)
    keys = [k for k, _, _ in cols]
    b = r.breakdown
    level_ids = [g.id for g, _ in b.levels]
    rows: list[Row] = []
    for row in b.rows:
        cells = []
        for key, sub, _ in cols:
            if key == "seq":
                cells.append(Cell(text=row.indicator.id))
            elif key == "title":
                cells.append(Cell(text=pick(row.indicator.title_zh, row.indicator.title_en, lang)))
            elif key == "category":
                cat = next((c for c in rs.categories if c.id == row.category), None)
                cells.append(Cell(text=pick(cat.title_zh, cat.title_en, lang) if cat else row.category))
            elif key == "weight":
                ws = sorted({w for w in row.weights if w is not None})
                cells.append(Cell(value=ws[0], kind="weight") if len(ws) == 1
                             else Cell(text=" / ".join(format(w.normalize(), "f") for w in row.weights if w is not None)))
            elif key == "levels":
                leaf = row.leaves[level_ids.index(sub)]
                cells.append(Cell(text="—") if leaf is None else score_cell(r.item(leaf), places, lang))
        rows.append(Row(tuple(cells)))
    lead = keys.index("levels") if "levels" in keys else len(keys)

    def footer(name: str, values: list[Cell]) -> Row:
        return Row((Cell(text=name, colspan=max(1, lead), role="total"), *values), role="total")

    rows.append(footer(label("level_score", lang), [Cell(value=s, kind="points", places=places, role="total")
                                                      if s is not None else Cell(text="—", role="total")
                                                      for _, s in b.levels]))
    rows.append(footer(label("level_weight", lang), [Cell(value=g.weight, kind="weight", role="total")
                                                       if g.weight is not None else Cell(text="—", role="total")
                                                       for g, _ in b.levels]))
    if b.weighted:
        rows.append(footer(label("weighted_points", lang), [Cell(value=w, kind="points", places=places, role="total")
                                                              for w in b.weighted]))
    total_label = _t("total", lang, max=pts(rs.region.max))
    total = attrs.evolve(total_cell(r, places, lang), colspan=max(1, len(keys) - lead))
    rows.append(Row((Cell(text=total_label, colspan=max(1, lead), role="total"), total), role="total"))
    rows.append(Row((Cell(text=grade_text(r, lang), colspan=len(keys), role="total"),), role="total"))
    notes = [n for n in (weighted_sum_text(r, lang),) if n]
    notes.extend(_grid_notes(r, lang, places))
    return Sheet(id=form.id, title=pick(form.title_zh, form.title_en, lang), citation=form.citation.short(),
                 fields=fields, columns=tuple(c for _, _, c in cols), rows=tuple(rows), notes=tuple(notes),
                 signatures=signatures)


def weighted_sum_text(r: Result, lang: str) -> str:
    """How the levels make the total: their exact weighted scores added and rounded once."""
    from ..messages import Message

    places = r.region.points_places
    weighted = r.breakdown.weighted
    if not weighted or r.outlook is not None or r.total is None or r.bonus_total:
        return ""
    exact = sum(weighted, ZERO)
    if round_points(exact, places) != r.total:
        return ""
    terms = " + ".join(pts(w, places) for w in weighted)
    text = (Message.of("grid.weighted_total_exact", terms=terms, total=pts(r.total, places)) if exact == r.total
            else Message.of("grid.weighted_total", terms=terms, sum=pts(exact, places), places=places,
                            total=pts(r.total, places)))
    cites = {g.citation.short() for g, _ in r.breakdown.levels}
    return text.render(lang) + (f"〔{cites.pop()}〕" if len(cites) == 1 else "")


def _grid_notes(r: Result, lang: str, places: int) -> list[str]:
    """Leaves not assessed, and checks that failed: what the grid's cells cannot say."""
    out = []
    for i in r.items:
        if not i.assessed and i.why_not_assessed:
            out.append(f"{i.id} {pick(i.title_zh, i.title_en, lang)}{_t('colon', lang)}"
                       + _t("not_assessed", lang, why=say(i.why_not_assessed, lang)))
    return out
