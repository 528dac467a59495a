"""What the evidence workbook of a rule set holds, sheet by sheet, and where each cell goes in the
evidence (its TOML key path).

- the header sheet (基本信息): one field a row, the core's (agency, product, fee, period, agreement,
  ledgers, included fact files) and the evidence sections' (`Section.workbook_fields`: the
  commitments' contract date and office, Kaifeng's report paragraphs);
- the items sheet (考核项目): one row per item of the scoring table with 已检查, then the columns of
  each rule shape the table uses (`Shape.workbook_inputs`: ratings, a leaf's score, a point's
  answer), a cell left locked where the column is not its item's shape's;
- the facts sheet (事实): one row per fact of the catalog, those the rules use first;
- sheets of rows (`Table`): findings, bonus claims and fund losses (the core's) and an evidence
  section's own (`Section.workbook_tables`: the survey, the commitments' milestones and staffing).

A new rule shape or evidence section brings its own cells by implementing those methods; nothing
here names a shape.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from ..facts import FACTS, spec_of
from ..kinds import FactKind, SettlementKind
from ..messages import Message, Text
from ..model import Item, RuleSet
from .cells import CellKind

SCHEMA = 1  # of the workbook's layout; a workbook of another schema is refused


def word(key: str) -> Message:
    """A word of the workbook (forms.toml, ids form.workbook.*)."""
    return Message.of(f"form.workbook.{key}")


@attrs.frozen
class Choice:
    """One value a drop-down offers: what the evidence holds and what the cell shows."""

    value: Any
    title: Any  # a Message or Text


@attrs.frozen
class Input:
    """A kind of cell an inspector fills: its column title, what it takes, the drop-down."""

    id: str
    title: Any  # a Message or Text, in the workbook's language
    kind: CellKind
    choices: tuple[Choice, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    width: int = 14
    hint: Any = None  # a note shown when the cell is selected
    list_only: bool = True  # False: the drop-down of `choices` suggests; the cell takes other text too


@attrs.frozen
class Field:
    """A row of the header sheet: the cell and the evidence key it fills."""

    input: Input
    key: tuple[str, ...]


@attrs.frozen
class Table:
    """A sheet of rows: each row one entry of the array of tables at `key` (("findings",))."""

    id: str
    title: Any
    key: tuple[str, ...]
    columns: tuple[Input, ...]


def yes_no() -> tuple[Choice, ...]:
    return (Choice(True, word("yes")), Choice(False, word("no")))


def text(id: str, title: Any, width: int = 14) -> Input:
    return Input(id, title, CellKind.TEXT, width=width)


@attrs.frozen
class Layout:
    """The workbook of one rule set in one language."""

    lang: str
    region: str
    rules_version: str
    title: Text  # the region's scoring table
    document: str
    fields: tuple[Field, ...]
    items: tuple[Item, ...]
    item_inputs: tuple[tuple[str, Input], ...]  # (shape id, column), in the shapes' order
    facts: tuple[tuple[str, tuple[str, ...]], ...]  # fact name, the items that use it
    tables: tuple[Table, ...]

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.id == table_id), None)


def layout_for(rs: RuleSet, lang: str, *, needs_agreement: bool = False, present: frozenset[str] = frozenset()) -> Layout:
    """The workbook for `rs`. `present`: the top-level keys of an evidence being converted, so a
    section the rules do not use but the evidence has (a survey under Taicang) keeps its sheet."""
    from ..parts import parts

    fields = list(_core_fields(rs, needs_agreement, present))
    tables = list(_core_tables(rs, present))
    for key in parts().sections:
        section = parts().sections[key]
        fields.extend(section.workbook_fields(rs, key in present))
        tables.extend(section.workbook_tables(rs, key in present))
    inputs = []
    for shape_id in parts().shapes:
        if any(i.shape == shape_id for i in rs.items):
            inputs.extend((shape_id, x) for x in parts().shapes[shape_id].workbook_inputs(rs))
    reg = rs.region
    return Layout(lang=lang, region=reg.id, rules_version=reg.rules_version, title=Text(reg.title_zh, reg.title_en),
                  document=reg.document.id, fields=tuple(fields),
                  items=rs.items, item_inputs=tuple(inputs), facts=_facts(rs), tables=tuple(tables))


def _core_fields(rs: RuleSet, needs_agreement: bool, present: frozenset[str]):
    yield Field(text("agency", word("field.agency"), 40), ("agency",))
    if rs.products:
        yield Field(Input("product", word("field.product"), CellKind.CHOICE,
                          tuple(Choice(p.id, Text(p.title_zh, p.title_en)) for p in rs.products)), ("product",))
    if rs.settlement.kind is not SettlementKind.NONE or "fee" in present:
        yield Field(Input("fee", Text(rs.settlement.fee_title_zh, rs.settlement.fee_title_en), CellKind.MONEY,
                          minimum=Decimal(0)), ("fee",))
    if needs_agreement or "agreement" in present:
        yield Field(text("agreement", word("field.agreement")), ("agreement",))
    for period in ("period", "service_period"):
        if period == "period" or needs_agreement or period in present:
            for end in ("from", "to"):
                yield Field(Input(f"{period}.{end}", word(f"field.{period}_{end}"), CellKind.DATE), (period, end))
    if rs.ledger.claim_deadlines or rs.ledger.hospital or {"ledgers", "include"} & present:
        yield Field(text("ledgers", word("field.ledgers")), ("ledgers",))
        yield Field(Input("include", word("field.include"), CellKind.TEXTS, hint=word("hint.several")), ("include",))


def _core_tables(rs: RuleSet, present: frozenset[str]):
    # one finding may name several clauses ("5.2、6.2"): the drop-down suggests, it does not refuse
    ids = tuple(dict.fromkeys(c.id for i in rs.items for c in i.clauses if not c.fact))
    clause = Input("rules", word("col.rules"), CellKind.TEXTS, tuple(Choice(c, c) for c in ids), width=16,
                   hint=word("hint.rules"), list_only=False)
    yield Table("findings", word("sheet.findings"), ("findings",), (
        text("id", word("col.finding_id"), 10), text("description", word("col.description"), 40), clause,
        Input("count", word("col.count"), CellKind.COUNT, minimum=Decimal(0), width=8),
        Input("date", word("col.date"), CellKind.DATE, width=12), text("location", word("col.location"), 24),
        text("reference", word("col.reference"), 24),
        Input("items", word("col.items"), CellKind.TEXTS, hint=word("hint.items"), width=12),
        Input("claims", word("col.claims"), CellKind.TEXTS, hint=word("hint.claims"), width=20),
    ))
    if rs.bonus is not None or "bonus" in present:
        kinds = tuple(Choice(k.id, Text(k.title_zh, k.title_en)) for k in (rs.bonus.kinds if rs.bonus else ()))
        yield Table("bonus", word("sheet.bonus"), ("bonus",), (
            Input("kind", word("col.bonus_kind"), CellKind.CHOICE if kinds else CellKind.TEXT, kinds, width=24),
            Input("points", word("col.points"), CellKind.DECIMAL, minimum=Decimal(0), width=8),
            text("description", word("col.description"), 40), Input("date", word("col.date"), CellKind.DATE, width=12),
        ))
    if rs.settlement.kind is not SettlementKind.NONE or "fund_losses" in present:
        yield Table("fund_losses", word("sheet.fund_losses"), ("fund_losses",), (
            Input("amount", word("col.amount"), CellKind.MONEY, minimum=Decimal(0), width=14),
            text("description", word("col.description"), 40), text("reference", word("col.reference"), 24),
            Input("date", word("col.date"), CellKind.DATE, width=12),
        ))


def fact_input(name: str) -> Input:
    """The value cell of a fact's row: what its kind takes."""
    kind = spec_of(name).kind  # the catalog's fact, or the region's own
    if kind is FactKind.FLAG:
        return Input("value", word("col.value"), CellKind.CHOICE, yes_no())
    if kind is FactKind.COUNT:
        return Input("value", word("col.value"), CellKind.COUNT, minimum=Decimal(0))
    return Input("value", word("col.value"), CellKind.DECIMAL, minimum=Decimal(0),
                 maximum=Decimal(1) if kind is FactKind.RATIO else None)


def _facts(rs: RuleSet) -> tuple[tuple[str, tuple[str, ...]], ...]:
    used: dict[str, list[str]] = {}
    for name, owner, _ in rs.fact_readers():  # each fact with the items (bonus kinds) that read it
        used.setdefault(name, []).append(owner)
    # the region's own facts are never derived (spec_of: the catalog's or the region's)
    names = [n for n in used if not spec_of(n).derived] + [n for n in FACTS if n not in used and not FACTS[n].derived]
    return tuple((n, tuple(dict.fromkeys(used.get(n, ())))) for n in names)
