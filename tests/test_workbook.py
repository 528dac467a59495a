"""The evidence workbook (docs/evidence-format.md, "The workbook"): a template filled the way an
inspector fills it (here by openpyxl, once through LibreOffice) assesses as the shipped TOML
example does; `assess convert` gives the same evidence both ways; every bad workbook is one line
naming the file, the sheet and the cell, exit 2, nothing written."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import need
from forms_text import EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jingban.cli import main
from jingban.errors import BadValue
from jingban.evidence import load_evidence
from jingban.tomlread import load_toml
from jingban.workbook import cells
from jingban.workbook.convert import difference, toml_to_workbook, workbook_to_toml
from jingban.workbook.totoml import toml_text

AGREEMENT = EXAMPLES["tianjin_ltc"].parent / "agreement-example.toml"
TEMPLATE_ARGS = {"tianjin_ltc": ("--agreement", str(AGREEMENT))}


def run(*args: str, lang: str = "en"):
    return CliRunner().invoke(main, [*args, "--lang", lang], catch_exceptions=False)


def doc(res, facts_by_name: bool = False) -> dict:
    d = json.loads(res.output)
    d.pop("inputs_sha256")  # the digest of the input file's bytes: a workbook's are not the TOML's
    if facts_by_name:  # the JSON lists the facts in the order the evidence states them
        d["facts"] = sorted(d["facts"], key=lambda f: f["name"])
    return d


def template(tmp_path: Path, region: str, lang: str = "zh") -> Path:
    out = tmp_path / f"{region}.xlsx"
    res = run("template", "--region", region, *TEMPLATE_ARGS.get(region, ()), "--format", "xlsx", "-o", str(out),
              lang=lang)
    assert res.exit_code == 0, res.output
    return out


# -- filling a template as an inspector does -----------------------------------------------------

ZH = {True: "是", False: "否"}
ANSWERS = {"compliant": "符合", "partly": "部分符合", "non_compliant": "不符合", "not_applicable": "不适用"}


def _cell_value(v):
    """What an inspector types: a number as a number, a date as a date, yes/no as 是/否."""
    if isinstance(v, bool):
        return ZH[v]
    if isinstance(v, dt.date):
        return dt.datetime.combine(v, dt.time())
    if isinstance(v, list):
        return "、".join(v)
    if isinstance(v, str):
        try:
            d = Decimal(v)
        except ArithmeticError:
            return v
        return float(d) if d == Decimal(repr(float(d))) and v.strip() == v else v
    return v


def _columns(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def fill(path: Path, evidence: Path) -> None:
    """Fill the template at `path` with the evidence of a TOML file, by the titles the sheets show
    (Chinese), as a person copying the paper form would; saved by openpyxl."""
    data = load_toml(evidence)
    wb = openpyxl.load_workbook(path)
    head = wb["基本信息"]
    labels = {head.cell(r, 1).value: r for r in range(2, head.max_row + 1)}
    product = {"resident": "城乡居民基本医疗保险和大病保险", "employee": "城镇职工基本医疗保险和大病保险"}
    put = {"被考核机构": data.get("agency"), "险种": product.get(data.get("product")),
           "考核期起": data.get("period", {}).get("from"), "考核期止": data.get("period", {}).get("to"),
           "合同签订日期": data.get("commitments", {}).get("contract_signed")}
    fee_row = labels.get({"qinhuangdao": "当年经办费", "taicang": "年度服务性收益", "tianjin_ltc": "委托经办服务费"}
                         .get(data["region"]))
    for label, value in put.items():
        if value is not None:
            head.cell(labels[label], 2).value = _cell_value(value)
    if "fee" in data:
        head.cell(fee_row, 2).value = float(Decimal(data["fee"]))
    office = data.get("commitments", {}).get("office", {})
    for key, label in (("promised_area_m2", "承诺办公面积（平方米）"), ("actual_area_m2", "实际办公面积（平方米）"),
                       ("promised_seats", "承诺工位数"), ("actual_seats", "实际工位数")):
        if key in office:
            head.cell(labels[label], 2).value = _cell_value(office[key])
    for key, label in (("organisation", "一、自查组织开展情况"), ("suggestions", "五、工作建议")):
        if key in data.get("report", {}):
            head.cell(labels[next(k for k in labels if k and k.startswith(label[:2]))], 2).value = data["report"][key]
    items = wb["考核项目"]
    cols = _columns(items)
    rows = {items.cell(r, 1).value: r for r in range(2, items.max_row + 1)}
    for item in data.get("inspected", ()):
        items.cell(rows[item], cols["已检查"]).value = "是"
    dims = {"system": "有制度", "implemented": "有落实", "service": "服务好", "note": "评分说明"}
    for item, rating in data.get("ratings", {}).items():
        for key, value in rating.items():
            items.cell(rows[item], cols[dims[key]]).value = _cell_value(value)
    for point, answer in data.get("checklist", {}).items():
        for key, col in (("result", "自查结果"), ("reason", "问题原因说明"), ("rectification", "整改措施")):
            if key in answer:
                value = ANSWERS[answer[key]] if key == "result" else answer[key]
                items.cell(rows[point], cols[col]).value = value
    for group, leaves in data.get("scores", {}).items():
        for leaf, value in leaves.items():
            items.cell(rows[f"{group}:{leaf}"], cols["得分"]).value = _cell_value(value)
    facts = wb["事实"]
    fact_rows = {facts.cell(r, 1).value: r for r in range(2, facts.max_row + 1)}
    for name, value in data.get("facts", {}).items():
        long = value if isinstance(value, dict) else {"value": value}
        for key, col in (("value", 5), ("source", 6), ("detail", 7)):
            if key in long:
                facts.cell(fact_rows[name], col).value = _cell_value(long[key])
    tables = {"发现": data.get("findings", ()), "满意度调查": data.get("survey", ()), "加分": data.get("bonus", ()),
              "基金损失": data.get("fund_losses", ()), "承诺时限": data.get("commitments", {}).get("milestones", ()),
              "承诺人员": data.get("commitments", {}).get("staffing", ())}
    titles = {"id": ("编号", "事项编号"), "description": ("问题描述",), "rules": ("条款编号",), "count": ("件数",),
              "date": ("日期",), "location": ("发现地点",), "reference": ("依据（档案、记录）",), "file_no": ("档案编号",),
              "name": ("姓名",), "id_number": ("身份证号",), "phone": ("电话",), "is_self": ("是否本人",),
              "received_payment": ("是否收到待遇支付款",), "attitude": ("服务态度",), "improvement": ("改进意见",),
              "satisfied": ("综合评价",), "kind": ("加分类别",), "points": ("加分",), "amount": ("金额（元）",),
              "title": ("承诺事项",), "due": ("承诺完成日期",), "done": ("实际完成日期",), "post": ("岗位",),
              "promised": ("承诺人数",), "actual": ("实际人数（月平均）",)}
    kinds = {"featured_service": "特色增值服务（培训、讲座、义诊等）", "green_channel": "重症疑难病绿色通道或担保服务"}
    for sheet, rows_ in tables.items():
        if not rows_:
            continue
        ws = wb[sheet]
        cols = _columns(ws)
        for n, row in enumerate(rows_, start=2):
            for key, value in row.items():
                col = next(cols[t] for t in titles[key] if t in cols)
                if key == "satisfied":
                    value = "满意" if value else "不满意"
                elif key == "kind":
                    value = kinds[value]
                ws.cell(n, col).value = _cell_value(value)
    wb.save(path)


def test_a_filled_template_assesses_as_the_toml_example(tmp_path, example_region):
    region = example_region
    book = template(tmp_path, region)
    fill(book, EXAMPLES[region])
    want = run("--evidence", str(EXAMPLES[region]), "--format", "json")
    got = run("--evidence", str(book), "--format", "json")
    assert got.exit_code == want.exit_code, got.output
    assert doc(got, facts_by_name=True) == doc(want, facts_by_name=True)


@pytest.fixture(params=sorted(EXAMPLES))
def example_region(request):
    return request.param


def test_a_converted_example_assesses_the_same_and_converts_back_to_the_same_evidence(tmp_path, example_region):
    src = EXAMPLES[example_region]
    book, back = tmp_path / "e.xlsx", tmp_path / "e.toml"
    assert run("convert", str(src), "-o", str(book)).exit_code == 0
    want = run("--evidence", str(src), "--format", "json")
    got = run("--evidence", str(book), "--format", "json")
    assert (got.exit_code, doc(got)) == (want.exit_code, doc(want))
    res = run("convert", str(book), "-o", str(back))
    assert res.exit_code == 0, res.output
    assert difference(load_evidence(back), load_evidence(src)) is None
    assert difference(load_evidence(book), load_evidence(src)) is None


def test_an_english_workbook_reads_back_in_english(tmp_path):
    book = template(tmp_path, "taicang", lang="en")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:4] == ["Instructions", "Header", "Items", "Facts"]
    assert [c.value for c in wb["Items"][1]][:4] == ["Id", "Item", "Points", "Inspected"]
    head = wb["Header"]
    head["B2"] = "示例"
    wb["Items"]["D2"] = "Yes"
    wb.save(book)
    res = run("--evidence", str(book), "--format", "json")
    assert res.exit_code == 1
    items = {i["id"]: i for i in json.loads(res.output)["items"]}
    # Taicang's internal management (7 points) was inspected but not rated: still not assessed
    assert not items["internal_management"]["assessed"]


def test_a_workbook_with_its_header_alone_filled_assesses_no_item(tmp_path):
    book = template(tmp_path, "qinhuangdao")
    wb = openpyxl.load_workbook(book)
    head = wb["基本信息"]
    head["B2"], head["B3"], head["B4"] = "某保险公司", "城乡居民基本医疗保险和大病保险", 1500000
    head["B5"], head["B6"] = dt.datetime(2024, 1, 1), dt.datetime(2024, 12, 31)
    wb.save(book)
    res = run("--evidence", str(book), "--format", "json")
    assert res.exit_code == 1
    d = json.loads(res.output)
    assert d["provisional"] and len(d["items"]) == 17 and not any(i["assessed"] for i in d["items"])
    assert len(d["not_assessed"]) == 17  # every item of 附件2 未考核, none given full marks


def test_a_workbook_saved_by_libreoffice_reads_back(tmp_path):
    """Once through LibreOffice: the template filled by openpyxl, then opened and saved as .xlsx by
    `soffice --headless`, assesses as the TOML example, a formula read by the value LibreOffice
    computed."""
    soffice = shutil.which("soffice")
    need(soffice is not None, "no LibreOffice (apt-get install libreoffice-calc)")
    book = template(tmp_path, "qinhuangdao")
    fill(book, EXAMPLES["qinhuangdao"])
    wb = openpyxl.load_workbook(book)
    ws = wb["事实"]
    # a formula LibreOffice computes on saving: read by its cached value, 9 late claims
    ws.cell(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "late_claims"), 5).value = "=4+5"
    wb.save(book)
    out = tmp_path / "lo"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(out), str(book)], check=True, capture_output=True, timeout=300)
    saved = out / book.name
    facts = openpyxl.load_workbook(saved)["事实"]
    assert any(c.value == "=4+5" for c in facts["E"])  # still a formula, now with its value cached
    want = run("--evidence", str(EXAMPLES["qinhuangdao"]), "--format", "json")
    got = run("--evidence", str(saved), "--format", "json")
    assert (got.exit_code, doc(got, True)) == (want.exit_code, doc(want, True))


# -- bad workbooks: one line naming the file, the sheet and the cell; exit 2; nothing written ----

def refused(tmp_path: Path, book: Path, lang: str = "en") -> str:
    out = tmp_path / "out.json"
    res = CliRunner().invoke(main, ["--evidence", str(book), "--format", "json", "-o", str(out), "--lang", lang],
                             catch_exceptions=False)
    assert res.exit_code == 2, res.output
    assert not out.exists()
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output
    assert str(book) in lines[0]
    return lines[0]


def filled(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    book = template(tmp_path, "qinhuangdao")
    fill(book, EXAMPLES["qinhuangdao"])
    return book, openpyxl.load_workbook(book)


def test_bytes_that_are_no_zip_are_refused(tmp_path):
    book = tmp_path / "2025.xlsx"
    book.write_text("agency = 'x'\n")
    assert "not a zip archive" in refused(tmp_path, book)


def test_a_password_protected_workbook_says_to_remove_the_password(tmp_path):
    # an encrypted OOXML file is an OLE compound file holding the stream EncryptedPackage
    book = tmp_path / "2025.xlsx"
    book.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le"))
    line = refused(tmp_path, book)
    assert "password-protected" in line
    assert "密码" in refused(tmp_path, book, lang="zh")


def test_an_xls_workbook_says_how_to_convert_it(tmp_path):
    book = tmp_path / "2025.xls"
    book.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "Workbook".encode("utf-16-le"))
    assert "Save As" in refused(tmp_path, book) and "另存为" in refused(tmp_path, book, lang="zh")


def test_a_renamed_sheet_is_named_with_the_sheet_it_should_be(tmp_path):
    book, wb = filled(tmp_path)
    wb["发现"].title = "发现问题"
    wb.save(book)
    line = refused(tmp_path, book)
    assert f"{book}: 发现问题: " in line and "'发现'" in line


def test_a_missing_sheet_is_named(tmp_path):
    book, wb = filled(tmp_path)
    del wb["事实"]
    wb.save(book)
    assert f"{book}: 事实: the sheet is missing" in refused(tmp_path, book)


def test_rows_inserted_above_the_header_are_found(tmp_path):
    book, wb = filled(tmp_path)
    wb["发现"].insert_rows(1, 2)
    wb.save(book)
    assert f"{book}: 发现!A3: the header is in row 3" in refused(tmp_path, book)


def test_merged_cells_in_the_input_area_are_refused(tmp_path):
    book, wb = filled(tmp_path)
    wb["发现"].merge_cells("B3:C3")
    wb.save(book)
    assert f"{book}: 发现!B3: merged cells B3:C3" in refused(tmp_path, book)


def test_an_unknown_clause_is_named_by_its_cell_with_the_items_clauses(tmp_path):
    book, wb = filled(tmp_path)
    wb["发现"]["C5"] = "5（9）"  # F-04 (row 5) under a clause item 5 of 附件2 does not have
    wb.save(book)
    assert refused(tmp_path, book, lang="zh") == \
        f"assess：错误：{book}: 发现!C5：未知的条款“5（9）”；项目 5 的条款为 5.1、5.2、5.3、5.4、5.6"
    assert refused(tmp_path, book).endswith(f"{book}: 发现!C5: unknown clause '5（9）'; item 5 has 5.1, 5.2, 5.3, 5.4, 5.6")


def test_an_unknown_item_id_is_named_by_its_cell(tmp_path):
    book, wb = filled(tmp_path)
    ws = wb["考核项目"]
    ws.protection.sheet = False
    ws["A3"] = "99"
    wb.save(book)
    assert f"{book}: 考核项目!A3: unknown item '99'" in refused(tmp_path, book)


def test_text_in_a_number_cell_is_named(tmp_path):
    book, wb = filled(tmp_path)
    wb["事实"]["E2"] = "九件"  # service_outlets_missing, the first fact 附件2 uses
    wb.save(book)
    assert f"{book}: 事实!E2: expected a whole number, found '九件'" in refused(tmp_path, book)


def test_a_date_in_a_year_the_calendar_does_not_know_is_named(tmp_path):
    book, wb = filled(tmp_path)
    wb["发现"]["E2"] = dt.datetime(1924, 11, 12)  # 24 typed for 2024
    wb.save(book)
    line = refused(tmp_path, book)
    assert f"{book}: 发现!E2: the date 1924-11-12 is in 1924, a year the working-day calendar does not know" in line


def test_a_formula_never_computed_is_named_and_a_computed_one_is_read(tmp_path):
    book, wb = filled(tmp_path)
    wb["事实"]["E2"] = "=4+5"  # openpyxl saves no cached value
    wb.save(book)
    assert f"{book}: 事实!E2: the cell holds a formula that was never computed" in refused(tmp_path, book)


def test_an_ambiguous_text_date_is_refused_by_its_cell(tmp_path):
    book, wb = filled(tmp_path)
    wb["发现"]["E2"] = "11/12/2024"
    wb.save(book)
    assert f"{book}: 发现!E2: the date '11/12/2024' could be read month-first or day-first" in refused(tmp_path, book)


def test_an_empty_required_cell_is_named(tmp_path):
    book, wb = filled(tmp_path)
    wb["发现"]["B2"] = None  # F-01's description
    wb.save(book)
    assert f"{book}: 发现!B2: must be filled in" in refused(tmp_path, book)


def test_numbers_and_dates_as_inspectors_type_them_are_read(tmp_path):
    """Full-width digits, a count typed as text, text dates and an Excel serial date give the
    same result as the example (Qinhuangdao: F-02 3 cases, late_claims 9)."""
    book, wb = filled(tmp_path)
    wb["发现"]["D3"] = "３"  # F-02, 3 cases, full-width
    wb["发现"]["E2"] = "2024年11月12日"
    wb["发现"]["E3"] = "2024/11/13"
    wb["发现"]["E4"] = 45609  # 2024-11-13 as Excel counts days
    ws = wb["事实"]
    ws.cell(next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "late_claims"), 5).value = " 9 "
    wb.save(book)
    got = run("--evidence", str(book), "--format", "json")
    want = run("--evidence", str(EXAMPLES["qinhuangdao"]), "--format", "json")
    assert (got.exit_code, doc(got, True)) == (want.exit_code, doc(want, True))


@pytest.mark.parametrize("raw, want", [("１２", 12), (" 12 ", 12), (12.0, 12), ("1,200", 1200)])
def test_a_count_typed_any_unambiguous_way(raw, want):
    assert cells.count(raw) == want


@pytest.mark.parametrize("raw", ["12.5", 12.5, "十二", "1,2"])
def test_a_count_that_is_not_whole_is_refused(raw):
    with pytest.raises(BadValue):
        cells.count(raw)


@pytest.mark.parametrize("raw, percent, want", [
    ("０.９５", False, "0.95"), ("95%", True, "0.95"), (0.83, False, "0.83"), (1.0, False, "1"),
    ("1,500,000.00", False, "1500000.00")])
def test_a_decimal_typed_any_unambiguous_way(raw, percent, want):
    assert cells.decimal(raw, percent=percent) == want


@pytest.mark.parametrize("raw, want", [
    ("2024-05-10", dt.date(2024, 5, 10)), ("2024/5/10", dt.date(2024, 5, 10)), ("2024年5月10日", dt.date(2024, 5, 10)),
    ("２０２４年５月１０日", dt.date(2024, 5, 10)), ("20240510", dt.date(2024, 5, 10)), (45422, dt.date(2024, 5, 10))])
def test_a_date_typed_any_unambiguous_way(raw, want):
    assert cells.date(raw, (2024,)) == want


@pytest.mark.parametrize("raw", ["5/10/2024", "10.5.24", "2024-02-30", "next monday"])
def test_a_date_that_could_be_two_or_none_is_refused(raw):
    with pytest.raises(BadValue):
        cells.date(raw, (2024,))


# -- convert: the same evidence both ways, over generated evidence -------------------------------

QHD_CLAUSES = ("1.4b", "4.1", "5.2", "5.3", "6.2", "6.3", "11.2", "15.2", "5(3)", "5（3）")
TEXT = st.text(st.sampled_from("检查档案未付网点医院结算abc XYZ-0123（）、，。/#=\"'\\"), min_size=1, max_size=20) \
    .filter(lambda s: s.strip() == s and s.strip())
DECIMALS = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False).map(str)
DATES = st.dates(dt.date(2016, 1, 1), dt.date(2025, 12, 31))


@st.composite
def qinhuangdao_evidence(draw) -> dict:
    ids = draw(st.lists(st.text("F0123456789-", min_size=1, max_size=6).filter(lambda s: s.strip() == s),
                        unique=True, max_size=4))
    findings = []
    for fid in ids:
        f = {"id": fid, "rules": draw(st.lists(st.sampled_from(QHD_CLAUSES[:8]), min_size=1, max_size=2, unique=True)),
             "description": draw(TEXT)}
        for key, strategy in (("count", st.integers(1, 50)), ("date", DATES), ("location", TEXT),
                              ("reference", TEXT)):
            if draw(st.booleans()):
                f[key] = draw(strategy)
        findings.append(f)
    data = {"schema": 1, "region": "qinhuangdao", "agency": draw(TEXT),
            "product": draw(st.sampled_from(["resident", "employee"])), "fee": draw(DECIMALS),
            "inspected": draw(st.lists(st.sampled_from([str(n) for n in range(1, 18)]), unique=True)),
            "period": {"from": dt.date(2024, 1, 1), "to": dt.date(2024, 12, 31)}}
    if findings:
        data["findings"] = findings
    facts = {}
    for name in draw(st.lists(st.sampled_from(["late_claims", "complaints_verified", "monthly_reports_late",
                                               "staff_monthly_avg", "staff_medical_share"]), unique=True)):
        value = draw(st.integers(0, 99)) if name not in ("staff_monthly_avg", "staff_medical_share") else \
            str(draw(st.decimals(0, 1, places=draw(st.integers(0, 3)))))
        facts[name] = {"value": value, "source": draw(TEXT)} if draw(st.booleans()) else value
    if facts:
        data["facts"] = facts
    survey = [{"satisfied": draw(st.booleans()), "name": draw(TEXT), "id_number": draw(st.text("0123456789X", min_size=18,
                                                                                             max_size=18)),
               **({"is_self": draw(st.booleans())} if draw(st.booleans()) else {})}
              for _ in range(draw(st.integers(0, 3)))]
    if survey:
        data["survey"] = survey
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=qinhuangdao_evidence())
def test_convert_gives_the_same_evidence_both_ways(tmp_path, data):
    src, book, back = tmp_path / "g.toml", tmp_path / "g.xlsx", tmp_path / "g2.toml"
    src.write_text(toml_text(data), encoding="utf-8")
    book.write_bytes(toml_to_workbook(src, book, "zh", None, None))
    assert difference(load_evidence(book), load_evidence(src)) is None
    back.write_text(workbook_to_toml(book, back, None), encoding="utf-8")
    assert difference(load_evidence(back), load_evidence(src)) is None


# -- every way the evidence is used: compare, include, --ledgers, --option ------------------------

def _both(tmp_path: Path, toml: str) -> tuple[Path, Path]:
    src, book = tmp_path / "e.toml", tmp_path / "e.xlsx"
    src.write_text(toml, encoding="utf-8")
    res = run("convert", str(src), "-o", str(book), lang="zh")
    assert res.exit_code == 0, res.output
    return src, book


def _same_json(*args: str, src: Path, book: Path, compare: bool = False) -> None:
    """The JSON of the command with the workbook is the TOML's (its file name and digest aside)."""
    def of(evidence: Path):
        line = ["compare", *args, "-e", str(evidence)] if compare else ["--evidence", str(evidence), *args]
        return run(*line, "--format", "json")

    got, want = of(book), of(src)
    assert got.exit_code == want.exit_code, got.output
    strip = lambda text: text.replace(str(book), "F").replace(str(src), "F")  # noqa: E731
    a, b = json.loads(strip(got.output)), json.loads(strip(want.output))
    for d in (a, b):
        d.pop("inputs_sha256", None)
        for r in d.get("regions", ()):  # compare: one entry per region
            r.pop("inputs_sha256")
    assert a == b


