"""The satisfaction survey (Qinhuangdao annex 1): one `[[survey]]` row per claimant called back.

The rows give the facts `survey_answers` and `survey_dissatisfied`; the dissatisfied rows are
listed in the table report, and every row in the printed form of annex 1 (jingban.forms), their
personal fields masked unless the operator asks otherwise.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..evidence import optional_text
from ..facts import Fact
from ..masking import mask_id, mask_name, mask_phone
from ..messages import Message, label
from ..parts import Section
from ..report.tables import table
from ..tomlread import Node


@attrs.frozen
class SurveyAnswer:
    """One row of the survey. Personal fields are masked in reports."""

    row: int
    satisfied: bool
    file_no: str | None = attrs.field(default=None, converter=optional_text)
    name: str | None = attrs.field(default=None, converter=optional_text)
    id_number: str | None = attrs.field(default=None, converter=optional_text)
    phone: str | None = attrs.field(default=None, converter=optional_text)
    is_self: bool | None = None
    relation: str | None = attrs.field(default=None, converter=optional_text)
    received_payment: bool | None = None
    attitude: str | None = attrs.field(default=None, converter=optional_text)
    improvement: str | None = attrs.field(default=None, converter=optional_text)


@attrs.frozen
class SurveyRows:
    """The evidence's survey: every row, in the evidence's order (a result keeps them all, for the
    form of annex 1; the table report lists the dissatisfied ones)."""

    rows: tuple[SurveyAnswer, ...]

    @property
    def dissatisfied(self) -> tuple[SurveyAnswer, ...]:
        return tuple(a for a in self.rows if not a.satisfied)


class SurveySection(Section):
    key = "survey"
    title = "satisfaction survey rows (annex 1)"

    def read(self, top: Node) -> SurveyRows | None:
        out = []
        for i, s in enumerate(top.tables("survey"), start=1):
            out.append(SurveyAnswer(
                row=i, satisfied=s.bool("satisfied"), file_no=s.str("file_no", None), name=s.str("name", None),
                id_number=s.str("id_number", None), phone=s.str("phone", None), is_self=s.bool("is_self", None),
                relation=s.str("relation", None), received_payment=s.bool("received_payment", None),
                attitude=s.str("attitude", None), improvement=s.str("improvement", None),
            ))
            s.done()
        return SurveyRows(tuple(out)) if out else None

    def workbook_tables(self, rs, present: bool):
        if not present and not {"survey_answers", "survey_dissatisfied"} & rs.facts_used():
            return ()
        from ..workbook.cells import CellKind
        from ..workbook.layout import Choice, Input, Table, word, text, yes_no

        flag = lambda key, width=10: Input(key, word(f"col.{key}"), CellKind.CHOICE, yes_no(), width=width)  # noqa: E731
        return (Table("survey", word("sheet.survey"), ("survey",), (
            text("file_no", Message.of("label.survey_file"), 12), text("name", Message.of("label.survey_name"), 10),
            text("id_number", Message.of("label.survey_id"), 20), text("phone", Message.of("label.survey_phone"), 14),
            flag("is_self"), text("relation", word("col.relation"), 10), flag("received_payment", 12),
            text("attitude", Message.of("label.survey_attitude"), 10),
            text("improvement", Message.of("label.survey_improve"), 30),
            Input("satisfied", word("col.satisfied"), CellKind.CHOICE,
                  (Choice(True, word("satisfied")), Choice(False, word("dissatisfied"))), width=10),
        )),)

    def facts(self, record: SurveyRows) -> tuple[Fact, ...]:
        rows = record.rows
        unhappy = [a.row for a in rows if not a.satisfied]
        source = Message.of("source.survey")
        return (
            Fact("survey_answers", Decimal(len(rows)), source, Message.of("detail.survey_answers", count=len(rows))),
            Fact("survey_dissatisfied", Decimal(len(unhappy)), source,
                 Message.of("detail.survey_rows", rows=", ".join(map(str, unhappy))) if unhappy
                 else Message.of("detail.none_dissatisfied")),
        )

    def result(self, rs, record: SurveyRows | None, items, foreign: bool) -> SurveyRows | None:
        return None if record is None or foreign else record

    def table_lines(self, record: SurveyRows, lang: str, show_personal: bool) -> list[str]:
        if not record.dissatisfied:
            return []
        rows = []
        for a in record.dissatisfied:
            name, idn, phone = (a.name, a.id_number, a.phone) if show_personal else \
                (mask_name(a.name), mask_id(a.id_number), mask_phone(a.phone))
            rows.append([str(a.row), a.file_no or "", name or "", idn or "", phone or "", a.attitude or "",
                         a.improvement or ""])
        heads = ["#", label("survey_file", lang), label("survey_name", lang), label("survey_id", lang),
                 label("survey_phone", lang), label("survey_attitude", lang), label("survey_improve", lang)]
        return ["", label("survey", lang), table(heads, rows)]
