"""The layout and its HTML writer on their own: any text a cell holds comes back from the HTML as
it went in (escaped, never markup), numbers are shown by their kind, and merged cells span."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jingban.forms.html import render
from jingban.forms.layout import Cell, Column, Forms, Row, Sheet, Stamp


from forms_text import FormsPage  # noqa: E402  (tests/forms_text.py)
# what a TOML string can carry into a cell: no control characters but newline (the reader refuses
# them), no lone surrogates; leading and trailing white space is the writer's to keep
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r"), max_size=40)


def one_sheet(*rows: Row, columns=(Column("a"), Column("b"))) -> Forms:
    return Forms(title="t", lang="zh", sheets=(Sheet(id="s", title="标题", citation="c", columns=columns,
                                                     rows=rows),), stamp=Stamp((("k", "v"),)))


@settings(max_examples=200, deadline=None)
@given(a=TEXT, b=TEXT)
def test_any_cell_text_comes_back_unchanged(a, b):
    html = render(one_sheet(Row((Cell(text=a), Cell(text=b)))), show_personal=True)
    page = FormsPage(html)
    assert page.sections["s"]["rows"] == [[a, b]]
    assert html.count("<td") == 2  # no text became markup


def test_numbers_are_shown_by_their_kind():
    row = Row((Cell(value=Decimal("135000"), kind="money"), Cell(value=Decimal("0.315"), kind="percent"),
               Cell(value=Decimal("8.5"), kind="points", places=2), Cell(value=Decimal("0.105"), kind="weight")))
    cols = tuple(Column(x) for x in "abcd")
    page = FormsPage(render(one_sheet(row, columns=cols)))
    assert page.sections["s"]["rows"] == [["135,000.00", "31.5%", "8.50", "0.105"]]


def test_a_number_cell_needs_its_kind():
    with pytest.raises(ValueError):
        Cell(value=Decimal(1))


def test_merged_cells_and_two_row_headers():
    cols = (Column("项目"), Column("序号"), Column("满意", group="综合评价"), Column("不满意", group="综合评价"))
    rows = (Row((Cell(text="服务承诺", rowspan=2), Cell(text="1"), Cell(text="√"), Cell(text=""))),
            Row((Cell(text="2"), Cell(text=""), Cell(text="√"))))
    html = render(one_sheet(*rows, columns=cols))
    page = FormsPage(html)
    assert page.sections["s"]["heads"] == [["项目", "序号", "综合评价"], ["满意", "不满意"]]
    assert 'rowspan="2"' in html and 'colspan="2"' in html
