"""Shape `check`: a checklist point (Kaifeng), answered compliant / partly / non-compliant / not
applicable in the evidence's `[checklist]` section, and the self-inspection report built from the
answers with the `[report]` section's own text.

Facts decide the points that state a number: a failed check makes the point non-compliant whatever
the answer says, with the fact as the reason. A passing check never answers a point by itself: most
points say more than their number (3.2 also asks for review of large single claims), so a point
nobody answered stays unanswered and the result provisional.
"""

from __future__ import annotations

from typing import Any

import attrs
from attrs import validators as v

from ..amounts import ZERO, plain
from ..kinds import Answer
from ..messages import Message, Text, fact_name, joined, label, say
from ..model import Item
from ..parts import Section, Shape
from ..report.text import LINE, wrap
from ..result import ItemScore
from ..rulesfile import read_requirement
from ..scoring.context import ScoringContext
from ..scoring.requirements import check_requirements
from ..tomlread import Node
from . import ById, check_section_ids


@attrs.frozen
class AnswerGiven:
    """One point as the evidence answers it."""

    result: Answer | None = attrs.field(converter=lambda x: None if x is None else Answer(x))  # None: not yet
    reason: str = ""
    rectification: str | None = attrs.field(default=None, converter=lambda x: x or None)  # "" is none


@attrs.frozen
class Checklist(ById):
    """The `[checklist]` section: point id -> the answer given."""


@attrs.frozen
class PointResult:
    """A checklist point's outcome: `ItemScore.detail` of a check item."""

    answer: Answer | None = attrs.field(validator=v.optional(v.instance_of(Answer)))
    reason: Any = None  # the answer's own words, and a message for each check that failed
    rectification: str | None = None


class ChecklistSection(Section):
    key = "checklist"
    title = "answers to checklist points"

    def read(self, top: Node) -> Checklist | None:
        t = top.table("checklist", None)
        if t is None:
            return None
        out = []
        for item_id, raw in t.items_of():
            if not isinstance(raw, dict):
                raise t.error(item_id, Message.of("error.evidence.expected_answer_table"))
            sub = t.child(raw, t.key_path(item_id))
            out.append((item_id, AnswerGiven(result=sub.choice("result", Answer, None), reason=sub.str("reason", ""),
                                             rectification=sub.str("rectification", None))))
            sub.done()
        return Checklist(tuple(out))

    def check(self, rs, record: Checklist, ev) -> None:
        check_section_ids(rs, ev, self.key, record, CheckShape.id)


REPORT_GIVEN = ("organisation", "suggestions")  # the parts of the report the evidence writes


@attrs.frozen
class ReportText:
    """The `[report]` section (the evidence's own paragraphs), or in a result the report's five
    sections in order."""

    parts: tuple[tuple[str, str], ...]


class ReportSection(Section):
    key = "report"
    title = "the self-inspection report's own paragraphs"

    def read(self, top: Node) -> ReportText | None:
        t = top.table("report", None)
        if t is None:
            return None
        out = tuple((k, t.str(k)) for k in REPORT_GIVEN if t.has(k))
        t.done()
        return ReportText(out)

    def workbook_fields(self, rs, present: bool):
        if not present and not any(i.shape == CheckShape.id for i in rs.items):
            return ()
        from ..workbook.cells import CellKind
        from ..workbook.layout import Field, Input

        return tuple(Field(Input(k, Message.of(f"label.{k}"), CellKind.TEXT, width=60), ("report", k)) for k in REPORT_GIVEN)

    def result(self, rs, record: ReportText | None, items, foreign: bool) -> ReportText | None:
        """The five sections, drawn from the checklist answers (rule sets with check items)."""
        if not any(i.shape == CheckShape.id for i in rs.items):
            return None
        given = dict(record.parts) if record is not None else {}
        problems = [i for i in items if i.detail is not None and i.detail.answer in (Answer.PARTLY, Answer.NON_COMPLIANT)]
        lines = lambda rows: joined(*rows, zh="\n", en="\n")  # noqa: E731  one line per point
        return ReportText((
            ("organisation", given.get("organisation", "")),
            ("problems", lines(joined(i.id, Text(i.title_zh, i.title_en), zh=" ", en=" ") for i in problems)),
            ("causes", lines(joined(i.id, i.detail.reason, zh=" ", en=" ") for i in problems if i.detail.reason)),
            ("rectification", lines(f"{i.id} {i.detail.rectification}" for i in problems if i.detail.rectification)),
            ("suggestions", given.get("suggestions", "")),
        ))

    def table_lines(self, record: ReportText, lang: str, show_personal: bool) -> list[str]:
        out = ["", label("report", lang)]
        for key, body in record.parts:
            out.append(label(key, lang))
            out.extend(x for line in (say(body, lang) or "—").splitlines() for x in _wrapped(line))
        return out

    def json(self, record: ReportText, lang: str) -> dict:
        return {"report": {k: say(v, lang) for k, v in record.parts}}


