"""Service commitments: what the insurer promised in its bid, checked against what it did.

The bid (see the service-plan source) promises set-up deadlines, staff by post and office space.
The evidence's [commitments] section records promise and actual side by side; this module turns
the gaps into common facts (commitment_*), which any region's rules can charge.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from ..amounts import ZERO
from ..facts import FACTS, Fact
from ..messages import Message, joined
from ..parts import Section
from ..tomlread import Node


@attrs.frozen
class Milestone:
    id: str
    title: str
    due: dt.date
    done: dt.date | None  # None: not done by the end of the period

    @property
    def missed(self) -> bool:
        return self.done is None or self.done > self.due


@attrs.frozen
class Staffing:
    post: str
    promised: int
    actual: Decimal  # monthly average may be fractional

    @property
    def shortfall(self) -> Decimal:
        return max(ZERO, Decimal(self.promised) - self.actual)


@attrs.frozen
class Office:
    promised_area_m2: Decimal | None = None
    actual_area_m2: Decimal | None = None
    promised_seats: int | None = None
    actual_seats: int | None = None

    def shortfalls(self) -> list[str]:
        out = []
        if self.promised_area_m2 is not None and self.actual_area_m2 is not None \
                and self.actual_area_m2 < self.promised_area_m2:
            out.append(Message.of("detail.office_area", actual=self.actual_area_m2, promised=self.promised_area_m2))
        if self.promised_seats is not None and self.actual_seats is not None \
                and self.actual_seats < self.promised_seats:
            out.append(Message.of("detail.office_seats", actual=self.actual_seats, promised=self.promised_seats))
        return out


@attrs.frozen
class Commitments:
    contract_signed: dt.date | None
    milestones: tuple[Milestone, ...]
    staffing: tuple[Staffing, ...]
    office: Office | None

    def facts(self) -> list[Fact]:
        missed = [m for m in self.milestones if m.missed]
        vacant = [s for s in self.staffing if s.actual == 0 and s.promised > 0]
        short = sum((s.shortfall for s in self.staffing), ZERO)
        office = self.office.shortfalls() if self.office else []
        src = Message.of("source.commitments")
        return [
            Fact("commitment_milestones_missed", Decimal(len(missed)), src,
                 joined(*(Message.of("detail.milestone", id=m.title, due=m.due,
                                     done=m.done or Message.of("detail.not_done")) for m in missed))
                 if missed else Message.of("detail.none_missed")),
            Fact("commitment_posts_vacant", Decimal(len(vacant)), src,
                 joined(*(Message.of("detail.post_vacant", post=s.post, promised=s.promised) for s in vacant))
                 if vacant else Message.of("detail.none_vacant")),
            # a fractional monthly-average shortfall counts as the whole persons missing, rounded up
            Fact("commitment_staff_shortfall", short.to_integral_value(rounding="ROUND_CEILING"), src,
                 joined(*(Message.of("detail.post_short", post=s.post, promised=s.promised, actual=s.actual)
                          for s in self.staffing if s.shortfall > 0)) if short > 0
                 else Message.of("detail.no_shortfall")),
            Fact("commitment_office_shortfall", Decimal(len(office)), src,
                 joined(*office) if office else Message.of("detail.as_promised")),
        ]


def read_commitments(t: Node | None) -> Commitments | None:
    if t is None:
        return None
    milestones = []
    for m in t.tables("milestones"):
        milestones.append(Milestone(id=m.str("id"), title=m.str("title", m.data.get("id", "")),
                                    due=m.date("due"), done=m.date("done", None)))
        m.done()
    staffing = []
    for s in t.tables("staffing"):
        staffing.append(Staffing(post=s.str("post"), promised=s.int("promised"),
                                 actual=s.decimal("actual", minimum=ZERO)))
        s.done()
    o = t.table("office", None)
    office = None
    if o is not None:
        office = Office(
            promised_area_m2=o.decimal("promised_area_m2", None, minimum=ZERO),
            actual_area_m2=o.decimal("actual_area_m2", None, minimum=ZERO),
            promised_seats=o.int("promised_seats", None),
            actual_seats=o.int("actual_seats", None),
        )
        o.done()
    c = Commitments(contract_signed=t.date("contract_signed", None), milestones=tuple(milestones),
                    staffing=tuple(staffing), office=office)
    t.done()
    return c


class CommitmentsSection(Section):
    key = "commitments"
    title = "bid commitments against what was delivered"

    def read(self, top: Node) -> Commitments | None:
        return read_commitments(top.table("commitments", None))

    def _used(self, rs, present: bool) -> bool:
        return present or any(n in FACTS and FACTS[n].derived for n in rs.facts_used())  # a region's own fact is never derived

    def workbook_fields(self, rs, present: bool):
        if not self._used(rs, present):
            return ()
        from ..workbook.cells import CellKind
        from ..workbook.layout import Field, Input, word

        key = ("commitments", "office")
        return (Field(Input("contract_signed", word("field.contract_signed"), CellKind.DATE),
                      ("commitments", "contract_signed")),
                Field(Input("promised_area_m2", word("field.promised_area"), CellKind.DECIMAL, minimum=ZERO),
                      key + ("promised_area_m2",)),
                Field(Input("actual_area_m2", word("field.actual_area"), CellKind.DECIMAL, minimum=ZERO),
                      key + ("actual_area_m2",)),
                Field(Input("promised_seats", word("field.promised_seats"), CellKind.COUNT, minimum=ZERO),
                      key + ("promised_seats",)),
                Field(Input("actual_seats", word("field.actual_seats"), CellKind.COUNT, minimum=ZERO),
                      key + ("actual_seats",)))

    def workbook_tables(self, rs, present: bool):
        if not self._used(rs, present):
            return ()
        from ..workbook.cells import CellKind
        from ..workbook.layout import Input, Table, word, text

        return (Table("milestones", word("sheet.milestones"), ("commitments", "milestones"), (
                    text("id", word("col.milestone_id"), 12), text("title", word("col.milestone_title"), 36),
                    Input("due", word("col.due"), CellKind.DATE, width=12),
                    Input("done", word("col.done"), CellKind.DATE, width=12))),
                Table("staffing", word("sheet.staffing"), ("commitments", "staffing"), (
                    text("post", word("col.post"), 20),
                    Input("promised", word("col.promised"), CellKind.COUNT, minimum=ZERO, width=10),
                    Input("actual", word("col.actual"), CellKind.DECIMAL, minimum=ZERO, width=10))))

    def facts(self, record: Commitments) -> tuple[Fact, ...]:
        return tuple(record.facts())

    def template(self, rs, lang: str) -> list[str]:
        if not any(n in FACTS and FACTS[n].derived for n in rs.facts_used()):  # a region's own fact is never derived
            return []
        return ["# " + Message.of("template.commitments").render(lang),
                "# [commitments]", "# [[commitments.milestones]]", '# id = ""', "# due = 2024-01-10",
                "# done = 2024-01-12", "# [[commitments.staffing]]", '# post = ""', "# promised = 1", "# actual = 1", ""]
