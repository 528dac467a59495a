"""The official forms as an XLSX workbook (issue 12), read back with openpyxl: every number the
JSON result holds is a number cell of the forms with its number format, the category cells are
merged over their items, the print setup is the paper form's (A4, fit to one page wide, header
rows repeated), sheet names are in the report's language and valid, personal data is masked,
no text becomes a formula, and the same inputs give the same bytes.

The values asserted are the examples' hand-computed results (examples/<region>/README.md):
Qinhuangdao 85.00, 良好, paid 135,000.00 (秦医保〔2023〕91号 第八条（二）); Taicang 91.64, paid
140,800.00 (太人社医[2018]3号 四, 附件 合计(100分+附加分)); Tianjin 87.70, paid 230,400.00
(征求意见稿 第十四条, 第十八条).
"""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jingban.forms.xlsx import number_format, sheet_name
from jingban.messages import label

from forms_text import EXAMPLES, run, written  # noqa: E402  (tests/forms_text.py)

ROOT = Path(__file__).resolve().parents[1]
HAND = {  # total, grade title, paid: examples/<region>/README.md
    "qinhuangdao": ("85.00", "良好", "135000.00"),
    "taicang": ("91.64", "80至95分（按档扣款）", "140800.00"),
    "tianjin_ltc": ("87.70", "良好", "230400.00"),
}



def xlsx_bytes(tmp_path: Path, *args: str, name: str = "forms.xlsx") -> bytes:
    return written(tmp_path, "xlsx", *args, name=name)


def workbook(tmp_path: Path, region: str, *extra: str, path: Path | None = None):
    data = xlsx_bytes(tmp_path, "--evidence", str(path or EXAMPLES[region]), *extra)
    return openpyxl.load_workbook(io.BytesIO(data))


def json_of(region: str, lang: str = "zh") -> dict:
    return json.loads(run("--evidence", str(EXAMPLES[region]), "--format", "json", "--lang", lang).output)


def numbers(ws) -> list[tuple[Decimal, str]]:
    """Every number cell of a sheet: its value (as the shortest decimal of the float) and format."""
    return [(Decimal(repr(c.value)), c.number_format) for row in ws.iter_rows() for c in row
            if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]


def texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def row_of(ws, first: str):
    """The cells of the first row whose leftmost text is `first`."""
    for row in ws.iter_rows():
        vals = [c for c in row if c.value is not None]
        if vals and vals[0].value == first:
            return row
    raise AssertionError(f"no row starting with {first!r}")


# -- the numbers are the JSON's, stored as numbers -------------------------------------------------

@pytest.mark.parametrize("region", sorted(HAND))
def test_every_number_of_the_json_is_a_number_cell(region, tmp_path):
    doc = json_of(region)
    wb = workbook(tmp_path, region)
    form_sheets = wb.worksheets[:-2]  # the last two are the data sheets
    nums = {v for ws in form_sheets for v, _ in numbers(ws)}
    assert (doc["total"], doc["grade_title"], doc["settlement"]["paid"]) == HAND[region]
    assert Decimal(doc["total"]) in nums
    for item in doc["items"]:
        if item["score"] is not None:
            assert Decimal(item["score"]) in nums, (item["id"], item["score"])
        if item["max"] is not None and region != "tianjin_ltc":  # Tianjin's form has weights, no max
            assert Decimal(item["max"]) in nums, (item["id"], item["max"])
    assert any(doc["grade_title"] in t for ws in form_sheets for t in texts(ws))
    # the settlement page: each amount a number with the money format, in the row of its figure
    ws = wb["考核结果与费用结算"]
    s = doc["settlement"]
    money = {v for v, fmt in numbers(ws) if fmt == "#,##0.00"}
    for key in ("base", "withheld", "deducted", "paid", "returned_to_fund"):
        if s[key] is not None:
            assert Decimal(s[key]) in money, key
    paid = row_of(ws, label("paid", "zh"))
    assert Decimal(repr(paid[1].value)) == Decimal(s["paid"]) and paid[1].number_format == "#,##0.00"


