"""Ledger files as agencies export them, and as they break (issue 11): the encodings Excel and
agency systems write are read (and said), and a file no engine can read is refused with one line of
ours naming the file and the line, never the engine's words (which quote the row, personal data
included)."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingban.api import rules
from jingban.cli import _first_line, main
from jingban.errors import InputError
from jingban.evidence import Period
from jingban.ledgers.collect import collect_facts
from jingban.ledgers.engines import DuckDBEngine
from jingban.ledgers.readable import detect
from jingban.workdays import load_calendar

YEAR = Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
SURVEY_HEAD = "file_no,name,id_number,phone,is_self,received_payment,attitude,improvement,satisfied\n"
ID, PHONE = "110101199003071234", "13812345678"


def survey(*satisfied: str, name: str = "张三") -> str:
    """Survey rows (秦医保〔2023〕91号 附件1's answers), one per `satisfied` value (是/否, true/false)."""
    return SURVEY_HEAD + "".join(f"A-{i:04d},{name},{ID},{PHONE},是,是,一般,到账太慢,{s}\n"
                                 for i, s in enumerate(satisfied, start=1))


def folder_with(tmp_path: Path, name: str, data: bytes | None) -> Path:
    folder = tmp_path / "ledgers"
    folder.mkdir(exist_ok=True)
    if data is None:
        (folder / name).mkdir()
    else:
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def cal():
    return load_calendar()


def dissatisfied(folder: Path, cal, **kw):
    eng = DuckDBEngine()
    try:
        col = collect_facts(rules("qinhuangdao"), folder, YEAR, eng, cal, wanted={"survey_dissatisfied"}, **kw)
    finally:
        eng.close()
    (fact,) = col.facts
    return fact


def refused(folder: Path, cal, **kw) -> InputError:
    with pytest.raises(InputError) as e:
        dissatisfied(folder, cal, **kw)
    return e.value


# ---- encodings ------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding,bom", [("gb18030", b""), ("gbk", b""), ("utf-16", b""),
                                          ("utf-8", codecs.BOM_UTF8), ("utf-8", b"")])
def test_a_survey_in_each_encoding_agencies_export_is_read_alike(tmp_path, cal, encoding, bom):
    """Three answers, one 否: survey_dissatisfied = 1 whatever the encoding (detected: no --encoding);
    the 否 of a garbled read would be unreadable, not a dissatisfied answer."""
    text = survey("是", "否", "是")
    fact = dissatisfied(folder_with(tmp_path, "survey.csv", bom + text.encode(encoding)), cal)
    assert fact.value == 1
    shown = fact.source.render("en")
    if encoding in ("gb18030", "gbk"):
        assert shown.startswith("survey.csv (GB18030): 3 rows read")
        assert fact.source.render("zh").startswith("survey.csv（GB18030 编码）：读取 3 行")
    elif encoding == "utf-16":
        assert shown.startswith("survey.csv (UTF-16): 3 rows read")
    else:  # UTF-8 is the norm: nothing is said
        assert shown.startswith("survey.csv: 3 rows read")


def test_encoding_given_overrides_detection(tmp_path, cal):
    fact = dissatisfied(folder_with(tmp_path, "survey.csv", survey("否", "否").encode("gbk")), cal, encoding="gbk")
    assert fact.value == 2


def test_a_gbk_file_read_as_utf8_says_it_looks_like_gbk(tmp_path, cal):
    folder = folder_with(tmp_path, "survey.csv", survey("否").encode("gbk"))
    e = refused(folder, cal, encoding="utf-8")
    path = folder / "survey.csv"
    assert e.line("en") == (f"{path}: line 2: the text is not UTF-8 but reads as GBK (GB18030): add --encoding gbk,"
                            " or export it as UTF-8 (Excel: Save As 'CSV UTF-8')")


def test_a_byte_of_no_encoding_names_its_line(tmp_path, cal):
    """\\xff is neither UTF-8 nor GB18030: refused with the line it is on (line 3: the second answer)."""
    raw = survey("是", "否").encode("utf-8")
    lines = raw.split(b"\n")
    lines[2] = lines[2][:5] + b"\xff\xfe\x00" + lines[2][5:]
    e = refused(folder_with(tmp_path, "survey.csv", b"\n".join(lines)), cal)
    assert e.line("en").endswith("survey.csv: line 3: the text is not UTF-8; export it as UTF-8 or name its"
                                 " encoding with --encoding (utf-16, gbk, gb18030)")


def test_a_bad_byte_far_into_a_utf8_file_is_found_by_the_engine_and_named_by_line(tmp_path, cal):
    """Past the bytes detection looks at (64 KB), DuckDB finds the byte in a column it reads (it does
    not decode the columns no fact uses); only its line number is kept."""
    rows = survey(*["是"] * 3000)
    raw = rows.encode("utf-8") + b"A-9999,\xe5\xbc\xa0,x,y,\xe6\x98\xaf,\xe6\x98\xaf,a,b,\xff\xfe\n"
    e = refused(folder_with(tmp_path, "survey.csv", raw), cal)
    line = e.line("en")
    assert line.endswith("survey.csv: line 3002: the text is not UTF-8; export it as UTF-8 or name its"
                         " encoding with --encoding (utf-16, gbk, gb18030)")
    assert ID not in line and "张" not in line


