"""Ledgers as agencies export them (issue 13): Chinese column names, 是/否 and 满意/不满意, product
and category titles, dates as text or Excel serial numbers, and XLSX workbooks; on DuckDB and on
Spark. Each export below is the hand-built ledger of tests/test_ledgers.py written another way, so
its facts are the ones worked out there by hand (秦医保〔2023〕91号 附件2 items 7, 8, 12, 6(1),
14(1)); and the bad workbooks an agency may hand over, each refused with one line."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.api import rules
from jingban.cli import main
from jingban.errors import InputError
from jingban.evidence import Period
from jingban.ledgers.collect import collect_facts
from jingban.ledgers.engines import DuckDBEngine
from jingban.ledgers.schema import LEDGERS
from test_ledgers import CLAIMS, HOSPITALS, REPORTS, STAFF, SURVEY, cal, engine  # noqa: F401 (fixtures)

YEAR = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's serial dates


def serial(text: str) -> str:
    return str((dt.date.fromisoformat(text) - EPOCH).days)


def rows_of(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


def chinese(ledger: str, text: str) -> list[list[str]]:
    """A ledger of tests/test_ledgers.py with its header in Chinese (docs/ledgers.md's table)."""
    rows = rows_of(text)
    led = LEDGERS[ledger]
    rows[0] = [led.column(name).zh for name in rows[0]]
    return rows


def agency_claims() -> list[list[str]]:
    """CLAIMS as an agency's system writes it: Chinese header, 城乡居民 for resident, 其他 / 低保对象 /
    五保 for the categories, 是/否, and the dates in each written form: 2024/2/5, 2024年3月8日,
    Excel serial numbers. Row 10's payment month 13 stays unreadable in its written form."""
    rows = chinese("claims", CLAIMS)
    titles = {"resident": "城乡居民", "other": "其他", "dibao": "低保对象", "wubao": "五保",
              "true": "是", "false": "否"}
    forms = [lambda d: d.replace("-0", "/").replace("-", "/"),
             lambda d: f"{int(d[:4])}年{int(d[5:7])}月{int(d[8:])}日",
             serial, lambda d: d]
    out = [rows[0]]
    for i, row in enumerate(rows[1:]):
        cells = [titles.get(v, v) for v in row]
        for col in (4, 5):  # submitted, paid
            if cells[col] and cells[col] != "2024-13-01":
                cells[col] = forms[(i + col) % len(forms)](cells[col])
        if cells[5] == "2024-13-01":
            cells[5] = "2024年13月1日"
        out.append(cells)
    return out


def csv_of(rows: list[list[str]]) -> str:
    return "".join(",".join(r) + "\n" for r in rows)


def write_csv(folder: Path, **ledgers: list[list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in ledgers.items():
        (folder / f"{name}.csv").write_text(csv_of(rows), encoding="utf-8")
    return folder


def write_xlsx(path: Path, rows: list[list], sheet: str = "Sheet1", above: list | None = None,
               more_sheets: tuple[str, ...] = ()) -> Path:
    """A workbook as Excel saves one: dates as date cells, numbers as numbers, TRUE/FALSE as booleans."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    for other in more_sheets:
        wb.add_worksheet(other).write_row(0, 0, ["说明"])
    ws = wb.add_worksheet(sheet)
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    start = 0
    if above is not None:
        ws.write_row(0, 0, above)
        start = 1
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(start + r, c, dt.datetime(value.year, value.month, value.day), date)
            elif value is not None and value != "":
                ws.write(start + r, c, value)
    wb.close()
    return path


def excel_cells(rows: list[list[str]]) -> list[list]:
    """Rows as an export puts them in cells: ISO dates as date cells, true/false as booleans,
    amounts as numbers; the rest as text."""
    out = [rows[0]]
    for row in rows[1:]:
        cells: list = []
        for v in row:
            if len(v) == 10 and v[4] == "-" and v != "2024-13-01":
                cells.append(dt.date.fromisoformat(v))
            elif v in ("true", "false"):
                cells.append(v == "true")
            elif v.replace(".", "").isdigit() and "." in v:
                cells.append(float(v))
            else:
                cells.append(v)
        out.append(cells)
    return out


def facts_of(col):
    return {f.name: f.value for f in col.facts}


def problems(col):
    return sorted((p.kind, p.column, p.count, p.rows) for p in col.problems)


# the problems tests/test_ledgers.py::test_qinhuangdao_facts finds in CLAIMS, by their rows
CLAIMS_PROBLEMS = [("duplicate_id", "claim_id", 1, (8,)), ("paid_before_submitted", "paid", 1, (9,)),
                   ("unparseable", "paid", 1, (10,))]


def check_qinhuangdao(col) -> None:
    """附件2 item 7: C2, C4 (dibao, so vulnerable) and C6 late, as in test_qinhuangdao_facts."""
    f = facts_of(col)
    assert (f["late_claims"], f["late_claims_vulnerable"]) == (3, 1)
    assert problems(col) == CLAIMS_PROBLEMS


# ---- Chinese column names and values ------------------------------------------------------

def test_the_agency_export_of_the_claims_gives_the_hand_counted_facts(engine, cal, tmp_path):
    folder = write_csv(tmp_path / "l", claims=agency_claims())
    check_qinhuangdao(collect_facts(rules("qinhuangdao"), folder, YEAR, engine, cal, wanted={
        "late_claims", "late_claims_vulnerable"}))


def test_a_parquet_export_with_chinese_column_names(engine, cal, tmp_path):
    """The same export as Parquet, its columns named in Chinese and typed where Parquet can (dates,
    booleans, amounts), the codes as titles: the same facts."""
    import duckdb

    src = write_csv(tmp_path / "src", claims=agency_claims()) / "claims.csv"
    folder = tmp_path / "l"
    folder.mkdir()
    con = duckdb.connect()
    con.execute(f"""COPY (SELECT * REPLACE (CASE WHEN 是否市内 = '是' THEN TRUE ELSE FALSE END AS 是否市内,
                                       CAST(申请金额 AS DECIMAL(18,2)) AS 申请金额)
                         FROM read_csv('{src}', all_varchar = true))
                    TO '{folder / "claims.parquet"}' (FORMAT parquet)""")
    con.close()
    check_qinhuangdao(collect_facts(rules("qinhuangdao"), folder, YEAR, engine, cal, wanted={
        "late_claims", "late_claims_vulnerable"}))


def test_the_survey_with_annex_1s_headers_and_its_words(engine, cal, tmp_path):
    """附件1's columns (档案编号 ... 综合评价) and its words 满意 / 不满意: A-2 dissatisfied, 1 of 3 (item 8)."""
    rows = chinese("survey", SURVEY)
    for row in rows[1:]:
        row[-1] = "满意" if row[-1] == "true" else "不满意"
    col = collect_facts(rules("qinhuangdao"), write_csv(tmp_path / "l", survey=rows), YEAR, engine, cal,
                        wanted={"survey_answers", "survey_dissatisfied"})
    assert facts_of(col) == {"survey_answers": 3, "survey_dissatisfied": 1}


def test_months_written_as_agencies_write_them(engine, cal, tmp_path):
    """The roster's months as 2024年1月 and 2024/2, the batches' as the date 2024-01-01 Excel makes of
    a typed 2024-01: item 12 still 3 person-months / 2 months -> 1; item 6(1) H2 unreviewed."""
    staff = chinese("staff", STAFF)
    for row in staff[1:]:
        row[0] = "2024年1月" if row[0] == "2024-01" else "2024/2"
    hosp = chinese("hospital_settlements", HOSPITALS)
    for row in hosp[1:]:
        row[1] = row[1] + "-01"
    col = collect_facts(rules("qinhuangdao"), write_csv(tmp_path / "l", staff=staff, hospital_settlements=hosp),
                        YEAR, engine, cal, wanted={"staff_medical_fulltime", "hospital_settlements_unreviewed"})
    assert facts_of(col) == {"staff_medical_fulltime": 1, "hospital_settlements_unreviewed": 1}


def test_special_audits_against_settlements_in_chinese_and_in_a_workbook(engine, cal, tmp_path):
    """开封 清单 5.4, as test_kaifeng_facts: H1 audited in 2024, H2 in 2023, H3 never: 2 without. The
    settlements are read only for their institutions, here from a workbook with a Chinese header."""
    folder = write_csv(tmp_path / "l", special_audits=chinese("special_audits", "institution,date\nH1,2024/5/1\n"
                                                                                "H2,2023年11月1日\n"))
    write_xlsx(folder / "hospital_settlements.xlsx", excel_cells(chinese("hospital_settlements", HOSPITALS)))
    col = collect_facts(rules("kaifeng_checklist"), folder, YEAR, engine, cal,
                        wanted={"institutions_without_special_audit"})
    assert facts_of(col) == {"institutions_without_special_audit": 2}


@pytest.mark.parametrize("written", ["5/10/2024", "10.5.2024", "2024年5月", "2024-5-10-1", "45", "2024-02-30"])
def test_a_date_that_is_ambiguous_or_no_date_is_unreadable(engine, cal, tmp_path, written):
    """Day-first or month-first (5/10/2024), a month where a day is wanted, a serial number before
    1900-03-01 (Excel's count is wrong before it), Feb 30: an unreadable value of row 1, never a guess."""
    rows = chinese("claims", CLAIMS)[:2]
    rows[1][4] = written
    col = collect_facts(rules("qinhuangdao"), write_csv(tmp_path / "l", claims=rows), YEAR, engine, cal,
                        wanted={"late_claims"})
    assert problems(col) == [("unparseable", "submitted", 1, (1,))]


def test_strict_makes_an_unreadable_written_date_an_error(cal, tmp_path):
    """--strict as for any ledger: the first problem of the agency's export (row 8 repeats C1) is
    the error, named by file and row."""
    folder = write_csv(tmp_path / "l", claims=agency_claims())
    with pytest.raises(InputError) as e:
        collect_facts(rules("qinhuangdao"), folder, YEAR, DuckDBEngine(), cal, strict=True, wanted={"late_claims"})
    assert e.value.line("en").startswith(f"{folder / 'claims.csv'}: row 8: ")


def test_an_unknown_title_is_an_unknown_code(engine, cal, tmp_path):
    """A product title the rules do not give (职工医保) is an unknown code, set aside and named."""
    rows = agency_claims()[:3]
    rows[2][1] = "职工医保"
    col = collect_facts(rules("qinhuangdao"), write_csv(tmp_path / "l", claims=rows), YEAR, engine, cal,
                        wanted={"late_claims"})
    assert problems(col) == [("unknown_code", "product", 1, (2,))]


def test_kaifeng_products_by_their_titles(engine, cal, tmp_path):
    """开封 清单 4.3: manual reimbursements (基本医疗保险) within 30 working days: C4 late, as in
    test_kaifeng_facts; maternity (生育保险) none."""
    rows = agency_claims()
    for row in rows[1:]:
        row[1] = "基本医疗保险"
    col = collect_facts(rules("kaifeng_checklist"), write_csv(tmp_path / "l", claims=rows), YEAR, engine, cal,
                        wanted={"late_claims", "late_maternity_claims"})
    assert facts_of(col) == {"late_claims": 1, "late_maternity_claims": 0}


@pytest.mark.parametrize("header,en", [
    (["理赔编号", "claim_id"], "'理赔编号' and 'claim_id' in the header are the same column; remove one of them"),
    (["理赔编号", "product"], "the header mixes Chinese column names ('理赔编号') and English ones ('product'); "
                             "use one language (docs/ledgers.md lists both)"),
])
def test_a_header_naming_a_column_twice_or_mixing_languages_is_refused(cal, tmp_path, header, en):
    folder = tmp_path / "l"
    folder.mkdir()
    (folder / "claims.csv").write_text(",".join(header) + "\nC1,x\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        collect_facts(rules("qinhuangdao"), folder, YEAR, DuckDBEngine(), cal, wanted={"late_claims"})
    assert e.value.line("en") == f"{folder / 'claims.csv'}: {en}"


def test_every_column_has_one_chinese_name_of_its_own():
    for ledger in LEDGERS.values():
        names = [c.zh for c in ledger.columns]
        assert all(names) and len(set(names)) == len(names), ledger.name
    # annex 1's own headers (秦医保〔2023〕91号 附件1)
    assert [c.zh for c in LEDGERS["survey"].columns] == [
        "档案编号", "参保人姓名", "身份证号码", "联系电话", "是否本人", "是否收到待遇支付款", "工作人员服务态度如何",
        "有何认为需要改进的地方", "综合评价"]


# ---- XLSX ledgers -------------------------------------------------------------------------

def test_an_xlsx_claims_ledger_gives_the_hand_counted_facts(engine, cal, tmp_path):
    """CLAIMS as a workbook: date cells, booleans, amounts as numbers; in English and, in a second
    workbook, with the agency's Chinese header and titles (its dates text and serial numbers)."""
    want = {"late_claims", "late_claims_vulnerable"}
    english = write_xlsx(tmp_path / "en" / "claims.xlsx", excel_cells(rows_of(CLAIMS)))
    check_qinhuangdao(collect_facts(rules("qinhuangdao"), english.parent, YEAR, engine, cal, wanted=want))
    agency = agency_claims()
    cells = [agency[0]] + [[float(v) if v.isdigit() and len(v) == 5 else v for v in row] for row in agency[1:]]
    zh = write_xlsx(tmp_path / "zh" / "claims.xlsx", cells, sheet="理赔")
    col = collect_facts(rules("qinhuangdao"), zh.parent, YEAR, engine, cal, wanted=want)
    check_qinhuangdao(col)
    late = next(f for f in col.facts if f.name == "late_claims")
    from jingban.messages import say

    assert say(late.source, "zh").startswith("claims.xlsx（工作表 理赔）：读取 10 行")
    assert say(late.source, "en").startswith("claims.xlsx (sheet 理赔): 10 rows read")


def test_the_sheet_named_for_the_ledger_is_read_else_the_first(cal, tmp_path):
    """A workbook whose first sheet is 说明 and whose survey is on the sheet 参保人员满意度调查表 (the
    ledger's title) reads that sheet: 1 dissatisfied of 3; with no sheet of that name, the first."""
    rows = excel_cells(rows_of(SURVEY))
    path = write_xlsx(tmp_path / "a" / "survey.xlsx", rows, sheet="参保人员满意度调查表", more_sheets=("说明",))
    eng = DuckDBEngine()
    col = collect_facts(rules("qinhuangdao"), path.parent, YEAR, eng, cal, wanted={"survey_dissatisfied"})
    assert facts_of(col) == {"survey_dissatisfied": 1}
    path = write_xlsx(tmp_path / "b" / "survey.xlsx", rows, sheet="导出", more_sheets=())
    col = collect_facts(rules("qinhuangdao"), path.parent, YEAR, eng, cal, wanted={"survey_dissatisfied"})
    assert facts_of(col) == {"survey_dissatisfied": 1}
    eng.close()


def encrypted_ole() -> bytes:
    """The start of an OLE compound file whose directory names an EncryptionInfo stream, as an XLSX
    saved with a password is (ECMA-376 part 2: the encrypted package inside an OLE container)."""
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le")
            + bytes(512))


def damaged_zip(tmp_path: Path) -> bytes:
    p = tmp_path / "z.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return p.read_bytes()


def xlsx_bytes(tmp_path: Path, rows: list[list], **kw) -> bytes:
    return write_xlsx(tmp_path / "x" / "w.xlsx", rows, **kw).read_bytes()


BAD = [
    ("survey.xlsx", lambda t: b"file_no,satisfied\nA-1,true\n",
     "is not an XLSX workbook (an XLSX file is a zip archive, this one is not); "
     "save it from Excel or WPS as 'Excel Workbook (*.xlsx)'"),
    ("survey.xlsx", lambda t: encrypted_ole(),
     "the workbook is protected by a password and cannot be read; remove the password in Excel or WPS "
     "(File > Info > Protect Workbook) and save it again"),
    ("survey.xlsx", lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
     "is an old Excel 97-2003 workbook (.xls), which is not read; save it as 'Excel Workbook (*.xlsx)' in "
     "Excel or WPS, or run soffice --headless --convert-to xlsx FILE"),
    ("survey.xls", lambda t: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
     "is an old Excel 97-2003 workbook (.xls), which is not read; save it as 'Excel Workbook (*.xlsx)' in "
     "Excel or WPS, or run soffice --headless --convert-to xlsx FILE"),
    ("survey.xlsx", damaged_zip,
     "cannot be read as an XLSX workbook (it may be damaged); open it in Excel or WPS and save it as .xlsx again"),
    ("survey.xlsx", lambda t: xlsx_bytes(t, rows_of(SURVEY), above=["参保人员满意度调查表"]),
     "sheet Sheet1, row 1: this is not the header: it names none of the ledger's columns; the header must be "
     "on row 1, delete any title rows above it (docs/ledgers.md lists the names)"),
    ("survey.xlsx", lambda t: xlsx_bytes(t, []),
     "sheet Sheet1: the sheet is empty: no header row; a ledger's first row holds its column names (docs/ledgers.md)"),
    ("survey.xlsx", lambda t: xlsx_bytes(t, [["file_no", "satisfied", "file_no"], ["A-1", "是", "A-2"]]),
     "sheet Sheet1, column file_no: appears twice in the header; remove or rename one of the two columns"),
    ("survey.xlsx", lambda t: xlsx_bytes(t, [["档案编号", "satisfied"], ["A-1", "是"]]),
     "the header mixes Chinese column names ('档案编号') and English ones ('satisfied'); use one language "
     "(docs/ledgers.md lists both)"),
]


@pytest.mark.parametrize("name,data,en", BAD, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(BAD)])
def test_a_bad_workbook_is_one_line_naming_file_and_sheet(cal, tmp_path, name, data, en):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / name).write_bytes(data(tmp_path))
    eng = DuckDBEngine()
    with pytest.raises(InputError) as e:
        collect_facts(rules("qinhuangdao"), folder, YEAR, eng, cal, wanted={"survey_dissatisfied"})
    eng.close()
    assert e.value.line("en") == f"{folder / name}: {en}"
    zh = e.value.line("zh")
    assert "\n" not in zh and zh.startswith(str(folder / name))


def test_a_bad_workbook_exits_2_writing_nothing(tmp_path):
    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / "survey.xlsx").write_bytes(encrypted_ole())
    out = tmp_path / "facts.toml"
    r = CliRunner(env={"JINGBAN_LANG": "en"}).invoke(main, [
        "collect", "-r", "qinhuangdao", "--ledgers", str(folder), "--year", "2024", "-o", str(out)])
    assert r.exit_code == 2 and not out.exists()
    assert r.stderr.strip().splitlines() == [
        f"assess: error: {folder / 'survey.xlsx'}: the workbook is protected by a password and cannot be read; "
        "remove the password in Excel or WPS (File > Info > Protect Workbook) and save it again"]