def test_qinhuangdao_item_rows_and_merged_category_cells(tmp_path):
    """examples/qinhuangdao/README.md: items 1..17 (附件2), total 85, the categories 服务承诺（12分）
    over items 1-3, 服务质量（67分） over 4-10, 基础工作（21分） over 11-17."""
    want = {"1": "1.00", "2": "8.00", "3": "2.00", "4": "8.50", "5": "7.00", "6": "9.00", "7": "14.50",
            "8": "9.50", "9": "2.00", "10": "4.50", "11": "1.50", "12": "1.50", "13": "8.00", "14": "2.50",
            "15": "1.50", "16": "2.00", "17": "2.00"}
    wb = workbook(tmp_path, "qinhuangdao")
    ws = wb.worksheets[0]
    assert ws.title == "秦皇岛市商保机构经办医疗保险工作考核评分表"
    heads = [c.value for c in next(r for r in ws.iter_rows() if r[0].value == "项目")]
    assert heads == ["项目", "序号", "考核内容", "标准分值", "评分标准", "实得分值", "备注"]
    got = {}
    for row in ws.iter_rows():
        if isinstance(row[1].value, str) and row[1].value in want:
            assert isinstance(row[5].value, (int, float)) and row[5].number_format == "0.00"
            got[row[1].value] = f"{Decimal(repr(row[5].value)):.2f}"
    assert got == want
    merged = {(r.min_col, r.max_row - r.min_row + 1, ws.cell(r.min_row, r.min_col).value)
              for r in ws.merged_cells.ranges if r.min_col == 1 and r.max_col == 1}
    assert {(1, 3, "服务承诺（12分）"), (1, 7, "服务质量（67分）"), (1, 7, "基础工作（21分）")} <= merged
    total = row_of(ws, "总分100分　得分")
    assert [c.value for c in total if isinstance(c.value, (int, float))] == [100, 85]
    everything = texts(ws)
    assert "考核组人员签名：" in everything and "被考核商业保险机构负责人签名并加盖公章：" in everything
    assert any(inputs in t for t in everything for inputs in [json_of("qinhuangdao")["inputs_sha256"]])


def test_tianjin_weighted_contributions_keep_their_places(tmp_path):
    """征求意见稿 第十四条: 0.2 x 92.025 + 0.3 x 87.895 + 0.5 x 85.855 = 18.405 + 26.3685 + 42.9275
    = 87.701 -> 87.70 (examples/tianjin_ltc/README.md): the contributions are stored exact, with a
    format showing all their places, not rounded to two."""
    ws = workbook(tmp_path, "tianjin_ltc").worksheets[0]
    found = {v: fmt for v, fmt in numbers(ws)}
    assert found[Decimal("18.405")] == "0.000" and found[Decimal("26.3685")] == "0.0000"
    assert found[Decimal("42.9275")] == "0.0000" and found[Decimal("87.7")] == "0.00"


def test_kaifeng_checklist_has_no_money_and_its_answers(tmp_path):
    """开封 方案 附件: 自查清单 then 自查报告; no money (the document has none, K11/K12)."""
    wb = workbook(tmp_path, "kaifeng_checklist")
    assert wb.sheetnames == ["医疗保障经办机构基金审核结算规范要点自查清单", "自查报告", "数据", "JSON"]
    ws = wb.worksheets[0]
    all_text = "\n".join(texts(ws))
    assert label("paid", "zh") not in all_text and "考核组" not in all_text
    assert "#,##0.00" not in {fmt for _, fmt in numbers(ws)}
    answers = [row[4].value for row in ws.iter_rows() if isinstance(row[0].value, str) and row[0].value[:1].isdigit()]
    assert len(answers) == 35 and answers.count("符合") == 23 and answers.count("部分符合") == 8
    assert answers.count("不符合") == 3 and answers.count("不适用") == 1
    report = "\n".join(texts(wb["自查报告"]))
    for heading in ("一、自查组织开展情况", "二、存在问题", "三、问题原因", "四、整改措施", "五、工作建议"):
        assert heading in report


# -- print setup and names ---------------------------------------------------------------------

@pytest.mark.parametrize("region", sorted(EXAMPLES))
def test_print_setup_is_the_paper_forms(region, tmp_path):
    wb = workbook(tmp_path, region)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        # one page wide, as tall as it needs (fitToWidth is left out when 1, the format's default)
        assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
        if ws.title != "自查报告":  # paragraphs, no table
            assert ws.print_title_rows, ws.title  # the header rows on every printed page
        assert not ws.print_options.gridLines
    first = wb.worksheets[0]
    ncols = first.max_column
    assert first.page_setup.orientation == ("landscape" if ncols >= 8 else "portrait")
    if region == "qinhuangdao":
        assert wb["参保人员满意度调查表"].page_setup.orientation == "landscape"  # 11 columns
        assert first.print_title_rows == "$4:$4"  # the header row, under title, citation and fields