def _wrapped(line: str) -> list[str]:
    """A line of the self-inspection report, indented two: one that starts with a point's id (4.3)
    continues under the text after the id, so the ids stand out; a paragraph continues under itself."""
    first = line.partition(" ")[0]
    hang = 3 + len(first) if " " in line and first.isascii() and len(first) <= 8 else 2
    return wrap("  " + line, LINE, " " * hang)


class CheckShape(Shape):
    id = "check"
    keys = ("checks",)

    def sections(self):
        return (ChecklistSection(), ReportSection())

    def read(self, node, item_id, products):
        return {"checks": tuple(read_requirement(q, with_dimension=False) for q in node.tables("checks"))}

    def score(self, item: Item, ctx: ScoringContext) -> ItemScore:
        answers = ctx.section("checklist")
        answer = answers.get(item.id) if answers is not None else None
        checks = check_requirements(ctx, item.checks)
        failed = [c for c in checks if c.passed is False]
        result = answer.result if answer else None
        reasons = [answer.reason] if answer and answer.reason else []
        if failed:
            result = Answer.NON_COMPLIANT
            reasons.extend(Message.of("reason.check_failed", title=Text(c.title_zh, c.title_en), fact=fact_name(c.fact),
                                      actual=c.actual, op=c.op, value=c.value) for c in failed)
        detail = PointResult(answer=result, reason=joined(*reasons) if reasons else None,
                             rectification=answer.rectification if answer else None)
        return ItemScore.of(item, score=ZERO if result else None,
                            why=None if result else Message.of("why.not_answered"), checks=checks, detail=detail)

    def item_json(self, score: ItemScore, lang: str) -> dict:
        d = score.detail
        return {"answer": d.answer, "reason": say(d.reason, lang) or None, "rectification": d.rectification}

    def workbook_inputs(self, rs):
        from ..workbook.cells import CellKind
        from ..workbook.layout import Choice, Input, word

        answers = tuple(Choice(a.value, Message.of(f"label.{a.value}")) for a in Answer)
        return (Input("result", Message.of("label.answer"), CellKind.CHOICE, answers, width=11),
                Input("reason", word("col.reason"), CellKind.TEXT, width=40),
                Input("rectification", word("col.rectification"), CellKind.TEXT, width=30))

    def workbook_key(self, item, input_id):
        return ("checklist", item.id, input_id)

    def template(self, rs, items, lang: str) -> list[str]:
        out = []
        for i in items:
            out.append(f'[checklist."{i.id}"]    # {Text(i.title_zh, i.title_en).render(lang)}')
            out.append(f'# result = "compliant"    # {" | ".join(a.value for a in Answer)}')
            out.append('# reason = ""')
            out.append("")
        if items:
            out += ["[report]", 'organisation = ""', 'suggestions = ""', ""]
        return out