def test_a_real_xls_file_is_refused_with_how_to_convert_it(cal, tmp_path):
    """An .xls saved by LibreOffice (a real Excel 97-2003 file, not made-up bytes)."""
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    src = write_xlsx(tmp_path / "src" / "survey.xlsx", excel_cells(rows_of(SURVEY)))
    folder = tmp_path / "ledgers"
    folder.mkdir()
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(folder), str(src)],
                   check=True, capture_output=True, timeout=120)
    with pytest.raises(InputError) as e:
        collect_facts(rules("qinhuangdao"), folder, YEAR, DuckDBEngine(), cal, wanted={"survey_dissatisfied"})
    assert "is an old Excel 97-2003 workbook (.xls)" in e.value.line("en")


# ---- product titles in the rules --------------------------------------------------------------

QHD_RULES = Path(__file__).resolve().parents[1] / "plugins/qinhuangdao/src/jingban_qinhuangdao/rules.toml"


@pytest.mark.parametrize("titles,en", [
    ('{ resident = ["城乡居民"], retired = ["退休"] }',
     "'retired' is not a product code of the ledger ([ledger] products: resident, employee)"),
    ('{ resident = ["城乡居民"], employee = ["城乡居民"] }',
     "the product title '城乡居民' is given twice; a title stands for one code"),
])
def test_a_product_title_for_no_code_or_two_is_refused(tmp_path, titles, en):
    from jingban.rulesfile import load_rules

    text = QHD_RULES.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("product_titles = "))
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, f"product_titles = {titles}"), encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_rules(path)
    assert e.value.line("en").endswith(en)
    assert "ledger.product_titles" in e.value.line("en")