def test_sheet_names_follow_the_language(tmp_path):
    zh = workbook(tmp_path, "qinhuangdao").sheetnames
    en = workbook(tmp_path, "qinhuangdao", "--lang", "en").sheetnames
    assert zh == ["秦皇岛市商保机构经办医疗保险工作考核评分表", "参保人员满意度调查表", "考核结果与费用结算", "数据", "JSON"]
    assert en[-2:] == ["Data", "JSON"] and all(not any("\u4e00" <= c <= "\u9fff" for c in n) for n in en)
    for n in zh + en:
        assert len(n) <= 31 and not set(n) & set("[]:*?/\\")


@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_any_title_gives_a_valid_unique_sheet_name(titles):
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in titles]
    assert len({n.lower() for n in names}) == len(names)
    for n in names:
        assert 0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") and not n.startswith("'")


def test_number_formats_show_what_the_html_shows():
    assert number_format("points", Decimal("85.00"), 2) == "0.00"
    assert number_format("points", Decimal("1.0"), 2) == "0.00"
    assert number_format("points", Decimal("18.405"), 2) == "0.000"
    assert number_format("money", Decimal("135000.00"), None) == "#,##0.00"
    assert number_format("percent", Decimal("0.1"), None) == "0%"  # 10%
    assert number_format("percent", Decimal("0.315"), None) == "0.0%"  # 31.5%
    assert number_format("weight", Decimal("0.050"), None) == "0.00"


# -- the data sheets ---------------------------------------------------------------------------

def test_the_data_sheet_has_a_row_per_item_with_numbers(tmp_path):
    doc = json_of("qinhuangdao")
    ws = workbook(tmp_path, "qinhuangdao")["数据"]
    rows = list(ws.iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    assert len(body) == len(doc["items"]) == 17
    i_id, i_max, i_score = (head.index(label(k, "zh")) for k in ("item", "max", "score"))
    for it, row in zip(doc["items"], body):
        assert row[i_id] == it["id"]
        assert Decimal(repr(row[i_max])) == Decimal(it["max"]) and Decimal(repr(row[i_score])) == Decimal(it["score"])
    assert ws.auto_filter.ref  # ready to filter and pivot


def test_the_json_sheet_holds_every_value_of_the_json(tmp_path):
    doc = json_of("taicang")
    ws = workbook(tmp_path, "taicang")["JSON"]
    got = {r[0]: (r[1], r[2]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert got["total"] == ("91.64", 91.64) and got["settlement.paid"] == ("140800.00", 140800)
    assert got["inputs_sha256"][0] == doc["inputs_sha256"]
    assert got["items[0].score"][0] == doc["items"][0]["score"]


# -- masking, formulas, reproducibility, refusal ------------------------------------------------

def _all_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_personal_data_is_masked_unless_show_personal(tmp_path):
    masked = _all_xml(xlsx_bytes(tmp_path, "--evidence", str(EXAMPLES["qinhuangdao"])))
    assert "130300190001010011" not in masked and "13800000001" not in masked
    shown = _all_xml(xlsx_bytes(tmp_path, "--evidence", str(EXAMPLES["qinhuangdao"]), "--show-personal"))
    assert "130300190001010011" in shown


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    src = EXAMPLES["taicang"].read_text(encoding="utf-8")
    ev = tmp_path / "2024.toml"
    ev.write_text(src.replace('agency = "示例财产保险股份有限公司太仓支公司"', 'agency = "=HYPERLINK(\\"x\\")"'),
                  encoding="utf-8")
    data = xlsx_bytes(tmp_path, "--evidence", str(ev))
    assert "<f>" not in _all_xml(data)  # no formula anywhere in the workbook
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert any('=HYPERLINK("x")' in t for t in texts(wb.worksheets[0]))


@pytest.mark.parametrize("region", sorted(EXAMPLES))
def test_the_same_inputs_give_the_same_bytes(region, tmp_path):
    a = xlsx_bytes(tmp_path, "--evidence", str(EXAMPLES[region]), name="a.xlsx")
    b = xlsx_bytes(tmp_path, "--evidence", str(EXAMPLES[region]), name="b.xlsx")
    assert a == b
    wb = openpyxl.load_workbook(io.BytesIO(a))
    assert wb.properties.created.year == 1980 and wb.properties.modified.year == 1980


def test_xlsx_without_output_is_refused_in_one_line():
    res = run("--evidence", str(EXAMPLES["taicang"]), "--format", "xlsx")
    assert res.exit_code == 2 and res.stdout == ""
    assert "xlsx" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_settle_and_compare_give_a_workbook(tmp_path):
    """settle and compare draw what their HTML page shows; the workbook's paid cell equals what
    `settle --format json` prints."""
    args = ("settle", "-r", "qinhuangdao", "-s", "79.5", "-f", "1500000")
    want = json.loads(run(*args, "--format", "json").output)
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(tmp_path, *args)))
    assert wb.sheetnames == ["考核结果与费用结算", "JSON"]
    paid = row_of(wb.worksheets[0], label("paid", "zh"))
    assert Decimal(repr(paid[1].value)) == Decimal(want["paid"])
    # the JSON sheet holds what `settle --format json` prints, the arithmetic too (第七条, 第八条（二）:
    # deposit 10% of 1,500,000; 90 - 79.5 = 10.5 points = 21 steps x 1.5% = 31.5%)
    paths = {row[0].value for row in wb["JSON"].iter_rows(min_row=2)}
    assert want["arithmetic"] and any(p.startswith("arithmetic[0].") for p in paths)
    assert {p.split(".")[0].split("[")[0] for p in paths} == set(want)
    cmp = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(
        tmp_path, "compare", "--regions", "qinhuangdao,taicang", "-e", str(EXAMPLES["taicang"]), name="c.xlsx")))
    assert cmp.sheetnames == [label("compare", "zh"), "JSON"]
    assert "91.64" in texts(cmp.worksheets[0])
    refused = run(*args, "--format", "docx", "-o", str(tmp_path / "s.docx"))
    assert refused.exit_code == 2 and "docx" in refused.stderr and not (tmp_path / "s.docx").exists()