def test_detection():
    assert detect(codecs.BOM_UTF16_LE + "a".encode("utf-16-le")) == "utf-16"
    assert detect(codecs.BOM_UTF8 + "满意".encode()) == "utf-8"
    assert detect("满意".encode()[:-1]) == "utf-8"  # a character cut at the end of the sample
    assert detect("满意，不满意".encode("gbk")) == "gb18030"
    assert detect(b"\xff\xff\xff") == "utf-8"  # neither: UTF-8, whose error names the line


# ---- files the engine cannot read ---------------------------------------------------------

@pytest.mark.parametrize("name,data,en", [
    ("survey.csv", None, "is a folder, not a ledger file (a ledger is a CSV, Parquet or XLSX file)"),
    ("survey.csv", b"", "the file is empty (0 bytes): no header row"),
    ("survey.csv", b"\n\n", "the first line is empty: a CSV ledger starts with a row of column names (docs/ledgers.md)"),
    ("survey.parquet", b"", "the file is empty (0 bytes): no header row"),
    ("survey.parquet", bytes(range(256)), "is not a Parquet file (the Parquet markers at its start and end are"
                                          " missing); export it again or use CSV"),
    ("survey.parquet", b"PAR1garbagePAR1", "the Parquet file is damaged and cannot be read; export it again or use CSV"),
])
def test_a_file_no_engine_can_read_is_refused_with_our_line(tmp_path, cal, name, data, en):
    folder = folder_with(tmp_path, name, data)
    e = refused(folder, cal)
    assert e.line("en") == f"{folder / name}: {en}"
    assert "\n" not in e.line("zh")


@pytest.mark.parametrize("change,en", [
    (lambda rows: rows[:2] + [rows[2] + ",x"] + rows[3:],
     "line 3: the row has 10 fields where the header has 9 columns; check its commas and quotes"),
    (lambda rows: rows[:2] + [rows[2].rsplit(",", 1)[0]] + rows[3:],
     "line 3: the row has 8 fields where the header has 9 columns; check its commas and quotes"),
    (lambda rows: rows[:2] + [rows[2] + "很" * 1_000_000] + rows[3:],
     "line 3: the line is longer than 2 MB, which no ledger row is; check for a missing quote or line break"),
    (lambda rows: rows[:2] + [rows[2].replace("到账太慢", '"到账太慢')] + rows[3:],
     "line 3: a quoted field is not closed: a field that starts with a quote must end with one"),
    (lambda rows: [rows[0].replace("attitude", "name")] + rows[1:],
     "column name: appears twice in the header; remove or rename one of the two columns"),
])
def test_a_broken_row_is_named_by_its_line_and_never_quoted(tmp_path, cal, change, en):
    """A row with a field too many was read as a one-column file before (so 'column file_no: missing');
    now the header's columns are given to the engine and the row is an error naming its line. The
    engine's message quotes the row (name, ID and phone number): none of it is kept."""
    rows = survey("是", "否", "是").splitlines()
    folder = folder_with(tmp_path, "survey.csv", ("\n".join(change(rows)) + "\n").encode())
    line = refused(folder, cal).line("en")
    assert line == f"{folder / 'survey.csv'}: {en}"


def test_crlf_and_empty_cells_read_as_lf(tmp_path, cal):
    text = survey("是", "否").replace("到账太慢", "")
    fact = dissatisfied(folder_with(tmp_path, "survey.csv", text.replace("\n", "\r\n").encode()), cal)
    assert fact.value == 1


# ---- the command line ---------------------------------------------------------------------

def test_collect_with_a_gbk_claims_file_and_encoding_option(tmp_path):
    folder = folder_with(tmp_path, "survey.csv", survey("否", "是").encode("gbk"))
    r = CliRunner().invoke(main, ["collect", "-r", "qinhuangdao", "--ledgers", str(folder), "--year", "2024",
                                  "--encoding", "GBK"])
    assert 'source = "survey.csv（GB18030 编码）：读取 2 行' in r.stdout
    assert "张三" not in r.stdout + r.stderr and ID not in r.stdout + r.stderr


def test_an_unknown_encoding_is_bad_input_before_anything_is_read(tmp_path):
    r = CliRunner(env={"JINGBAN_LANG": "en"}).invoke(
        main, ["collect", "-r", "qinhuangdao", "--ledgers", str(tmp_path / "nowhere"), "--encoding", "big5"])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith("assess: error: --encoding: unknown encoding 'big5'; known: auto, cp936, gb18030")


def test_an_internal_errors_line_is_its_first_line_without_the_quoted_row():
    """DuckDB's own messages run over many lines and quote the row ("Original Line: ..."): an
    internal error keeps the first line, before any quoted row, cut at 200 characters."""
    text = ("InvalidInputException: Invalid Input Error: CSV Error on Line: 2\n"
            f"Original Line: A-1,张三,{ID},{PHONE}\nPossible Solution: ...")
    assert _first_line(text) == "InvalidInputException: Invalid Input Error: CSV Error on Line: 2"
    assert _first_line(f"X: Error Original Line: 张三,{ID}") == "X: Error"
    assert _first_line("x" * 300) == "x" * 200 + "…"