# ---- demo-data --format xlsx --------------------------------------------------------------

def test_demo_data_as_xlsx_counts_what_the_parquet_of_the_same_seed_counts(tmp_path, cal):
    """The same synthetic claims written as an agency's workbook (Chinese header, date cells,
    TRUE/FALSE, numbers) and as Parquet: every Taicang ledger fact (late claims at 15 working days,
    the remote-cash verification rate, the staff counts) comes out the same."""
    r = CliRunner().invoke(main, ["demo-data", "--claims", "3000", "--format", "xlsx", "-o", str(tmp_path / "x")])
    assert r.exit_code == 0, r.output
    assert CliRunner().invoke(main, ["demo-data", "--claims", "3000", "-o", str(tmp_path / "p")]).exit_code == 0
    import openpyxl

    ws = openpyxl.load_workbook(tmp_path / "x" / "claims.xlsx", read_only=True).worksheets[0]
    header, first = list(ws.iter_rows(min_row=1, max_row=2, values_only=True))
    assert ws.title == "理赔结算台账" and header[:2] == ("理赔编号", "险种")
    assert isinstance(first[4], dt.datetime) and isinstance(first[2], bool)
    eng = DuckDBEngine()
    xlsx = collect_facts(rules("taicang"), tmp_path / "x", YEAR, eng, cal)
    parquet = collect_facts(rules("taicang"), tmp_path / "p", YEAR, eng, cal)
    eng.close()
    assert facts_of(xlsx) == facts_of(parquet) and len(xlsx.facts) >= 10 and facts_of(xlsx)["late_claims"] > 0


def test_demo_data_refuses_more_claims_than_a_sheet_holds(tmp_path):
    r = CliRunner(env={"JINGBAN_LANG": "en"}).invoke(
        main, ["demo-data", "--claims", "1048576", "--format", "xlsx", "-o", str(tmp_path / "x")])
    assert r.exit_code == 2 and not (tmp_path / "x").exists()
    assert "an XLSX sheet holds at most 1048575 claims" in r.stderr