def test_a_provisional_result_is_ranges_as_text_never_a_number(tmp_path):
    """Taicang with 窗口协助 (5 points) not rated (as tests/test_forms_html.py): total 86.84～91.84,
    paid 108,800.00～140,800.00 (太人社医[2018]3号 四: 2% per 0.5 below 95). A range is text: no
    number cell may pose as the final total or payout."""
    src = EXAMPLES["taicang"].read_text(encoding="utf-8")
    block = '[ratings.window_assist]\nsystem = "1"\nimplemented = "1"\nservice = "0.8"\n'
    assert block in src
    ev = tmp_path / "2024.toml"
    ev.write_text(src.replace(block, ""), encoding="utf-8")
    wb = workbook(tmp_path, "taicang", path=ev)
    ws = wb.worksheets[0]
    total = next(r for r in ws.iter_rows() if isinstance(r[0].value, str) and r[0].value.startswith("合计（100分+附加分"))
    assert [c.value for c in total if c.value is not None][-1] == "86.84～91.84"
    paid = row_of(wb["考核结果与费用结算"], label("paid", "zh"))
    assert paid[1].value == "108,800.00～140,800.00"
    nums = {v for s in wb.worksheets[:-2] for v, _ in numbers(s)}
    assert Decimal("86.84") not in nums and Decimal("108800") not in nums


# -- as a spreadsheet program prints it (LibreOffice, where installed) ---------------------------

def test_libreoffice_prints_the_numbers_as_the_form_shows_them(tmp_path):
    """The workbook printed by LibreOffice (headless) reads back, with pdftotext, as the form:
    the number formats give 85.00 and 135,000.00 (examples/qinhuangdao/README.md), the signature
    lines are there. Optional: skipped where LibreOffice or poppler is missing (CI installs
    neither; the openpyxl tests above check the cells themselves)."""
    import shutil
    import subprocess

    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdftotext) is not installed")
    book = tmp_path / "qhd.xlsx"
    book.write_bytes(xlsx_bytes(tmp_path, "--evidence", str(EXAMPLES["qinhuangdao"])))
    profile = (tmp_path / "lo-profile").as_uri()  # its own profile: other runs may use LibreOffice too
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(book)], capture_output=True, timeout=300, check=False)
    pdf = tmp_path / "qhd.pdf"
    if not pdf.exists():
        pytest.skip("LibreOffice could not convert here (no Calc component?)")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for want in ("85.00", "135,000.00", "150,000.00", "10%", "考核组人员签名", "被考核商业保险机构负责人签名并加盖公章",
                 "第 1 页"):
        assert want in text, want


def test_a_page_of_charts_alone_is_left_out_of_the_workbook():
    """SVG charts are the HTML's; a workbook draws the forms whose numbers they show."""
    from jingban.forms.layout import Forms, Sheet, Stamp
    from jingban.forms.xlsx import render

    form = Sheet(id="settlement", title="考核结果与费用结算", citation="x", notes=("说明",))
    charts = Sheet(id="charts", title="图表", citation="", kind="charts", fields=(("被考核机构", "A"),))
    wb = openpyxl.load_workbook(io.BytesIO(render(Forms(title="t", lang="zh", sheets=(form, charts), stamp=Stamp(())))))
    assert wb.sheetnames == ["考核结果与费用结算"]