def test_compare_reads_a_workbook_as_its_toml(tmp_path):
    src = tmp_path / "e.toml"
    shutil.copy(EXAMPLES["qinhuangdao"], src)
    book = tmp_path / "e.xlsx"
    assert run("convert", str(src), "-o", str(book)).exit_code == 0
    _same_json("--regions", "qinhuangdao,taicang", src=src, book=book, compare=True)


def test_an_included_facts_file_and_an_option_work_as_with_toml(tmp_path):
    (tmp_path / "facts-2024.toml").write_text(
        'schema = 1\nregion = "qinhuangdao"\ngenerated_by = "assess collect"\n[facts]\nlate_claims = 9\n'
        "late_claims_vulnerable = 2\n", encoding="utf-8")
    text = EXAMPLES["qinhuangdao"].read_text(encoding="utf-8")
    text = text.replace("late_claims = 9 ", "# ").replace("late_claims_vulnerable = 2 ", "# ")
    text = text.replace('fee = "1500000.00"', 'fee = "1500000.00"\ninclude = ["facts-2024.toml"]')
    src, book = _both(tmp_path, text)
    wb = openpyxl.load_workbook(book)
    head = wb["基本信息"]
    assert [head.cell(r, 2).value for r in range(2, head.max_row + 1)
            if head.cell(r, 1).value == "事实文件（assess collect 输出）"] == ["facts-2024.toml"]
    _same_json("--region", "qinhuangdao", src=src, book=book)
    _same_json("--region", "qinhuangdao", "--option", "pass_band_reference=from_80", src=src, book=book)


def test_ledgers_are_counted_for_a_workbook_as_for_its_toml(tmp_path):
    res = CliRunner().invoke(main, ["demo-data", "--claims", "300", "--seed", "3", "-o", str(tmp_path / "ledgers")])
    assert res.exit_code == 0, res.output
    text = ('schema = 1\nregion = "qinhuangdao"\nagency = "某公司"\nproduct = "resident"\nfee = "1000000.00"\n'
            'inspected = ["1", "2", "3"]\n[period]\nfrom = 2024-01-01\nto = 2024-12-31\n')
    src, book = _both(tmp_path, text)
    _same_json("--ledgers", str(tmp_path / "ledgers"), src=src, book=book)


TAICANG_ITEMS = ("internal_management", "staffing", "conduct", "benefit_payout", "remote_audit")
KAIFENG_POINTS = ("1.1", "1.4", "2.2", "3.2", "4.3")


@st.composite
def dimensions_and_checklist_evidence(draw) -> dict:
    """Taicang's ratings and bonus claims, or Kaifeng's checklist answers and report."""
    if draw(st.booleans()):
        data = {"schema": 1, "region": "taicang", "agency": draw(TEXT), "fee": draw(DECIMALS),
                "period": {"from": dt.date(2024, 1, 1), "to": dt.date(2024, 12, 31)}}
        ratings = {}
        for item in draw(st.lists(st.sampled_from(TAICANG_ITEMS), unique=True)):
            dims = draw(st.lists(st.sampled_from(["system", "implemented", "service"]), unique=True, min_size=1))
            ratings[item] = {d: str(draw(st.decimals(0, 1, places=draw(st.integers(0, 2))))) for d in dims}
            if draw(st.booleans()):
                ratings[item]["note"] = draw(TEXT)
        if ratings:
            data["ratings"] = ratings
        bonus = [{"kind": draw(st.sampled_from(["innovation", "featured_service", "green_channel"])),
                  "points": str(draw(st.decimals(0, 2, places=1))), "description": draw(TEXT)}
                 for _ in range(draw(st.integers(0, 2)))]
        if bonus:
            data["bonus"] = bonus
        return data
    data = {"schema": 1, "region": "kaifeng_checklist", "agency": draw(TEXT),
            "period": {"from": dt.date(2018, 1, 1), "to": dt.date(2020, 8, 31)}}
    answers = {}
    for point in draw(st.lists(st.sampled_from(KAIFENG_POINTS), unique=True)):
        answers[point] = {"result": draw(st.sampled_from(["compliant", "partly", "non_compliant", "not_applicable"]))}
        for key in ("reason", "rectification"):
            if draw(st.booleans()):
                answers[point][key] = draw(TEXT)
    if answers:
        data["checklist"] = answers
    if draw(st.booleans()):
        data["report"] = {"organisation": draw(TEXT)}
    return data


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=dimensions_and_checklist_evidence())
def test_convert_gives_the_same_ratings_answers_and_bonus_both_ways(tmp_path, data):
    src, book, back = tmp_path / "g.toml", tmp_path / "g.xlsx", tmp_path / "g2.toml"
    src.write_text(toml_text(data), encoding="utf-8")
    book.write_bytes(toml_to_workbook(src, book, "en", None, None))
    assert difference(load_evidence(book), load_evidence(src)) is None
    back.write_text(workbook_to_toml(book, back, None), encoding="utf-8")
    assert difference(load_evidence(back), load_evidence(src)) is None


def test_a_year_a_calendar_file_adds_is_a_year_a_date_may_fall_in(tmp_path):
    """2027 is not in the built-in calendar (docs/calendar.md); `--calendar` adding it lets a
    finding be dated in it."""
    book, wb = filled(tmp_path)
    wb["发现"]["E2"] = dt.datetime(2027, 3, 1)
    wb.save(book)
    assert "the date 2027-03-01 is in 2027" in refused(tmp_path, book)
    cal = tmp_path / "cal.toml"
    cal.write_text('[years.2027]\nsource = "国务院办公厅关于2027年部分节假日安排的通知（test）"\n'
                   "holidays = [2027-01-01]\n", encoding="utf-8")
    res = run("--evidence", str(book), "--calendar", str(cal), "--format", "json")
    assert res.exit_code == 0, res.output
    finding = next(d for i in json.loads(res.output)["items"] for d in i["deductions"] if d["finding"] == "F-01")
    # 附件2 1(4): 0.5 a part-time window clerk, as in the example; dated as the workbook says
    assert (finding["points"], finding["evidence"].endswith("2027-03-01")) == ("0.50", True)
